import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useScenario } from '../support/scenario.ts';
import { skuByCode } from '../support/shop-data.ts';

/**
 * Issue 7's pickers: the shopper chooses where the product page estimates delivery to; staff pick
 * a service point's region in a cascader and attach products to a shipping template in the drawer.
 */
const scenario = useScenario('delivery-regions');

/** Picks each column's option in the Vant Area picker (a tap selects it) and confirms. */
async function pickArea(page: Page, names: string[]): Promise<void> {
  await page.getByTestId('delivery-region').click();
  const picker = page.locator('.van-popup .van-picker');
  await picker.waitFor();
  for (const [column, name] of names.entries()) {
    const option = picker.locator('.van-picker-column').nth(column).locator('.van-picker-column__item', { hasText: name }).first();
    await option.waitFor({ state: 'attached' });
    await option.dispatchEvent('click');
    await expect.poll(() => option.getAttribute('class')).toContain('van-picker-column__item--selected');
  }
  await picker.locator('.van-picker__confirm').click();
  await picker.waitFor({ state: 'hidden' });
}

describe('delivery estimate by region', () => {
  it('the product page estimates to Beijing, then to the region picked, saying plainly where it does not deliver', async () => {
    const s = scenario();
    const owner = await s.owner();
    const fridge = await skuByCode(s.api, owner.token, 'FR-001-470S');
    const delivery = (province: string, city: string) =>
      s.api.get<{ deliverable: boolean; message?: string; deliveryDays?: { minDays: number; maxDays: number } }>(`/api/products/${fridge.productId}/delivery?${new URLSearchParams({ province, city })}`);
    const ali = await delivery('西藏自治区', '阿里地区');
    expect(ali.deliverable).toBe(false);
    const urumqi = await delivery('新疆维吾尔自治区', '乌鲁木齐市');

    const { page, errors } = await s.phone();
    await page.goto(`/product/${fridge.productId}`);
    const block = page.getByTestId('product-delivery');
    await block.getByText('配送至 北京市').waitFor();

    await pickArea(page, ['西藏自治区', '阿里地区']);
    await block.getByText('配送至 西藏自治区 阿里地区').waitFor();
    await block.locator('.delivery--refused').getByText(ali.message!).waitFor();
    await s.shot(page, 'not-delivered-phone');

    await pickArea(page, ['新疆维吾尔自治区', '乌鲁木齐市']);
    await block.getByText(`预计 ${urumqi.deliveryDays!.minDays}–${urumqi.deliveryDays!.maxDays} 天送达`).waitFor();
    expect(await block.locator('.delivery--refused').count()).toBe(0);
    expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});

describe('back office pickers', () => {
  it('creates a service point with its region picked in the cascader', async () => {
    const s = scenario();
    const opened = await s.desktop();
    await s.owner(opened);
    const { page } = opened;
    await page.goto('/admin/support/service-points');
    await page.getByTestId('service-point-new').click();
    const dialog = page.locator('.el-dialog').filter({ has: page.getByTestId('service-point-region') });
    await dialog.getByLabel('名称').fill('E2E 杭州西湖服务站');
    await page.getByTestId('service-point-region').click();
    for (const name of ['浙江省', '杭州市', '西湖区']) {
      await page.locator('.el-cascader-panel .el-cascader-node').filter({ hasText: new RegExp(`^${name}$`) }).first().click();
    }
    await expect.poll(() => page.getByTestId('service-point-region').locator('input').inputValue()).toBe('浙江省 / 杭州市 / 西湖区');
    await dialog.getByLabel('详细地址').fill('文三路 1 号');
    await dialog.getByLabel('电话').fill('0571-88001234');
    await dialog.getByLabel('营业时间').fill('周一至周日 9:00-18:00');
    await s.shot(page, 'service-point-form-desktop');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.locator('.el-table__body tr').filter({ hasText: 'E2E 杭州西湖服务站' });
    await expect.poll(() => row.textContent()).toContain('浙江省 杭州市 西湖区');

    const found = await s.api.get<{ items: { name: string }[] }>(`/api/support/service-points?${new URLSearchParams({ province: '浙江省', city: '杭州市', district: '西湖区' })}`);
    expect(found.items.map((p) => p.name)).toContain('E2E 杭州西湖服务站');
  });

  it('attaches a product to a shipping template in the drawer', async () => {
    const s = scenario();
    const owner = await s.owner();
    const opened = await s.desktop();
    await s.owner(opened);
    const { page } = opened;
    const figure = await skuByCode(s.api, owner.token, 'FIG-005');
    await page.goto('/admin/logistics/templates');
    const row = page.locator('.el-table__body tr').filter({ hasText: '默认运费' }).first();
    await row.getByRole('button', { name: '适用商品' }).click();
    const drawer = page.locator('.el-drawer');
    await drawer.waitFor();
    await drawer.locator('.el-select input').fill(figure.productTitle.slice(0, 4));
    await page.locator('.el-select-dropdown__item').filter({ hasText: figure.productTitle }).first().click();
    await drawer.getByRole('button', { name: '关联商品' }).click();
    await drawer.locator('.el-table__body tr').filter({ hasText: figure.productTitle }).waitFor();
    await s.shot(page, 'template-products-desktop');
    const templates = await s.api.get<{ items: { id: number; name: string }[] }>('/api/admin/shipping/templates', owner.token);
    const flat = templates.items.find((t) => t.name === '默认运费')!;
    const attached = await s.api.get<{ items: { productId: number }[] }>(`/api/admin/shipping/templates/${flat.id}/products`, owner.token);
    expect(attached.items.map((p) => p.productId)).toContain(figure.productId);
  });

  it('names each permission of a role on the staff page', async () => {
    const s = scenario();
    const opened = await s.desktop();
    await s.owner(opened);
    const { page } = opened;
    await page.goto('/admin/staff');
    const customerService = page.locator('.el-descriptions__body tr').filter({ hasText: '客服' }).first();
    await expect.poll(() => customerService.textContent()).toContain('在线客服');
    expect(await customerService.textContent()).toContain('安装预约');
    expect(await customerService.textContent()).not.toContain('support.chat');
  });
});
