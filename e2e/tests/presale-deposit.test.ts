import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { MINUTE, useScenario, type Scenario } from '../support/scenario.ts';
import { addAddress, createDepositPresale, orderOf, ordersOf, payOnSandboxPage, skuByCode, type OrderView } from '../support/shop-data.ts';

/**
 * A deposit presale (定金+尾款) from both sides: the shopper pays the deposit on a phone, time
 * moves into the balance window, the shopper pays the balance, the merchant ships in the back
 * office and the shopper confirms receipt; and a merchant force-closes an order refunding the deposit.
 */
const scenario = useScenario('presale');

/** On the product page of an active deposit presale: pay the deposit through checkout and the sandbox. */
async function payDepositInShop(s: Scenario, page: Page, productId: number, shopperToken: string, shots: boolean): Promise<OrderView> {
  await page.goto(`/product/${productId}`);
  await page.getByText('预售中').first().waitFor();
  if (shots) await s.shot(page, 'product-phone');
  await page.getByRole('button', { name: '支付定金' }).click();

  await page.waitForURL(/\/checkout\?/);
  await page.getByText('价格明细').waitFor();
  // The deposit terms must be accepted first: the order is refused without them.
  await page.getByRole('button', { name: '提交订单' }).click();
  await page.getByText('请先阅读并同意定金条款').waitFor();
  await page.getByRole('checkbox', { name: /定金不退条款/ }).click();
  if (shots) await s.shot(page, 'checkout-deposit-phone', { fullPage: true });
  await page.getByRole('button', { name: '提交订单' }).click();

  await payOnSandboxPage(page);
  await page.getByText('支付成功').first().waitFor({ timeout: 30_000 });
  const [order] = await ordersOf(s.api, shopperToken);
  expect(order?.status).toBe('awaiting_balance');
  return order!;
}

describe('a deposit presale, end to end', () => {
  it('deposit → balance window → balance → merchant ships → shopper confirms receipt', async () => {
    const s = scenario();
    const owner = await s.owner();
    // 原神 雷电将军 1/7: one SKU, in no demo presale.
    const sku = await skuByCode(s.api, owner.token, 'FIG-002');
    const campaign = await createDepositPresale(s.api, owner.token, { skuId: sku.skuId, name: 'E2E 雷电将军 定金预售', presalePrice: 89_900, deposit: 10_000, depositValue: 15_000 });

    const shop = await s.phone();
    const shopper = await s.shopper(shop);
    await addAddress(s.api, shopper.token);
    const order = await payDepositInShop(s, shop.page, sku.productId, shopper.token, true);

    await shop.page.goto(`/orders/${order.id}`);
    await shop.page.getByText('待付尾款').first().waitFor();
    await s.shot(shop.page, 'order-awaiting-balance-phone', { fullPage: true });
    expect((await orderOf(s.api, shopper.token, order.id)).actions).toMatchObject({ canPay: false });

    // Into the balance window: the order window closes, the campaign settles (a sweeper), the balance opens.
    await s.api.clock.set(new Date(campaign.balanceStartsAt.getTime() + 5 * MINUTE));
    await expect
      .poll(async () => {
        await s.runJobs();
        return ((await orderOf(s.api, shopper.token, order.id)).actions as { canPay: boolean }).canPay;
      }, { timeout: 30_000, interval: 500 })
      .toBe(true);

    await shop.page.goto(`/orders/${order.id}`);
    await shop.page.getByRole('button', { name: '支付尾款' }).click();
    await payOnSandboxPage(shop.page);
    await shop.page.getByText('支付成功').first().waitFor({ timeout: 30_000 });
    await s.shot(shop.page, 'balance-paid-phone');
    expect((await orderOf(s.api, shopper.token, order.id)).status).toBe('awaiting_shipment');

    // The merchant ships it in the back office.
    const office = await s.desktop();
    await s.owner(office);
    await office.page.goto(`/admin/orders/${order.id}`);
    await office.page.getByText(order.orderNo).first().waitFor();
    await office.page.getByRole('button', { name: '发货' }).click();
    const dialog = office.page.getByRole('dialog');
    await dialog.getByLabel('快递公司').fill('顺丰速运');
    await dialog.getByLabel('运单号').fill('SF1234567890');
    await s.shot(office.page, 'admin-ship-dialog-desktop');
    await dialog.getByRole('button', { name: '确定' }).click();
    await office.page.getByText('已发货').first().waitFor();
    expect((await orderOf(s.api, shopper.token, order.id)).status).toBe('shipped');
    await s.shot(office.page, 'admin-order-shipped-desktop', { fullPage: true });

    // The shopper confirms receipt.
    await shop.page.goto(`/orders/${order.id}`);
    await shop.page.getByText('SF1234567890').first().waitFor();
    await shop.page.getByRole('button', { name: '确认收货' }).click();
    await shop.page.getByRole('dialog').getByRole('button', { name: '确认' }).click();
    await shop.page.getByText('已完成').first().waitFor();
    expect((await orderOf(s.api, shopper.token, order.id)).status).toBe('completed');
    await s.shot(shop.page, 'order-completed-phone', { fullPage: true });
  });

  it('a merchant force-closes a deposit order and refunds the deposit', async () => {
    const s = scenario();
    const owner = await s.owner();
    // 一番赏-style prize figure, in no demo presale.
    const sku = await skuByCode(s.api, owner.token, 'PRZ-001');
    await createDepositPresale(s.api, owner.token, { skuId: sku.skuId, name: 'E2E 关闭订单 定金预售', presalePrice: 11_900, deposit: 2_000, depositValue: 3_000 });
    const shop = await s.phone();
    const shopper = await s.shopper(shop);
    await addAddress(s.api, shopper.token);
    const order = await payDepositInShop(s, shop.page, sku.productId, shopper.token, false);

    const office = await s.desktop();
    await s.owner(office);
    await office.page.goto(`/admin/orders/${order.id}`);
    await office.page.getByText(order.orderNo).first().waitFor();
    await office.page.getByRole('button', { name: '关闭订单' }).click();
    const dialog = office.page.getByRole('dialog');
    await dialog.getByLabel('关闭原因').fill('商品批次质量问题，无法发货');
    await dialog.getByRole('radio', { name: '退还定金' }).check();
    await s.shot(office.page, 'admin-close-dialog-desktop');
    await dialog.getByRole('button', { name: '确定' }).click();
    await office.page.getByText('订单已关闭').first().waitFor();

    await expect
      .poll(async () => {
        await s.runJobs();
        const closed = await orderOf(s.api, shopper.token, order.id);
        return { status: closed.status, refunded: (closed as { refundedAmount?: number }).refundedAmount };
      }, { timeout: 30_000, interval: 500 })
      .toEqual({ status: 'closed', refunded: 2_000 });
    await office.page.reload();
    await s.shot(office.page, 'admin-order-closed-desktop', { fullPage: true });

    await shop.page.goto(`/orders/${order.id}`);
    await shop.page.getByText('已关闭').first().waitFor();
    await shop.page.getByText('关闭原因：商品批次质量问题，无法发货').waitFor();
    await shop.page.getByText('已退款 ¥20.00').first().waitFor();
    await s.shot(shop.page, 'order-closed-refunded-phone', { fullPage: true });
  });
});
