import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PAYMENT_STATUSES, REFUND_STATUSES } from '@mall/contract';
import {
  PAYMENT_TRANSITIONS,
  REFUND_TRANSITIONS,
  assertRefundable,
  assertTransition,
  canRefundTransition,
  canTransition,
  newPaymentNo,
  newRefundNo,
  refundableAmount,
} from './payments.rules.ts';

describe('payment transitions', () => {
  it('allows exactly the moves of the table', () => {
    expect(canTransition('pending', 'succeeded')).toBe(true);
    expect(canTransition('pending', 'authorized')).toBe(true);
    expect(canTransition('pending', 'failed')).toBe(true);
    expect(canTransition('pending', 'closed')).toBe(true);
    expect(canTransition('authorized', 'succeeded')).toBe(true);
    expect(canTransition('authorized', 'closed')).toBe(true);
    // Money that arrives late is still recorded.
    expect(canTransition('closed', 'succeeded')).toBe(true);
    expect(canTransition('failed', 'succeeded')).toBe(true);
    // Out-of-order notices change nothing.
    expect(canTransition('succeeded', 'failed')).toBe(false);
    expect(canTransition('succeeded', 'pending')).toBe(false);
    expect(canTransition('succeeded', 'authorized')).toBe(false);
    expect(canTransition('authorized', 'failed')).toBe(false);
    expect(canTransition('closed', 'authorized')).toBe(false);
    expect(() => assertTransition('succeeded', 'failed')).toThrow(expect.objectContaining({ code: 'PAYMENT_STATE_INVALID' }));
  });

  it('never moves a status to itself, and succeeded is final', () => {
    for (const s of PAYMENT_STATUSES) expect(canTransition(s, s)).toBe(false);
    expect(Object.keys(PAYMENT_TRANSITIONS.succeeded)).toEqual([]);
    for (const s of REFUND_STATUSES) expect(canRefundTransition(s, s)).toBe(false);
    expect(Object.keys(REFUND_TRANSITIONS.succeeded)).toEqual([]);
    expect(Object.keys(REFUND_TRANSITIONS.failed)).toEqual([]);
    expect(canRefundTransition('pending', 'succeeded')).toBe(true);
  });
});

describe('refundable amount', () => {
  it('is paid − refunded − in flight, and a refund above it is refused', () => {
    expect(refundableAmount({ paidAmount: 1000, refundedAmount: 300, refundPendingAmount: 200 })).toBe(500);
    expect(() => assertRefundable({ paidAmount: 1000, refundedAmount: 300, refundPendingAmount: 200 }, 501)).toThrow(
      expect.objectContaining({ code: 'REFUND_EXCEEDS_PAYMENT', params: { amount: 501, refundable: 500 } }),
    );
    expect(() => assertRefundable({ paidAmount: 1000, refundedAmount: 0, refundPendingAmount: 0 }, 0)).toThrow(expect.objectContaining({ code: 'REFUND_AMOUNT_INVALID' }));
    expect(() => assertRefundable({ paidAmount: 0, refundedAmount: 0, refundPendingAmount: 0 }, 1)).toThrow(expect.objectContaining({ code: 'REFUND_EXCEEDS_PAYMENT' }));
  });

  it('never lets any sequence of accepted refunds exceed what was paid', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.array(fc.integer({ min: -5, max: 400_000 }), { maxLength: 40 }), (paid, asks) => {
        const state = { paidAmount: paid, refundedAmount: 0, refundPendingAmount: 0 };
        for (const ask of asks) {
          try {
            assertRefundable(state, ask);
            state.refundPendingAmount += ask;
          } catch {
            // refused: nothing changes
          }
        }
        return state.refundPendingAmount <= paid && refundableAmount(state) === paid - state.refundPendingAmount;
      }),
    );
  });
});

describe('payment and refund numbers', () => {
  it('are 31 characters a gateway accepts, dated by the clock', () => {
    const at = new Date('2026-11-23T02:03:04.567Z');
    const no = newPaymentNo(at);
    expect(no).toMatch(/^P20261123020304\d{16}$/);
    expect(newRefundNo(at)).toMatch(/^R20261123020304\d{16}$/);
    const many = new Set(Array.from({ length: 2000 }, () => newPaymentNo(at)));
    expect(many.size).toBe(2000);
  });
});
