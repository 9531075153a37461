// Queries of the distribution money side (distributors, commissions, bindings read-only).
import { and, count, desc, eq, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx, Tx } from '../../platform/db.ts';
import { orderLines, orders } from '../orders/orders.tables.ts';
import { presaleOrders } from '../orders/orders.tables.ts';
import { shoppers } from '../accounts/accounts.tables.ts';
import { aftersalesTickets } from '../aftersales/aftersales.tables.ts';
import { commissions, distributorLedger, distributors, productCommissionRates, referralBindings } from './distribution.tables.ts';

export type DistributorRow = typeof distributors.$inferSelect;
export type CommissionRow = typeof commissions.$inferSelect;

export async function findDistributor(db: DbOrTx, shopperId: number, lock = false): Promise<DistributorRow | undefined> {
  const query = db.select().from(distributors).where(eq(distributors.shopperId, shopperId));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

export async function distributorsByIds(db: DbOrTx, ids: number[]): Promise<Map<number, DistributorRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select().from(distributors).where(inArray(distributors.shopperId, ids));
  return new Map(rows.map((r) => [r.shopperId, r]));
}

export async function regionalAgentsOf(db: DbOrTx, province: string) {
  return db
    .select()
    .from(distributors)
    .where(and(eq(distributors.status, 'approved'), eq(distributors.regionProvince, province), sql`${distributors.regionPermille} > 0`));
}

/** The binding of a shopper to their referrer, if any. */
export async function bindingOf(db: DbOrTx, shopperId: number) {
  const [row] = await db.select().from(referralBindings).where(eq(referralBindings.shopperId, shopperId));
  return row;
}

export async function teamCounts(db: DbOrTx, shopperId: number) {
  const [level1] = await db.select({ n: count() }).from(referralBindings).where(eq(referralBindings.referrerId, shopperId));
  const direct = db.select({ id: referralBindings.shopperId }).from(referralBindings).where(eq(referralBindings.referrerId, shopperId));
  const [level2] = await db.select({ n: count() }).from(referralBindings).where(inArray(referralBindings.referrerId, direct));
  return { level1: Number(level1?.n ?? 0), level2: Number(level2?.n ?? 0) };
}

export async function productRatesOf(db: DbOrTx, productIds: number[]) {
  if (productIds.length === 0) return new Map<number, { level1Permille: number; level2Permille: number }>();
  const rows = await db.select().from(productCommissionRates).where(inArray(productCommissionRates.productId, productIds));
  return new Map(rows.map((r) => [r.productId, { level1Permille: r.level1Permille, level2Permille: r.level2Permille }]));
}

export async function orderForCommission(db: DbOrTx, orderId: number) {
  const [order] = await db.select().from(orders).where(eq(orders.id, orderId));
  if (!order) return undefined;
  const lines = await db.select().from(orderLines).where(eq(orderLines.orderId, orderId));
  const [presale] = await db.select().from(presaleOrders).where(eq(presaleOrders.orderId, orderId));
  return { order, lines, presale };
}

/**
 * Lines' bases: what the buyer paid for the goods of each line, less what was refunded of it. A
 * presale tier discount is already off the line's payAmount (taken when the tier applied).
 */
export function lineBases(lines: { productId: number; payAmount: number; refundedAmount: number }[]) {
  return lines.map((l) => ({ productId: l.productId, base: Math.max(0, l.payAmount - l.refundedAmount) }));
}

export async function pendingCommissionsOfOrder(tx: Tx, orderId: number): Promise<CommissionRow[]> {
  return tx.select().from(commissions).where(and(eq(commissions.orderId, orderId), eq(commissions.status, 'pending'))).orderBy(commissions.id).for('update');
}

export async function claimDueCommissions(tx: Tx, now: Date, limit: number): Promise<CommissionRow[]> {
  return tx
    .select()
    .from(commissions)
    .where(and(eq(commissions.status, 'pending'), lte(commissions.settleAt, now)))
    .orderBy(commissions.settleAt, commissions.id)
    .limit(limit)
    .for('update', { skipLocked: true });
}

export async function setSettleAtWhereUnset(tx: Tx, orderId: number, settleAt: Date, now: Date) {
  await tx
    .update(commissions)
    .set({ settleAt, updatedAt: now })
    .where(and(eq(commissions.orderId, orderId), eq(commissions.status, 'pending'), isNull(commissions.settleAt)));
}

const OPEN_AFTERSALES = ['pending_review', 'awaiting_return', 'received', 'refunding', 'refund_failed'] as const;

export async function hasOpenAfterSales(db: DbOrTx, orderId: number): Promise<boolean> {
  const [row] = await db
    .select({ n: count() })
    .from(aftersalesTickets)
    .where(and(eq(aftersalesTickets.orderId, orderId), inArray(aftersalesTickets.status, [...OPEN_AFTERSALES])));
  return Number(row?.n ?? 0) > 0;
}

/** Commissions with their order number and the buyer's nickname, newest first. */
const beneficiaries = alias(shoppers, 'beneficiaries');

export async function listCommissions(db: DbOrTx, where: SQL | undefined, page: number, pageSize: number) {
  const rows = await db
    .select({ c: commissions, orderNo: orders.orderNo, buyer: shoppers.nickname, realName: distributors.realName, nickname: beneficiaries.nickname })
    .from(commissions)
    .innerJoin(orders, eq(orders.id, commissions.orderId))
    .leftJoin(shoppers, eq(shoppers.id, orders.shopperId))
    .leftJoin(distributors, eq(distributors.shopperId, commissions.beneficiaryId))
    .leftJoin(beneficiaries, eq(beneficiaries.id, commissions.beneficiaryId))
    .where(where)
    .orderBy(desc(commissions.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const [total] = await db.select({ n: count() }).from(commissions).where(where);
  return { rows, total: Number(total?.n ?? 0) };
}

/** Commission still pending and settled (by status), and what claw-backs took off pending (from the ledger). */
export async function commissionTotals(db: DbOrTx, beneficiaryId?: number) {
  const byStatus = await db
    .select({ status: commissions.status, amount: sql<string>`coalesce(sum(${commissions.amount}), 0)` })
    .from(commissions)
    .where(beneficiaryId ? eq(commissions.beneficiaryId, beneficiaryId) : undefined)
    .groupBy(commissions.status);
  const [clawed] = await db
    .select({ amount: sql<string>`coalesce(-sum(${distributorLedger.delta}), 0)` })
    .from(distributorLedger)
    .where(and(eq(distributorLedger.reason, 'commission_clawed_back'), beneficiaryId ? eq(distributorLedger.shopperId, beneficiaryId) : undefined));
  const of = (status: string) => Number(byStatus.find((r) => r.status === status)?.amount ?? 0);
  return { pending: of('pending'), settled: of('settled'), clawedBack: Number(clawed?.amount ?? 0) };
}
