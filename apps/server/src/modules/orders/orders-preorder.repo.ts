// Queries of pre-orders: their part of the order, the queue for stock, what is due; decides nothing.
import { and, asc, count, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.ts';
import { preorderOrders } from './orders-preorder.tables.ts';
import { orders } from './orders.tables.ts';
import type { OrderRow } from './orders.repo.ts';

export type PreorderOrderRow = typeof preorderOrders.$inferSelect;
export type NewPreorderOrder = typeof preorderOrders.$inferInsert;

export async function insertPreorderOrder(tx: DbOrTx, values: NewPreorderOrder): Promise<PreorderOrderRow> {
  const [row] = await tx.insert(preorderOrders).values(values).returning();
  return row!;
}

export async function findPreorderOrder(db: DbOrTx, orderId: number): Promise<PreorderOrderRow | undefined> {
  const [row] = await db.select().from(preorderOrders).where(eq(preorderOrders.orderId, orderId));
  return row;
}

export async function updatePreorderOrder(tx: DbOrTx, orderId: number, set: Partial<NewPreorderOrder>): Promise<PreorderOrderRow> {
  const [row] = await tx.update(preorderOrders).set(set).where(eq(preorderOrders.orderId, orderId)).returning();
  return row!;
}

const waiting = and(eq(orders.status, 'awaiting_stock'), isNull(preorderOrders.filledAt));

/** The SKU's pre-orders waiting for stock, first come first served (queued time, then id). */
export async function queuedOrderIds(db: DbOrTx, skuId: number, limit: number): Promise<number[]> {
  const rows = await db
    .select({ id: orders.id })
    .from(preorderOrders)
    .innerJoin(orders, eq(orders.id, preorderOrders.orderId))
    .where(and(eq(preorderOrders.skuId, skuId), waiting))
    .orderBy(asc(preorderOrders.queuedAt), asc(preorderOrders.orderId))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** The order if it still waits for stock, locked; undefined when it moved or another transaction holds it. */
export async function lockQueued(tx: DbOrTx, orderId: number): Promise<OrderRow | undefined> {
  const [row] = await tx
    .select()
    .from(orders)
    .where(and(eq(orders.id, orderId), eq(orders.status, 'awaiting_stock')))
    .for('update', { skipLocked: true });
  return row;
}

export async function statusOf(db: DbOrTx, orderId: number) {
  const [row] = await db.select({ status: orders.status }).from(orders).where(eq(orders.id, orderId));
  return row?.status;
}

/** How many pre-orders wait ahead of this one (its place in line is that + 1). */
export async function aheadInQueue(db: DbOrTx, row: PreorderOrderRow): Promise<number> {
  if (!row.queuedAt) return 0;
  const [result] = await db
    .select({ n: count() })
    .from(preorderOrders)
    .innerJoin(orders, eq(orders.id, preorderOrders.orderId))
    .where(
      and(
        eq(preorderOrders.skuId, row.skuId),
        waiting,
        sql`(${preorderOrders.queuedAt}, ${preorderOrders.orderId}) < (${row.queuedAt.toISOString()}::timestamptz, ${row.orderId})`,
      ),
    );
  return result?.n ?? 0;
}

/** Pre-orders waiting for stock per SKU. */
export async function queuedCounts(db: DbOrTx, skuIds: readonly number[]): Promise<Map<number, number>> {
  const result = new Map<number, number>(skuIds.map((id) => [id, 0]));
  if (skuIds.length === 0) return result;
  const rows = await db
    .select({ skuId: preorderOrders.skuId, n: count() })
    .from(preorderOrders)
    .innerJoin(orders, eq(orders.id, preorderOrders.orderId))
    .where(and(inArray(preorderOrders.skuId, [...skuIds]), waiting))
    .groupBy(preorderOrders.skuId);
  for (const row of rows) result.set(row.skuId, row.n);
  return result;
}

/** SKUs with pre-orders waiting for stock (the fill sweeper visits those with stock to sell). */
export async function waitingSkuIds(db: DbOrTx, limit: number): Promise<number[]> {
  const rows = await db
    .selectDistinct({ skuId: preorderOrders.skuId })
    .from(preorderOrders)
    .innerJoin(orders, eq(orders.id, preorderOrders.orderId))
    .where(waiting)
    .orderBy(asc(preorderOrders.skuId))
    .limit(limit);
  return rows.map((r) => r.skuId);
}

/** Filled deposit pre-orders still awaiting their balance past its deadline. */
export async function lapsedBalanceIds(db: DbOrTx, now: Date, limit: number): Promise<number[]> {
  const rows = await db
    .select({ id: orders.id })
    .from(preorderOrders)
    .innerJoin(orders, eq(orders.id, preorderOrders.orderId))
    .where(and(eq(orders.status, 'awaiting_balance'), eq(orders.kind, 'preorder'), lte(preorderOrders.balanceDueAt, now)))
    .orderBy(asc(preorderOrders.balanceDueAt), asc(orders.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** Locks such an order unless another instance has it, or it moved meanwhile. */
export async function claimLapsedBalance(tx: DbOrTx, orderId: number, now: Date): Promise<OrderRow | undefined> {
  const [row] = await tx
    .select({ order: orders })
    .from(orders)
    .innerJoin(preorderOrders, eq(preorderOrders.orderId, orders.id))
    .where(and(eq(orders.id, orderId), eq(orders.status, 'awaiting_balance'), lte(preorderOrders.balanceDueAt, now)))
    .for('update', { of: orders, skipLocked: true });
  return row?.order;
}
