// Withdrawals (提现): available → frozen on request; staff approve or reject. Approval chooses how
// it is paid (the payment provider's transfer, or manual) and the payout runs through
// distribution-payouts.service.ts; paid moves frozen → withdrawn, failed or rejected moves it back
// to available.
import { and, count, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { WithdrawalStatus } from '@mall/contract';
import { recordAudit, type StaffContext } from '../../platform/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db, Tx } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { enqueue } from '../../platform/jobs.ts';
import { yuan, type SettingsService, type ShopperNotifier } from './distribution-deps.ts';
import { lockAccount, moveMoney } from './distribution-ledger.ts';
import type { PayoutGateways, PayoutPayee } from './distribution-payout.ts';
import { createPayoutService, PAYOUT_TOPIC } from './distribution-payouts.service.ts';
import { PAYOUT_FIRST_CHECK_MS, payoutRouteFor } from './distribution-withdrawals.rules.ts';
import { assertMove, lockWithdrawal, tellShopper, toWithdrawalView } from './distribution-withdrawals.shared.ts';
import { findDistributor } from './distribution.repo.ts';
import { distributors, withdrawals } from './distribution.tables.ts';

const OPEN: WithdrawalStatus[] = ['requested', 'approved'];

export function createWithdrawalService(deps: {
  db: Db;
  clock: Clock;
  settings: SettingsService;
  gateways: PayoutGateways;
  notifications: ShopperNotifier;
  log?: { warn(object: object, message: string): void };
}) {
  const { db, clock, settings, gateways, notifications } = deps;
  const payouts = createPayoutService({ db, clock, gateways, notifications, log: deps.log });

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

  /** Approves and chooses the payout route; a provider route is paid through the outbox, with a later check as a safety net. */
  async function approve(ctx: StaffContext, id: number, note = '') {
    return db.transaction(async (tx) => {
      const row = await lockWithdrawal(tx, id);
      assertMove(row, 'approved', 'staff');
      const route = payoutRouteFor((row.payee as unknown as PayoutPayee).channel, gateways.availability());
      const now = clock.now();
      const payoutCheckAt = route === 'manual' ? null : new Date(now.getTime() + PAYOUT_FIRST_CHECK_MS);
      const [updated] = await tx
        .update(withdrawals)
        .set({ status: 'approved', payoutRoute: route, payoutCheckAt, reviewedBy: ctx.actor.username, reviewedAt: now, reviewNote: note, updatedAt: now })
        .where(eq(withdrawals.id, id))
        .returning();
      if (route !== 'manual') await enqueue(tx, clock, { topic: PAYOUT_TOPIC, payload: { withdrawalId: id }, dedupeKey: `${PAYOUT_TOPIC}:${id}` });
      await recordAudit(tx, clock, ctx, { action: 'withdrawal.approve', entityType: 'withdrawal', entityId: id, changes: { status: ['requested', 'approved'], amount: row.amount, route, note } });
      return toWithdrawalView(updated!);
    });
  }

  async function reject(ctx: StaffContext, id: number, note = '') {
    return db.transaction(async (tx) => {
      const row = await lockWithdrawal(tx, id);
      assertMove(row, 'rejected', 'staff');
      const now = clock.now();
      const [updated] = await tx
        .update(withdrawals)
        .set({ status: 'rejected', reviewedBy: ctx.actor.username, reviewedAt: now, reviewNote: note, updatedAt: now })
        .where(eq(withdrawals.id, id))
        .returning();
      await moveMoney(tx, clock, row.shopperId, { frozen: -row.amount, available: row.amount }, { reason: 'withdrawal_rejected', withdrawalId: id, actor: `staff:${ctx.actor.username}` });
      await tellShopper(tx, notifications, row, 'rejected', note);
      await recordAudit(tx, clock, ctx, { action: 'withdrawal.reject', entityType: 'withdrawal', entityId: id, changes: { status: ['requested', 'rejected'], amount: row.amount, note } });
      return toWithdrawalView(updated!);
    });
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

  /** The back office's list: with the distributor's real name, and a flag when the payee is someone else by name. */
  async function listForStaff(filter: { status?: WithdrawalStatus; page: number; pageSize: number }) {
    const where = filter.status ? eq(withdrawals.status, filter.status) : undefined;
    const rows = await db
      .select({ w: withdrawals, realName: distributors.realName })
      .from(withdrawals)
      .leftJoin(distributors, eq(distributors.shopperId, withdrawals.shopperId))
      .where(where)
      .orderBy(desc(withdrawals.id))
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize);
    const [total] = await db.select({ n: count() }).from(withdrawals).where(where);
    const items = rows.map(({ w, realName }) => {
      const view = toWithdrawalView(w);
      return { ...view, distributorName: realName, payeeNameDiffers: realName !== null && view.payee.name.trim() !== realName.trim() };
    });
    return { items, total: Number(total?.n ?? 0), page: filter.page, pageSize: filter.pageSize };
  }

  return { request, approve, reject, list, listForStaff, ...payouts };
}

export type WithdrawalService = ReturnType<typeof createWithdrawalService>;
