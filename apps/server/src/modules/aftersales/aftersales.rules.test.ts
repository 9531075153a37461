import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AFTERSALES_STATUSES, AFTERSALES_TYPES, type AfterSalesStatus } from '@mall/contract';
import { AppError } from '../../platform/errors.ts';
import { DAY } from '../../platform/clock.ts';
import type { AfterSalesOrder, AfterSalesOrderLine } from './aftersales.ports.ts';
import {
  AFTERSALES_TRANSITIONS,
  approvalTarget,
  assertTransition,
  canTransition,
  isTerminal,
  lineAllowance,
  lineRefundCap,
  orderBlockers,
  planPaymentRefunds,
  progressOf,
  refundCap,
  splitRefund,
} from './aftersales.rules.ts';

const line = (overrides: Partial<AfterSalesOrderLine> = {}): AfterSalesOrderLine => ({
  id: 1,
  skuId: 101,
  title: '电视机',
  imageUrl: null,
  specValues: {},
  afterSalesAllowed: true,
  quantity: 3,
  payAmount: 1000,
  shippedQuantity: 0,
  refundedQuantity: 0,
  refundedAmount: 0,
  ...overrides,
});

const order = (overrides: Partial<AfterSalesOrder> = {}): AfterSalesOrder => ({
  id: 7,
  orderNo: 'O1',
  shopperId: 1,
  status: 'awaiting_shipment',
  shippingFee: 1000,
  refundedAmount: 0,
  paidAt: new Date('2026-11-01T00:00:00Z'),
  completedAt: null,
  lines: [line({ id: 1 }), line({ id: 2, quantity: 1, payAmount: 500 })],
  ...overrides,
});

describe('ticket transitions', () => {
  it('allows exactly the listed moves, per type', () => {
    expect(canTransition('pending_review', 'refunding', 'refund_only')).toBe(true);
    expect(canTransition('pending_review', 'refunding', 'return_refund')).toBe(false);
    expect(canTransition('pending_review', 'awaiting_return', 'exchange')).toBe(true);
    expect(canTransition('pending_review', 'awaiting_return', 'refund_only')).toBe(false);
    expect(canTransition('received', 'refunding', 'return_refund')).toBe(true);
    expect(canTransition('received', 'refunding', 'exchange')).toBe(false);
    expect(canTransition('received', 'exchanged', 'exchange')).toBe(true);
    expect(canTransition('received', 'exchanged', 'return_refund')).toBe(false);
    expect(canTransition('awaiting_return', 'withdrawn', 'exchange')).toBe(true);
    expect(canTransition('received', 'withdrawn', 'exchange')).toBe(false);
    expect(canTransition('refunding', 'rejected', 'refund_only')).toBe(false);
    expect(canTransition('refunding', 'refunded', 'refund_only')).toBe(true);
    expect(canTransition('refunding', 'refund_failed', 'refund_only')).toBe(true);
    expect(canTransition('refunding', 'refund_failed', 'return_refund')).toBe(true);
    expect(canTransition('refund_failed', 'refunding', 'return_refund')).toBe(true);
    expect(canTransition('refund_failed', 'refunded', 'refund_only')).toBe(false);
    expect(canTransition('refund_failed', 'rejected', 'refund_only')).toBe(false);
    expect(canTransition('received', 'refund_failed', 'return_refund')).toBe(false);
    for (const type of AFTERSALES_TYPES) expect(canTransition('refund_failed', 'refund_failed', type)).toBe(false);
  });

  it('has no way out of an end state and throws a 409 code for a refused move', () => {
    for (const end of ['refunded', 'exchanged', 'rejected', 'withdrawn'] as AfterSalesStatus[]) {
      expect(isTerminal(end)).toBe(true);
      for (const to of AFTERSALES_STATUSES) for (const type of AFTERSALES_TYPES) expect(canTransition(end, to, type)).toBe(false);
    }
    for (const open of ['pending_review', 'awaiting_return', 'received', 'refunding', 'refund_failed'] as AfterSalesStatus[]) expect(isTerminal(open)).toBe(false);
    try {
      assertTransition('refunded', 'refunding', 'refund_only');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('AFTERSALES_STATE_INVALID');
      expect((error as AppError).status).toBe(409);
    }
  });

  it('every listed move names its types, and every open state can still end', () => {
    for (const [from, moves] of Object.entries(AFTERSALES_TRANSITIONS)) {
      for (const move of Object.values(moves)) expect(move.types.length).toBeGreaterThan(0);
      if (!isTerminal(from as AfterSalesStatus)) expect(Object.keys(moves).length).toBeGreaterThan(0);
    }
    expect(approvalTarget('refund_only')).toBe('refunding');
    expect(approvalTarget('return_refund')).toBe('awaiting_return');
    expect(approvalTarget('exchange')).toBe('awaiting_return');
  });
});

describe('order eligibility', () => {
  const now = new Date('2026-11-23T00:00:00Z');
  it('needs a paid order that is not cancelled or closed', () => {
    expect(orderBlockers({ status: 'awaiting_payment', paidAt: null, completedAt: null }, now, 7).blockers).toEqual(['order_not_paid']);
    expect(orderBlockers({ status: 'cancelled', paidAt: null, completedAt: null }, now, 7).blockers).toEqual(['order_not_paid']);
    expect(orderBlockers({ status: 'closed', paidAt: now, completedAt: null }, now, 7).blockers).toEqual(['order_closed']);
    for (const status of ['awaiting_shipment', 'shipped'] as const) {
      expect(orderBlockers({ status, paidAt: now, completedAt: null }, now, 7)).toEqual({ blockers: [], windowEndsAt: null });
    }
  });

  it('takes a completed order until afterSalesDays after completion, inclusive', () => {
    const completedAt = new Date(now.getTime() - 7 * DAY);
    const atEdge = orderBlockers({ status: 'completed', paidAt: now, completedAt }, now, 7);
    expect(atEdge).toEqual({ blockers: [], windowEndsAt: now });
    expect(orderBlockers({ status: 'completed', paidAt: now, completedAt }, new Date(now.getTime() + 1), 7).blockers).toEqual(['window_expired']);
    expect(orderBlockers({ status: 'completed', paidAt: now, completedAt: now }, new Date(now.getTime() + 1), 0).blockers).toEqual(['window_expired']);
  });

  it('limits quantities per type: remaining for refunds, shipped units still with the shopper for returns', () => {
    expect(lineAllowance(line({ quantity: 3, refundedQuantity: 1 }), { returnedQuantity: 0, hasOpenTicket: false })).toEqual({
      maxQuantity: { refund_only: 2, return_refund: 0, exchange: 0 },
      blockers: ['not_shipped'],
    });
    expect(lineAllowance(line({ quantity: 3, shippedQuantity: 3, refundedQuantity: 1 }), { returnedQuantity: 1, hasOpenTicket: false }).maxQuantity).toEqual({
      refund_only: 2,
      return_refund: 2,
      exchange: 2,
    });
    expect(lineAllowance(line({ quantity: 3, shippedQuantity: 1, refundedQuantity: 1 }), { returnedQuantity: 1, hasOpenTicket: false }).maxQuantity).toEqual({
      refund_only: 2,
      return_refund: 0,
      exchange: 0,
    });
  });

  it('blocks a line without after-sales, a fully refunded line and a line with an open ticket', () => {
    const none = { refund_only: 0, return_refund: 0, exchange: 0 };
    expect(lineAllowance(line({ afterSalesAllowed: false, shippedQuantity: 3 }), { returnedQuantity: 0, hasOpenTicket: false })).toEqual({
      maxQuantity: none,
      blockers: ['after_sales_not_allowed'],
    });
    expect(lineAllowance(line({ refundedQuantity: 3, refundedAmount: 1000 }), { returnedQuantity: 0, hasOpenTicket: false })).toEqual({
      maxQuantity: none,
      blockers: ['fully_refunded'],
    });
    expect(lineAllowance(line({ shippedQuantity: 3 }), { returnedQuantity: 0, hasOpenTicket: true })).toEqual({ maxQuantity: none, blockers: ['open_ticket'] });
  });
});

describe('refund amounts', () => {
  it('caps a line pro rata to quantity, minus what was refunded', () => {
    expect(lineRefundCap(line({ quantity: 3, payAmount: 1000 }), 1)).toBe(333);
    expect(lineRefundCap(line({ quantity: 3, payAmount: 1000 }), 3)).toBe(1000);
    expect(lineRefundCap(line({ quantity: 3, payAmount: 1000, refundedQuantity: 1, refundedAmount: 333 }), 2)).toBe(667);
    // a refund lowered by staff leaves more for the later units, never more than what is left
    expect(lineRefundCap(line({ quantity: 3, payAmount: 1000, refundedQuantity: 1, refundedAmount: 100 }), 1)).toBe(566);
    expect(lineRefundCap(line({ quantity: 2, payAmount: 1000, refundedQuantity: 1, refundedAmount: 1000 }), 1)).toBe(0);
    expect(lineRefundCap(line({ quantity: 1, payAmount: 0 }), 1)).toBe(0);
  });

  it('partial refunds of every unit, one by one, add up to exactly the pay amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 10_000_000_00 }), fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1 }), (quantity, payAmount, steps) => {
        let state = line({ quantity, payAmount });
        for (const step of [...steps, quantity]) {
          const units = Math.min(step, quantity - state.refundedQuantity);
          if (units === 0) break;
          const cap = lineRefundCap(state, units);
          expect(cap).toBeGreaterThanOrEqual(0);
          state = { ...state, refundedQuantity: state.refundedQuantity + units, refundedAmount: state.refundedAmount + cap };
        }
        expect(state.refundedQuantity).toBe(quantity);
        expect(state.refundedAmount).toBe(payAmount);
      }),
    );
  });

  it('refunds the shipping fee only when the whole order is refunded before shipment', () => {
    const all = [{ orderLineId: 1, quantity: 3 }, { orderLineId: 2, quantity: 1 }];
    expect(refundCap(order(), 'refund_only', all)).toEqual({ lineCaps: [1000, 500], shipping: 1000, total: 2500 });
    expect(refundCap(order(), 'refund_only', [{ orderLineId: 1, quantity: 3 }]).shipping).toBe(0);
    expect(refundCap(order(), 'refund_only', [{ orderLineId: 1, quantity: 2 }, { orderLineId: 2, quantity: 1 }]).shipping).toBe(0);
    expect(refundCap(order({ status: 'shipped' }), 'refund_only', all).shipping).toBe(0);
    expect(refundCap(order(), 'return_refund', all).shipping).toBe(0);
    expect(refundCap(order(), 'exchange', all)).toEqual({ lineCaps: [0, 0], shipping: 0, total: 0 });
    // the last line of an order whose other line was refunded earlier: the rest of the order, with shipping
    const partly = order({ refundedAmount: 1000, lines: [line({ id: 1, refundedQuantity: 3, refundedAmount: 1000 }), line({ id: 2, quantity: 1, payAmount: 500 })] });
    expect(refundCap(partly, 'refund_only', [{ orderLineId: 2, quantity: 1 }])).toEqual({ lineCaps: [500], shipping: 1000, total: 1500 });
    // shipping refunded before (the order's refunds beyond its lines) is not refunded twice
    expect(refundCap({ ...partly, refundedAmount: 2000 }, 'refund_only', [{ orderLineId: 2, quantity: 1 }]).shipping).toBe(0);
  });

  it('splits an approved refund over the lines first, then shipping, adding up exactly', () => {
    const cap = { lineCaps: [1000, 500], shipping: 1000, total: 2500 };
    expect(splitRefund(2500, cap)).toEqual({ lines: [1000, 500], shipping: 1000 });
    expect(splitRefund(1600, cap)).toEqual({ lines: [1000, 500], shipping: 100 });
    expect(splitRefund(1000, cap)).toEqual({ lines: [667, 333], shipping: 0 });
    expect(splitRefund(0, cap)).toEqual({ lines: [0, 0], shipping: 0 });
    expect(() => splitRefund(2501, cap)).toThrow(RangeError);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 5000 }), fc.double({ min: 0, max: 1, noNaN: true }), (lineCaps, shipping, share) => {
        const total = lineCaps.reduce((a, b) => a + b, 0) + shipping;
        const amount = Math.floor(total * share);
        const split = splitRefund(amount, { lineCaps, shipping, total });
        expect(split.lines.reduce((a, b) => a + b, 0) + split.shipping).toBe(amount);
        split.lines.forEach((part, i) => expect(part).toBeLessThanOrEqual(lineCaps[i]!));
        expect(split.shipping).toBeLessThanOrEqual(shipping);
      }),
    );
  });

  it('refunds through the latest payment stage first, newest first, and refuses what the payments cannot cover', () => {
    const payments = [
      { paymentId: 1, stage: 'deposit' as const, refundable: 300, paidAt: new Date('2026-11-01') },
      { paymentId: 2, stage: 'balance' as const, refundable: 700, paidAt: new Date('2026-11-10') },
    ];
    expect(planPaymentRefunds(payments, 500)).toEqual([{ paymentId: 2, amount: 500 }]);
    expect(planPaymentRefunds(payments, 900)).toEqual([{ paymentId: 2, amount: 700 }, { paymentId: 1, amount: 200 }]);
    expect(planPaymentRefunds(payments, 0)).toEqual([]);
    expect(planPaymentRefunds([{ paymentId: 9, stage: 'full', refundable: 0, paidAt: null }, ...payments], 1000)).toHaveLength(2);
    expect(() => planPaymentRefunds(payments, 1001)).toThrow(expect.objectContaining({ code: 'AFTERSALES_REFUND_UNAVAILABLE' }));
    expect(() => planPaymentRefunds([], 1)).toThrow(AppError);
  });
});

describe('progress', () => {
  const at = (n: number) => new Date(Date.UTC(2026, 10, n));
  it('shows the path of the type, done so far, the next step current', () => {
    const steps = progressOf('return_refund', 'awaiting_return', [
      { action: 'apply', fromStatus: null, toStatus: 'pending_review', createdAt: at(1) },
      { action: 'approve', fromStatus: 'pending_review', toStatus: 'awaiting_return', createdAt: at(2) },
    ]);
    expect(steps.map((s) => [s.key, s.state])).toEqual([
      ['applied', 'done'],
      ['reviewed', 'done'],
      ['returned', 'current'],
      ['received', 'todo'],
      ['refunding', 'todo'],
      ['refunded', 'todo'],
    ]);
    expect(steps[1]!.at).toEqual(at(2));
  });

  it('marks review and refunding done at once for an approved refund only, and ends with rejected or withdrawn', () => {
    const refunded = progressOf('refund_only', 'refunded', [
      { action: 'apply', fromStatus: null, toStatus: 'pending_review', createdAt: at(1) },
      { action: 'approve', fromStatus: 'pending_review', toStatus: 'refunding', createdAt: at(2) },
      { action: 'refund_succeeded', fromStatus: 'refunding', toStatus: 'refunded', createdAt: at(3) },
    ]);
    expect(refunded.every((s) => s.state === 'done')).toBe(true);
    const rejected = progressOf('exchange', 'rejected', [
      { action: 'apply', fromStatus: null, toStatus: 'pending_review', createdAt: at(1) },
      { action: 'reject', fromStatus: 'pending_review', toStatus: 'rejected', createdAt: at(2) },
    ]);
    expect(rejected.map((s) => [s.key, s.state])).toEqual([
      ['applied', 'done'],
      ['rejected', 'done'],
    ]);
  });

  it('shows a failed refund after refunding: current while it waits for a retry, done once refunded', () => {
    type Entry = { action: string; fromStatus: AfterSalesStatus | null; toStatus: AfterSalesStatus; createdAt: Date };
    const failed: Entry[] = [
      { action: 'apply', fromStatus: null, toStatus: 'pending_review', createdAt: at(1) },
      { action: 'approve', fromStatus: 'pending_review', toStatus: 'refunding', createdAt: at(2) },
      { action: 'refund_failed', fromStatus: 'refunding', toStatus: 'refund_failed', createdAt: at(3) },
    ];
    const waiting = progressOf('refund_only', 'refund_failed', failed);
    expect(waiting.map((s) => [s.key, s.state])).toEqual([
      ['applied', 'done'],
      ['reviewed', 'done'],
      ['refunding', 'done'],
      ['refund_failed', 'current'],
      ['refunded', 'todo'],
    ]);
    expect(waiting[3]).toMatchObject({ label: '退款失败', labelEn: 'Refund failed', at: at(3) });
    const retried = progressOf('refund_only', 'refunded', [
      ...failed,
      { action: 'retry_refund', fromStatus: 'refund_failed', toStatus: 'refunding', createdAt: at(4) },
      { action: 'refund_succeeded', fromStatus: 'refunding', toStatus: 'refunded', createdAt: at(5) },
    ]);
    expect(retried.map((s) => [s.key, s.state])).toEqual([
      ['applied', 'done'],
      ['reviewed', 'done'],
      ['refunding', 'done'],
      ['refund_failed', 'done'],
      ['refunded', 'done'],
    ]);
    expect(retried[2]!.at).toEqual(at(2));
    const refundingAgain = progressOf('refund_only', 'refunding', [...failed, { action: 'retry_refund', fromStatus: 'refund_failed', toStatus: 'refunding', createdAt: at(4) }]);
    expect(refundingAgain.map((s) => s.state)).toEqual(['done', 'done', 'done', 'done', 'current']);
  });
});
