// Queries of the presale campaign report: each aggregates in the database, over one campaign's
// orders (presale_orders_campaign_idx), its lines, payments and reminder sends. Decides nothing.
import { and, eq, isNotNull, sql, type AnyColumn } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.ts';
import { payments } from '../payments/payments.tables.ts';
import { presaleBatches, presaleCampaigns } from '../presale/index.ts';
import { ORDER_REF } from './orders-effects.ts';
import { orderLines, orders, presaleOrders } from './orders.tables.ts';
import type { DayCounts } from './orders-presale-report.rules.ts';

export type ReportCampaignRow = typeof presaleCampaigns.$inferSelect;

const num = (v: unknown) => Number(v ?? 0);
/** Orders counted as live for production and tiers: first payment paid, not cancelled or closed. */
const live = sql`${orders.status} NOT IN ('awaiting_deposit', 'awaiting_payment', 'cancelled', 'closed')`;
const ofCampaign = (campaignId: number) => eq(presaleOrders.campaignId, campaignId);

export async function findReportCampaign(db: DbOrTx, campaignId: number): Promise<ReportCampaignRow | undefined> {
  const [row] = await db.select().from(presaleCampaigns).where(eq(presaleCampaigns.id, campaignId));
  return row;
}

/** Order-level counts and amounts: placed, cancelled, closed, deposits, balances, forfeits. */
export async function orderTotals(db: DbOrTx, campaignId: number) {
  const [row] = await db
    .select({
      placed: sql`count(*)`,
      cancelled: sql`count(*) FILTER (WHERE ${orders.status} = 'cancelled')`,
      closed: sql`count(*) FILTER (WHERE ${orders.status} = 'closed')`,
      depositOrders: sql`count(*) FILTER (WHERE ${presaleOrders.depositPaidAt} IS NOT NULL)`,
      depositAmount: sql`coalesce(sum(${presaleOrders.depositAmount}) FILTER (WHERE ${presaleOrders.depositPaidAt} IS NOT NULL), 0)`,
      balanceOrders: sql`count(*) FILTER (WHERE ${presaleOrders.balancePaidAt} IS NOT NULL)`,
      depositBalanceOrders: sql`count(*) FILTER (WHERE ${presaleOrders.balancePaidAt} IS NOT NULL AND ${presaleOrders.depositPaidAt} IS NOT NULL)`,
      balanceAmount: sql`coalesce(sum(${presaleOrders.balanceAmount}) FILTER (WHERE ${presaleOrders.balancePaidAt} IS NOT NULL), 0)`,
      forfeitOrders: sql`count(*) FILTER (WHERE ${presaleOrders.forfeitedAmount} > 0)`,
      forfeitAmount: sql`coalesce(sum(${presaleOrders.forfeitedAmount}), 0)`,
    })
    .from(presaleOrders)
    .innerJoin(orders, eq(orders.id, presaleOrders.orderId))
    .where(ofCampaign(campaignId));
  return {
    placed: num(row?.placed),
    cancelled: num(row?.cancelled),
    closed: num(row?.closed),
    depositOrders: num(row?.depositOrders),
    depositAmount: num(row?.depositAmount),
    balanceOrders: num(row?.balanceOrders),
    depositBalanceOrders: num(row?.depositBalanceOrders),
    balanceAmount: num(row?.balanceAmount),
    forfeitOrders: num(row?.forfeitOrders),
    forfeitAmount: num(row?.forfeitAmount),
  };
}

/** Unit counts over the campaign's presale lines: ordered, with a paid deposit, live, live less refunded. */
export async function unitTotals(db: DbOrTx, campaignId: number) {
  const [row] = await db
    .select({
      units: sql`coalesce(sum(${orderLines.quantity}), 0)`,
      depositUnits: sql`coalesce(sum(${orderLines.quantity}) FILTER (WHERE ${presaleOrders.depositPaidAt} IS NOT NULL), 0)`,
      liveUnits: sql`coalesce(sum(${orderLines.quantity}) FILTER (WHERE ${live}), 0)`,
      toProduce: sql`coalesce(sum(${orderLines.quantity} - ${orderLines.refundedQuantity}) FILTER (WHERE ${live}), 0)`,
    })
    .from(presaleOrders)
    .innerJoin(orders, eq(orders.id, presaleOrders.orderId))
    .innerJoin(orderLines, and(eq(orderLines.orderId, orders.id), isNotNull(orderLines.presaleItemId)))
    .where(ofCampaign(campaignId));
  return { units: num(row?.units), depositUnits: num(row?.depositUnits), liveUnits: num(row?.liveUnits), toProduce: num(row?.toProduce) };
}

/** Money received and refunds confirmed on the payments of the campaign's orders. */
export async function paymentTotals(db: DbOrTx, campaignId: number) {
  const [row] = await db
    .select({ received: sql`coalesce(sum(${payments.paidAmount}), 0)`, refunded: sql`coalesce(sum(${payments.refundedAmount}), 0)` })
    .from(presaleOrders)
    .innerJoin(payments, and(eq(payments.refType, ORDER_REF), eq(payments.refId, sql`${presaleOrders.orderId}::text`)))
    .where(ofCampaign(campaignId));
  return { received: num(row?.received), refunded: num(row?.refunded) };
}

/**
 * Balance payments of deposit orders counted by the key of the latest reminder sent to the order
 * at or before the payment ('none' when no reminder preceded it).
 */
export async function balancePaymentsByReminder(db: DbOrTx, campaignId: number): Promise<Map<string, number>> {
  // Raw SQL: the lateral subquery must name the outer order explicitly (po.order_id), which the
  // query builder renders unqualified inside a nested select.
  const result = await db.execute(sql`
    SELECT coalesce(last.reminder_key, 'none') AS key, count(*)::int AS n
    FROM presale_orders po
    LEFT JOIN LATERAL (
      SELECT s.reminder_key FROM presale_reminder_sends s
      WHERE s.order_id = po.order_id AND s.sent_at <= po.balance_paid_at
      ORDER BY s.sent_at DESC, s.reminder_key DESC
      LIMIT 1
    ) last ON true
    WHERE po.campaign_id = ${campaignId} AND po.type = 'deposit' AND po.balance_paid_at IS NOT NULL
    GROUP BY 1`);
  const rows = (result as unknown as { rows: { key: string; n: number | string }[] }).rows;
  return new Map(rows.map((r) => [r.key, num(r.n)]));
}

/** The day is computed with the time zone as a parameter: grouped by position, as the select's expression is not repeated identically. */
const byFirstColumn = sql`1`;
const dayOf = (column: AnyColumn, timeZone: string) => sql<string>`to_char(${column} AT TIME ZONE ${timeZone}, 'YYYY-MM-DD')`;

/** The campaign's events per day in the shop's time zone, one grouped query per kind of event. */
export async function eventsPerDay(db: DbOrTx, campaignId: number, timeZone: string): Promise<DayCounts[]> {
  const placedDay = dayOf(orders.createdAt, timeZone);
  const placed = await db
    .select({ date: placedDay, orders: sql`count(DISTINCT ${orders.id})`, units: sql`coalesce(sum(${orderLines.quantity}), 0)` })
    .from(presaleOrders)
    .innerJoin(orders, eq(orders.id, presaleOrders.orderId))
    .leftJoin(orderLines, and(eq(orderLines.orderId, orders.id), isNotNull(orderLines.presaleItemId)))
    .where(ofCampaign(campaignId))
    .groupBy(byFirstColumn);
  const perStage = async (at: AnyColumn, amount: AnyColumn) => {
    const day = dayOf(at, timeZone);
    return db
      .select({ date: day, count: sql`count(*)`, amount: sql`coalesce(sum(${amount}), 0)` })
      .from(presaleOrders)
      .where(and(ofCampaign(campaignId), isNotNull(at)))
      .groupBy(byFirstColumn);
  };
  const deposits = await perStage(presaleOrders.depositPaidAt, presaleOrders.depositAmount);
  const balances = await perStage(presaleOrders.balancePaidAt, presaleOrders.balanceAmount);
  const forfeits = await perStage(presaleOrders.forfeitedAt, presaleOrders.forfeitedAmount);
  return [
    ...placed.map((r) => ({ date: r.date, ordersPlaced: num(r.orders), unitsOrdered: num(r.units) })),
    ...deposits.map((r) => ({ date: r.date, depositsPaid: num(r.count), depositAmount: num(r.amount) })),
    ...balances.map((r) => ({ date: r.date, balancesPaid: num(r.count), balanceAmount: num(r.amount) })),
    ...forfeits.map((r) => ({ date: r.date, forfeits: num(r.count), forfeitedAmount: num(r.amount) })),
  ];
}

/** 分批发货: each batch of the campaign with the orders placed in it and those whose balance is paid. */
export async function batchTotals(db: DbOrTx, campaignId: number) {
  const rows = await db
    .select({
      seq: presaleBatches.seq,
      units: presaleBatches.units,
      assignedUnits: presaleBatches.assignedUnits,
      balanceStartsAt: presaleBatches.balanceStartsAt,
      balanceEndsAt: presaleBatches.balanceEndsAt,
      shipDate: presaleBatches.shipDate,
      orders: sql<number>`count(${presaleOrders.orderId})::int`,
      balancesPaid: sql<number>`count(${presaleOrders.orderId}) FILTER (WHERE ${presaleOrders.balancePaidAt} IS NOT NULL)::int`,
    })
    .from(presaleBatches)
    .leftJoin(presaleOrders, eq(presaleOrders.batchId, presaleBatches.id))
    .where(eq(presaleBatches.campaignId, campaignId))
    .groupBy(presaleBatches.id)
    .orderBy(presaleBatches.seq);
  return rows.map((r) => ({ ...r, orders: Number(r.orders), balancesPaid: Number(r.balancesPaid) }));
}
