// Spec §4: bulk actions in the admin on a campaign's orders (ship, close, message), and finding a
// campaign's orders; each order moves on its own, failures listed, permissions by action.
import { expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { call, drain, messageKinds, newBuyer, staffOrder, trackingNo } from './orders-fixtures.ts';
import { itemRows } from './presale-fixtures.ts';
import { advanceAndSweep, depositOrder, openDepositCampaign, payStage, DAY } from './presale-orders-fixtures.ts';

describeEachDatabase('presale orders: bulk actions', (ctx) => {
  it('ships the fully paid orders and reports the others, closes with the deposit choice, messages every open order once', async () => {
    const c = ctx();
    const owner = await c.staffSession('owner');
    const { campaign, sku } = await openDepositCampaign(c, owner.headers);
    const buyers = [await newBuyer(c), await newBuyer(c), await newBuyer(c)];
    const orders = [];
    for (const b of buyers) {
      const o = await depositOrder(c, b, campaign, sku.skuId, 1);
      await payStage(c, b, o.id);
      orders.push(o);
    }
    await advanceAndSweep(c, 2 * DAY);
    await payStage(c, buyers[0]!, orders[0].id);
    const list = await call(c, 'GET', `/api/admin/orders?campaignId=${campaign.id}`, owner.headers);
    expect(list.json().total).toBe(3);

    const url = `/api/admin/presale/campaigns/${campaign.id}/orders/bulk`;
    const shipped = await call(c, 'POST', url, owner.headers, {
      action: 'ship',
      shipments: orders.slice(0, 2).map((o) => ({ orderId: o.id, carrier: '顺丰', trackingNo: trackingNo() })),
    });
    expect(shipped.statusCode, shipped.body).toBe(200);
    expect(shipped.json()).toMatchObject({ succeeded: 1, failed: 1 });
    expect(shipped.json().results[1]).toMatchObject({ orderId: orders[1].id, ok: false, code: 'ORDER_STATE_INVALID' });

    const closed = await call(c, 'POST', url, owner.headers, { action: 'close', orderIds: [orders[1].id, orders[2].id, 999_999], reason: '产品停产', keepDeposit: false });
    expect(closed.json()).toMatchObject({ succeeded: 2, failed: 1 });
    // Only the shipped order still holds its unit of the quota.
    expect((await itemRows(c, campaign.id))[0]!.soldUnits).toBe(1);
    await drain(c);
    expect((await staffOrder(c, owner, orders[1].id)).refundedAmount).toBe(orders[1].presale.deposit.amount);

    const message = { action: 'message', title: '发货通知', body: '首批手办已到仓，即将发出。' };
    const sent = await call(c, 'POST', url, owner.headers, message);
    expect(sent.json()).toMatchObject({ succeeded: 1, failed: 0 });
    await call(c, 'POST', url, owner.headers, message);
    expect((await messageKinds(c, buyers[0]!.id)).filter((k) => k === 'presale.campaign_message')).toHaveLength(1);

    const warehouse = await c.staffSession('warehouse');
    const refused = await call(c, 'POST', url, warehouse.headers, { action: 'close', orderIds: [orders[0].id], reason: 'x' });
    expect(refused.statusCode).toBe(403);
    const unknown = await call(c, 'POST', `/api/admin/presale/campaigns/999999/orders/bulk`, owner.headers, message);
    expect(unknown.statusCode).toBe(404);
    const bad = await call(c, 'POST', url, owner.headers, { action: 'explode' });
    expect(bad.statusCode).toBe(400);
  });
});
