// Queries of the dashboard: each aggregates in the database over other modules' tables (read only,
// through their index.ts) since the period's first day started. Decides nothing.
import { and, asc, desc, eq, gt, gte, notInArray, or, sql, type AnyColumn } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.ts';
import { orderLines, orders } from '../orders/index.ts';
import { paymentLedger } from '../payments/index.ts';
import { presaleBatches, presaleCampaigns } from '../presale/index.ts';
import type { DayRow } from './dashboard.rules.ts';

const num = (v: unknown) => Number(v ?? 0);
/** Grouped by position: the select's day expression carries the time zone as a parameter. */
const byFirstColumn = sql`1`;
const dayOf = (column: AnyColumn, timeZone: string) => sql<string>`to_char(${column} AT TIME ZONE ${timeZone}, 'YYYY-MM-DD')`;

/** Money in (payments, captures) and refunds confirmed per day, from the payment ledger. */
export async function moneyPerDay(db: DbOrTx, since: Date, timeZone: string): Promise<DayRow[]> {
  const rows = await db
    .select({
      date: dayOf(paymentLedger.at, timeZone),
      received: sql`coalesce(sum(${paymentLedger.amount}) FILTER (WHERE ${paymentLedger.amount} > 0), 0)`,
      refunded: sql`coalesce(-sum(${paymentLedger.amount}) FILTER (WHERE ${paymentLedger.amount} < 0), 0)`,
    })
    .from(paymentLedger)
    .where(gte(paymentLedger.at, since))
    .groupBy(byFirstColumn);
  return rows.map((r) => ({ date: r.date, received: num(r.received), refunded: num(r.refunded) }));
}

/** Orders created per day and orders paid in full per day. */
export async function ordersPerDay(db: DbOrTx, since: Date, timeZone: string): Promise<DayRow[]> {
  const placed = await db
    .select({ date: dayOf(orders.createdAt, timeZone), n: sql`count(*)` })
    .from(orders)
    .where(gte(orders.createdAt, since))
    .groupBy(byFirstColumn);
  const paid = await db
    .select({ date: dayOf(orders.paidAt, timeZone), n: sql`count(*)` })
    .from(orders)
    .where(gte(orders.paidAt, since))
    .groupBy(byFirstColumn);
  return [...placed.map((r) => ({ date: r.date, ordersPlaced: num(r.n) })), ...paid.map((r) => ({ date: r.date, ordersPaid: num(r.n) }))];
}

/** Orders paid in full since then: how many and the sum of their totals. */
export async function paidOrderTotals(db: DbOrTx, since: Date) {
  const [row] = await db
    .select({ orders: sql`count(*)`, totalAmount: sql`coalesce(sum(${orders.totalAmount}), 0)` })
    .from(orders)
    .where(gte(orders.paidAt, since));
  return { orders: num(row?.orders), totalAmount: num(row?.totalAmount) };
}

/** Orders created since then, by their status now. */
export async function statusCountsSince(db: DbOrTx, since: Date) {
  const rows = await db
    .select({ status: orders.status, n: sql`count(*)` })
    .from(orders)
    .where(gte(orders.createdAt, since))
    .groupBy(orders.status);
  return rows.map((r) => ({ status: r.status, count: num(r.n) }));
}

/** Products by units of orders paid in full since then, refunded units taken off (cancelled and closed orders left out). */
export async function topProducts(db: DbOrTx, since: Date, limit: number) {
  const units = sql`sum(${orderLines.quantity} - ${orderLines.refundedQuantity})`;
  const rows = await db
    .select({
      productId: orderLines.productId,
      title: sql<string>`min(${orderLines.title})`,
      units,
      amount: sql`coalesce(sum(${orderLines.payAmount} - ${orderLines.refundedAmount}), 0)`,
    })
    .from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .where(and(gte(orders.paidAt, since), notInArray(orders.status, ['cancelled', 'closed'])))
    .groupBy(orderLines.productId)
    .having(sql`${units} > 0`)
    .orderBy(desc(units), asc(orderLines.productId))
    .limit(limit);
  return rows.map((r) => ({ productId: r.productId, title: r.title, units: num(r.units), amount: num(r.amount) }));
}

/**
 * Campaigns still running: order window not yet over, or a balance window (the campaign's or a
 * batch's) not yet closed. Soonest start first.
 */
export async function runningCampaigns(db: DbOrTx, now: Date, limit: number) {
  const at = sql`${now.toISOString()}::timestamptz`;
  const orderWindowOpen = sql`coalesce(least(${presaleCampaigns.endsAt}, ${presaleCampaigns.endedEarlyAt}), ${presaleCampaigns.endsAt}) > ${at}`;
  const batchOpen = sql`EXISTS (SELECT 1 FROM ${presaleBatches} WHERE ${presaleBatches.campaignId} = ${presaleCampaigns.id} AND ${presaleBatches.balanceEndsAt} > ${at})`;
  return db
    .select({
      id: presaleCampaigns.id,
      name: presaleCampaigns.name,
      type: presaleCampaigns.type,
      startsAt: presaleCampaigns.startsAt,
      endsAt: presaleCampaigns.endsAt,
      endedEarlyAt: presaleCampaigns.endedEarlyAt,
    })
    .from(presaleCampaigns)
    .where(
      or(orderWindowOpen, gt(presaleCampaigns.balanceEndsAt, now), batchOpen),
    )
    .orderBy(asc(presaleCampaigns.startsAt), asc(presaleCampaigns.id))
    .limit(limit);
}
