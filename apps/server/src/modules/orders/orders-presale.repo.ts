// Queries of presale orders; decides nothing.
import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.ts';
import { presaleBatches, presaleCampaigns, presaleItems } from '../presale/index.ts';
import { orderLines, orders, presaleOrders } from './orders.tables.ts';
import type { OrderRow } from './orders.repo.ts';
import type { OrderStatus } from './orders.tables.ts';

export type PresaleOrderRow = typeof presaleOrders.$inferSelect;
export type NewPresaleOrder = typeof presaleOrders.$inferInsert;

export async function insertPresaleOrder(tx: DbOrTx, values: NewPresaleOrder): Promise<PresaleOrderRow> {
  const [row] = await tx.insert(presaleOrders).values(values).returning();
  return row!;
}

export async function findPresaleOrder(db: DbOrTx, orderId: number): Promise<PresaleOrderRow | undefined> {
  const [row] = await db.select().from(presaleOrders).where(eq(presaleOrders.orderId, orderId));
  return row;
}

export async function updatePresaleOrder(tx: DbOrTx, orderId: number, set: Partial<NewPresaleOrder>): Promise<PresaleOrderRow> {
  const [row] = await tx.update(presaleOrders).set(set).where(eq(presaleOrders.orderId, orderId)).returning();
  return row!;
}

const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/** The order's balance window end: its batch's (分批发货), else the campaign's. */
const balanceEnd = sql`coalesce(${presaleBatches.balanceEndsAt}, ${presaleCampaigns.balanceEndsAt})`;

/** Orders still awaiting their balance after their balance window closed, oldest first. */
export async function forfeitDueOrderIds(db: DbOrTx, now: Date, limit: number): Promise<number[]> {
  const rows = await db
    .select({ id: orders.id })
    .from(orders)
    .innerJoin(presaleOrders, eq(presaleOrders.orderId, orders.id))
    .innerJoin(presaleCampaigns, eq(presaleCampaigns.id, presaleOrders.campaignId))
    .leftJoin(presaleBatches, eq(presaleBatches.id, presaleOrders.batchId))
    .where(and(eq(orders.status, 'awaiting_balance'), lte(balanceEnd, at(now))))
    .orderBy(asc(orders.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

/**
 * Locks the order if it still awaits its balance and its window has closed; skips it when
 * another instance holds it (that one moves it).
 */
export async function claimForfeit(tx: DbOrTx, orderId: number, now: Date): Promise<OrderRow | undefined> {
  const [row] = await tx
    .select({ order: orders })
    .from(orders)
    .innerJoin(presaleOrders, eq(presaleOrders.orderId, orders.id))
    .innerJoin(presaleCampaigns, eq(presaleCampaigns.id, presaleOrders.campaignId))
    .leftJoin(presaleBatches, eq(presaleBatches.id, presaleOrders.batchId))
    .where(and(eq(orders.id, orderId), eq(orders.status, 'awaiting_balance'), lte(balanceEnd, at(now))))
    .for('update', { of: orders, skipLocked: true });
  return row?.order;
}


/**
 * Campaigns whose order window has closed, not settled yet, with no order still awaiting its
 * first payment (those are paid or time out first, at the latest when the window closes).
 */
export async function settlementDueCampaignIds(db: DbOrTx, now: Date, limit: number): Promise<number[]> {
  const rows = await db
    .select({ id: presaleCampaigns.id })
    .from(presaleCampaigns)
    .where(
      and(
        isNull(presaleCampaigns.settledAt),
        sql`least(${presaleCampaigns.endsAt}, coalesce(${presaleCampaigns.endedEarlyAt}, ${presaleCampaigns.endsAt})) <= ${at(now)}`,
        sql`NOT EXISTS (SELECT 1 FROM ${presaleOrders} po JOIN ${orders} o ON o.id = po.order_id
              WHERE po.campaign_id = ${presaleCampaigns.id} AND o.status IN ('awaiting_deposit', 'awaiting_payment'))`,
      ),
    )
    .orderBy(asc(presaleCampaigns.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** Orders of the campaign in these statuses, by id. */
export async function campaignOrderIds(db: DbOrTx, campaignId: number, statuses: readonly OrderStatus[]): Promise<number[]> {
  const rows = await db
    .select({ id: orders.id })
    .from(orders)
    .innerJoin(presaleOrders, eq(presaleOrders.orderId, orders.id))
    .where(and(eq(presaleOrders.campaignId, campaignId), inArray(orders.status, [...statuses])))
    .orderBy(asc(orders.id));
  return rows.map((r) => r.id);
}

/** Locks the campaign for settlement unless another instance settles it now, or it was settled. */
export async function claimSettlement(tx: DbOrTx, campaignId: number) {
  const [row] = await tx
    .select()
    .from(presaleCampaigns)
    .where(and(eq(presaleCampaigns.id, campaignId), isNull(presaleCampaigns.settledAt)))
    .for('update', { skipLocked: true });
  return row;
}

export async function markSettled(tx: DbOrTx, campaignId: number, set: { settledAt: Date; settlementOutcome: 'succeeded' | 'failed'; settledUnits: number; tierOff: number }) {
  await tx.update(presaleCampaigns).set(set).where(eq(presaleCampaigns.id, campaignId));
}

/** The sold-out state of a campaign's items: whether all are at quota (freed units then go to the waitlist). */
export async function itemsOfCampaign(db: DbOrTx, campaignId: number) {
  return db.select().from(presaleItems).where(eq(presaleItems.campaignId, campaignId));
}

/** Takes `amount` more off a line (a tier discount): its discount grows, what it costs shrinks. */
export async function addLineDiscount(tx: DbOrTx, lineId: number, amount: number): Promise<void> {
  await tx
    .update(orderLines)
    .set({ discountAmount: sql`${orderLines.discountAmount} + ${amount}`, payAmount: sql`${orderLines.payAmount} - ${amount}` })
    .where(eq(orderLines.id, lineId));
}

/** Whether an order awaiting shipment already sent part of its goods. */
export async function partlyShipped(db: DbOrTx, order: { id: number; status: OrderStatus }): Promise<boolean> {
  if (order.status !== 'awaiting_shipment') return false;
  const [row] = await db
    .select({ id: orderLines.id })
    .from(orderLines)
    .where(and(eq(orderLines.orderId, order.id), sql`${orderLines.shippedQuantity} > 0`))
    .limit(1);
  return row !== undefined;
}
