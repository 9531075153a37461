import { describe, expect, it } from 'vitest';
import { useScenario } from '../support/scenario.ts';
import { addAddress, ordersOf, payOnSandboxPage, skuByCode } from '../support/shop-data.ts';

/** 送装一体: a shopper buys a washing machine, picks an installation slot at checkout, staff confirm it, the shopper sees it confirmed. */
const scenario = useScenario('installation');

interface OrderInstallation {
  canChange: boolean;
  appointment: { id: number; status: string; slotDate: string; slotPeriod: string; contactName: string; contactPhone: string; technician: string } | null;
}

describe('delivery-and-installation appointment', () => {
  it('product badge → slot at checkout → paid → staff confirm in the back office → 已确认 on the order', async () => {
    const s = scenario();
    const owner = await s.owner();
    // 洗衣机 are marked installable by the demo data.
    const sku = await skuByCode(s.api, owner.token, 'WM-001-10');
    const opened = await s.phone();
    const { page, errors } = opened;
    const shopper = await s.shopper(opened);
    await addAddress(s.api, shopper.token);

    await page.goto(`/product/${sku.productId}`);
    const badge = page.getByTestId('product-installation');
    await badge.getByText('送装一体', { exact: true }).waitFor();
    await badge.getByText('免费安装', { exact: true }).waitFor();
    await badge.getByText('送货入户，免费安装（含进排水管）').waitFor();
    await s.shot(page, 'product-phone', { fullPage: true });
    // Buy now with the 10 kg size (what the size picker on the product page leads to).
    await page.goto(`/checkout?sku=${sku.skuId}&qty=1`);
    await page.waitForURL(/\/checkout\?/);
    await page.getByText('价格明细').waitFor();
    await page.getByTestId('checkout-installation').click();
    await page.getByText('选择送装时间').waitFor();
    await page.getByTestId('installation-period-afternoon').click();
    await expect(page.getByTestId('installation-contact-name').locator('input').inputValue()).resolves.toBe('张三');
    await expect(page.getByTestId('installation-contact-phone').locator('input').inputValue()).resolves.toBe('13800138000');
    await s.shot(page, 'slot-picker-phone');
    await page.getByTestId('installation-pick-confirm').click();
    await expect.poll(() => page.getByTestId('checkout-installation').innerText()).toContain('下午');
    await page.getByRole('button', { name: '提交订单' }).click();

    await payOnSandboxPage(page);
    await page.getByText('支付成功').first().waitFor({ timeout: 30_000 });
    const [order] = await ordersOf(s.api, shopper.token);
    expect(order?.status).toBe('awaiting_shipment');
    const booked = await s.api.get<OrderInstallation>(`/api/orders/${order!.id}/installation`, shopper.token);
    expect(booked.appointment).toMatchObject({ status: 'requested', slotPeriod: 'afternoon', contactName: '张三', contactPhone: '13800138000' });

    await page.goto(`/orders/${order!.id}`);
    const card = page.getByTestId('order-installation');
    await expect.poll(() => card.getByTestId('installation-status').innerText()).toBe('待确认');
    await card.getByTestId('installation-change').waitFor();

    // The merchant confirms it in the back office, naming the technician.
    const admin = await s.desktop();
    await s.owner(admin);
    await admin.page.goto('/admin/installation');
    await admin.page.getByPlaceholder('订单号').fill(order!.orderNo);
    await admin.page.getByPlaceholder('订单号').press('Enter');
    const row = admin.page.locator('.el-table__body tr').filter({ hasText: order!.orderNo }).first();
    await row.getByText('待确认').waitFor();
    await s.shot(admin.page, 'appointments-desktop');
    await row.getByTestId('installation-confirm').click();
    const dialog = admin.page.locator('.el-dialog').filter({ has: admin.page.getByTestId('installation-submit') });
    await dialog.getByLabel('安装师傅').fill('王师傅');
    await dialog.getByTestId('installation-submit').click();
    await admin.page.locator('.el-message--success').first().waitFor();
    await row.getByText('已确认').waitFor();
    await row.getByText('王师傅').waitFor();

    // The shopper sees it confirmed, with the technician, and is told in the message centre.
    await page.reload();
    await expect.poll(() => card.getByTestId('installation-status').innerText()).toBe('已确认');
    await card.getByText('王师傅').waitFor();
    await expect(card.getByTestId('installation-change').count()).resolves.toBe(0);
    await s.shot(page, 'order-confirmed-phone', { fullPage: true });
    const messages = await s.api.get<{ items: { title: string }[] }>('/api/me/messages', shopper.token);
    expect(messages.items.map((m) => m.title)).toEqual(expect.arrayContaining([expect.stringMatching(/^安装预约已确认：\d+月\d+日 下午$/)]));
    expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});
