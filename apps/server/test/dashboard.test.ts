// The back office's dashboard summary: money received less refunds, orders placed and paid per
// day in the shop's time zone, the average order value, statuses, running presale campaigns,
// best sellers and low stock — exact numbers for orders placed through the real flows.
import { ROLE_PERMISSIONS, STAFF_ROLES } from '@mall/contract';
import { expect, it } from 'vitest';
import { describeEachDatabase, type TestContext } from './harness.ts';
import { call, drain, newBuyer, paidOrder, productWith, unpaidOrder, type Session } from './orders-fixtures.ts';
import { createStockedProduct } from './inventory-fixtures.ts';
import { depositOrder, openDepositCampaign, payStage } from './presale-orders-fixtures.ts';

const dashboard = (c: TestContext, headers: Record<string, string>, query = '') => call(c, 'GET', `/api/admin/dashboard${query}`, headers);

async function summaryOf(c: TestContext, staff: Session, query = '') {
  const res = await dashboard(c, staff.headers, query);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const zero = { received: 0, refunded: 0, net: 0, ordersPlaced: 0, ordersPaid: 0 };

describeEachDatabase('dashboard summary', (ctx) => {
  it('401 without a session, 403 for a shopper and for any staff role without orders.read; 400 for a period other than 7, 30 or 90 days', async () => {
    const c = ctx();
    expect((await dashboard(c, {})).statusCode).toBe(401);
    const shopper = await c.shopperSession();
    expect((await dashboard(c, shopper.headers)).statusCode).toBe(403);
    for (const role of STAFF_ROLES) {
      const staff = await c.staffSession(role);
      const expected = ROLE_PERMISSIONS[role].includes('orders.read') ? 200 : 403;
      expect((await dashboard(c, staff.headers)).statusCode, role).toBe(expected);
    }
    const owner = await c.staffSession('owner');
    for (const bad of ['?days=8', '?days=0', '?days=abc', '?days=-7', '?days=7.5']) {
      const res = await dashboard(c, owner.headers, bad);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().code, bad).toBe('VALIDATION_FAILED');
    }
  });

  it('two days around the shop-zone midnight: sales less a refund, orders placed and paid per day, average order value, statuses, presale, top products, low stock', async () => {
    const c = ctx();
    const owner = await c.staffSession('owner');
    const a = await productWith(c, owner.headers, 10_000, 100);
    const b = await productWith(c, owner.headers, 12_000, 10);
    const cc = await productWith(c, owner.headers, 20_000, 10);
    await createStockedProduct(c, [{ onHand: 2, threshold: 5 }, { onHand: 9, threshold: 5 }]);

    // 23rd, 11:00 Shanghai: a deposit of ¥100 paid (the order waits for its balance), then two orders paid.
    const { campaign, sku } = await openDepositCampaign(c, owner.headers);
    const presaleBuyer = await newBuyer(c);
    const deposit = await depositOrder(c, presaleBuyer, campaign, sku.skuId, 1);
    await payStage(c, presaleBuyer, deposit.id);
    const first = await paidOrder(c, await newBuyer(c), [
      { skuId: a.skuId, quantity: 2 },
      { skuId: cc.skuId, quantity: 1 },
    ]);
    const second = await paidOrder(c, await newBuyer(c), [{ skuId: b.skuId, quantity: 1 }]);
    expect([first.totalAmount, second.totalAmount]).toEqual([40_000, 12_000]);

    // 00:30 on the 24th in Shanghai, still the 23rd in UTC: one order paid, one left unpaid, the second closed with its refund.
    c.clock.set('2026-11-23T16:30:00.000Z');
    const third = await paidOrder(c, await newBuyer(c), [{ skuId: a.skuId, quantity: 3 }]);
    expect(third.totalAmount).toBe(30_000);
    await unpaidOrder(c, await newBuyer(c), [{ skuId: a.skuId, quantity: 1 }]);
    const closed = await call(c, 'POST', `/api/admin/orders/${second.id}/close`, owner.headers, { reason: '缺货', refund: true });
    expect(closed.statusCode, closed.body).toBe(200);
    await drain(c);

    const s = await summaryOf(c, owner, '?days=7');
    const day23 = { date: '2026-11-23', received: 62_000, refunded: 0, net: 62_000, ordersPlaced: 3, ordersPaid: 2 };
    const day24 = { date: '2026-11-24', received: 30_000, refunded: 12_000, net: 18_000, ordersPlaced: 2, ordersPaid: 1 };
    expect(s).toMatchObject({ timeZone: 'Asia/Shanghai', days: 7, from: '2026-11-18', to: '2026-11-24', today: day24 });
    expect(s.series).toEqual([
      ...['2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22'].map((date) => ({ ...zero, date })),
      day23,
      day24,
    ]);
    expect(s.period).toEqual({ received: 92_000, refunded: 12_000, net: 80_000, ordersPlaced: 5, ordersPaid: 3, averageOrderValue: 27_333 });
    expect(s.statusCounts).toEqual({
      awaiting_deposit: 0,
      awaiting_balance: 1,
      awaiting_payment: 1,
      awaiting_stock: 0,
      awaiting_shipment: 2,
      shipped: 0,
      completed: 0,
      cancelled: 0,
      closed: 1,
    });
    expect(s.topProducts).toEqual([
      { productId: a.productId, title: expect.any(String), units: 5, amount: 50_000 },
      { productId: cc.productId, title: expect.any(String), units: 1, amount: 20_000 },
    ]);
    expect(s.presale).toEqual([
      expect.objectContaining({ campaignId: campaign.id, type: 'deposit', status: 'active', depositsPaid: 1, balancesPaid: 0, units: 1, conversion: { basisPoints: 0, percent: '0.00%' } }),
    ]);
    expect(s.lowStockSkus).toBe(1);

    // A longer period reaches further back, the same totals.
    const month = await summaryOf(c, owner, '?days=30');
    expect(month.series).toHaveLength(30);
    expect([month.from, month.to]).toEqual(['2026-10-26', '2026-11-24']);
    expect(month.period).toEqual(s.period);

    // A warehouse member (orders.read) sees the same summary.
    expect(await summaryOf(c, await c.staffSession('warehouse'))).toEqual(s);

    // Counted in UTC instead, it is all still the 23rd.
    const zone = await call(c, 'PATCH', '/api/admin/settings', owner.headers, { timeZone: 'UTC' });
    expect(zone.statusCode, zone.body).toBe(200);
    const utc = await summaryOf(c, owner);
    expect(utc).toMatchObject({ timeZone: 'UTC', days: 7, from: '2026-11-17', to: '2026-11-23' });
    expect(utc.today).toEqual({ date: '2026-11-23', received: 92_000, refunded: 12_000, net: 80_000, ordersPlaced: 5, ordersPaid: 3 });
    expect(utc.series.slice(0, 6)).toEqual(['2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22'].map((date) => ({ ...zero, date })));
  });
});
