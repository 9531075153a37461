import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { priceOrder, type ActivePromotion, type CouponForPricing, type MemberPricing, type PricingInput } from './pricing.rules.ts';

const scope = fc.record({
  productIds: fc.uniqueArray(fc.integer({ min: 1, max: 5 }), { maxLength: 3 }),
  categoryIds: fc.uniqueArray(fc.integer({ min: 1, max: 4 }), { maxLength: 2 }),
});
const lineArb = fc.record({
  skuId: fc.integer({ min: 1, max: 1000 }),
  productId: fc.integer({ min: 1, max: 5 }),
  categoryIds: fc.uniqueArray(fc.integer({ min: 1, max: 4 }), { maxLength: 3 }),
  unitPrice: fc.oneof(fc.integer({ min: 0, max: 50_000 }), fc.integer({ min: 0, max: 10_000_000_000 })),
  quantity: fc.integer({ min: 1, max: 50 }),
});
const promotionArb: fc.Arbitrary<ActivePromotion> = fc.oneof(
  fc.record({
    id: fc.integer({ min: 1, max: 20 }),
    name: fc.constant('满减'),
    kind: fc.constant('full_reduction' as const),
    tiers: fc.array(fc.record({ threshold: fc.integer({ min: 0, max: 200_000 }), amount: fc.integer({ min: 1, max: 300_000 }) }), { minLength: 1, maxLength: 3 }),
    scope,
  }),
  fc.record({ id: fc.integer({ min: 1, max: 20 }), name: fc.constant('折扣'), kind: fc.constant('discount' as const), payPercent: fc.integer({ min: 1, max: 99 }), scope }),
);
const couponArb: fc.Arbitrary<CouponForPricing> = fc.oneof(
  fc.record({
    id: fc.integer({ min: 1, max: 99 }),
    templateId: fc.constant(1),
    name: fc.constant('券'),
    kind: fc.constant('fixed' as const),
    amount: fc.integer({ min: 0, max: 200_000 }),
    threshold: fc.integer({ min: 0, max: 200_000 }),
    scope,
  }),
  fc.record({
    id: fc.integer({ min: 1, max: 99 }),
    templateId: fc.constant(2),
    name: fc.constant('折扣券'),
    kind: fc.constant('percent' as const),
    payPercent: fc.integer({ min: 1, max: 99 }),
    maxDiscount: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: null }),
    threshold: fc.integer({ min: 0, max: 200_000 }),
    scope,
  }),
);
const settingsArb = fc.record({
  shipping: fc.record({ flatFee: fc.integer({ min: 0, max: 3000 }), freeThreshold: fc.integer({ min: 0, max: 100_000 }) }),
  points: fc.record({ earnPerYuan: fc.integer({ min: 0, max: 100 }), pointsPerYuan: fc.integer({ min: 1, max: 10_000 }), maxPercentOfOrder: fc.integer({ min: 0, max: 100 }) }),
  couponStacksWithPromotions: fc.boolean(),
});
const memberArb: fc.Arbitrary<MemberPricing> = fc.record({
  levelId: fc.integer({ min: 1, max: 5 }),
  name: fc.constant('黄金会员'),
  nameEn: fc.constantFrom('', 'Gold'),
  discountPermille: fc.oneof(fc.constant(1000), fc.integer({ min: 1, max: 1000 })),
  freeShipping: fc.boolean(),
});
const inputArb: fc.Arbitrary<PricingInput> = fc.record({
  lines: fc.array(lineArb, { minLength: 1, maxLength: 6 }),
  promotions: fc.array(promotionArb, { maxLength: 4 }),
  coupon: fc.option(couponArb, { nil: null }),
  pointsRequested: fc.integer({ min: 0, max: 1_000_000 }),
  pointsBalance: fc.integer({ min: 0, max: 1_000_000 }),
  settings: settingsArb,
  allow: fc.record({ coupons: fc.boolean(), points: fc.boolean(), promotions: fc.boolean(), member: fc.boolean() }, { requiredKeys: [] }),
  member: fc.option(memberArb, { nil: null }),
  shippingFee: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: undefined }),
});

const runs = { numRuns: 500 };
const colSum = (b: ReturnType<typeof priceOrder>, key: 'goodsAmount' | 'promotionDiscount' | 'couponDiscount' | 'pointsDiscount' | 'payAmount') =>
  b.perLine.reduce((s, l) => s + l[key], 0);

describe('priceOrder properties', () => {
  it('parts always sum to the total, per column and overall', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const b = priceOrder(input);
        expect(b.totalAmount).toBe(b.goodsAmount - b.promotionDiscount - b.couponDiscount - b.pointsDiscount + b.shippingFee);
        expect(colSum(b, 'goodsAmount')).toBe(b.goodsAmount);
        expect(colSum(b, 'promotionDiscount')).toBe(b.promotionDiscount);
        expect(colSum(b, 'couponDiscount')).toBe(b.couponDiscount);
        expect(colSum(b, 'pointsDiscount')).toBe(b.pointsDiscount);
        expect(colSum(b, 'payAmount') + b.shippingFee).toBe(b.totalAmount);
        expect(b.lines.reduce((s, l) => s + l.amount, 0)).toBe(b.totalAmount);
        for (const step of ['promotion', 'coupon', 'points'] as const) {
          const key = `${step}Discount` as const;
          // The member price is counted in promotionDiscount, shown as its own line.
          const steps: string[] = step === 'promotion' ? ['member', 'promotion'] : [step];
          expect(b.lines.filter((l) => steps.includes(l.step)).reduce((s, l) => s + l.amount, 0) + b[key]).toBe(0);
        }
      }),
      runs,
    );
  });

  it('nothing is ever negative and no discount exceeds what it applies to', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const b = priceOrder(input);
        for (const l of b.perLine) {
          for (const v of [l.promotionDiscount, l.couponDiscount, l.pointsDiscount, l.payAmount]) expect(v).toBeGreaterThanOrEqual(0);
          expect(l.promotionDiscount).toBeLessThanOrEqual(l.goodsAmount);
          expect(l.couponDiscount).toBeLessThanOrEqual(l.goodsAmount - l.promotionDiscount);
          expect(l.pointsDiscount).toBeLessThanOrEqual(l.goodsAmount - l.promotionDiscount - l.couponDiscount);
        }
        expect(b.totalAmount).toBeGreaterThanOrEqual(0);
        expect(b.shippingFee).toBeGreaterThanOrEqual(0);
        const coupon = input.coupon;
        if (coupon?.kind === 'fixed') expect(b.couponDiscount).toBeLessThanOrEqual(coupon.amount);
        if (coupon?.kind === 'percent' && coupon.maxDiscount !== null) expect(b.couponDiscount).toBeLessThanOrEqual(coupon.maxDiscount);
        if (!coupon || input.allow?.coupons === false) expect(b.couponDiscount).toBe(0);
        if (input.allow?.promotions === false) expect(b.promotionDiscount).toBe(0);
      }),
      runs,
    );
  });

  it('points never exceed the request, the balance or the cap, and are whole fen', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const b = priceOrder(input);
        const { pointsPerYuan, maxPercentOfOrder } = input.settings.points;
        expect(b.pointsUsed).toBeLessThanOrEqual(Math.min(input.pointsRequested, input.pointsBalance));
        const afterCoupon = b.goodsAmount - b.promotionDiscount - b.couponDiscount;
        expect(b.pointsDiscount * 100).toBeLessThanOrEqual(afterCoupon * maxPercentOfOrder);
        expect(b.pointsUsed * 100).toBe(b.pointsDiscount * pointsPerYuan); // exact conversion, no fraction lost
        if (input.allow?.points === false) expect(b.pointsUsed).toBe(0);
      }),
      runs,
    );
  });

  it('labels every non-zero step, and notices have words in both languages', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const b = priceOrder(input);
        for (const l of b.lines) {
          expect(l.label.length).toBeGreaterThan(0);
          expect(l.labelEn.length).toBeGreaterThan(0);
        }
        for (const [step, amount] of [
          ['promotion', b.promotionDiscount],
          ['coupon', b.couponDiscount],
          ['points', b.pointsDiscount],
          ['shipping', b.shippingFee],
        ] as const) {
          if (amount > 0) expect(b.lines.some((l) => (l.step === step || (step === 'promotion' && l.step === 'member')) && l.amount !== 0)).toBe(true);
        }
        for (const n of b.notices) expect(n.message && n.messageEn && n.code).toBeTruthy();
      }),
      runs,
    );
  });

  it('more goods never lower the goods amount; more points never lower the points discount', () => {
    fc.assert(
      fc.property(inputArb, fc.nat({ max: 5 }), fc.integer({ min: 1, max: 20 }), fc.nat({ max: 100_000 }), (input, at, extra, morePoints) => {
        const base = priceOrder(input);
        const i = at % input.lines.length;
        const bigger = priceOrder({ ...input, lines: input.lines.map((l, k) => (k === i ? { ...l, quantity: l.quantity + extra } : l)) });
        expect(bigger.goodsAmount).toBeGreaterThan(base.goodsAmount - 1);
        const morePts = priceOrder({ ...input, pointsRequested: input.pointsRequested + morePoints, pointsBalance: input.pointsBalance + morePoints });
        expect(morePts.pointsDiscount).toBeGreaterThanOrEqual(base.pointsDiscount);
        expect(morePts.totalAmount).toBeLessThanOrEqual(base.totalAmount);
      }),
      runs,
    );
  });

  it('a bigger fixed coupon never costs the shopper more', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 0, max: 50_000 }), fc.integer({ min: 0, max: 50_000 }), fc.integer({ min: 0, max: 50_000 }), (input, threshold, a, b) => {
        const [small, large] = a <= b ? [a, b] : [b, a];
        const withCoupon = (amount: number) =>
          priceOrder({ ...input, pointsRequested: 0, shippingFee: 0, coupon: { id: 1, templateId: 1, name: '券', kind: 'fixed', amount, threshold, scope: { productIds: [], categoryIds: [] } } });
        expect(withCoupon(large).totalAmount).toBeLessThanOrEqual(withCoupon(small).totalAmount);
      }),
      runs,
    );
  });

  it('the member price comes first, is floor(goods × (1000 − ‰) / 1000), only when allowed, and never raises a plain total', () => {
    fc.assert(
      fc.property(inputArb, memberArb, (input, member) => {
        const b = priceOrder({ ...input, member });
        const memberLines = b.lines.filter((l) => l.step === 'member');
        const off = memberLines.reduce((s, l) => s - l.amount, 0);
        const allowed = input.allow?.member !== false && input.allow?.promotions !== false;
        expect(off).toBe(allowed ? Number((BigInt(b.goodsAmount) * BigInt(1000 - member.discountPermille)) / 1000n) : 0);
        if (memberLines.length > 0) expect(b.lines[1]!.step).toBe('member');
        if (member.freeShipping) expect(b.shippingFee).toBe(0);
        expect(b.totalAmount).toBeGreaterThanOrEqual(0);
        expect(colSum(b, 'payAmount') + b.shippingFee).toBe(b.totalAmount);
        const plain = { ...input, promotions: [], coupon: null, shippingFee: 0 };
        expect(priceOrder({ ...plain, member }).totalAmount).toBeLessThanOrEqual(priceOrder({ ...plain, member: null }).totalAmount);
      }),
      runs,
    );
  });

  it('is deterministic', () => {
    fc.assert(fc.property(inputArb, (input) => {
      expect(priceOrder(input)).toEqual(priceOrder(structuredClone(input)));
    }), { numRuns: 100 });
  });
});
