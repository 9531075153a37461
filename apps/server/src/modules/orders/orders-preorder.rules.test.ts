import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { authorisationAccepted, filledStatus, preorderActions, preorderAmounts, preorderCancel, preorderPaymentOutcome, preorderStartStatus } from './orders-preorder.rules.ts';
import { canTransition } from './orders.rules.ts';

describe('pre-order rules (spec §5)', () => {
  it('splits what is paid now and after the fill per strategy; a deposit stays below the total', () => {
    expect(preorderAmounts('upfront', 10_000, null, 2, 'x')).toEqual({ deposit: 0, balance: 0 });
    expect(preorderAmounts('authorize', 10_000, null, 2, 'x')).toEqual({ deposit: 0, balance: 0 });
    expect(preorderAmounts('on_release', 10_000, null, 2, 'x')).toEqual({ deposit: 0, balance: 10_000 });
    expect(preorderAmounts('deposit', 10_000, 1_000, 2, 'x')).toEqual({ deposit: 2_000, balance: 8_000 });
    expect(() => preorderAmounts('deposit', 2_000, 1_000, 2, 'x')).toThrow(AppError);
  });

  it('starts in line for stock (on_release) or waiting for its first payment, and the fill moves it per strategy — each move in the transition table', () => {
    expect(preorderStartStatus('on_release')).toBe('awaiting_stock');
    expect(preorderStartStatus('deposit')).toBe('awaiting_deposit');
    expect(preorderStartStatus('upfront')).toBe('awaiting_payment');
    expect(preorderStartStatus('authorize')).toBe('awaiting_payment');
    expect(canTransition('awaiting_payment', 'awaiting_stock')).toBe(true);
    expect(canTransition('awaiting_deposit', 'awaiting_stock')).toBe(true);
    for (const strategy of ['upfront', 'authorize', 'deposit', 'on_release'] as const) expect(canTransition('awaiting_stock', filledStatus(strategy))).toBe(true);
    expect(filledStatus('deposit')).toBe('awaiting_balance');
    expect(filledStatus('on_release')).toBe('awaiting_payment');
    expect(canTransition('awaiting_stock', 'shipped')).toBe(false);
  });

  it('says what each payment does: capture, in line, paid in full, or refunded', () => {
    const pre = { depositAmount: 2_000, balanceAmount: 8_000, filled: false, authPaymentId: 7 };
    const order = (status: Parameters<typeof preorderPaymentOutcome>[0]['status']) => ({ status, totalAmount: 10_000 });
    expect(preorderPaymentOutcome(order('shipped'), pre, { paymentId: 7, stage: 'full', amount: 10_000 })).toBe('captured');
    expect(preorderPaymentOutcome(order('cancelled'), pre, { paymentId: 7, stage: 'full', amount: 10_000 })).toBe('refund_late');
    expect(preorderPaymentOutcome(order('awaiting_payment'), pre, { paymentId: 8, stage: 'full', amount: 10_000 })).toBe('queued');
    expect(preorderPaymentOutcome(order('awaiting_payment'), { ...pre, filled: true }, { paymentId: 8, stage: 'full', amount: 10_000 })).toBe('paid_in_full');
    expect(preorderPaymentOutcome(order('awaiting_payment'), pre, { paymentId: 8, stage: 'full', amount: 9_999 })).toBe('refund_mismatch');
    expect(preorderPaymentOutcome(order('awaiting_deposit'), pre, { paymentId: 8, stage: 'deposit', amount: 2_000 })).toBe('deposit_paid');
    expect(preorderPaymentOutcome(order('awaiting_balance'), pre, { paymentId: 8, stage: 'balance', amount: 8_000 })).toBe('paid_in_full');
    expect(preorderPaymentOutcome(order('awaiting_stock'), pre, { paymentId: 8, stage: 'full', amount: 10_000 })).toBe('refund_duplicate');
    expect(authorisationAccepted(order('awaiting_payment'), { strategy: 'authorize', filled: false }, { stage: 'full', amount: 10_000 })).toBe(true);
    expect(authorisationAccepted(order('awaiting_payment'), { strategy: 'upfront', filled: false }, { stage: 'full', amount: 10_000 })).toBe(false);
    expect(authorisationAccepted(order('cancelled'), { strategy: 'authorize', filled: false }, { stage: 'full', amount: 10_000 })).toBe(false);
  });

  it('lets the buyer cancel unless a non-refundable deposit is paid or goods have shipped', () => {
    const upfront = { strategy: 'upfront' as const, depositRefundable: false };
    const earnest = { strategy: 'deposit' as const, depositRefundable: false };
    expect(preorderCancel('awaiting_payment', upfront, false)).toBe('release');
    expect(preorderCancel('awaiting_stock', { strategy: 'on_release', depositRefundable: false }, false)).toBe('release');
    expect(preorderCancel('awaiting_stock', upfront, false)).toBe('refund_all');
    expect(preorderCancel('awaiting_stock', { strategy: 'authorize', depositRefundable: false }, false)).toBe('refund_all');
    expect(preorderCancel('awaiting_shipment', upfront, false)).toBe('refund_all');
    expect(preorderCancel('awaiting_shipment', upfront, true)).toBe('refused');
    expect(preorderCancel('awaiting_deposit', earnest, false)).toBe('release');
    expect(preorderCancel('awaiting_stock', earnest, false)).toBe('refused');
    expect(preorderCancel('awaiting_balance', earnest, false)).toBe('refused');
    expect(preorderCancel('awaiting_balance', { ...earnest, depositRefundable: true }, false)).toBe('refund_all');
    expect(preorderCancel('shipped', upfront, true)).toBe('refused');
    expect(preorderActions('awaiting_balance', { ...earnest, filledAt: new Date(1), balanceDueAt: new Date(2) }, false)).toEqual({ balanceStartsAt: new Date(1), balanceEndsAt: new Date(2), settled: true, cancel: 'refused' });
  });
});
