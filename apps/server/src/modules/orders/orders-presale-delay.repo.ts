// Queries of presale delays: a ship-date change and the orders it reaches, the orders whose
// shipment is overdue, and the claims that make each once. Decides nothing.
import { and, asc, eq, gt, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.ts';
import { presaleBatches, presaleCampaigns, presaleShipDateChanges } from '../presale/index.ts';
import { orderEvents, orderLines, orders, presaleOrders, type OrderStatus } from './orders.tables.ts';
import type { OrderRow } from './orders.repo.ts';

const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;

export async function findShipChange(db: DbOrTx, changeId: number) {
  const [row] = await db.select().from(presaleShipDateChanges).where(eq(presaleShipDateChanges.id, changeId));
  return row;
}

/** Locks the change row: the orders of one change that record a failed compensation take turns (staff are told once). */
export async function lockShipChange(tx: DbOrTx, changeId: number): Promise<void> {
  await tx.select({ id: presaleShipDateChanges.id }).from(presaleShipDateChanges).where(eq(presaleShipDateChanges.id, changeId)).for('update');
}

export type ShipChangeRow = NonNullable<Awaited<ReturnType<typeof findShipChange>>>;

/**
 * Orders of the campaign in these statuses that were placed before the change (later ones were
 * placed knowing the new date); for a batch's change (分批发货), only the orders in that batch.
 */
export async function ordersReachedByChange(db: DbOrTx, change: { campaignId: number; at: Date; batchSeq: number | null }, statuses: readonly OrderStatus[]): Promise<number[]> {
  const inBatch =
    change.batchSeq === null
      ? isNull(presaleOrders.batchId)
      : sql`${presaleOrders.batchId} = (SELECT b.id FROM ${presaleBatches} b WHERE b.campaign_id = ${change.campaignId} AND b.seq = ${change.batchSeq})`;
  const rows = await db
    .select({ id: orders.id })
    .from(orders)
    .innerJoin(presaleOrders, eq(presaleOrders.orderId, orders.id))
    .where(and(eq(presaleOrders.campaignId, change.campaignId), inBatch, inArray(orders.status, [...statuses]), lte(orders.createdAt, change.at)))
    .orderBy(asc(orders.id));
  return rows.map((r) => r.id);
}

/** Whether an earlier order of this change already recorded that its compensation could not be granted (staff are told once). */
export async function compensationFailedBefore(db: DbOrTx, changeId: number): Promise<boolean> {
  const rows = await db
    .select({ id: orderEvents.id })
    .from(orderEvents)
    .where(and(eq(orderEvents.type, 'presale.compensation_failed'), sql`${orderEvents.data}->>'changeId' = ${String(changeId)}`))
    .limit(1);
  return rows.length > 0;
}

/**
 * Fully paid presale orders with nothing shipped, after `afterOrderId`, not marked overdue yet, whose
 * estimated ship date (its batch's, the campaign's fixed date, or the time fully paid + ship days) plus
 * `graceDays` is before `now`. Ordered by id.
 */
export async function overdueCandidateIds(db: DbOrTx, now: Date, graceDays: number, afterOrderId: number, limit: number): Promise<number[]> {
  const estimated = sql`CASE WHEN ${presaleBatches.shipDate} IS NOT NULL THEN ${presaleBatches.shipDate}
    WHEN ${presaleCampaigns.shipKind} = 'date' THEN ${presaleCampaigns.shipDate}
    ELSE ${orders.paidAt} + ${presaleCampaigns.shipDays} * interval '1 day' END`;
  const rows = await db
    .select({ id: orders.id })
    .from(orders)
    .innerJoin(presaleOrders, eq(presaleOrders.orderId, orders.id))
    .innerJoin(presaleCampaigns, eq(presaleCampaigns.id, presaleOrders.campaignId))
    .leftJoin(presaleBatches, eq(presaleBatches.id, presaleOrders.batchId))
    .where(
      and(
        eq(orders.status, 'awaiting_shipment'),
        isNull(presaleOrders.overdueAt),
        gt(orders.id, afterOrderId),
        sql`NOT EXISTS (SELECT 1 FROM ${orderLines} l WHERE l.order_id = ${orders.id} AND l.shipped_quantity > 0)`,
        sql`${estimated} + ${graceDays} * interval '1 day' < ${at(now)}`,
      ),
    )
    .orderBy(asc(orders.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** Locks the order if it still awaits shipment; skips it when another transaction holds it. */
export async function lockAwaitingShipment(tx: DbOrTx, orderId: number): Promise<OrderRow | undefined> {
  const [row] = await tx
    .select()
    .from(orders)
    .where(and(eq(orders.id, orderId), eq(orders.status, 'awaiting_shipment')))
    .for('update', { skipLocked: true });
  return row;
}

/** Marks the order overdue (and delayed, if it was not) unless it already is; the updated row, or undefined. */
export async function claimOverdue(tx: DbOrTx, orderId: number, now: Date) {
  const [row] = await tx
    .update(presaleOrders)
    .set({ overdueAt: now, delayedAt: sql`coalesce(${presaleOrders.delayedAt}, ${at(now)})`, updatedAt: now })
    .where(and(eq(presaleOrders.orderId, orderId), isNull(presaleOrders.overdueAt)))
    .returning();
  return row;
}
