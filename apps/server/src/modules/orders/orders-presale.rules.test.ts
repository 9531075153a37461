import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { PriceBreakdown } from '@mall/contract';
import { priceOrder } from '../promotions/pricing.rules.ts';
import { balanceDue } from '../presale/index.ts';
import {
  balancePayable,
  buyerCancel,
  depositOrderBreakdown,
  firstPaymentDue,
  forceClosePlan,
  presaleShippingFee,
  stagePaymentOutcome,
  tierDiscountOf,
  withTierDiscount,
} from './orders-presale.rules.ts';

const at = (s: string) => new Date(`2026-12-${s}Z`);
const settings = { shipping: { flatFee: 1000, freeThreshold: 9900 }, points: { earnPerYuan: 1, pointsPerYuan: 100, maxPercentOfOrder: 100 }, couponStacksWithPromotions: true };

/** The balance part priced as checkout prices it: each unit at presale price − deposit value. */
function balanceQuote(lines: { skuId: number; quantity: number; presalePrice: number; depositValue: number }[], coupon: number, points: number, shippingFee: number): PriceBreakdown {
  return priceOrder({
    lines: lines.map((l) => ({ skuId: l.skuId, productId: l.skuId, categoryIds: [], unitPrice: l.presalePrice - l.depositValue, quantity: l.quantity })),
    promotions: [],
    coupon: coupon > 0 ? { id: 1, templateId: 1, name: 'c', kind: 'fixed', amount: coupon, threshold: 0, scope: { productIds: [], categoryIds: [] } } : null,
    pointsRequested: points,
    pointsBalance: points,
    settings,
    allow: { promotions: false },
    shippingFee,
  });
}

describe('§2 a deposit order’s amounts', () => {
  it('deposit = deposit × qty; balance = price × qty − deposit value × qty + shipping − coupon − points; coupons never touch the deposit', () => {
    const lines = [{ skuId: 1, quantity: 2, presalePrice: 80_000, deposit: 10_000, depositValue: 15_000 }];
    const quote = balanceQuote(lines, 5_000, 2_000, 0);
    const { breakdown, deposit, balance } = depositOrderBreakdown(lines, quote);
    expect(deposit).toBe(20_000);
    expect(balance).toBe(160_000 - 30_000 - 5_000 - 2_000); // 2,000 points at 100 per yuan = ¥20 = 2,000 fen
    expect(breakdown.totalAmount).toBe(deposit + balance);
    expect(breakdown.lines.map((l) => l.label)).toContain('定金膨胀');
    expect(breakdown.perLine[0]!.payAmount + breakdown.shippingFee).toBe(breakdown.totalAmount);
  });

  it('property: parts sum to the total, the balance matches the spec formula and is never negative, a discount above the balance is capped', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500_000 }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 2_000 }),
        (price, depositPercent, quantity, coupon, points, shipping) => {
          const deposit = Math.max(1, Math.floor((price * depositPercent) / 100));
          const depositValue = Math.min(price, deposit + Math.floor(deposit / 2));
          const lines = [{ skuId: 1, quantity, presalePrice: price, deposit, depositValue }];
          const quote = balanceQuote(lines, coupon, points, shipping);
          const r = depositOrderBreakdown(lines, quote);
          expect(r.deposit).toBe(deposit * quantity);
          expect(r.balance).toBeGreaterThanOrEqual(shipping);
          expect(r.breakdown.totalAmount).toBe(r.deposit + r.balance);
          const spec = balanceDue({ presalePrice: price, depositValue, quantity, shipping, coupon: quote.couponDiscount, points: quote.pointsDiscount });
          expect(r.balance).toBe(spec.balance);
        },
      ),
    );
  });

  it('shipping is in the balance: free over the threshold at the presale price', () => {
    expect(presaleShippingFee(9_900, settings.shipping)).toBe(0);
    expect(presaleShippingFee(9_899, settings.shipping)).toBe(1000);
    expect(presaleShippingFee(1, { flatFee: 0, freeThreshold: 0 })).toBe(0);
  });

  it('the first payment is due by the timeout, never after the order window closes', () => {
    expect(firstPaymentDue(at('01T10:00:00'), 30, at('02T00:00:00'))).toEqual(at('01T10:30:00'));
    expect(firstPaymentDue(at('01T23:50:00'), 30, at('02T00:00:00'))).toEqual(at('02T00:00:00'));
  });
});

describe('§3 stages', () => {
  const presale = { depositAmount: 100, balanceAmount: 700 };
  it('a payment pays the stage the order waits for; anything else goes back', () => {
    expect(stagePaymentOutcome({ status: 'awaiting_deposit', totalAmount: 800 }, presale, 'deposit', 100)).toBe('deposit_paid');
    expect(stagePaymentOutcome({ status: 'awaiting_deposit', totalAmount: 800 }, presale, 'deposit', 99)).toBe('refund_mismatch');
    expect(stagePaymentOutcome({ status: 'awaiting_balance', totalAmount: 800 }, presale, 'balance', 700)).toBe('mark_paid');
    expect(stagePaymentOutcome({ status: 'awaiting_balance', totalAmount: 800 }, presale, 'deposit', 100)).toBe('refund_duplicate');
    expect(stagePaymentOutcome({ status: 'awaiting_deposit', totalAmount: 800 }, presale, 'balance', 700)).toBe('refund_mismatch');
    expect(stagePaymentOutcome({ status: 'awaiting_shipment', totalAmount: 800 }, presale, 'balance', 700)).toBe('refund_duplicate');
    expect(stagePaymentOutcome({ status: 'cancelled', totalAmount: 800 }, presale, 'balance', 700)).toBe('refund_late');
  });

  it('the balance is payable only inside its window and once the campaign settled', () => {
    const w = { balanceStartsAt: at('10T00:00:00'), balanceEndsAt: at('13T00:00:00'), settled: true };
    expect(balancePayable(w, at('09T23:59:59'))?.code).toBe('PRESALE_BALANCE_NOT_OPEN');
    expect(balancePayable(w, at('10T00:00:00'))).toBeNull();
    expect(balancePayable(w, at('13T00:00:00'))?.code).toBe('PRESALE_BALANCE_CLOSED');
    expect(balancePayable({ ...w, settled: false }, at('11T00:00:00'))?.code).toBe('PRESALE_BALANCE_NOT_READY');
  });

  it('no buyer cancel after the deposit, except a merchant delay or a 订金 before the balance', () => {
    const earnest = { depositKind: 'earnest' as const, delayedAt: null };
    expect(buyerCancel({ status: 'awaiting_deposit', kind: 'presale_deposit' }, earnest)).toBe('release');
    expect(buyerCancel({ status: 'awaiting_balance', kind: 'presale_deposit' }, earnest)).toBe('refused');
    expect(buyerCancel({ status: 'awaiting_balance', kind: 'presale_deposit' }, { depositKind: 'prepayment', delayedAt: null })).toBe('refund_all');
    expect(buyerCancel({ status: 'awaiting_balance', kind: 'presale_deposit' }, { ...earnest, delayedAt: at('01T00:00:00') })).toBe('refund_all');
    expect(buyerCancel({ status: 'awaiting_shipment', kind: 'presale_deposit' }, { ...earnest, delayedAt: at('01T00:00:00') })).toBe('refund_all');
    expect(buyerCancel({ status: 'awaiting_shipment', kind: 'presale_deposit' }, earnest)).toBe('refused');
    expect(buyerCancel({ status: 'awaiting_shipment', kind: 'presale_deposit' }, { ...earnest, delayedAt: at('01T00:00:00') }, true)).toBe('refused');
    expect(buyerCancel({ status: 'awaiting_shipment', kind: 'normal' }, null)).toBe('refused');
  });

  it('force-close: the merchant keeps or refunds the deposit; on its default an earnest deposit comes back double', () => {
    const paid = { depositKind: 'earnest' as const, depositAmount: 100, depositPaid: true };
    expect(forceClosePlan({ keepDeposit: true }, paid, true)).toEqual({ refundDeposit: false, compensation: 0 });
    expect(forceClosePlan({}, paid, true)).toEqual({ refundDeposit: true, compensation: 0 });
    expect(forceClosePlan({ merchantDefault: true }, paid, true)).toEqual({ refundDeposit: true, compensation: 100 });
    expect(forceClosePlan({ merchantDefault: true }, paid, false)).toEqual({ refundDeposit: true, compensation: 0 });
    expect(forceClosePlan({ merchantDefault: true }, { ...paid, depositKind: 'prepayment' }, true)).toEqual({ refundDeposit: true, compensation: 0 });
    expect(() => forceClosePlan({ keepDeposit: true, merchantDefault: true }, paid, true)).toThrow();
  });
});

describe('§1 tiers on the balance', () => {
  it('takes the tier off each unit, never below shipping, split exactly over the presale lines', () => {
    expect(tierDiscountOf(2_000, 3, 50_000, 1_000)).toBe(6_000);
    expect(tierDiscountOf(2_000, 3, 4_000, 1_000)).toBe(3_000);
    const lines = [{ skuId: 1, quantity: 2, presalePrice: 10_000, deposit: 1_000, depositValue: 1_000 }, { skuId: 2, quantity: 1, presalePrice: 5_000, deposit: 500, depositValue: 500 }];
    const { breakdown } = depositOrderBreakdown(lines, balanceQuote(lines, 0, 0, 0));
    const stored = breakdown.perLine.map((p, i) => ({ id: i + 1, skuId: p.skuId, payAmount: p.payAmount, depositAmount: lines[i]!.deposit * lines[i]!.quantity, presaleItemId: i + 10 }));
    const after = withTierDiscount(breakdown, stored, 1_001);
    expect([...after.lineDiscounts.values()].reduce((a, b) => a + b, 0)).toBe(1_001);
    expect(after.breakdown.totalAmount).toBe(breakdown.totalAmount - 1_001);
    expect(after.breakdown.perLine.reduce((s, p) => s + p.payAmount, 0) + after.breakdown.shippingFee).toBe(after.breakdown.totalAmount);
  });
});
