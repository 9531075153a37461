// Payments: starting a payment, sending the shopper to the gateway, recording its verified
// notices exactly once, and refunds, captures and voids through the outbox.
import type { FastifyBaseLogger } from 'fastify';
import { MAX_PAYMENT_AMOUNT, formatMinorUnits, type PaymentStage, type PaymentStatus } from '@mall/contract';
import type { Clock } from '../../platform/clock.ts';
import { pgConstraint, pgErrorCode, PG_UNIQUE_VIOLATION, type Db, type Tx } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { enqueue } from '../../platform/jobs.ts';
import type { NotificationService } from '../notifications/index.ts';
import type { PaymentProvider, PaymentProviders, ProviderName } from './provider.ts';
import { createPaymentApplier } from './payments.apply.ts';
import { createPaymentViews } from './payments.views.ts';
import { assertRefundable, newPaymentNo, newRefundNo } from './payments.rules.ts';
import * as repo from './payments.repo.ts';
import { notifyUrlFor } from './providers/index.ts';
import { createNoticeHandling } from './payments-notices.ts';

export const REFUND_TOPIC = 'payments.refund.execute';
export const CAPTURE_TOPIC = 'payments.capture.execute';
export const VOID_TOPIC = 'payments.void.execute';

export interface PaymentDeps {
  db: Db;
  clock: Clock;
  log: FastifyBaseLogger;
  notifications: NotificationService;
  providers: PaymentProviders;
  /** Base of the notify and return URLs handed to gateways. */
  publicBaseUrl: string;
}

export interface StartPaymentInput {
  refType: string;
  refId: string;
  stage: PaymentStage;
  amount: number;
  currency: 'CNY';
  subject: string;
  shopperId: number;
  provider: ProviderName;
  capture?: 'auto' | 'manual';
  expiresAt: Date;
}

export interface RefundInput {
  paymentId: number;
  amount: number;
  reason: string;
  refType: string;
  refId: string;
  requestedBy: string;
}

const PAYMENT = { zh: '支付单', en: 'Payment' };
const invalidInput = (path: string, message: string) => new AppError('VALIDATION_FAILED', { detail: message }, [{ path, message }]);

function cleanText(value: string, path: string, max: number): string {
  const text = value.trim();
  if (text.length === 0 || text.length > max || text.includes('\u0000')) throw invalidInput(path, `must be 1 to ${max} characters`);
  return text;
}

export function createPaymentService(deps: PaymentDeps) {
  const { db, clock, providers } = deps;
  const applier = createPaymentApplier(deps);
  const views = createPaymentViews(deps);
  const notices = createNoticeHandling(deps, applier);

  function providerOf(name: ProviderName): PaymentProvider {
    const provider = providers.get(name);
    if (!provider) throw new AppError('PAYMENT_PROVIDER_UNAVAILABLE', { provider: name });
    return provider;
  }

  function checkStart(input: StartPaymentInput): { provider: PaymentProvider; capture: 'auto' | 'manual' } {
    const provider = providerOf(input.provider);
    const capture = input.capture ?? 'auto';
    if (capture === 'manual' && !provider.supportsAuthorize) throw new AppError('PAYMENT_CAPTURE_UNSUPPORTED', { provider: input.provider });
    if (!Number.isSafeInteger(input.amount) || input.amount <= 0 || input.amount > MAX_PAYMENT_AMOUNT) {
      throw new AppError('PAYMENT_AMOUNT_INVALID', { max: formatMinorUnits(MAX_PAYMENT_AMOUNT) });
    }
    if (input.currency !== 'CNY') throw invalidInput('currency', 'only CNY is accepted');
    if (!(input.expiresAt instanceof Date) || Number.isNaN(input.expiresAt.getTime()) || input.expiresAt <= clock.now()) {
      throw invalidInput('expiresAt', 'must be in the future');
    }
    return { provider, capture };
  }

  /**
   * Records a payment (pending) in the caller's transaction. An open payment of the same
   * reference, stage, provider, amount and capture mode is returned instead (a repeated start is
   * harmless); other open ones of that stage are closed as replaced. A stage already paid is refused.
   */
  async function start(tx: Tx, input: StartPaymentInput): Promise<{ paymentId: number; paymentNo: string; status: PaymentStatus }> {
    const { capture } = checkStart(input);
    const refType = cleanText(input.refType, 'refType', 64);
    const refId = cleanText(input.refId, 'refId', 64);
    const subject = cleanText(input.subject, 'subject', 256).slice(0, 128);
    const now = clock.now();
    const existing = await repo.lockPaymentsOfStage(tx, refType, refId, input.stage);
    if (existing.some((p) => p.status === 'succeeded' || p.status === 'authorized')) throw new AppError('PAYMENT_ALREADY_PAID');
    for (const p of existing.filter((e) => e.status === 'pending')) {
      const reusable = p.provider === input.provider && p.amount === input.amount && p.captureMode === capture && p.expiresAt > now;
      if (reusable) return { paymentId: p.id, paymentNo: p.paymentNo, status: p.status };
      await repo.updatePaymentIf(tx, p.id, 'pending', { status: 'closed', closedAt: now, closeReason: 'replaced by a new payment', updatedAt: now });
    }
    try {
      const row = await repo.insertPayment(tx, {
        paymentNo: newPaymentNo(now),
        refType,
        refId,
        stage: input.stage,
        shopperId: input.shopperId,
        provider: input.provider,
        captureMode: capture,
        subject,
        amount: input.amount,
        currency: 'CNY',
        status: 'pending',
        expiresAt: input.expiresAt,
        createdAt: now,
        updatedAt: now,
      });
      return { paymentId: row.id, paymentNo: row.paymentNo, status: row.status };
    } catch (error) {
      // Another start for the same reference committed first.
      if (pgErrorCode(error) === PG_UNIQUE_VIOLATION && pgConstraint(error) === 'payments_open_uq') throw new AppError('CONFLICT');
      throw error;
    }
  }

  function resolveReturnUrl(paymentNo: string, returnUrl: string | undefined): string {
    const base = new URL(deps.publicBaseUrl);
    if (!returnUrl) return `${base.origin}/?paymentNo=${encodeURIComponent(paymentNo)}`;
    let url: URL;
    try {
      url = new URL(returnUrl, base);
    } catch {
      throw new AppError('PAYMENT_RETURN_URL_INVALID');
    }
    if (url.origin !== base.origin || returnUrl.startsWith('//')) throw new AppError('PAYMENT_RETURN_URL_INVALID');
    return url.toString();
  }

  /**
   * Opens the payment at its gateway (after the transaction that started it committed) and
   * returns what the shopper's device needs: a pay page URL or SDK parameters.
   */
  async function prepare(paymentNo: string, options: { clientIp?: string; returnUrl?: string } = {}) {
    const payment = await repo.findPaymentByNo(db, paymentNo);
    if (!payment) throw notFound(PAYMENT, paymentNo);
    if (payment.status === 'succeeded' || payment.status === 'authorized') throw new AppError('PAYMENT_ALREADY_PAID');
    if (payment.status !== 'pending' || payment.expiresAt <= clock.now()) throw new AppError('PAYMENT_EXPIRED');
    const result = await providerOf(payment.provider).prepare({
      paymentNo: payment.paymentNo,
      amount: payment.amount,
      currency: 'CNY',
      subject: payment.subject,
      expiresAt: payment.expiresAt,
      capture: payment.captureMode,
      notifyUrl: notifyUrlFor(deps.publicBaseUrl, payment.provider),
      returnUrl: resolveReturnUrl(payment.paymentNo, options.returnUrl),
      clientIp: options.clientIp,
    });
    return { payUrl: result.payUrl, clientParams: result.clientParams };
  }

  /**
   * Records a refund in the caller's transaction and enqueues its execution. Never more than
   * paid − refunded − refunds in flight (409 REFUND_EXCEEDS_PAYMENT, nothing recorded).
   */
  async function refund(tx: Tx, input: RefundInput): Promise<{ refundId: number; refundNo: string; status: 'pending' | 'succeeded' | 'failed' }> {
    const reason = cleanText(input.reason, 'reason', 200);
    const refType = cleanText(input.refType, 'refType', 64);
    const refId = cleanText(input.refId, 'refId', 64);
    const requestedBy = cleanText(input.requestedBy, 'requestedBy', 100);
    const payment = await repo.lockPaymentById(tx, input.paymentId);
    if (!payment) throw notFound(PAYMENT, input.paymentId);
    assertRefundable(payment, input.amount);
    const now = clock.now();
    const row = await repo.insertRefund(tx, {
      refundNo: newRefundNo(now),
      paymentId: payment.id,
      provider: payment.provider,
      amount: input.amount,
      reason,
      status: 'pending',
      refType,
      refId,
      requestedBy,
      createdAt: now,
      updatedAt: now,
    });
    await repo.shiftRefundAmounts(tx, payment.id, { pending: input.amount, refunded: 0 }, now);
    await enqueue(tx, clock, { topic: REFUND_TOPIC, payload: { refundId: row.id }, dedupeKey: `payments.refund:${row.id}` });
    return { refundId: row.id, refundNo: row.refundNo, status: row.status };
  }

  /** Asks the gateway, through the outbox, to capture or void an authorised payment. */
  async function finishAuthorization(tx: Tx, paymentId: number, op: 'capture' | 'void') {
    const payment = await repo.lockPaymentById(tx, paymentId);
    if (!payment) throw notFound(PAYMENT, paymentId);
    if (payment.status !== 'authorized') throw new AppError('PAYMENT_STATE_INVALID', { from: payment.status, to: op === 'capture' ? 'succeeded' : 'closed' });
    if (payment.pendingOperation === op) return { paymentId, status: payment.status, pendingOperation: op };
    if (payment.pendingOperation) throw new AppError('PAYMENT_OPERATION_PENDING', { operation: payment.pendingOperation });
    await repo.updatePayment(tx, paymentId, { pendingOperation: op, updatedAt: clock.now() });
    await enqueue(tx, clock, { topic: op === 'capture' ? CAPTURE_TOPIC : VOID_TOPIC, payload: { paymentId } });
    return { paymentId, status: payment.status, pendingOperation: op };
  }

  return {
    start,
    prepare,
    refund,
    capture: (tx: Tx, paymentId: number) => finishAuthorization(tx, paymentId, 'capture'),
    void: (tx: Tx, paymentId: number) => finishAuthorization(tx, paymentId, 'void'),
    handleNotice: notices.handleNotice,
    listForRef: views.listForRef,
    getForShopper: views.getForShopper,
    listForStaff: views.listForStaff,
    getDetail: views.getDetail,
    /** Internals for the jobs and sweepers of this module. */
    internals: { applier, providerOf },
  };
}

export type PaymentService = ReturnType<typeof createPaymentService>;
