// Queries of the payments module. Decides nothing.
import { and, asc, count, desc, eq, gte, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { AdminPaymentListQuery, PaymentStage, PaymentStatus, RefundStatus } from '@mall/contract';
import type { DbOrTx } from '../../platform/db.ts';
import { paymentLedger, payments, refunds } from './payments.tables.ts';

export type PaymentRow = typeof payments.$inferSelect;
export type RefundRow = typeof refunds.$inferSelect;
export type LedgerRow = typeof paymentLedger.$inferSelect;
export type NewPayment = typeof payments.$inferInsert;
export type NewRefund = typeof refunds.$inferInsert;
export type NewLedgerRow = typeof paymentLedger.$inferInsert;

export async function findPaymentByNo(db: DbOrTx, paymentNo: string): Promise<PaymentRow | undefined> {
  const [row] = await db.select().from(payments).where(eq(payments.paymentNo, paymentNo)).limit(1);
  return row;
}

export async function findPaymentById(db: DbOrTx, id: number): Promise<PaymentRow | undefined> {
  const [row] = await db.select().from(payments).where(eq(payments.id, id)).limit(1);
  return row;
}

export async function lockPaymentByNo(tx: DbOrTx, paymentNo: string): Promise<PaymentRow | undefined> {
  const [row] = await tx.select().from(payments).where(eq(payments.paymentNo, paymentNo)).limit(1).for('update');
  return row;
}

export async function lockPaymentById(tx: DbOrTx, id: number): Promise<PaymentRow | undefined> {
  const [row] = await tx.select().from(payments).where(eq(payments.id, id)).limit(1).for('update');
  return row;
}

/** Payments of one reference and stage, oldest first, locked: the start of a new attempt serialises on them. */
export async function lockPaymentsOfStage(tx: DbOrTx, refType: string, refId: string, stage: PaymentStage): Promise<PaymentRow[]> {
  return tx
    .select()
    .from(payments)
    .where(and(eq(payments.refType, refType), eq(payments.refId, refId), eq(payments.stage, stage)))
    .orderBy(asc(payments.id))
    .for('update');
}

export async function insertPayment(tx: DbOrTx, values: NewPayment): Promise<PaymentRow> {
  const [row] = await tx.insert(payments).values(values).returning();
  return row!;
}

/** Compare-and-set: changes the payment only if it is still in `from`; undefined when it was not. */
export async function updatePaymentIf(
  tx: DbOrTx,
  id: number,
  from: PaymentStatus,
  set: Partial<NewPayment>,
): Promise<PaymentRow | undefined> {
  const [row] = await tx
    .update(payments)
    .set(set)
    .where(and(eq(payments.id, id), eq(payments.status, from)))
    .returning();
  return row;
}

export async function updatePayment(tx: DbOrTx, id: number, set: Partial<NewPayment>): Promise<PaymentRow> {
  const [row] = await tx.update(payments).set(set).where(eq(payments.id, id)).returning();
  return row!;
}

/** Moves refund money between pending and refunded; the table's CHECK keeps the sum within what was paid. */
export async function shiftRefundAmounts(tx: DbOrTx, id: number, delta: { pending: number; refunded: number }, now: Date): Promise<PaymentRow> {
  const [row] = await tx
    .update(payments)
    .set({
      refundPendingAmount: sql`${payments.refundPendingAmount} + ${delta.pending}`,
      refundedAmount: sql`${payments.refundedAmount} + ${delta.refunded}`,
      updatedAt: now,
    })
    .where(eq(payments.id, id))
    .returning();
  return row!;
}

export async function insertLedger(tx: DbOrTx, values: NewLedgerRow): Promise<void> {
  await tx.insert(paymentLedger).values(values);
}

export async function insertRefund(tx: DbOrTx, values: NewRefund): Promise<RefundRow> {
  const [row] = await tx.insert(refunds).values(values).returning();
  return row!;
}

export async function findRefundById(db: DbOrTx, id: number): Promise<RefundRow | undefined> {
  const [row] = await db.select().from(refunds).where(eq(refunds.id, id)).limit(1);
  return row;
}

export async function lockRefundById(tx: DbOrTx, id: number): Promise<RefundRow | undefined> {
  const [row] = await tx.select().from(refunds).where(eq(refunds.id, id)).limit(1).for('update');
  return row;
}

export async function findRefundByNo(db: DbOrTx, refundNo: string): Promise<RefundRow | undefined> {
  const [row] = await db.select().from(refunds).where(eq(refunds.refundNo, refundNo)).limit(1);
  return row;
}

export async function lockRefundByNo(tx: DbOrTx, refundNo: string): Promise<RefundRow | undefined> {
  const [row] = await tx.select().from(refunds).where(eq(refunds.refundNo, refundNo)).limit(1).for('update');
  return row;
}

export async function updateRefundIf(tx: DbOrTx, id: number, from: RefundStatus, set: Partial<NewRefund>): Promise<RefundRow | undefined> {
  const [row] = await tx
    .update(refunds)
    .set(set)
    .where(and(eq(refunds.id, id), eq(refunds.status, from)))
    .returning();
  return row;
}

export async function updateRefund(tx: DbOrTx, id: number, set: Partial<NewRefund>): Promise<void> {
  await tx.update(refunds).set(set).where(eq(refunds.id, id));
}

export async function refundsOfPayments(db: DbOrTx, paymentIds: number[]): Promise<RefundRow[]> {
  if (paymentIds.length === 0) return [];
  return db.select().from(refunds).where(inArray(refunds.paymentId, paymentIds)).orderBy(asc(refunds.id));
}

export async function ledgerOfPayment(db: DbOrTx, paymentId: number): Promise<LedgerRow[]> {
  return db.select().from(paymentLedger).where(eq(paymentLedger.paymentId, paymentId)).orderBy(asc(paymentLedger.id));
}

export async function paymentsOfRef(db: DbOrTx, refType: string, refId: string): Promise<PaymentRow[]> {
  return db
    .select()
    .from(payments)
    .where(and(eq(payments.refType, refType), eq(payments.refId, refId)))
    .orderBy(asc(payments.id));
}

export async function listPayments(db: DbOrTx, query: AdminPaymentListQuery): Promise<{ items: PaymentRow[]; total: number }> {
  const conditions: SQL[] = [];
  if (query.status) conditions.push(eq(payments.status, query.status));
  if (query.provider) conditions.push(eq(payments.provider, query.provider));
  if (query.refType) conditions.push(eq(payments.refType, query.refType));
  if (query.refId) conditions.push(eq(payments.refId, query.refId));
  if (query.paymentNo) conditions.push(eq(payments.paymentNo, query.paymentNo));
  if (query.shopperId) conditions.push(eq(payments.shopperId, query.shopperId));
  if (query.createdFrom) conditions.push(gte(payments.createdAt, query.createdFrom));
  if (query.createdTo) conditions.push(lt(payments.createdAt, query.createdTo));
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const [items, [totals]] = await Promise.all([
    db
      .select()
      .from(payments)
      .where(where)
      .orderBy(desc(payments.createdAt), desc(payments.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ total: count() }).from(payments).where(where),
  ]);
  return { items, total: totals?.total ?? 0 };
}

/**
 * Claims pending payments due for a look: expiring within `queryFrom` (or expired), not asked
 * about since `queriedBefore`. Marks them asked (so other instances skip them) and returns them.
 */
export async function claimPendingForQuery(
  tx: DbOrTx,
  input: { expiringBefore: Date; queriedBefore: Date; now: Date; limit: number },
): Promise<PaymentRow[]> {
  const due = await tx
    .select({ id: payments.id })
    .from(payments)
    .where(
      and(
        eq(payments.status, 'pending'),
        lte(payments.expiresAt, input.expiringBefore),
        or(isNull(payments.lastQueriedAt), lte(payments.lastQueriedAt, input.queriedBefore)),
      ),
    )
    .orderBy(asc(payments.expiresAt))
    .limit(input.limit)
    .for('update', { skipLocked: true });
  if (due.length === 0) return [];
  return tx
    .update(payments)
    .set({ lastQueriedAt: input.now })
    .where(inArray(payments.id, due.map((d) => d.id)))
    .returning();
}

