import { describe, expect, it } from 'vitest';
import { DAY } from '../../platform/clock.ts';
import { claimRefusal, couponStatusAt, couponTermsLabel, useRefusal, validityFor } from './coupons.rules.ts';
import { pricingRules, promotionLabel, promotionState } from './promotions.rules.ts';

const now = new Date('2026-11-23T02:00:00Z');
const at = (days: number) => new Date(now.getTime() + days * DAY);
const template = { name: '券', active: true, claimable: true, totalQuantity: 10, claimedCount: 3, perShopperLimit: 2, validFrom: null, validUntil: null, validDays: 7 };

describe('coupon rules', () => {
  it('dates a claimed coupon by the template: N days from the claim, or the fixed window', () => {
    expect(validityFor(template, now)).toEqual({ validFrom: now, validUntil: at(7) });
    expect(validityFor({ validDays: null, validFrom: at(1), validUntil: at(5) }, now)).toEqual({ validFrom: at(1), validUntil: at(5) });
  });

  it.each([
    { change: {}, mine: 0, refusal: null },
    { change: { active: false }, mine: 0, refusal: 'COUPON_INACTIVE' },
    { change: { claimable: false }, mine: 0, refusal: 'COUPON_NOT_CLAIMABLE' },
    { change: { validDays: null, validFrom: at(-5), validUntil: now }, mine: 0, refusal: 'COUPON_CLAIM_ENDED' },
    { change: { validDays: null, validFrom: at(1), validUntil: at(5) }, mine: 0, refusal: null },
    { change: { claimedCount: 10 }, mine: 0, refusal: 'COUPON_SOLD_OUT' },
    { change: {}, mine: 2, refusal: 'COUPON_CLAIM_LIMIT' },
  ])('claim with $change holding $mine: $refusal', ({ change, mine, refusal }) => {
    expect(claimRefusal({ ...template, ...change }, now, mine)).toBe(refusal);
  });

  it.each([
    { status: 'unused' as const, from: -1, until: 1, shown: 'unused', refusal: null },
    { status: 'unused' as const, from: 1, until: 3, shown: 'unused', refusal: 'COUPON_NOT_STARTED' },
    { status: 'unused' as const, from: -3, until: 0, shown: 'expired', refusal: 'COUPON_EXPIRED' },
    { status: 'used' as const, from: -3, until: 3, shown: 'used', refusal: 'COUPON_ALREADY_USED' },
    { status: 'expired' as const, from: -3, until: -1, shown: 'expired', refusal: 'COUPON_EXPIRED' },
  ])('a $status coupon from day $from until day $until shows $shown', ({ status, from, until, shown, refusal }) => {
    const coupon = { status, validFrom: at(from), validUntil: at(until) };
    expect(couponStatusAt(coupon, now)).toBe(shown);
    expect(useRefusal(coupon, now)).toBe(refusal);
  });

  it('words the terms', () => {
    const base = { amount: null, payPercent: null, maxDiscount: null, threshold: 0, productIds: [], categoryIds: [] };
    expect(couponTermsLabel({ ...base, kind: 'fixed', amount: 1000, threshold: 10_000 })).toEqual({ label: '满100减10', labelEn: '¥10 off orders of ¥100' });
    expect(couponTermsLabel({ ...base, kind: 'percent', payPercent: 88, maxDiscount: 2050 })).toEqual({ label: '8.8折 最多减20.50', labelEn: '12% off, up to ¥20.50' });
  });
});

describe('promotion rules', () => {
  const p = { active: true, startsAt: now, endsAt: at(1) };
  it.each([
    { change: {}, when: now, state: 'running' },
    { change: {}, when: at(-0.5), state: 'scheduled' },
    { change: {}, when: at(1), state: 'ended' },
    { change: { active: false }, when: now, state: 'inactive' },
  ])('$change at $when is $state', ({ change, when, state }) => {
    expect(promotionState({ ...p, ...change }, when)).toBe(state);
  });
  it('words tiers and discounts', () => {
    expect(promotionLabel({ kind: 'full_reduction', payPercent: null, tiers: [{ threshold: 30_000, amount: 4000 }, { threshold: 50_000, amount: 8000 }] }).label).toBe('满300减40，满500减80');
    expect(promotionLabel({ kind: 'discount', payPercent: 90, tiers: [] })).toEqual({ label: '9折', labelEn: '10% off' });
  });
  it('states the stacking rule the shop chose', () => {
    const settings = { shipping: { flatFee: 1000, freeThreshold: 0 }, points: { earnPerYuan: 1, pointsPerYuan: 100, maxPercentOfOrder: 50 }, couponStacksWithPromotions: false };
    const rules = pricingRules(settings);
    expect(rules.steps.map((s) => s.step)).toEqual(['goods', 'promotion', 'coupon', 'points', 'shipping']);
    expect(rules.stacking.rules[1]).toContain('不与促销活动同享');
    expect(rules.steps.at(-1)!.rule).toBe('运费 10 元。');
  });
});
