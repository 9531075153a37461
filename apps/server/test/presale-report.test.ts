// Spec §6: the admin report of a campaign — subscribers, orders, deposits, balances, conversion,
// forfeits, revenue (refunds taken off), quantity to produce, tiers, the minimum target, which
// reminder preceded each balance payment, and the daily series in the shop's time zone.
import { expect, it } from 'vitest';
import { describeEachDatabase, type TestContext } from './harness.ts';
import { call, drain, newBuyer, placeOrder, staffOrder, type Buyer, type Session } from './orders-fixtures.ts';
import { apply, staffMove } from './aftersales-fixtures.ts';
import { advanceAndSweep, depositOrder, openDepositCampaign, openFullCampaign, payStage, DAY, HOUR } from './presale-orders-fixtures.ts';

const report = (c: TestContext, id: number, headers: Record<string, string>) => call(c, 'GET', `/api/admin/presale/campaigns/${id}/report`, headers);

async function reportOf(c: TestContext, id: number, staff: Session) {
  const res = await report(c, id, staff.headers);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function subscribe(c: TestContext, campaignId: number) {
  const shopper = await c.shopperSession();
  const res = await call(c, 'POST', '/api/notify-me', shopper.headers, { target: 'campaign', targetId: campaignId });
  expect(res.statusCode, res.body).toBe(201);
}

const shanghaiDate = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(at);
const close = (c: TestContext, owner: Session, orderId: number) => call(c, 'POST', `/api/admin/orders/${orderId}/close`, owner.headers, { reason: '库存不足', refund: true });

describeEachDatabase('presale campaign report', (ctx) => {
  it('§6 deposit campaign: every number through the real flows — paid, balance paid, forfeited, cancelled unpaid, closed with refund — and the daily series in the shop time zone', async () => {
    const c = ctx();
    const owner = await c.staffSession('owner');
    // Created 2026-11-23 10:00 Shanghai; orders 11:00 (23rd) to 10:00 (25th); balance until 10:00 (28th).
    const { campaign, sku } = await openDepositCampaign(
      c,
      owner.headers,
      {
        minTarget: 2,
        tiers: [
          { deposits: 3, balanceOff: 1_000 },
          { deposits: 10, balanceOff: 2_000 },
        ],
        reminders: [
          { kind: 'before_close', hours: 48 },
          { kind: 'before_close', hours: 24 },
        ],
      },
      { item: { depositValue: 15_000 } },
    );
    await subscribe(c, campaign.id);
    await subscribe(c, campaign.id);

    const buyers: Record<string, Buyer> = {};
    const orderIds: Record<string, number> = {};
    for (const [name, qty] of [['a', 2], ['b', 1], ['c', 1], ['e', 1], ['f', 1], ['g', 1]] as const) {
      buyers[name] = await newBuyer(c);
      orderIds[name] = (await depositOrder(c, buyers[name]!, campaign, sku.skuId, qty)).id;
      await payStage(c, buyers[name]!, orderIds[name]!);
    }
    expect((await close(c, owner, orderIds.e!)).statusCode).toBe(200); // deposit refunded
    await drain(c);

    // 00:30 on the 24th in Shanghai, still the 23rd in UTC: counted on the 24th.
    c.clock.advance(13 * HOUR + 30 * 60_000);
    buyers.d = await newBuyer(c);
    orderIds.d = (await depositOrder(c, buyers.d, campaign, sku.skuId, 1)).id;
    expect((await call(c, 'POST', `/api/orders/${orderIds.d}/cancel`, buyers.d.headers, {})).statusCode).toBe(200);

    const midway = await reportOf(c, campaign.id, owner);
    expect(midway).toMatchObject({
      status: 'active',
      tier: { units: 6, settled: false, reached: { deposits: 3, balanceOff: 1_000 }, next: { tier: { deposits: 10 }, depositsNeeded: 4 } },
      minTarget: { target: 2, units: 6, unitsNeeded: 0, status: 'reached' },
      balances: { orders: 0, amount: 0 },
      conversion: { basisPoints: 0, percent: '0.00%' },
    });

    // The balance window opens (the 25th, 11:00 Shanghai); the campaign settles with tier 1 (¥10 off a
    // unit). A and F pay before any reminder is due; the 48-hour reminder goes out on the 26th and B
    // pays; the 24-hour one on the 27th and G pays. The window closes at 10:00 on the 28th and C's
    // deposit is forfeited at 11:00.
    await advanceAndSweep(c, 34 * HOUR + 30 * 60_000);
    c.clock.advance(60_000);
    await payStage(c, buyers.a!, orderIds.a!);
    await payStage(c, buyers.f!, orderIds.f!);
    for (const payer of ['b', 'g'] as const) {
      await advanceAndSweep(c, DAY - 60_000);
      c.clock.advance(60_000);
      await payStage(c, buyers[payer]!, orderIds[payer]!);
    }
    await advanceAndSweep(c, DAY - 60_000);

    const balances = await Promise.all((['a', 'f', 'b', 'g'] as const).map(async (name) => (await staffOrder(c, owner, orderIds[name]!)).presale.balance.amount));
    expect(balances).toEqual([2 * (80_000 - 15_000 - 1_000), 64_000, 64_000, 64_000]);
    expect((await staffOrder(c, owner, orderIds.c!)).status).toBe('cancelled');

    const r = await reportOf(c, campaign.id, owner);
    expect(r).toMatchObject({
      campaignId: campaign.id,
      type: 'deposit',
      status: 'ended',
      timeZone: 'Asia/Shanghai',
      subscribers: { count: 2 },
      orders: { placed: 7, units: 8, cancelled: 2, closed: 1 },
      deposits: { orders: 6, units: 7, amount: 70_000 },
      balances: { orders: 4, amount: 128_000 + 3 * 64_000 },
      conversion: { basisPoints: 6_666, percent: '66.66%' },
      forfeited: { orders: 1, amount: 10_000 },
      revenue: { received: 70_000 + 320_000, refunded: 10_000, collected: 380_000 },
      quantityToProduce: 5,
      tier: { units: 6, settled: true, reached: { deposits: 3, balanceOff: 1_000 }, next: { tier: { deposits: 10, balanceOff: 2_000 }, depositsNeeded: 4 } },
      minTarget: { target: 2, units: 6, unitsNeeded: 0, status: 'succeeded' },
      reminders: [
        { key: 'before_close:48', balancePayments: 1 },
        { key: 'before_close:24', balancePayments: 1 },
        { key: 'none', balancePayments: 2 },
      ],
    });
    expect(r.subscribers.waiting + r.subscribers.notified).toBe(2);
    const zero = { ordersPlaced: 0, unitsOrdered: 0, depositsPaid: 0, depositAmount: 0, balancesPaid: 0, balanceAmount: 0, forfeits: 0, forfeitedAmount: 0 };
    expect(r.series).toEqual([
      { ...zero, date: '2026-11-23', ordersPlaced: 6, unitsOrdered: 7, depositsPaid: 6, depositAmount: 70_000, cumulativeUnits: 7 },
      { ...zero, date: '2026-11-24', ordersPlaced: 1, unitsOrdered: 1, cumulativeUnits: 8 },
      { ...zero, date: '2026-11-25', balancesPaid: 2, balanceAmount: 192_000, cumulativeUnits: 8 },
      { ...zero, date: '2026-11-26', balancesPaid: 1, balanceAmount: 64_000, cumulativeUnits: 8 },
      { ...zero, date: '2026-11-27', balancesPaid: 1, balanceAmount: 64_000, cumulativeUnits: 8 },
      { ...zero, date: '2026-11-28', forfeits: 1, forfeitedAmount: 10_000, cumulativeUnits: 8 },
    ]);
  });

  it('§6 full-payment campaign: one payment counted as the balance, no conversion, a timed-out order, a close and an after-sales refund taken off', async () => {
    const c = ctx();
    const owner = await c.staffSession('owner');
    const { campaign, sku } = await openFullCampaign(c, owner.headers);
    const place = async (qty: number) => {
      const buyer = await newBuyer(c);
      const res = await placeOrder(c, buyer, { items: [{ skuId: sku.skuId, quantity: qty }] });
      expect(res.statusCode, res.body).toBe(201);
      return { buyer, order: res.json() };
    };
    const g = await place(2);
    await payStage(c, g.buyer, g.order.id);
    const i = await place(1);
    await payStage(c, i.buyer, i.order.id);
    expect((await close(c, owner, i.order.id)).statusCode).toBe(200);
    const h = await place(1);
    await advanceAndSweep(c, 31 * 60_000);
    expect((await staffOrder(c, owner, h.order.id)).status).toBe('cancelled');

    // One of G's two units refunded through after-sales.
    const line = (await staffOrder(c, owner, g.order.id)).lines[0];
    const ticket = await apply(c, g.buyer, { orderId: g.order.id, type: 'refund_only', reason: '不想要了/七天无理由', description: '', lines: [{ orderLineId: line.id, quantity: 1 }] });
    await staffMove(c, owner, ticket.id, 'approve', { note: '同意' });
    await drain(c);
    const gNow = await staffOrder(c, owner, g.order.id);
    expect(gNow.lines[0].refundedQuantity).toBe(1);

    const r = await reportOf(c, campaign.id, owner);
    expect(r).toMatchObject({
      type: 'full',
      status: 'active',
      subscribers: { count: 0, waiting: 0, notified: 0 },
      orders: { placed: 3, units: 4, cancelled: 1, closed: 1 },
      deposits: { orders: 0, units: 0, amount: 0 },
      balances: { orders: 2, amount: 180_000 + 90_000 },
      conversion: { basisPoints: null, percent: null },
      forfeited: { orders: 0, amount: 0 },
      revenue: { received: 270_000, refunded: 90_000 + gNow.refundedAmount, collected: 180_000 - gNow.refundedAmount },
      quantityToProduce: 1,
      tier: { units: 2, settled: false, reached: null, next: null },
      minTarget: null,
      reminders: [{ key: 'none', balancePayments: 0 }],
    });
    expect(gNow.refundedAmount).toBe(90_000);
    expect(r.series).toEqual([
      {
        date: shanghaiDate(c.clock.now()),
        ordersPlaced: 3,
        unitsOrdered: 4,
        depositsPaid: 0,
        depositAmount: 0,
        balancesPaid: 2,
        balanceAmount: 270_000,
        forfeits: 0,
        forfeitedAmount: 0,
        cumulativeUnits: 4,
      },
    ]);
  });

  it('§6 an upcoming campaign has no days yet; an unknown campaign is 404; staff without marketing.manage get 403', async () => {
    const c = ctx();
    const owner = await c.staffSession('owner');
    const { campaign } = await openFullCampaign(c, owner.headers, { startsAt: new Date(c.clock.now().getTime() + 3 * DAY).toISOString(), endsAt: new Date(c.clock.now().getTime() + 9 * DAY).toISOString() });
    await subscribe(c, campaign.id);
    const upcoming = await reportOf(c, campaign.id, owner);
    expect(upcoming).toMatchObject({ status: 'upcoming', subscribers: { count: 1, waiting: 1, notified: 0 }, orders: { placed: 0, units: 0 }, quantityToProduce: 0, series: [] });
    expect((await report(c, campaign.id, (await c.staffSession('operator')).headers)).statusCode).toBe(200);

    const missing = await report(c, 999_999, owner.headers);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('NOT_FOUND');
    for (const role of ['customer_service', 'warehouse'] as const) {
      const res = await report(c, campaign.id, (await c.staffSession(role)).headers);
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN');
    }
    expect((await report(c, campaign.id, (await c.shopperSession()).headers)).statusCode).toBe(403);
    expect((await c.app.inject({ method: 'GET', url: `/api/admin/presale/campaigns/${campaign.id}/report` })).statusCode).toBe(401);
  });
});
