// Queries of points accounts and the points ledger. Decides nothing.
import { and, asc, count, desc, eq, gt, gte, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import type { PageQuery, PointsReason } from '@mall/contract';
import type { DbOrTx } from '../../platform/db.ts';
import { pointsAccounts, pointsLedger } from './points.tables.ts';

export type PointsLedgerRow = typeof pointsLedger.$inferSelect;

export async function getBalance(db: DbOrTx, shopperId: number): Promise<number> {
  const [row] = await db.select({ balance: pointsAccounts.balance }).from(pointsAccounts).where(eq(pointsAccounts.shopperId, shopperId));
  return row?.balance ?? 0;
}

/** Makes sure the account row exists, then locks it: the shopper's point moves take turns. Returns the balance. */
export async function lockAccount(tx: DbOrTx, shopperId: number, now: Date): Promise<number> {
  await tx.insert(pointsAccounts).values({ shopperId, balance: 0, updatedAt: now }).onConflictDoNothing();
  const [row] = await tx.select({ balance: pointsAccounts.balance }).from(pointsAccounts).where(eq(pointsAccounts.shopperId, shopperId)).for('update');
  return row!.balance;
}

/** balance += delta unless that goes below zero; the new balance, or undefined when refused. */
export async function applyDelta(tx: DbOrTx, shopperId: number, delta: number, now: Date): Promise<number | undefined> {
  const [row] = await tx
    .update(pointsAccounts)
    .set({ balance: sql`${pointsAccounts.balance} + ${delta}`, updatedAt: now })
    .where(and(eq(pointsAccounts.shopperId, shopperId), gte(sql`${pointsAccounts.balance} + ${delta}`, 0)))
    .returning({ balance: pointsAccounts.balance });
  return row?.balance;
}

export async function insertEntry(tx: DbOrTx, values: typeof pointsLedger.$inferInsert): Promise<PointsLedgerRow> {
  const [row] = await tx.insert(pointsLedger).values(values).returning();
  return row!;
}

export async function orderEntries(db: DbOrTx, shopperId: number, orderId: number, reasons: PointsReason[]): Promise<PointsLedgerRow[]> {
  return db
    .select()
    .from(pointsLedger)
    .where(and(eq(pointsLedger.shopperId, shopperId), eq(pointsLedger.orderId, orderId), inArray(pointsLedger.reason, reasons)))
    .orderBy(pointsLedger.id);
}

export async function listLedger(db: DbOrTx, shopperId: number, page: PageQuery) {
  const where = eq(pointsLedger.shopperId, shopperId);
  const [items, [totals]] = await Promise.all([
    db
      .select()
      .from(pointsLedger)
      .where(where)
      .orderBy(desc(pointsLedger.id))
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize),
    db.select({ total: count() }).from(pointsLedger).where(where),
  ]);
  return { items, total: totals?.total ?? 0 };
}

/** The shopper's lots with points left: the given order's earning first when asked, then oldest expiring (never-expiring last), oldest first. */
export async function openLots(tx: DbOrTx, shopperId: number, orderFirst?: number) {
  const oldestFirst = [sql`${pointsLedger.expiresAt} ASC NULLS LAST`, asc(pointsLedger.id)];
  const first = orderFirst === undefined ? [] : [sql`CASE WHEN ${pointsLedger.orderId} = ${orderFirst} AND ${pointsLedger.reason} = 'earn_order' THEN 0 ELSE 1 END`];
  return tx
    .select({ id: pointsLedger.id, remaining: pointsLedger.remaining, expiresAt: pointsLedger.expiresAt })
    .from(pointsLedger)
    .where(and(eq(pointsLedger.shopperId, shopperId), gt(pointsLedger.remaining, 0)))
    .orderBy(...first, ...oldestFirst);
}

export async function takeFromLot(tx: DbOrTx, lotId: number, take: number): Promise<void> {
  await tx.update(pointsLedger).set({ remaining: sql`${pointsLedger.remaining} - ${take}` }).where(eq(pointsLedger.id, lotId));
}

/** Lots whose points are due to expire at `now`, for one shopper (their account is locked by the caller). */
export async function dueLots(tx: DbOrTx, shopperId: number, now: Date) {
  return tx
    .select({ id: pointsLedger.id, remaining: pointsLedger.remaining, expiresAt: pointsLedger.expiresAt })
    .from(pointsLedger)
    .where(and(eq(pointsLedger.shopperId, shopperId), gt(pointsLedger.remaining, 0), isNotNull(pointsLedger.expiresAt), lte(pointsLedger.expiresAt, now)))
    .orderBy(asc(pointsLedger.expiresAt), asc(pointsLedger.id));
}

/** Shoppers with lots due to expire (a claim is taken per shopper by locking their account). */
export async function shoppersWithDueLots(db: DbOrTx, now: Date, limit: number): Promise<number[]> {
  const rows = await db
    .selectDistinct({ shopperId: pointsLedger.shopperId })
    .from(pointsLedger)
    .where(and(gt(pointsLedger.remaining, 0), isNotNull(pointsLedger.expiresAt), lte(pointsLedger.expiresAt, now)))
    .limit(limit);
  return rows.map((r) => r.shopperId);
}

/** Points earned from orders since `since` (for the per-day cap). */
export async function earnedSince(tx: DbOrTx, shopperId: number, since: Date) {
  return tx
    .select({ delta: pointsLedger.delta, createdAt: pointsLedger.createdAt })
    .from(pointsLedger)
    .where(and(eq(pointsLedger.shopperId, shopperId), eq(pointsLedger.reason, 'earn_order'), gte(pointsLedger.createdAt, since)));
}

/** Points left in lots expiring before `until`, grouped by when they expire. */
export async function expiringBefore(db: DbOrTx, shopperId: number, until: Date) {
  return db
    .select({ expiresAt: pointsLedger.expiresAt, points: sql<number>`sum(${pointsLedger.remaining})`.mapWith(Number) })
    .from(pointsLedger)
    .where(and(eq(pointsLedger.shopperId, shopperId), gt(pointsLedger.remaining, 0), isNotNull(pointsLedger.expiresAt), lte(pointsLedger.expiresAt, until)))
    .groupBy(pointsLedger.expiresAt)
    .orderBy(asc(pointsLedger.expiresAt));
}
