import crypto from 'node:crypto';
import type { PaymentStatus, RefundStatus } from '@mall/contract';
import { AppError } from '../../platform/errors.ts';

/**
 * Every move a payment can make, and why. A move not listed is refused (a duplicate, late or
 * out-of-order notice is acknowledged without effect). Status changes only through a
 * compare-and-set UPDATE … WHERE status = from.
 */
export const PAYMENT_TRANSITIONS: Record<PaymentStatus, Partial<Record<PaymentStatus, string>>> = {
  pending: {
    succeeded: 'the gateway reports the money received',
    authorized: 'the gateway reports the amount authorised (capture: manual)',
    failed: 'the gateway reports the payment failed',
    closed: 'expired unpaid, or replaced by a new payment',
  },
  authorized: {
    succeeded: 'captured',
    closed: 'voided',
  },
  // Money that arrives after we gave up on a payment is still money received: it is recorded,
  // and the listener decides what to do (usually refund, when the order was cancelled meanwhile).
  failed: { succeeded: 'money received after a failure notice' },
  closed: { succeeded: 'money received after the payment was closed' },
  succeeded: {},
};

export function canTransition(from: PaymentStatus, to: PaymentStatus): boolean {
  return PAYMENT_TRANSITIONS[from][to] !== undefined;
}

export function assertTransition(from: PaymentStatus, to: PaymentStatus): void {
  if (!canTransition(from, to)) throw new AppError('PAYMENT_STATE_INVALID', { from, to });
}

export const REFUND_TRANSITIONS: Record<RefundStatus, Partial<Record<RefundStatus, string>>> = {
  pending: { succeeded: 'the gateway paid the refund', failed: 'the gateway refused the refund, after retries' },
  succeeded: {},
  failed: {},
};

export function canRefundTransition(from: RefundStatus, to: RefundStatus): boolean {
  return REFUND_TRANSITIONS[from][to] !== undefined;
}

/** What may still be refunded: paid − refunded − refunds in flight. */
export function refundableAmount(p: { paidAmount: number; refundedAmount: number; refundPendingAmount: number }): number {
  return Math.max(0, p.paidAmount - p.refundedAmount - p.refundPendingAmount);
}

/** Refuses a refund of a non-positive amount, or more than is left to refund. */
export function assertRefundable(p: { paidAmount: number; refundedAmount: number; refundPendingAmount: number }, amount: number): void {
  if (!Number.isSafeInteger(amount) || amount <= 0) throw new AppError('REFUND_AMOUNT_INVALID');
  const refundable = refundableAmount(p);
  if (amount > refundable) throw new AppError('REFUND_EXCEEDS_PAYMENT', { amount, refundable });
}

/** 'P' + UTC yyyyMMddHHmmss + 8 random digits: 23 characters, valid at every gateway (≤ 32, alphanumeric). */
/**
 * 31 characters: a letter, the UTC second, 16 random digits (WeChat allows 32). Even 10,000
 * payments in one second collide with a chance of about 5 in a billion.
 */
export function newPaymentNo(now: Date): string {
  return `P${compactTime(now)}${randomDigits(16)}`;
}

export function newRefundNo(now: Date): string {
  return `R${compactTime(now)}${randomDigits(16)}`;
}

function compactTime(now: Date): string {
  return now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

function randomDigits(n: number): string {
  let out = '';
  while (out.length < n) out += crypto.randomInt(0, 1_000_000_000).toString().padStart(9, '0');
  return out.slice(0, n);
}

/** A pending payment this close to expiry (or past it) is asked about at the gateway before it is closed. */
export const QUERY_BEFORE_EXPIRY_MS = 2 * 60_000;
/** Pending payments are closed this long after they expire: a notice racing the expiry still lands. */
export const CLOSE_GRACE_MS = 5 * 60_000;
/** A pending payment is queried at most this often. */
export const QUERY_EVERY_MS = 60_000;
/** Refunds, captures and voids the gateway refuses are retried (with the job runner's backoff) this many times in all. */
export const OPERATION_MAX_ATTEMPTS = 5;
