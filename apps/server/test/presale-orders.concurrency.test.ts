// Spec §2: "No oversell, ever, under any concurrency: the quota is a hard limit", and the per-buyer
// limit counts over all of the buyer's live orders. Many deposit orders placed at once over HTTP
// (a pool of 20 connections on the real PostgreSQL, so transactions truly overlap), with cancels
// releasing units while others are taken.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { call, newBuyer, placeOrder, type Buyer } from './orders-fixtures.ts';
import { itemRows } from './presale-fixtures.ts';
import { openDepositCampaign, terms } from './presale-orders-fixtures.ts';
import { orderLines, orders } from '../src/modules/orders/orders.tables.ts';
import { presaleBuyerUnits, presaleQuotaLedger } from '../src/modules/presale/presale.tables.ts';

describeEachDatabase('presale orders under concurrency', (ctx) => {
  it('never sells beyond the quota nor lets a buyer beyond the limit, with 120 orders and cancels racing', async () => {
    const c = ctx();
    const owner = await c.staffSession('owner');
    const { campaign, sku, item } = await openDepositCampaign(c, owner.headers, {}, { item: { quota: 25, perBuyerLimit: 3 } });
    const buyers: Buyer[] = [];
    for (let i = 0; i < 30; i++) buyers.push(await newBuyer(c));
    const attempts = buyers.flatMap((b) => [1, 2, 1, 2].map((quantity) => ({ b, quantity })));
    const results = await Promise.all(
      attempts.map(async ({ b, quantity }) => {
        const res = await placeOrder(c, b, { items: [{ skuId: sku.skuId, quantity }], depositTerms: terms(campaign) });
        // Half of the buyers who got an order cancel it at once, while others still order.
        if (res.statusCode === 201 && b.id % 2 === 0) await call(c, 'POST', `/api/orders/${res.json().id}/cancel`, b.headers, {});
        return res;
      }),
    );
    const codes = new Set(results.map((r) => (r.statusCode === 201 ? 'created' : `${r.statusCode}:${r.json().code}`)));
    for (const code of codes) expect(['created', '409:PRESALE_SOLD_OUT', '409:PRESALE_LIMIT_REACHED']).toContain(code);
    expect(codes.has('created')).toBe(true);

    const [row] = await itemRows(c, campaign.id);
    expect(row!.soldUnits).toBeLessThanOrEqual(25);
    const live = await c.db
      .select({ shopperId: orders.shopperId, units: sql<number>`sum(${orderLines.quantity})::int` })
      .from(orderLines)
      .innerJoin(orders, eq(orders.id, orderLines.orderId))
      .where(and(eq(orderLines.presaleItemId, item.id), inArray(orders.status, ['awaiting_deposit', 'awaiting_balance'])))
      .groupBy(orders.shopperId);
    expect(live.reduce((s, r) => s + r.units, 0)).toBe(row!.soldUnits);
    for (const r of live) expect(r.units).toBeLessThanOrEqual(3);
    const counters = await c.db.select().from(presaleBuyerUnits).where(eq(presaleBuyerUnits.itemId, item.id));
    for (const counter of counters) expect(counter.units).toBe(live.find((l) => l.shopperId === counter.shopperId)?.units ?? 0);
    const [ledger] = await c.db.select({ sum: sql<number>`coalesce(sum(${presaleQuotaLedger.delta}), 0)::int` }).from(presaleQuotaLedger).where(eq(presaleQuotaLedger.itemId, item.id));
    expect(ledger!.sum).toBe(row!.soldUnits);
  });
});
