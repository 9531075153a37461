// Withdrawals (提现): available → frozen on request; staff approve and the payout runs through the
// payout provider outside any transaction (outbox external handler, idempotent by withdrawal id);
// paid moves frozen → withdrawn, failed or rejected moves it back to available.
import { and, count, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { WithdrawalStatus } from '@mall/contract';
import { recordAudit, type StaffContext } from '../../platform/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db, Tx } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { enqueue, type JobRunner } from '../../platform/jobs.ts';
import { canMove, WITHDRAWAL_TRANSITIONS } from './distribution-commissions.rules.ts';
import { yuan, type SettingsService, type ShopperNotifier, type WithdrawalView } from './distribution-deps.ts';
import { lockAccount, moveMoney } from './distribution-ledger.ts';
import type { PayoutPayee, PayoutProvider } from './distribution-payout.ts';
import { findDistributor } from './distribution.repo.ts';
import { withdrawals } from './distribution.tables.ts';

export const PAYOUT_TOPIC = 'distribution-payout';
const OPEN: WithdrawalStatus[] = ['requested', 'approved'];
type WithdrawalRow = typeof withdrawals.$inferSelect;


export function toWithdrawalView(row: WithdrawalRow): WithdrawalView {
  return {
    id: row.id,
    shopperId: row.shopperId,
    amount: row.amount,
    status: row.status as WithdrawalStatus,
    payee: row.payee as unknown as PayoutPayee,
    payoutRef: row.payoutRef,
    failureReason: row.failureReason,
    reviewNote: row.reviewNote,
    reviewedAt: row.reviewedAt?.toISOString() ?? null,
    paidAt: row.paidAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export function createWithdrawalService(deps: { db: Db; clock: Clock; settings: SettingsService; payouts: PayoutProvider; notifications: ShopperNotifier }) {
  const { db, clock, settings, payouts, notifications } = deps;

  async function tell(tx: Tx, row: WithdrawalRow, status: 'paid' | 'failed' | 'rejected', why = '') {
    const words = {
      paid: ['提现已到账', `您申请的 ¥${yuan(row.amount)} 提现已打款。`],
      failed: ['提现打款失败', `您申请的 ¥${yuan(row.amount)} 提现打款失败${why ? `（${why}）` : ''}，金额已退回可提现余额。`],
      rejected: ['提现申请被驳回', `您申请的 ¥${yuan(row.amount)} 提现被驳回${why ? `：${why}` : ''}，金额已退回可提现余额。`],
    }[status];
    await notifications.notifyShopper(tx, { shopperId: row.shopperId, kind: 'distribution.withdrawal', title: words[0]!, body: words[1]!, data: { withdrawalId: row.id, status }, dedupeKey: `distribution.withdrawal:${row.id}:${status}` });
  }

  async function lockWithdrawal(tx: Tx, id: number) {
    const [row] = await tx.select().from(withdrawals).where(eq(withdrawals.id, id)).for('update');
    if (!row) throw new AppError('WITHDRAWAL_NOT_FOUND', { id });
    return row;
  }

  function assertMove(row: WithdrawalRow, to: WithdrawalStatus) {
    const from = row.status as WithdrawalStatus;
    if (!canMove(WITHDRAWAL_TRANSITIONS, from, to)) throw new AppError('WITHDRAWAL_STATUS_INVALID', { from, to });
  }

  /** In the caller's (idempotent) transaction. The account row lock serialises a shopper's requests. */
  async function request(tx: Tx, shopperId: number, input: { amount: number; payee: PayoutPayee }) {
    const distributor = await findDistributor(tx, shopperId);
    if (distributor?.status !== 'approved') throw new AppError('DISTRIBUTOR_NOT_APPROVED');
    const { minWithdrawal } = (await settings.get(tx)).distributors;
    if (input.amount < minWithdrawal) throw new AppError('WITHDRAWAL_BELOW_MINIMUM', { minimum: yuan(minWithdrawal) }, [{ path: 'amount', message: 'below the minimum' }]);
    const balances = await lockAccount(tx, clock, shopperId);
    const [open] = await tx.select({ n: count() }).from(withdrawals).where(and(eq(withdrawals.shopperId, shopperId), inArray(withdrawals.status, OPEN)));
    if (Number(open?.n ?? 0) > 0) throw new AppError('WITHDRAWAL_OPEN_EXISTS');
    if (input.amount > balances.available) throw new AppError('WITHDRAWAL_EXCEEDS_AVAILABLE', { available: yuan(balances.available) });
    const now = clock.now();
    const [row] = await tx.insert(withdrawals).values({ shopperId, amount: input.amount, status: 'requested', payee: { ...input.payee }, createdAt: now, updatedAt: now }).returning();
    await moveMoney(tx, clock, shopperId, { available: -input.amount, frozen: input.amount }, { reason: 'withdrawal_requested', withdrawalId: row!.id, actor: 'shopper' });
    return toWithdrawalView(row!);
  }

  async function approve(ctx: StaffContext, id: number, note = '') {
    return db.transaction(async (tx) => {
      const row = await lockWithdrawal(tx, id);
      assertMove(row, 'approved');
      const now = clock.now();
      const [updated] = await tx
        .update(withdrawals)
        .set({ status: 'approved', reviewedBy: ctx.actor.username, reviewedAt: now, reviewNote: note, updatedAt: now })
        .where(eq(withdrawals.id, id))
        .returning();
      await enqueue(tx, clock, { topic: PAYOUT_TOPIC, payload: { withdrawalId: id }, dedupeKey: `${PAYOUT_TOPIC}:${id}` });
      await recordAudit(tx, clock, ctx, { action: 'withdrawal.approve', entityType: 'withdrawal', entityId: id, changes: { status: ['requested', 'approved'], amount: row.amount, note } });
      return toWithdrawalView(updated!);
    });
  }

  async function reject(ctx: StaffContext, id: number, note = '') {
    return db.transaction(async (tx) => {
      const row = await lockWithdrawal(tx, id);
      assertMove(row, 'rejected');
      const now = clock.now();
      const [updated] = await tx
        .update(withdrawals)
        .set({ status: 'rejected', reviewedBy: ctx.actor.username, reviewedAt: now, reviewNote: note, updatedAt: now })
        .where(eq(withdrawals.id, id))
        .returning();
      await moveMoney(tx, clock, row.shopperId, { frozen: -row.amount, available: row.amount }, { reason: 'withdrawal_rejected', withdrawalId: id, actor: `staff:${ctx.actor.username}` });
      await tell(tx, row, 'rejected', note);
      await recordAudit(tx, clock, ctx, { action: 'withdrawal.reject', entityType: 'withdrawal', entityId: id, changes: { status: ['requested', 'rejected'], amount: row.amount, note } });
      return toWithdrawalView(updated!);
    });
  }

  /** The outbox's external handler: calls the provider (no transaction open), then records the outcome once. */
  async function runPayout(payload: unknown) {
    const id = Number((payload as { withdrawalId?: unknown }).withdrawalId);
    const [row] = await db.select().from(withdrawals).where(eq(withdrawals.id, id));
    if (!row || row.status !== 'approved') return;
    const outcome = await payouts.payout({ payoutNo: `WD${row.id}`, amount: row.amount, payee: row.payee as unknown as PayoutPayee });
    await db.transaction(async (tx) => {
      const current = await lockWithdrawal(tx, id);
      if (current.status !== 'approved') return;
      const now = clock.now();
      if (outcome.status === 'succeeded') {
        await tx.update(withdrawals).set({ status: 'paid', payoutRef: outcome.payoutRef ?? null, paidAt: now, updatedAt: now }).where(eq(withdrawals.id, id));
        await moveMoney(tx, clock, row.shopperId, { frozen: -row.amount, withdrawn: row.amount }, { reason: 'withdrawal_paid', withdrawalId: id, actor: 'system' });
        await tell(tx, row, 'paid');
      } else {
        await tx.update(withdrawals).set({ status: 'failed', failureReason: outcome.reason ?? 'payout failed', updatedAt: now }).where(eq(withdrawals.id, id));
        await moveMoney(tx, clock, row.shopperId, { frozen: -row.amount, available: row.amount }, { reason: 'withdrawal_failed', withdrawalId: id, actor: 'system' });
        await tell(tx, row, 'failed', outcome.reason);
      }
    });
  }

  function registerJobs(jobs: Pick<JobRunner, 'handleExternal'>) {
    jobs.handleExternal(PAYOUT_TOPIC, (payload) => runPayout(payload));
  }

  async function list(filter: { shopperId?: number; status?: WithdrawalStatus; page: number; pageSize: number }) {
    const conditions: SQL[] = [];
    if (filter.shopperId) conditions.push(eq(withdrawals.shopperId, filter.shopperId));
    if (filter.status) conditions.push(eq(withdrawals.status, filter.status));
    const where = conditions.length ? and(...conditions) : undefined;
    const rows = await db.select().from(withdrawals).where(where).orderBy(desc(withdrawals.id)).limit(filter.pageSize).offset((filter.page - 1) * filter.pageSize);
    const [total] = await db.select({ n: count() }).from(withdrawals).where(where);
    return { items: rows.map(toWithdrawalView), total: Number(total?.n ?? 0), page: filter.page, pageSize: filter.pageSize };
  }

  return { request, approve, reject, runPayout, registerJobs, list };
}

export type WithdrawalService = ReturnType<typeof createWithdrawalService>;
