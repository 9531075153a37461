// Distributor money: every change of a bucket is a ledger row in the same transaction, and the
// account row is locked while it changes, so buckets always equal the sum of their ledger rows.
import { eq } from 'drizzle-orm';
import type { Clock } from '../../platform/clock.ts';
import type { DbOrTx, Tx } from '../../platform/db.ts';
import { distributorAccounts, distributorLedger } from './distribution.tables.ts';

export type Bucket = 'pending' | 'available' | 'frozen' | 'withdrawn';
export type LedgerReason =
  | 'commission_earned'
  | 'commission_settled'
  | 'commission_clawed_back'
  | 'withdrawal_requested'
  | 'withdrawal_paid'
  | 'withdrawal_rejected'
  | 'withdrawal_failed';

export interface Balances {
  pending: number;
  available: number;
  frozen: number;
  withdrawn: number;
}

export const ZERO_BALANCES: Balances = { pending: 0, available: 0, frozen: 0, withdrawn: 0 };

/** Locks (creating if needed) a distributor's account row for this transaction. */
export async function lockAccount(tx: Tx, clock: Clock, shopperId: number): Promise<Balances> {
  await tx.insert(distributorAccounts).values({ shopperId, updatedAt: clock.now() }).onConflictDoNothing();
  const [row] = await tx.select().from(distributorAccounts).where(eq(distributorAccounts.shopperId, shopperId)).for('update');
  return { pending: row!.pending, available: row!.available, frozen: row!.frozen, withdrawn: row!.withdrawn };
}

export async function balancesOf(db: DbOrTx, shopperId: number): Promise<Balances> {
  const [row] = await db.select().from(distributorAccounts).where(eq(distributorAccounts.shopperId, shopperId));
  return row ? { pending: row.pending, available: row.available, frozen: row.frozen, withdrawn: row.withdrawn } : { ...ZERO_BALANCES };
}

/**
 * Moves money between buckets (deltas may be negative) with one ledger row per bucket touched.
 * The database refuses a bucket below zero (check constraint), so callers clamp first.
 */
export async function moveMoney(
  tx: Tx,
  clock: Clock,
  shopperId: number,
  deltas: Partial<Balances>,
  meta: { reason: LedgerReason; commissionId?: number; withdrawalId?: number; actor: string },
): Promise<Balances> {
  const current = await lockAccount(tx, clock, shopperId);
  const next = { ...current };
  const now = clock.now();
  const rows = [];
  for (const bucket of ['pending', 'available', 'frozen', 'withdrawn'] as const) {
    const delta = deltas[bucket] ?? 0;
    if (delta === 0) continue;
    next[bucket] += delta;
    rows.push({ shopperId, bucket, delta, balanceAfter: next[bucket], reason: meta.reason, commissionId: meta.commissionId ?? null, withdrawalId: meta.withdrawalId ?? null, actor: meta.actor, createdAt: now });
  }
  if (rows.length === 0) return current;
  await tx.update(distributorAccounts).set({ ...next, updatedAt: now }).where(eq(distributorAccounts.shopperId, shopperId));
  await tx.insert(distributorLedger).values(rows);
  return next;
}
