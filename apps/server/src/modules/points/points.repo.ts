// Queries of points accounts and the points ledger. Decides nothing.
import { and, count, desc, eq, gte, inArray, sql } from 'drizzle-orm';
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
