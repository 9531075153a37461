// Outbox handlers of payments (refund, capture, void execution; sandbox notice delivery) and
// the sweeper that asks gateways about pending payments near expiry and closes expired ones.
import { z } from 'zod';
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db.ts';
import type { JobRunner } from '../../platform/jobs.ts';
import type { NotificationService } from '../notifications/index.ts';
import { SANDBOX_NOTICE_TOPIC, SANDBOX_SIGNATURE_HEADER, type SandboxGateway } from './providers/index.ts';
import { CAPTURE_TOPIC, REFUND_TOPIC, VOID_TOPIC, type PaymentService } from './payments.service.ts';
import { CLOSE_GRACE_MS, OPERATION_MAX_ATTEMPTS, QUERY_BEFORE_EXPIRY_MS, QUERY_EVERY_MS } from './payments.rules.ts';
import * as repo from './payments.repo.ts';

export interface PaymentJobDeps {
  db: Db;
  clock: Clock;
  log: FastifyBaseLogger;
  notifications: NotificationService;
  payments: PaymentService;
  sandbox: SandboxGateway | null;
}

const refundPayload = z.object({ refundId: z.number().int().positive() });
const paymentPayload = z.object({ paymentId: z.number().int().positive() });
const noticePayload = z.object({ rawBody: z.string(), signature: z.string() });

/**
 * Registers the outbox handlers and the expiry sweeper of payments on the job runner. Gateway
 * calls (refund, capture, void) run outside any transaction, as external work: the gateway is
 * asked first, then its answer is recorded in a short transaction of its own. A repeat after a
 * crash is harmless: gateways deduplicate on the refund/payment number, and the outcome is
 * applied by compare-and-set.
 */
export function registerPaymentJobs(jobs: Pick<JobRunner, 'handle' | 'handleExternal' | 'addSweeper'>, deps: PaymentJobDeps) {
  const { payments } = deps;
  const lastAttempt = (meta: { attempts: number }) => meta.attempts + 1 >= OPERATION_MAX_ATTEMPTS;

  jobs.handleExternal(REFUND_TOPIC, async (payload, meta) => {
    await executeRefund(deps, refundPayload.parse(payload).refundId, lastAttempt(meta));
  });
  for (const op of ['capture', 'void'] as const) {
    jobs.handleExternal(op === 'capture' ? CAPTURE_TOPIC : VOID_TOPIC, async (payload, meta) => {
      await finishAuthorization(deps, op, paymentPayload.parse(payload).paymentId, lastAttempt(meta));
    });
  }

  if (deps.sandbox) {
    // The sandbox gateway calling the shop's notify URL: the same path as any gateway's notice.
    jobs.handle(SANDBOX_NOTICE_TOPIC, async (tx, payload) => {
      const notice = noticePayload.parse(payload);
      const headers = { 'content-type': 'application/json', [SANDBOX_SIGNATURE_HEADER]: notice.signature };
      const ack = await payments.handleNotice('sandbox', { headers, rawBody: notice.rawBody }, tx);
      if (ack.status !== 200 || ack.body !== 'success') throw new Error('the shop did not acknowledge the notice');
    });
  }

  jobs.addSweeper({ name: 'payments-expiry', everyMs: 30_000, run: () => sweepPending(deps) });
}

/** Asks the gateway for a refund, then records its answer; a refusal is retried until the last attempt. */
async function executeRefund(deps: PaymentJobDeps, refundId: number, last: boolean) {
  const { db, clock } = deps;
  const { applier, providerOf } = deps.payments.internals;
  const before = await repo.findRefundById(db, refundId);
  if (!before || before.status !== 'pending') return;
  const payment = (await repo.findPaymentById(db, before.paymentId))!;
  const answer = await ask(() =>
    providerOf(payment.provider).refund({
      paymentNo: payment.paymentNo,
      providerTxnId: payment.providerTxnId!,
      refundNo: before.refundNo,
      amount: before.amount,
      totalAmount: payment.amount,
      reason: before.reason,
    }),
  );
  await db.transaction(async (tx) => {
    const locked = (await repo.lockPaymentById(tx, payment.id))!;
    const refund = (await repo.lockRefundById(tx, refundId))!;
    if (refund.status !== 'pending') return;
    if (answer.status === 'succeeded') {
      await applier.applyRefundOutcome(tx, locked, refund, { status: 'succeeded', providerRefundId: answer.providerRefundId });
    } else if (answer.status === 'pending') {
      // Accepted; the outcome comes by a refund notice.
      if (answer.providerRefundId) await repo.updateRefund(tx, refund.id, { providerRefundId: answer.providerRefundId, updatedAt: clock.now() });
    } else if (last) {
      await applier.applyRefundOutcome(tx, locked, refund, { status: 'failed', failureReason: failureReason(answer.error) });
    } else {
      throw new Error(`refund ${refund.refundNo} not accepted yet${answer.error ? `: ${errorText(answer.error)}` : ''}`);
    }
  });
}

/** Asks the gateway to capture or void an authorisation, then records its answer. */
async function finishAuthorization(deps: PaymentJobDeps, op: 'capture' | 'void', paymentId: number, last: boolean) {
  const { db, clock } = deps;
  const { applier, providerOf } = deps.payments.internals;
  const before = await repo.findPaymentById(db, paymentId);
  if (!before || before.status !== 'authorized' || before.pendingOperation !== op) return;
  const input = { paymentNo: before.paymentNo, providerTxnId: before.providerTxnId!, amount: before.amount };
  const answer = await ask(async () => {
    const provider = providerOf(before.provider);
    const call = op === 'capture' ? provider.capture?.bind(provider) : provider.void?.bind(provider);
    return call ? call(input) : { status: 'failed' as const };
  });
  await db.transaction(async (tx) => {
    const payment = await repo.lockPaymentById(tx, paymentId);
    if (!payment || payment.status !== 'authorized' || payment.pendingOperation !== op) return;
    const now = clock.now();
    if (answer.status === 'succeeded' && op === 'capture') {
      await applier.applyPaymentOutcome(tx, payment, { status: 'succeeded', amount: payment.amount, providerTxnId: payment.providerTxnId! });
    } else if (answer.status === 'succeeded') {
      await repo.updatePaymentIf(tx, payment.id, 'authorized', { status: 'closed', pendingOperation: null, closedAt: now, closeReason: 'voided', updatedAt: now });
    } else if (last) {
      await repo.updatePayment(tx, payment.id, { pendingOperation: null, updatedAt: now });
      await deps.notifications.notifyStaff(tx, {
        kind: `payment_${op}_failed`,
        permission: 'orders.manage',
        titleZh: `${op === 'capture' ? '预授权扣款' : '预授权撤销'}失败：支付单 ${payment.paymentNo}，请人工处理`,
        titleEn: `${op === 'capture' ? 'Capture' : 'Void'} failed for payment ${payment.paymentNo}; please handle it by hand`,
        data: { paymentId: payment.id, paymentNo: payment.paymentNo, refType: payment.refType, refId: payment.refId, reason: failureReason(answer.error) },
      });
    } else {
      throw new Error(`${op} of ${payment.paymentNo} not accepted yet${answer.error ? `: ${errorText(answer.error)}` : ''}`);
    }
  });
}

/** A gateway call; a thrown error (network, gateway down) counts as a refusal worth retrying. */
async function ask<T extends { status: string }>(call: () => Promise<T>): Promise<(T & { error?: undefined }) | { status: 'failed'; error: unknown }> {
  try {
    return await call();
  } catch (error) {
    return { status: 'failed', error };
  }
}

const errorText = (error: unknown) => String((error as Error)?.message ?? error).slice(0, 200);
const failureReason = (error: unknown) => (error ? `gateway error: ${errorText(error)}` : 'refused by the gateway');

/**
 * Pending payments near (or past) expiry: asks the gateway (a lost notice must not lose a
 * payment; what the gateway reports paid is applied like a notice), and closes those expired
 * beyond the grace period. Claimed with SKIP LOCKED, so instances share the work.
 */
export async function sweepPending(deps: PaymentJobDeps): Promise<number> {
  const { db, clock, log, payments } = deps;
  const { applier, providerOf } = payments.internals;
  const now = clock.now();
  const claimed = await db.transaction((tx) =>
    repo.claimPendingForQuery(tx, {
      expiringBefore: new Date(now.getTime() + QUERY_BEFORE_EXPIRY_MS),
      queriedBefore: new Date(now.getTime() - QUERY_EVERY_MS),
      now,
      limit: 100,
    }),
  );
  let moved = 0;
  for (const candidate of claimed) {
    let answer: Awaited<ReturnType<ReturnType<typeof providerOf>['query']>> | undefined;
    try {
      answer = await providerOf(candidate.provider).query({ paymentNo: candidate.paymentNo });
    } catch (error) {
      log.warn({ err: error, paymentNo: candidate.paymentNo }, 'payment query failed');
    }
    try {
      const result = await db.transaction(async (tx) => {
        const payment = await repo.lockPaymentById(tx, candidate.id);
        if (!payment || payment.status !== 'pending') return 'ignored';
        const paid = answer && (answer.status === 'succeeded' || answer.status === 'authorized') && answer.providerTxnId;
        if (paid && answer!.amount === payment.amount) {
          return applier.applyPaymentOutcome(tx, payment, { status: answer!.status as 'succeeded' | 'authorized', amount: payment.amount, providerTxnId: answer!.providerTxnId! });
        }
        if (paid) log.error({ paymentNo: payment.paymentNo, amount: answer!.amount, expected: payment.amount }, 'gateway reports a different amount; not applied');
        if (payment.expiresAt.getTime() + CLOSE_GRACE_MS > now.getTime()) return 'ignored';
        await repo.updatePaymentIf(tx, payment.id, 'pending', { status: 'closed', closedAt: now, closeReason: 'expired', updatedAt: now });
        return 'applied';
      });
      if (result === 'applied') moved++;
    } catch (error) {
      log.error({ err: error, paymentNo: candidate.paymentNo }, 'pending payment not settled');
    }
  }
  return moved;
}
