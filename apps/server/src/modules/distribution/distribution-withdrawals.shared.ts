// What the withdrawal use cases share: the view, the row lock, the move check, the final
// outcome of a payout (with its ledger rows and the shopper's message).
import { eq } from 'drizzle-orm';
import type { PayoutRoute, WithdrawalStatus } from '@mall/contract';
import type { Clock } from '../../platform/clock.ts';
import type { Tx } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { yuan, type ShopperNotifier, type WithdrawalView } from './distribution-deps.ts';
import { moveMoney } from './distribution-ledger.ts';
import type { PayoutPayee } from './distribution-payout.ts';
import { withdrawalMoveRefusal, type WithdrawalActor } from './distribution-withdrawals.rules.ts';
import { withdrawals } from './distribution.tables.ts';

export type WithdrawalRow = typeof withdrawals.$inferSelect;

export function toWithdrawalView(row: WithdrawalRow): WithdrawalView {
  return {
    id: row.id,
    shopperId: row.shopperId,
    amount: row.amount,
    status: row.status as WithdrawalStatus,
    payee: row.payee as unknown as PayoutPayee,
    payoutRef: row.payoutRef,
    payoutRoute: row.payoutRoute as PayoutRoute | null,
    payoutBy: row.payoutBy,
    failureReason: row.failureReason,
    reviewNote: row.reviewNote,
    reviewedAt: row.reviewedAt?.toISOString() ?? null,
    paidAt: row.paidAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function lockWithdrawal(tx: Tx, id: number): Promise<WithdrawalRow> {
  const [row] = await tx.select().from(withdrawals).where(eq(withdrawals.id, id)).for('update');
  if (!row) throw new AppError('WITHDRAWAL_NOT_FOUND', { id });
  return row;
}

/** Throws unless `by` may move this withdrawal to `to` (by its transition table). */
export function assertMove(row: WithdrawalRow, to: WithdrawalStatus, by: WithdrawalActor) {
  const from = row.status as WithdrawalStatus;
  const route = row.payoutRoute as PayoutRoute | null;
  const refusal = withdrawalMoveRefusal(from, to, by, route);
  if (refusal === 'status') throw new AppError('WITHDRAWAL_STATUS_INVALID', { from, to });
  if (refusal === 'actor') throw new AppError('WITHDRAWAL_NOT_MANUAL', { id: row.id, route: route ?? '-' });
}

export async function tellShopper(tx: Tx, notifications: ShopperNotifier, row: WithdrawalRow, status: 'paid' | 'failed' | 'rejected', why = '') {
  const words = {
    paid: ['提现已到账', `您申请的 ¥${yuan(row.amount)} 提现已打款。`],
    failed: ['提现打款失败', `您申请的 ¥${yuan(row.amount)} 提现打款失败${why ? `（${why}）` : ''}，金额已退回可提现余额。`],
    rejected: ['提现申请被驳回', `您申请的 ¥${yuan(row.amount)} 提现被驳回${why ? `：${why}` : ''}，金额已退回可提现余额。`],
  }[status];
  await notifications.notifyShopper(tx, { shopperId: row.shopperId, kind: 'distribution.withdrawal', title: words[0]!, body: words[1]!, data: { withdrawalId: row.id, status }, dedupeKey: `distribution.withdrawal:${row.id}:${status}` });
}

export type PayoutResult = { status: 'paid'; reference: string } | { status: 'failed'; reason: string; reference?: string };

/**
 * Records a payout's final outcome on a locked, approved withdrawal: paid moves frozen → withdrawn,
 * failed returns frozen → available; both are ledger rows, and the shopper is told.
 */
export async function finishPayout(
  tx: Tx,
  deps: { clock: Clock; notifications: ShopperNotifier },
  row: WithdrawalRow,
  result: PayoutResult,
  by: { actor: WithdrawalActor; staff?: string },
): Promise<WithdrawalRow> {
  assertMove(row, result.status, by.actor);
  const now = deps.clock.now();
  const common = { payoutCheckAt: null, payoutBy: by.staff ?? null, updatedAt: now };
  const ledgerActor = by.staff ? `staff:${by.staff}` : 'system';
  if (result.status === 'paid') {
    const [updated] = await tx.update(withdrawals).set({ ...common, status: 'paid', payoutRef: result.reference, paidAt: now }).where(eq(withdrawals.id, row.id)).returning();
    await moveMoney(tx, deps.clock, row.shopperId, { frozen: -row.amount, withdrawn: row.amount }, { reason: 'withdrawal_paid', withdrawalId: row.id, actor: ledgerActor });
    await tellShopper(tx, deps.notifications, row, 'paid');
    return updated!;
  }
  const [updated] = await tx
    .update(withdrawals)
    .set({ ...common, status: 'failed', failureReason: result.reason, payoutRef: result.reference ?? row.payoutRef })
    .where(eq(withdrawals.id, row.id))
    .returning();
  await moveMoney(tx, deps.clock, row.shopperId, { frozen: -row.amount, available: row.amount }, { reason: 'withdrawal_failed', withdrawalId: row.id, actor: ledgerActor });
  await tellShopper(tx, deps.notifications, row, 'failed', result.reason);
  return updated!;
}
