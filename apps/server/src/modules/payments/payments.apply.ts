import { formatMinorUnits } from '@mall/contract';
// Recording what a gateway said about a payment or a refund, exactly once. Shared by notices,
// the query sweeper and the refund/capture jobs, so every path applies an outcome the same way.
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../../platform/clock.ts';
import type { Tx } from '../../platform/db.ts';
import type { NotificationService } from '../notifications/index.ts';
import { listenerFor, type PaymentEvent, type RefundEvent } from './payments.listeners.ts';
import { canRefundTransition, canTransition } from './payments.rules.ts';
import * as repo from './payments.repo.ts';
import type { PaymentRow, RefundRow, NewPayment } from './payments.repo.ts';

export interface PaymentOutcome {
  status: 'succeeded' | 'authorized' | 'failed';
  amount: number;
  providerTxnId: string;
  providerAt?: Date;
}

export interface RefundOutcome {
  status: 'succeeded' | 'failed';
  providerRefundId?: string;
  providerAt?: Date;
  failureReason?: string;
}

export type Applied = 'applied' | 'ignored';

export function createPaymentApplier(deps: { clock: Clock; log: FastifyBaseLogger; notifications: NotificationService }) {
  const { clock, log } = deps;

  /**
   * Applies a gateway's verified word on a payment the caller has locked. A move the transition
   * table does not allow (a duplicate, a late 'failed' after 'succeeded') is ignored. The amount
   * must already have been checked against the payment's.
   */
  async function applyPaymentOutcome(tx: Tx, payment: PaymentRow, outcome: PaymentOutcome): Promise<Applied> {
    if (payment.providerTxnId && payment.providerTxnId !== outcome.providerTxnId) {
      log.warn({ paymentNo: payment.paymentNo, known: payment.providerTxnId, given: outcome.providerTxnId }, 'payment outcome for another gateway transaction ignored');
      return 'ignored';
    }
    if (!canTransition(payment.status, outcome.status)) return 'ignored';
    const now = clock.now();
    const set: Partial<NewPayment> = { status: outcome.status, providerTxnId: outcome.providerTxnId, updatedAt: now };
    if (outcome.status === 'succeeded') Object.assign(set, { paidAmount: payment.amount, paidAt: now, pendingOperation: null });
    if (outcome.status === 'authorized') set.authorizedAt = now;
    if (outcome.status === 'failed') set.failedAt = now;
    const updated = await repo.updatePaymentIf(tx, payment.id, payment.status, set);
    if (!updated) return 'ignored';
    if (outcome.status === 'succeeded') {
      await repo.insertLedger(tx, {
        paymentId: payment.id,
        kind: payment.status === 'authorized' ? 'capture' : 'payment',
        provider: payment.provider,
        providerTxnId: outcome.providerTxnId,
        amount: payment.amount,
        currency: payment.currency,
        providerAt: outcome.providerAt ?? null,
        at: now,
      });
    }
    await callPaymentListener(tx, updated, outcome.status, now);
    return 'applied';
  }

  async function callPaymentListener(tx: Tx, payment: PaymentRow, status: PaymentOutcome['status'], at: Date) {
    const listener = listenerFor(payment.refType);
    const event: PaymentEvent = {
      paymentId: payment.id,
      paymentNo: payment.paymentNo,
      refType: payment.refType,
      refId: payment.refId,
      stage: payment.stage,
      amount: payment.amount,
      provider: payment.provider,
      providerTxnId: payment.providerTxnId!,
      at,
    };
    if (status === 'succeeded') {
      // Money received must reach its owner: without a listener the outcome is not applied (and retried).
      if (!listener?.onSucceeded) throw new Error(`no payment listener registered for ${payment.refType}`);
      await listener.onSucceeded(tx, event);
    } else if (status === 'authorized') {
      await listener?.onAuthorized?.(tx, event);
    } else {
      await listener?.onFailed?.(tx, event);
    }
  }

  /** Applies the gateway's word on a refund; the caller has locked the payment, then the refund. */
  async function applyRefundOutcome(tx: Tx, payment: PaymentRow, refund: RefundRow, outcome: RefundOutcome): Promise<Applied> {
    if (!canRefundTransition(refund.status, outcome.status)) return 'ignored';
    const now = clock.now();
    if (outcome.status === 'failed') {
      const failed = await repo.updateRefundIf(tx, refund.id, 'pending', { status: 'failed', failureReason: outcome.failureReason ?? 'refused by the gateway', failedAt: now, updatedAt: now });
      if (!failed) return 'ignored';
      await repo.shiftRefundAmounts(tx, payment.id, { pending: -refund.amount, refunded: 0 }, now);
      await deps.notifications.notifyStaff(tx, {
        kind: 'refund_failed',
        permission: 'orders.manage',
        titleZh: `退款失败：退款单 ${refund.refundNo}（${formatMinorUnits(refund.amount)} 元），请人工处理`,
        titleEn: `Refund failed: ${refund.refundNo} (¥${formatMinorUnits(refund.amount)}); please handle it by hand`,
        data: { refundId: refund.id, refundNo: refund.refundNo, paymentId: payment.id, paymentNo: payment.paymentNo, refType: refund.refType, refId: refund.refId, reason: failed.failureReason },
      });
      // The owner of the refund's reference hears of it once, in this transaction.
      await listenerFor(refund.refType)?.onRefundFailed?.(tx, { ...refundEvent(payment, refund, now), failureReason: failed.failureReason ?? undefined });
      return 'applied';
    }
    const providerRefundId = outcome.providerRefundId ?? refund.providerRefundId ?? refund.refundNo;
    const done = await repo.updateRefundIf(tx, refund.id, 'pending', { status: 'succeeded', providerRefundId, succeededAt: now, updatedAt: now });
    if (!done) return 'ignored';
    await repo.shiftRefundAmounts(tx, payment.id, { pending: -refund.amount, refunded: refund.amount }, now);
    await repo.insertLedger(tx, {
      paymentId: payment.id,
      refundId: refund.id,
      kind: 'refund',
      provider: payment.provider,
      providerTxnId: payment.providerTxnId!,
      providerRefundId,
      amount: -refund.amount,
      currency: payment.currency,
      providerAt: outcome.providerAt ?? null,
      at: now,
    });
    // The owner of the refund's reference hears of it (an order, an after-sales ticket, ...).
    await listenerFor(refund.refType)?.onRefunded?.(tx, refundEvent(payment, refund, now));
    return 'applied';
  }

  return { applyPaymentOutcome, applyRefundOutcome };
}

function refundEvent(payment: PaymentRow, refund: RefundRow, at: Date): RefundEvent {
  return { refundId: refund.id, refundNo: refund.refundNo, paymentId: payment.id, refType: refund.refType, refId: refund.refId, amount: refund.amount, at };
}

export type PaymentApplier = ReturnType<typeof createPaymentApplier>;
