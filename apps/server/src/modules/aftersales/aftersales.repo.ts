import { and, asc, count, desc, eq, gte, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { AfterSalesStatus } from '@mall/contract';
import type { DbOrTx } from '../../platform/db.ts';
import { aftersalesHistory, aftersalesPhotos, aftersalesRefunds, aftersalesTicketLines, aftersalesTickets } from './aftersales.tables.ts';

export type TicketRow = typeof aftersalesTickets.$inferSelect;
export type TicketLineRow = typeof aftersalesTicketLines.$inferSelect;
export type HistoryRow = typeof aftersalesHistory.$inferSelect;
export type RefundRow = typeof aftersalesRefunds.$inferSelect;

export async function insertTicket(tx: DbOrTx, values: typeof aftersalesTickets.$inferInsert): Promise<TicketRow> {
  const [row] = await tx.insert(aftersalesTickets).values(values).returning();
  return row!;
}

export async function insertLines(tx: DbOrTx, values: (typeof aftersalesTicketLines.$inferInsert)[]): Promise<void> {
  await tx.insert(aftersalesTicketLines).values(values);
}

export async function insertHistory(tx: DbOrTx, values: typeof aftersalesHistory.$inferInsert): Promise<void> {
  await tx.insert(aftersalesHistory).values(values);
}

/** A ticket by id; with `shopperId` only that shopper's; `lock` takes the row lock. */
export async function findTicket(tx: DbOrTx, id: number, options: { shopperId?: number; lock?: boolean } = {}): Promise<TicketRow | undefined> {
  const query = tx
    .select()
    .from(aftersalesTickets)
    .where(and(eq(aftersalesTickets.id, id), options.shopperId === undefined ? undefined : eq(aftersalesTickets.shopperId, options.shopperId)));
  const [row] = options.lock ? await query.for('update') : await query;
  return row;
}

export async function linesOf(tx: DbOrTx, ticketIds: number[]): Promise<TicketLineRow[]> {
  if (ticketIds.length === 0) return [];
  return tx.select().from(aftersalesTicketLines).where(inArray(aftersalesTicketLines.ticketId, ticketIds)).orderBy(asc(aftersalesTicketLines.id));
}

export async function historyOf(tx: DbOrTx, ticketId: number): Promise<HistoryRow[]> {
  return tx.select().from(aftersalesHistory).where(eq(aftersalesHistory.ticketId, ticketId)).orderBy(asc(aftersalesHistory.id));
}

export async function refundsOf(tx: DbOrTx, ticketId: number): Promise<RefundRow[]> {
  return tx.select().from(aftersalesRefunds).where(eq(aftersalesRefunds.ticketId, ticketId)).orderBy(asc(aftersalesRefunds.refundId));
}

/** Compare-and-set: moves the ticket only if it is still in `from`. Undefined when it was not. */
export async function moveTicket(tx: DbOrTx, id: number, from: AfterSalesStatus, set: Partial<typeof aftersalesTickets.$inferInsert>): Promise<TicketRow | undefined> {
  const [row] = await tx
    .update(aftersalesTickets)
    .set(set)
    .where(and(eq(aftersalesTickets.id, id), eq(aftersalesTickets.status, from)))
    .returning();
  return row;
}

export async function updateTicket(tx: DbOrTx, id: number, set: Partial<typeof aftersalesTickets.$inferInsert>): Promise<TicketRow> {
  const [row] = await tx.update(aftersalesTickets).set(set).where(eq(aftersalesTickets.id, id)).returning();
  return row!;
}

/** Ends the ticket's hold on its order lines. */
export async function closeLines(tx: DbOrTx, ticketId: number): Promise<void> {
  await tx.update(aftersalesTicketLines).set({ open: false }).where(eq(aftersalesTicketLines.ticketId, ticketId));
}

export async function setLineRefundAmount(tx: DbOrTx, lineRowId: number, amount: number): Promise<void> {
  await tx.update(aftersalesTicketLines).set({ refundAmount: amount }).where(eq(aftersalesTicketLines.id, lineRowId));
}

/** The open tickets holding lines of an order: order line id → ticket id. */
export async function openTicketsByLine(tx: DbOrTx, orderId: number): Promise<Map<number, number>> {
  const rows = await tx
    .select({ orderLineId: aftersalesTicketLines.orderLineId, ticketId: aftersalesTicketLines.ticketId })
    .from(aftersalesTicketLines)
    .innerJoin(aftersalesTickets, eq(aftersalesTickets.id, aftersalesTicketLines.ticketId))
    .where(and(eq(aftersalesTickets.orderId, orderId), eq(aftersalesTicketLines.open, true)));
  return new Map(rows.map((r) => [r.orderLineId, r.ticketId]));
}

/** Units sent back through refunded return tickets, per order line. */
export async function returnedQuantities(tx: DbOrTx, orderId: number): Promise<Map<number, number>> {
  const rows = await tx
    .select({ orderLineId: aftersalesTicketLines.orderLineId, quantity: sql<number>`sum(${aftersalesTicketLines.quantity})::int` })
    .from(aftersalesTicketLines)
    .innerJoin(aftersalesTickets, eq(aftersalesTickets.id, aftersalesTicketLines.ticketId))
    .where(and(eq(aftersalesTickets.orderId, orderId), eq(aftersalesTickets.type, 'return_refund'), eq(aftersalesTickets.status, 'refunded')))
    .groupBy(aftersalesTicketLines.orderLineId);
  return new Map(rows.map((r) => [r.orderLineId, r.quantity]));
}

export interface TicketFilter {
  shopperId?: number;
  status?: AfterSalesStatus;
  type?: TicketRow['type'];
  orderNo?: string;
  ticketNo?: string;
  from?: Date;
  to?: Date;
}

export async function listTickets(db: DbOrTx, filter: TicketFilter, page: { page: number; pageSize: number }) {
  const conditions: (SQL | undefined)[] = [
    filter.shopperId === undefined ? undefined : eq(aftersalesTickets.shopperId, filter.shopperId),
    filter.status ? eq(aftersalesTickets.status, filter.status) : undefined,
    filter.type ? eq(aftersalesTickets.type, filter.type) : undefined,
    filter.orderNo ? eq(aftersalesTickets.orderNo, filter.orderNo) : undefined,
    filter.ticketNo ? eq(aftersalesTickets.ticketNo, filter.ticketNo) : undefined,
    filter.from ? gte(aftersalesTickets.createdAt, filter.from) : undefined,
    filter.to ? lt(aftersalesTickets.createdAt, filter.to) : undefined,
  ];
  const where = and(...conditions);
  const [items, [totals]] = await Promise.all([
    db
      .select()
      .from(aftersalesTickets)
      .where(where)
      .orderBy(desc(aftersalesTickets.createdAt), desc(aftersalesTickets.id))
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize),
    db.select({ total: count() }).from(aftersalesTickets).where(where),
  ]);
  return { items, total: totals?.total ?? 0 };
}

// ---- photos ----

export async function insertPhoto(tx: DbOrTx, values: typeof aftersalesPhotos.$inferInsert): Promise<void> {
  await tx.insert(aftersalesPhotos).values(values);
}

export async function countUnusedPhotos(tx: DbOrTx, shopperId: number): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(aftersalesPhotos)
    .where(and(eq(aftersalesPhotos.shopperId, shopperId), isNull(aftersalesPhotos.ticketId)));
  return row?.n ?? 0;
}

/** Attaches the shopper's unused photos with these URLs to the ticket; returns how many were. */
export async function claimPhotos(tx: DbOrTx, shopperId: number, urls: string[], ticketId: number): Promise<number> {
  if (urls.length === 0) return 0;
  const rows = await tx
    .update(aftersalesPhotos)
    .set({ ticketId })
    .where(and(eq(aftersalesPhotos.shopperId, shopperId), isNull(aftersalesPhotos.ticketId), inArray(aftersalesPhotos.url, urls)))
    .returning({ id: aftersalesPhotos.id });
  return rows.length;
}

// ---- refunds ----

/** Records a refund the ticket asked for; a row already there (the success arrived first) is kept. */
export async function insertRefund(tx: DbOrTx, values: typeof aftersalesRefunds.$inferInsert): Promise<void> {
  await tx.insert(aftersalesRefunds).values(values).onConflictDoNothing();
}

/** Marks a refund succeeded once; false when it already was. Inserts it when its ticket had not recorded it yet. */
export async function markRefundSucceeded(tx: DbOrTx, refund: { refundId: number; ticketId: number; paymentId: number; amount: number; at: Date }): Promise<boolean> {
  const inserted = await tx
    .insert(aftersalesRefunds)
    .values({ ...refund, status: 'succeeded', createdAt: refund.at, succeededAt: refund.at })
    .onConflictDoNothing()
    .returning({ refundId: aftersalesRefunds.refundId });
  if (inserted.length > 0) return true;
  const updated = await tx
    .update(aftersalesRefunds)
    .set({ status: 'succeeded', succeededAt: refund.at })
    .where(and(eq(aftersalesRefunds.refundId, refund.refundId), eq(aftersalesRefunds.status, 'pending')))
    .returning({ refundId: aftersalesRefunds.refundId });
  return updated.length > 0;
}

/** Marks a refund failed once; false when it already was (or succeeded). Inserts it when its ticket had not recorded it yet. */
export async function markRefundFailed(tx: DbOrTx, refund: { refundId: number; ticketId: number; paymentId: number; amount: number; at: Date }): Promise<boolean> {
  const inserted = await tx
    .insert(aftersalesRefunds)
    .values({ ...refund, status: 'failed', createdAt: refund.at })
    .onConflictDoNothing()
    .returning({ refundId: aftersalesRefunds.refundId });
  if (inserted.length > 0) return true;
  const updated = await tx
    .update(aftersalesRefunds)
    .set({ status: 'failed' })
    .where(and(eq(aftersalesRefunds.refundId, refund.refundId), eq(aftersalesRefunds.status, 'pending')))
    .returning({ refundId: aftersalesRefunds.refundId });
  return updated.length > 0;
}

export async function succeededRefundTotal(tx: DbOrTx, ticketId: number): Promise<number> {
  const [row] = await tx
    .select({ total: sql<number>`coalesce(sum(${aftersalesRefunds.amount}), 0)::bigint` })
    .from(aftersalesRefunds)
    .where(and(eq(aftersalesRefunds.ticketId, ticketId), eq(aftersalesRefunds.status, 'succeeded')));
  return Number(row?.total ?? 0);
}
