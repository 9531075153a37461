import { describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { DEMO_OWNER } from '../support/api.ts';
import { DAY, HOUR, useScenario } from '../support/scenario.ts';
import { skuByCode } from '../support/shop-data.ts';

/** A merchant signs in to the back office, creates a deposit presale there, and finds it in the shop. */
const scenario = useScenario('campaign');

/** A time as the back office's date pickers take it, in the shop's time zone (Asia/Shanghai by default). */
function pickerText(at: Date): string {
  return at.toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai', hour12: false }).slice(0, 19);
}

/** Element Plus puts a test id on the <input> itself (el-input) or on its wrapper (el-input-number). */
function inputOf(scope: Locator, testId: string): Locator {
  return scope.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
}

async function typeDate(input: Locator, at: Date): Promise<void> {
  await input.click();
  await input.fill(pickerText(at));
  await input.press('Enter');
}

describe('a merchant creates a presale campaign', () => {
  it('signs in, fills the campaign form, saves, and the campaign is on sale in the shop', async () => {
    const s = scenario();
    const owner = await s.owner();
    // SEGA 初音未来 Miku 景品手办 樱花 Ver.: one SKU, in stock, own stock (not a supplier's), in no demo presale.
    const sku = await skuByCode(s.api, owner.token, 'PRZ-002');
    const now = await s.api.clock.now();
    const startsAt = new Date(Math.floor(now.getTime() / HOUR) * HOUR);
    const name = 'E2E 樱花 Miku 景品 定金预售';

    const { page } = await s.desktop();
    await page.goto('/admin/');
    await page.getByLabel('用户名').fill(DEMO_OWNER.username);
    await page.getByLabel('密码').fill(DEMO_OWNER.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByText('预售活动').first().waitFor();

    await page.goto('/admin/presale/new');
    const form = page.getByTestId('campaign-form');
    await form.waitFor();
    await form.getByLabel('活动名称').fill(name);
    await typeDate(form.getByPlaceholder('预售开始'), startsAt);
    await typeDate(form.getByPlaceholder('预售结束'), new Date(startsAt.getTime() + 3 * DAY));
    await typeDate(form.getByPlaceholder('尾款开始'), new Date(startsAt.getTime() + 3 * DAY));
    await typeDate(form.getByPlaceholder('尾款截止'), new Date(startsAt.getTime() + 5 * DAY));
    await typeDate(form.getByTestId('campaign-ship-date').locator('input'), new Date(startsAt.getTime() + 20 * DAY));

    await form.getByTestId('sku-picker').click();
    await page.keyboard.type('樱花');
    await page.getByRole('option', { name: new RegExp(`SKU ${sku.skuId}`) }).click();
    await inputOf(form, 'item-price-0').fill('79');
    await inputOf(form, 'item-deposit-0').fill('10');
    await inputOf(form, 'item-deposit-value-0').fill('15');
    await inputOf(form, 'item-quota-0').fill('10');
    await inputOf(form, 'item-limit-0').fill('2');
    await form.getByLabel('定金条款').fill('本商品为预售商品，定金 ¥10 一经支付不予退还；尾款须在尾款支付时间内付清。');
    await s.shot(page, 'admin-campaign-form-desktop', { fullPage: true });
    await form.getByRole('button', { name: '保存' }).click();

    await page.getByText('预售活动已保存').first().waitFor();
    await page.waitForURL(/\/admin\/presale\/\d+$/);
    await page.getByText(name).first().waitFor();
    await s.shot(page, 'admin-campaign-saved-desktop', { fullPage: true });
    const campaignId = Number(new URL(page.url()).pathname.split('/').pop());
    const saved = await s.api.get<{ name: string; type: string; items: { skuId: number; presalePrice: number; deposit: number | null; depositValue: number | null; quota: number }[] }>(
      `/api/presale/campaigns/${campaignId}`,
    );
    expect(saved.name).toBe(name);
    expect(saved.items[0]).toMatchObject({ skuId: sku.skuId, presalePrice: 7_900, deposit: 1_000, depositValue: 1_500, quota: 10 });

    // The shopper's side: the presale zone lists it, its product page sells it as a presale.
    const shop = await s.phone();
    await shop.page.goto('/presale');
    await shop.page.getByText(name).first().waitFor();
    await s.shot(shop.page, 'shop-presale-zone-phone');
    await shop.page.goto(`/product/${sku.productId}`);
    await shop.page.getByText('预售中').first().waitFor();
    await shop.page.getByRole('button', { name: '支付定金' }).waitFor();
    await shop.page.getByText('¥79.00').first().waitFor();
    await s.shot(shop.page, 'shop-new-campaign-product-phone', { fullPage: true });
  });
});
