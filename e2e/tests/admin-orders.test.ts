import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { idempotencyKey, type Api, type Shopper } from '../support/api.ts';
import { DAY, useScenario } from '../support/scenario.ts';
import { addAddress, createDepositPresale, payOnSandbox, skuByCode } from '../support/shop-data.ts';

/** A merchant works through orders in the back office: bulk ship and bulk close on a presale campaign, then after-sales tickets. */
const scenario = useScenario('admin-orders');

function tableRow(scope: Page | Locator, text: string): Locator {
  return scope.locator('.el-table__body tr').filter({ hasText: text }).first();
}

function message(page: Page, kind: 'success' | 'warning', text: string): Locator {
  return page.locator(`.el-message--${kind}`).filter({ hasText: text }).first();
}

async function placeOrder(api: Api, shopper: Shopper, body: Record<string, unknown>): Promise<{ id: number; orderNo: string }> {
  const addressId = await addAddress(api, shopper.token);
  const placed = await api.post<{ id?: number; order?: { id: number } }>('/api/orders', { addressId, ...body }, { token: shopper.token, idempotencyKey: idempotencyKey('order') });
  const id = placed.id ?? placed.order!.id;
  const detail = await api.get<{ orderNo?: string; order?: { orderNo: string } }>(`/api/orders/${id}`, shopper.token);
  return { id, orderNo: detail.orderNo ?? detail.order!.orderNo };
}

interface AdminOrder {
  status: string;
  refundedAmount: number;
  shipments?: { carrier: string; trackingNo: string }[];
  [key: string]: unknown;
}

async function adminOrder(api: Api, token: string, orderId: number): Promise<AdminOrder> {
  const body = await api.get<AdminOrder & { order?: AdminOrder }>(`/api/admin/orders/${orderId}`, token);
  return body.order ? { ...body.order, shipments: body.shipments ?? body.order.shipments } : body;
}

describe('bulk actions on a presale campaign', () => {
  it('ships the two fully paid orders, then closes the unpaid-balance one with the deposit refunded', async () => {
    const s = scenario();
    const owner = await s.owner();
    const sku = await skuByCode(s.api, owner.token, 'PRZ-002');
    const campaign = await createDepositPresale(s.api, owner.token, { skuId: sku.skuId, name: 'E2E 批量 定金预售', presalePrice: 7_900, deposit: 1_500, depositValue: 2_000 });
    const { termsVersion } = await s.api.get<{ termsVersion: number }>(`/api/presale/campaigns/${campaign.campaignId}`);
    const buyers = [await s.api.signUpShopper(), await s.api.signUpShopper(), await s.api.signUpShopper()];
    const orders: { id: number; orderNo: string }[] = [];
    for (const buyer of buyers) {
      const order = await placeOrder(s.api, buyer, { items: [{ skuId: sku.skuId, quantity: 1 }], depositTerms: { accepted: true, version: termsVersion } });
      await payOnSandbox(s.api, buyer, order.id);
      orders.push(order);
    }
    await s.advance(2 * DAY + 60_000);
    await payOnSandbox(s.api, buyers[0]!, orders[0]!.id);
    await payOnSandbox(s.api, buyers[1]!, orders[1]!.id);

    const opened = await s.desktop();
    const { page } = opened;
    await s.owner(opened);
    await page.goto(`/admin/presale/${campaign.campaignId}`);
    await page.getByRole('tab', { name: /订单/ }).first().click();
    for (const order of orders) await tableRow(page, order.orderNo).waitFor();

    // Bulk ship the two paid orders.
    for (const order of orders.slice(0, 2)) await tableRow(page, order.orderNo).locator('.el-checkbox').click();
    await page.getByTestId('bulk-ship').click();
    const dialog = page.locator('.el-dialog').filter({ has: page.getByTestId('bulk-run') });
    const trackingNos = ['SF1000000001', 'SF1000000002'];
    // A missing tracking number is pointed out on its row, and nothing is shipped.
    for (const order of orders.slice(0, 2)) await pickCarrier(tableRow(dialog, order.orderNo), '顺丰速运');
    await page.getByTestId('bulk-run').click();
    await tableRow(dialog, orders[0]!.orderNo).locator('.field-error').waitFor();
    expect((await adminOrder(s.api, owner.token, orders[0]!.id)).status).toBe('awaiting_shipment');
    for (const [index, order] of orders.slice(0, 2).entries()) {
      const row = tableRow(dialog, order.orderNo);
      await pickCarrier(row, '顺丰速运');
      await row.locator('td').nth(2).locator('input').fill(trackingNos[index]!);
    }
    await s.shot(page, 'bulk-ship-desktop');
    await page.getByTestId('bulk-run').click();
    await message(page, 'success', '成功 2 单').waitFor();
    await dialog.getByTestId('bulk-results').waitFor();
    await expect.poll(() => dialog.getByTestId('bulk-results').textContent()).toContain('失败 0 单');
    await s.shot(page, 'bulk-ship-results-desktop');
    for (const [index, order] of orders.slice(0, 2).entries()) {
      const seen = await adminOrder(s.api, owner.token, order.id);
      expect(seen.status).toBe('shipped');
      expect(JSON.stringify(seen)).toContain(trackingNos[index]!);
    }
    await dialog.getByRole('button', { name: '取消' }).click();
    await expect.poll(() => tableRow(page, orders[0]!.orderNo).textContent()).toContain('已发货');

    // Bulk close the order whose balance is unpaid, refunding the deposit.
    await page.reload();
    await page.getByRole('tab', { name: /订单/ }).first().click();
    await tableRow(page, orders[2]!.orderNo).locator('.el-checkbox').click();
    await page.getByTestId('bulk-close').click();
    await dialog.getByLabel('关闭原因').fill('产品停产，退还定金');
    await dialog.getByText('退还定金', { exact: true }).click();
    await s.shot(page, 'bulk-close-desktop');
    await page.getByTestId('bulk-run').click();
    await message(page, 'success', '成功 1 单').waitFor();
    await s.runJobs();
    const closed = await adminOrder(s.api, owner.token, orders[2]!.id);
    expect(closed.status).toBe('closed');
    expect(closed.refundedAmount).toBe(1_500);
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => tableRow(page, orders[2]!.orderNo).textContent()).toContain('已关闭');
    await s.shot(page, 'bulk-orders-after-desktop');
  });
});

describe('after-sales', () => {
  async function shippedOrderWithTicket(s: ReturnType<typeof scenario>, ownerToken: string, type: string, reason: string) {
    const sku = await skuByCode(s.api, ownerToken, 'FIG-005');
    const shopper = await s.api.signUpShopper();
    const order = await placeOrder(s.api, shopper, { items: [{ skuId: sku.skuId, quantity: 1 }] });
    await payOnSandbox(s.api, shopper, order.id);
    await s.api.post(`/api/admin/orders/${order.id}/ship`, { carrier: '顺丰速运', trackingNo: `SF${Date.now()}` }, { token: ownerToken, idempotencyKey: idempotencyKey('ship') });
    const detail = await s.api.get<{ lines?: { id: number; quantity: number }[]; order?: { lines: { id: number; quantity: number }[] } }>(`/api/orders/${order.id}`, shopper.token);
    const line = (detail.lines ?? detail.order!.lines)[0]!;
    const ticket = await s.api.post<{ id: number; ticketNo: string }>(
      '/api/aftersales',
      { orderId: order.id, type, reason, description: '手办底座有裂痕', lines: [{ orderLineId: line.id, quantity: line.quantity }] },
      { token: shopper.token },
    );
    return { shopper, order, ticket, price: sku.price };
  }

  it('refuses a refund request with a reason', async () => {
    const s = scenario();
    const owner = await s.owner();
    const { ticket } = await shippedOrderWithTicket(s, owner.token, 'refund_only', '不想要了/七天无理由');
    const opened = await s.desktop();
    const { page } = opened;
    await s.owner(opened);
    await page.goto('/admin/aftersales');
    await page.getByText(ticket.ticketNo).click();
    await page.waitForURL(new RegExp(`/admin/aftersales/${ticket.id}$`));
    await page.getByTestId('aftersales-reject').click();
    const dialog = page.locator('.el-dialog').filter({ hasText: '拒绝原因' });
    await dialog.getByLabel('拒绝原因').fill('商品已发出，请收货后申请退货退款');
    await dialog.getByRole('button', { name: '确定' }).click();
    await message(page, 'success', '操作成功').waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page.locator('h2 .el-tag').textContent()).toBe('已拒绝');
    await page.getByText('商品已发出，请收货后申请退货退款').first().waitFor();
    await page.locator('.el-timeline').getByText('拒绝 → 已拒绝').waitFor();
    await s.shot(page, 'aftersales-rejected-desktop', { fullPage: true });
    const seen = await s.api.get<{ status: string; rejectReason: string }>(`/api/admin/aftersales/${ticket.id}`, owner.token);
    expect(seen).toMatchObject({ status: 'rejected', rejectReason: '商品已发出，请收货后申请退货退款' });
  });

  it('approves a return, receives the goods back and refunds', async () => {
    const s = scenario();
    const owner = await s.owner();
    const { shopper, order, ticket, price } = await shippedOrderWithTicket(s, owner.token, 'return_refund', '与描述不符');
    const opened = await s.desktop();
    const { page } = opened;
    await s.owner(opened);
    await page.goto(`/admin/aftersales/${ticket.id}`);
    await page.getByTestId('aftersales-approve').click();
    const dialog = page.locator('.el-dialog').filter({ has: page.getByRole('button', { name: '确定' }) });
    await dialog.getByRole('button', { name: '确定' }).click();
    await message(page, 'success', '操作成功').waitFor();
    await expect.poll(() => page.locator('h2 .el-tag').textContent()).toBe('待退货');

    // The shopper sends the goods back.
    await s.api.post(`/api/aftersales/${ticket.id}/return-shipment`, { carrier: '顺丰速运', trackingNo: 'SF2000000001' }, { token: shopper.token });
    await page.reload();
    await page.locator('.el-descriptions').filter({ hasText: '退货物流' }).getByText('顺丰速运 SF2000000001').waitFor();
    await page.getByRole('button', { name: '确认收货' }).click();
    await dialog.getByLabel('备注').fill('包装完好');
    await dialog.getByRole('button', { name: '确定' }).click();
    await message(page, 'success', '操作成功').waitFor();
    await expect.poll(() => page.locator('h2 .el-tag').textContent()).toBe('已收货');
    await page.getByRole('button', { name: '退款', exact: true }).click();
    await expect.poll(async () => (await s.api.get<{ status: string }>(`/api/admin/aftersales/${ticket.id}`, owner.token)).status).toMatch(/refunding|refunded/);
    await s.runJobs();
    await page.reload();
    await page.getByRole('heading').filter({ hasText: ticket.ticketNo }).waitFor();
    await expect.poll(() => page.locator('h2 .el-tag').textContent()).toBe('已退款');
    await page.locator('.el-timeline').getByText('退款成功 → 已退款').waitFor();
    await page.waitForTimeout(500); // the status tag zooms in
    await s.shot(page, 'aftersales-refunded-desktop', { fullPage: true });

    const seen = await s.api.get<{ status: string; refundedAmount: number }>(`/api/admin/aftersales/${ticket.id}`, owner.token);
    expect(seen.status).toBe('refunded');
    expect(seen.refundedAmount).toBe(price);
    expect((await adminOrder(s.api, owner.token, order.id)).refundedAmount).toBe(price);
  });
});

/** The bulk ship row's carrier: typed into the select, Enter takes the listed carrier of that name (or the typed name). */
async function pickCarrier(row: Locator, name: string): Promise<void> {
  const input = row.locator('td').nth(1).locator('input');
  await input.click();
  await input.fill(name);
  await input.press('Enter');
}
