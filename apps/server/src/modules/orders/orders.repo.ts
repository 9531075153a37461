// Queries of the orders module; decides nothing.
import { and, asc, count, desc, eq, gte, inArray, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { AdminOrderListQuery, OrderStatusValue } from '@mall/contract';
import type { DbOrTx, Tx } from '../../platform/db.ts';
import { categories, products } from '../catalog/index.ts';
import { shoppers } from '../accounts/index.ts';
import { presaleBatches } from '../presale/index.ts';
import { orderEvents, orderLines, orders, presaleOrders, shipmentLines, shipments, type OrderStatus } from './orders.tables.ts';
import { containsPattern } from '../../platform/like.ts';

export type OrderRow = typeof orders.$inferSelect;
export type OrderLineRow = typeof orderLines.$inferSelect;
export type NewOrder = typeof orders.$inferInsert;
export type NewOrderLine = typeof orderLines.$inferInsert;
export type NewOrderEvent = typeof orderEvents.$inferInsert;
export type OrderEventRow = typeof orderEvents.$inferSelect;

export async function insertOrder(tx: DbOrTx, values: NewOrder): Promise<OrderRow> {
  const [row] = await tx.insert(orders).values(values).returning();
  return row!;
}

/**
 * Order numbers are the shop's date and 12 random digits: short enough to read out on the
 * phone, so two can (rarely) collide. A collision retries with a fresh number (ON CONFLICT on
 * the number only, so no savepoint round trips; any other conflict, a reused checkout key, still
 * fails), leaving the rest of the checkout untouched.
 */
export async function insertOrderWithFreshNo(tx: Tx, values: (orderNo: string) => NewOrder, nextNo: () => string): Promise<OrderRow> {
  for (let attempt = 1; attempt <= 5; attempt++) {
    const [row] = await tx.insert(orders).values(values(nextNo())).onConflictDoNothing({ target: orders.orderNo }).returning();
    if (row) return row;
  }
  throw new Error('no free order number after 5 attempts');
}

export async function insertLines(tx: DbOrTx, values: NewOrderLine[]): Promise<OrderLineRow[]> {
  return tx.insert(orderLines).values(values).returning();
}

export async function insertEvent(tx: DbOrTx, values: NewOrderEvent): Promise<OrderEventRow> {
  const [row] = await tx.insert(orderEvents).values(values).returning();
  return row!;
}

export async function findByCheckoutKey(tx: DbOrTx, shopperId: number, checkoutKey: string): Promise<OrderRow | undefined> {
  const [row] = await tx
    .select()
    .from(orders)
    .where(and(eq(orders.shopperId, shopperId), eq(orders.checkoutKey, checkoutKey)));
  return row;
}

/** The order, only when it belongs to this shopper (when one is given). */
export async function findOrder(db: DbOrTx, id: number, shopperId?: number): Promise<OrderRow | undefined> {
  const [row] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.id, id), shopperId === undefined ? undefined : eq(orders.shopperId, shopperId)));
  return row;
}

/** The order row locked for a change (waits for a concurrent change to finish). */
export async function lockOrder(tx: DbOrTx, id: number, shopperId?: number): Promise<OrderRow | undefined> {
  const [row] = await tx
    .select()
    .from(orders)
    .where(and(eq(orders.id, id), shopperId === undefined ? undefined : eq(orders.shopperId, shopperId)))
    .for('update');
  return row;
}

/** Compare-and-set of the status: undefined when the order is no longer in `from`. */
export async function moveStatus(tx: DbOrTx, id: number, from: OrderStatus, to: OrderStatus, set: Partial<NewOrder>): Promise<OrderRow | undefined> {
  const [row] = await tx
    .update(orders)
    .set({ ...set, status: to })
    .where(and(eq(orders.id, id), eq(orders.status, from)))
    .returning();
  return row;
}

export async function updateOrder(tx: DbOrTx, id: number, set: Partial<NewOrder>): Promise<OrderRow | undefined> {
  const [row] = await tx.update(orders).set(set).where(eq(orders.id, id)).returning();
  return row;
}

export async function linesOf(db: DbOrTx, orderId: number): Promise<OrderLineRow[]> {
  return db.select().from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(asc(orderLines.id));
}

export async function linesOfOrders(db: DbOrTx, orderIds: readonly number[]): Promise<Map<number, OrderLineRow[]>> {
  const result = new Map<number, OrderLineRow[]>(orderIds.map((id) => [id, []]));
  for (let i = 0; i < orderIds.length; i += 5_000) {
    const rows = await db
      .select()
      .from(orderLines)
      .where(inArray(orderLines.orderId, orderIds.slice(i, i + 5_000)))
      .orderBy(asc(orderLines.id));
    for (const row of rows) result.get(row.orderId)?.push(row);
  }
  return result;
}

export async function eventsOf(db: DbOrTx, orderId: number) {
  return db.select().from(orderEvents).where(eq(orderEvents.orderId, orderId)).orderBy(asc(orderEvents.id));
}

export async function shipmentsOf(db: DbOrTx, orderId: number) {
  const rows = await db.select().from(shipments).where(eq(shipments.orderId, orderId)).orderBy(asc(shipments.id));
  if (rows.length === 0) return [];
  const parts = await db
    .select()
    .from(shipmentLines)
    .where(inArray(shipmentLines.shipmentId, rows.map((r) => r.id)))
    .orderBy(asc(shipmentLines.orderLineId));
  return rows.map((r) => ({
    ...r,
    lines: parts.filter((p) => p.shipmentId === r.id).map((p) => ({ orderLineId: p.orderLineId, quantity: p.quantity })),
  }));
}

/** Inserts a shipment; undefined when the carrier's tracking number is already used. */
export async function insertShipment(
  tx: DbOrTx,
  values: { orderId: number; carrier: string; carrierCode?: string | null; trackingNo: string; shippedAt: Date; actor: string; nextPollAt?: Date | null },
  lines: { orderLineId: number; quantity: number }[],
) {
  const [row] = await tx.insert(shipments).values(values).onConflictDoNothing().returning();
  if (!row) return undefined;
  await tx.insert(shipmentLines).values(lines.map((l) => ({ shipmentId: row.id, ...l })));
  return row;
}

export async function addShipped(tx: DbOrTx, lineId: number, quantity: number): Promise<OrderLineRow> {
  const [row] = await tx
    .update(orderLines)
    .set({ shippedQuantity: sql`${orderLines.shippedQuantity} + ${quantity}` })
    .where(eq(orderLines.id, lineId))
    .returning();
  return row!;
}

export async function addLineRefund(tx: DbOrTx, lineId: number, quantity: number, amount: number): Promise<OrderLineRow> {
  const [row] = await tx
    .update(orderLines)
    .set({ refundedQuantity: sql`${orderLines.refundedQuantity} + ${quantity}`, refundedAmount: sql`${orderLines.refundedAmount} + ${amount}` })
    .where(eq(orderLines.id, lineId))
    .returning();
  return row!;
}

/** Due orders of a deadline column (ids only, not locked: each is claimed in its own transaction). */
export async function dueOrderIds(db: DbOrTx, status: OrderStatus, column: 'paymentDueAt' | 'autoCompleteAt', now: Date, limit: number): Promise<number[]> {
  const rows = await db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.status, status), lte(orders[column], now)))
    .orderBy(asc(orders[column]), asc(orders.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** Claims one due order: locked, still in `status` and due; undefined when another worker has it or it moved. */
export async function claimDue(tx: DbOrTx, id: number, status: OrderStatus, column: 'paymentDueAt' | 'autoCompleteAt', now: Date) {
  const [row] = await tx
    .select()
    .from(orders)
    .where(and(eq(orders.id, id), eq(orders.status, status), lte(orders[column], now)))
    .for('update', { skipLocked: true });
  return row;
}

// ---------- lists ----------

export async function listForShopper(db: DbOrTx, shopperId: number, query: { status?: OrderStatusValue; page: number; pageSize: number }) {
  const where = and(eq(orders.shopperId, shopperId), query.status ? eq(orders.status, query.status) : undefined);
  const [items, [totals], counts] = await Promise.all([
    db
      .select()
      .from(orders)
      .where(where)
      .orderBy(desc(orders.createdAt), desc(orders.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ total: count() }).from(orders).where(where),
    statusCounts(db, eq(orders.shopperId, shopperId)),
  ]);
  return { items, total: totals?.total ?? 0, counts };
}

async function statusCounts(db: DbOrTx, where: SQL | undefined) {
  const rows = await db.select({ status: orders.status, n: count() }).from(orders).where(where).groupBy(orders.status);
  return new Map(rows.map((r) => [r.status, r.n]));
}

function adminFilters(query: AdminOrderListQuery): (SQL | undefined)[] {
  const q = query.q ? containsPattern(query.q) : undefined;
  return [
    query.orderNo ? sql`${orders.orderNo} ILIKE ${containsPattern(query.orderNo)}` : undefined,
    query.shopper
      ? sql`EXISTS (SELECT 1 FROM ${shoppers} WHERE ${shoppers.id} = ${orders.shopperId} AND (${shoppers.phone} = ${query.shopper} OR lower(${shoppers.email}) = lower(${query.shopper})))`
      : undefined,
    query.from ? gte(orders.createdAt, query.from) : undefined,
    query.to ? lt(orders.createdAt, query.to) : undefined,
    query.productId ? sql`EXISTS (SELECT 1 FROM ${orderLines} WHERE ${orderLines.orderId} = ${orders.id} AND ${orderLines.productId} = ${query.productId})` : undefined,
    query.kind ? eq(orders.kind, query.kind) : undefined,
    query.campaignId ? sql`EXISTS (SELECT 1 FROM ${presaleOrders} WHERE ${presaleOrders.orderId} = ${orders.id} AND ${presaleOrders.campaignId} = ${query.campaignId})` : undefined,
    query.campaignId && query.batch
      ? sql`EXISTS (SELECT 1 FROM ${presaleOrders} po JOIN ${presaleBatches} b ON b.id = po.batch_id
          WHERE po.order_id = ${orders.id} AND b.campaign_id = ${query.campaignId} AND b.seq = ${query.batch})`
      : undefined,
    q
      ? sql`(${orders.orderNo} ILIKE ${q} OR ${orders.address}->>'receiver' ILIKE ${q} OR ${orders.address}->>'phone' ILIKE ${q}
          OR EXISTS (SELECT 1 FROM ${orderLines} WHERE ${orderLines.orderId} = ${orders.id} AND ${orderLines.title} ILIKE ${q}))`
      : undefined,
  ];
}

const adminColumns = {
  order: orders,
  shopperNickname: shoppers.nickname,
  shopperPhone: shoppers.phone,
  shopperEmail: shoppers.email,
};

export async function listForStaff(db: DbOrTx, query: AdminOrderListQuery) {
  const filters = adminFilters(query);
  const where = and(...filters, query.status ? eq(orders.status, query.status) : undefined);
  const [items, [totals], counts] = await Promise.all([
    db
      .select(adminColumns)
      .from(orders)
      .leftJoin(shoppers, eq(shoppers.id, orders.shopperId))
      .where(where)
      .orderBy(desc(orders.createdAt), desc(orders.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ total: count() }).from(orders).where(where),
    statusCounts(db, and(...filters)),
  ]);
  return { items, total: totals?.total ?? 0, counts };
}

/** Orders for the CSV export, oldest first, at most `limit`. */
export async function exportForStaff(db: DbOrTx, query: AdminOrderListQuery, limit: number) {
  const where = and(...adminFilters(query), query.status ? eq(orders.status, query.status) : undefined);
  return db
    .select(adminColumns)
    .from(orders)
    .leftJoin(shoppers, eq(shoppers.id, orders.shopperId))
    .where(where)
    .orderBy(asc(orders.createdAt), asc(orders.id))
    .limit(limit);
}

export async function shopperOf(db: DbOrTx, shopperId: number) {
  const [row] = await db
    .select({ id: shoppers.id, nickname: shoppers.nickname, phone: shoppers.phone, email: shoppers.email })
    .from(shoppers)
    .where(eq(shoppers.id, shopperId));
  return row ?? { id: shopperId, nickname: null, phone: null, email: null };
}

/** Each product's category and every category above it (what category-scoped promotions match). */
export async function categoryIdsOfProducts(db: DbOrTx, productIds: readonly number[]): Promise<Map<number, number[]>> {
  const result = new Map<number, number[]>(productIds.map((id) => [id, []]));
  if (productIds.length === 0) return result;
  // Only the products' categories and their ancestors (nearest first), not the whole tree.
  const ids = sql.join(
    [...new Set(productIds)].map((id) => sql`${id}::int`),
    sql`, `,
  );
  const found = await db.execute(sql`
    WITH RECURSIVE chain(product_id, category_id, depth) AS (
      SELECT ${products.id}, ${products.categoryId}, 1 FROM ${products} WHERE ${products.id} IN (${ids}) AND ${products.categoryId} IS NOT NULL
      UNION ALL
      SELECT chain.product_id, ${categories.parentId}, chain.depth + 1
        FROM chain JOIN ${categories} ON ${categories.id} = chain.category_id
       WHERE ${categories.parentId} IS NOT NULL AND chain.depth < 20
    )
    SELECT product_id, category_id FROM chain ORDER BY product_id, depth`);
  for (const row of (found as { rows: { product_id: number; category_id: number }[] }).rows) {
    const chain = result.get(Number(row.product_id))!;
    const id = Number(row.category_id);
    if (!chain.includes(id)) chain.push(id);
  }
  return result;
}
