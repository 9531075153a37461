// Paying approved withdrawals out (提现打款). A provider route (sandbox, Alipay) transfers through
// the payment provider outside any transaction (outbox external handler, idempotent by the
// withdrawal's transfer number WD<id>); an answer still being processed is asked about again
// by a sweeper that claims due rows with SKIP LOCKED. The manual route waits for staff to record
// what they paid themselves (标记已打款) or that it failed (打款失败).
import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import type { PayoutRoute } from '@mall/contract';
import { recordAudit, type StaffContext } from '../../platform/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db.ts';
import type { JobRunner } from '../../platform/jobs.ts';
import type { TransferOutcome } from '../payments/index.ts';
import type { ShopperNotifier } from './distribution-deps.ts';
import { PROVIDER_ROUTES, type PayoutGateway, type PayoutGateways, type PayoutPayee, type ProviderRoute } from './distribution-payout.ts';
import { nextPayoutCheck, payoutRouteFor } from './distribution-withdrawals.rules.ts';
import { finishPayout, lockWithdrawal, toWithdrawalView, type WithdrawalRow } from './distribution-withdrawals.shared.ts';
import { withdrawals } from './distribution.tables.ts';

export const PAYOUT_TOPIC = 'distribution-payout';
/** How long a claimed payout check is left to one instance before another may take it over. */
const CHECK_LEASE_MS = 5 * 60_000;
const CHECK_BATCH = 20;

interface Log {
  warn(object: object, message: string): void;
}

export const transferNoOf = (withdrawalId: number) => `WD${withdrawalId}`;

function transferInput(row: WithdrawalRow) {
  const payee = row.payee as unknown as PayoutPayee;
  return { transferNo: transferNoOf(row.id), amount: row.amount, payee: { account: payee.account, name: payee.name }, remark: '分销佣金提现' };
}

export function createPayoutService(deps: { db: Db; clock: Clock; gateways: PayoutGateways; notifications: ShopperNotifier; log?: Log }) {
  const { db, clock, gateways, notifications } = deps;

  /** Records a provider's answer once, on a withdrawal still approved; an unfinished one is asked about later. */
  async function record(id: number, outcome: TransferOutcome) {
    await db.transaction(async (tx) => {
      const current = await lockWithdrawal(tx, id);
      if (current.status !== 'approved') return;
      if (outcome.status === 'pending') {
        const set = { payoutCheckAt: nextPayoutCheck(clock.now(), current.payoutChecks), updatedAt: clock.now() };
        await tx.update(withdrawals).set(outcome.providerRef ? { ...set, payoutRef: outcome.providerRef } : set).where(eq(withdrawals.id, id));
        return;
      }
      const result = outcome.status === 'succeeded' ? { status: 'paid' as const, reference: outcome.providerRef } : { status: 'failed' as const, reason: outcome.reason, reference: outcome.providerRef };
      await finishPayout(tx, { clock, notifications }, current, result, { actor: 'provider' });
    });
  }

  /** The route of an approved withdrawal (approved before routes were recorded: chosen now, once). */
  async function routeOf(row: WithdrawalRow): Promise<PayoutRoute> {
    if (row.payoutRoute) return row.payoutRoute as PayoutRoute;
    const route = payoutRouteFor((row.payee as unknown as PayoutPayee).channel, gateways.availability());
    await db.update(withdrawals).set({ payoutRoute: route, updatedAt: clock.now() }).where(and(eq(withdrawals.id, row.id), eq(withdrawals.status, 'approved')));
    return route;
  }

  function gatewayOf(route: ProviderRoute): PayoutGateway {
    const gateway = gateways.gatewayFor(route);
    if (!gateway) throw new Error(`payout provider ${route} is not configured on this instance`);
    return gateway;
  }

  /** The outbox's external handler: transfers (no transaction open), then records the answer once. */
  async function runPayout(payload: unknown) {
    const id = Number((payload as { withdrawalId?: unknown }).withdrawalId);
    const [row] = await db.select().from(withdrawals).where(eq(withdrawals.id, id));
    if (!row || row.status !== 'approved') return;
    const route = await routeOf(row);
    if (route === 'manual') return;
    await record(id, await gatewayOf(route).transfer(transferInput(row)));
  }

  /** Claims approved provider payouts whose check is due (SKIP LOCKED, leased), then asks their provider. */
  async function pollDuePayouts(): Promise<number> {
    const routes = PROVIDER_ROUTES.filter((route) => gateways.gatewayFor(route));
    if (routes.length === 0) return 0;
    const now = clock.now();
    const claimed = await db.transaction(async (tx) => {
      const due = await tx
        .select()
        .from(withdrawals)
        .where(and(eq(withdrawals.status, 'approved'), inArray(withdrawals.payoutRoute, routes), lte(withdrawals.payoutCheckAt, now)))
        .orderBy(asc(withdrawals.payoutCheckAt))
        .limit(CHECK_BATCH)
        .for('update', { skipLocked: true });
      for (const row of due) {
        await tx.update(withdrawals).set({ payoutCheckAt: new Date(now.getTime() + CHECK_LEASE_MS), payoutChecks: row.payoutChecks + 1 }).where(eq(withdrawals.id, row.id));
      }
      return due;
    });
    for (const row of claimed) {
      try {
        await record(row.id, await askAgain(gatewayOf(row.payoutRoute as ProviderRoute), row));
      } catch (error) {
        // Left leased: it is asked again when the lease runs out.
        deps.log?.warn({ err: error, withdrawalId: row.id }, 'payout check failed');
      }
    }
    return claimed.length;
  }

  /** Asks where a transfer stands; one the gateway never received is sent again (same number, so never twice). */
  async function askAgain(gateway: PayoutGateway, row: WithdrawalRow): Promise<TransferOutcome> {
    const known = gateway.queryTransfer ? await gateway.queryTransfer({ transferNo: transferNoOf(row.id) }) : { status: 'not_found' as const };
    return known.status === 'not_found' ? gateway.transfer(transferInput(row)) : known;
  }

  /** 标记已打款: staff paid a manual withdrawal themselves; the reference is their bank or transfer reference. */
  async function markPaid(ctx: StaffContext, id: number, input: { reference: string; note?: string }) {
    return db.transaction(async (tx) => {
      const row = await lockWithdrawal(tx, id);
      const updated = await finishPayout(tx, { clock, notifications }, row, { status: 'paid', reference: input.reference }, { actor: 'staff', staff: ctx.actor.username });
      await recordAudit(tx, clock, ctx, { action: 'withdrawal.mark_paid', entityType: 'withdrawal', entityId: id, changes: { status: ['approved', 'paid'], amount: row.amount, reference: input.reference, note: input.note ?? '' } });
      return toWithdrawalView(updated);
    });
  }

  /** 打款失败: a manual payout did not go through; the money returns to available. */
  async function markFailed(ctx: StaffContext, id: number, input: { reason: string }) {
    return db.transaction(async (tx) => {
      const row = await lockWithdrawal(tx, id);
      const updated = await finishPayout(tx, { clock, notifications }, row, { status: 'failed', reason: input.reason }, { actor: 'staff', staff: ctx.actor.username });
      await recordAudit(tx, clock, ctx, { action: 'withdrawal.mark_failed', entityType: 'withdrawal', entityId: id, changes: { status: ['approved', 'failed'], amount: row.amount, reason: input.reason } });
      return toWithdrawalView(updated);
    });
  }

  function registerJobs(jobs: Pick<JobRunner, 'handleExternal'>) {
    jobs.handleExternal(PAYOUT_TOPIC, (payload) => runPayout(payload));
  }

  return { runPayout, pollDuePayouts, markPaid, markFailed, registerJobs };
}

export type PayoutService = ReturnType<typeof createPayoutService>;
