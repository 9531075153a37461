import { describe, expect, it } from 'vitest';
import { shopSettingsSchema } from '@mall/contract';
import { priceOrder, type ActivePromotion, type CouponForPricing, type EligibilityScope, type PricingInput, type PricingLine } from './pricing.rules.ts';

const defaults = shopSettingsSchema.parse({});
const settings = { shipping: defaults.shipping, points: defaults.points, couponStacksWithPromotions: true };
const ALL: EligibilityScope = { productIds: [], categoryIds: [] };

const line = (productId: number, unitPrice: number, quantity = 1, categoryIds: number[] = []): PricingLine => ({
  skuId: productId * 10,
  productId,
  categoryIds,
  unitPrice,
  quantity,
});

const price = (over: Partial<PricingInput>) =>
  priceOrder({ lines: [], promotions: [], coupon: null, pointsRequested: 0, pointsBalance: 0, settings, ...over });

const fullReduction = (id: number, tiers: [number, number][], scope = ALL): ActivePromotion => ({
  id,
  name: `满减${id}`,
  kind: 'full_reduction',
  tiers: tiers.map(([threshold, amount]) => ({ threshold, amount })),
  scope,
});
const discount = (id: number, payPercent: number, scope = ALL): ActivePromotion => ({ id, name: `折扣${id}`, kind: 'discount', payPercent, scope });
const fixedCoupon = (amount: number, threshold: number, scope = ALL): CouponForPricing => ({ id: 501, templateId: 5, name: '店铺券', kind: 'fixed', amount, threshold, scope });
const percentCoupon = (payPercent: number, maxDiscount: number | null, threshold = 0, scope = ALL): CouponForPricing => ({
  id: 502,
  templateId: 6,
  name: '折扣券',
  kind: 'percent',
  payPercent,
  maxDiscount,
  threshold,
  scope,
});
const TIERS: [number, number][] = [
  [30000, 4000],
  [50000, 8000],
];
const codes = (b: ReturnType<typeof priceOrder>) => b.notices.map((n) => n.code);

describe('priceOrder: goods and shipping', () => {
  it.each([
    { name: 'below the free threshold pays the flat fee', lines: [line(1, 5000)], shipping: 1000, total: 6000 },
    { name: 'at the free threshold ships free', lines: [line(1, 3300, 3)], shipping: 0, total: 9900 },
    { name: 'above it ships free', lines: [line(1, 5000, 2), line(2, 100)], shipping: 0, total: 10100 },
    { name: 'one fen below pays', lines: [line(1, 9899)], shipping: 1000, total: 10899 },
  ])('$name', ({ lines, shipping, total }) => {
    const b = price({ lines });
    expect(b.shippingFee).toBe(shipping);
    expect(b.totalAmount).toBe(total);
    expect(b.lines[0]).toMatchObject({ step: 'goods', label: '商品金额', amount: b.goodsAmount });
    expect(b.lines.at(-1)).toMatchObject({ step: 'shipping', amount: shipping });
  });

  it('never ships free when the free threshold is 0, and honours an explicit fee', () => {
    const never = { ...settings, shipping: { flatFee: 800, freeThreshold: 0 } };
    expect(price({ lines: [line(1, 1_000_000)], settings: never }).shippingFee).toBe(800);
    expect(price({ lines: [line(1, 500)], shippingFee: 0 }).shippingFee).toBe(0);
    expect(price({ lines: [line(1, 50_000)], shippingFee: 1500 }).shippingFee).toBe(1500);
  });

  it('an empty order costs nothing, not even shipping', () => {
    const b = price({ lines: [] });
    expect(b).toMatchObject({ goodsAmount: 0, shippingFee: 0, totalAmount: 0, perLine: [] });
  });

  it('refuses impossible input as a programming error', () => {
    expect(() => price({ lines: [line(1, -1)] })).toThrow(RangeError);
    expect(() => price({ lines: [line(1, 100, 0)] })).toThrow(RangeError);
    expect(() => price({ lines: [line(1, 100)], pointsRequested: -5 })).toThrow(RangeError);
    expect(() => price({ lines: [line(1, 100)], promotions: [discount(1, 100)] })).toThrow(RangeError);
  });
});

describe('priceOrder: promotions', () => {
  it.each([
    { goods: 29_999, off: 0 },
    { goods: 30_000, off: 4000 },
    { goods: 49_999, off: 4000 },
    { goods: 50_000, off: 8000 },
    { goods: 120_000, off: 8000 },
  ])('满300减40 / 满500减80 on ¥$goods fen takes $off off', ({ goods, off }) => {
    const b = price({ lines: [line(1, goods)], promotions: [fullReduction(1, TIERS)] });
    expect(b.promotionDiscount).toBe(off);
    if (off > 0) expect(b.lines[1]).toMatchObject({ step: 'promotion', amount: -off, ref: { type: 'promotion', id: 1 } });
    if (off === 8000) expect(b.lines[1]!.label).toBe('满减1：满500减80');
  });

  it('applies a 9折 discount only to eligible categories, then the full reduction on the discounted total', () => {
    const b = price({
      lines: [line(1, 20_000, 1, [7, 3]), line(2, 20_000, 1, [4])],
      promotions: [discount(2, 90, { productIds: [], categoryIds: [3] }), fullReduction(1, TIERS)],
    });
    // 9折 on line 1: −2000; full reduction on 18000 + 20000 = 38000 ≥ 30000: −4000 split 18:20.
    expect(b.perLine.map((l) => l.promotionDiscount)).toEqual([2000 + 1895, 2105]);
    expect(b.promotionDiscount).toBe(6000);
    expect(b.lines.map((l) => l.label)).toEqual(['商品金额', '折扣2：9折', '满减1：满300减40', '满99元包邮']);
  });

  it('the discount can drop a line below a full-reduction tier', () => {
    const b = price({ lines: [line(1, 32_000)], promotions: [discount(2, 90), fullReduction(1, TIERS)] });
    expect(b.promotionDiscount).toBe(3200); // 28800 after 9折: 满300 no longer met
  });

  it('takes the best of two discounts on a line, never both', () => {
    const b = price({ lines: [line(1, 10_000), line(2, 10_000)], promotions: [discount(1, 90), discount(2, 80, { productIds: [2], categoryIds: [] })] });
    expect(b.perLine.map((l) => l.promotionDiscount)).toEqual([1000, 2000]);
    expect(b.lines.filter((l) => l.step === 'promotion').map((l) => l.amount)).toEqual([-1000, -2000]);
  });

  it('counts a line towards one full reduction only, the largest first', () => {
    const b = price({
      lines: [line(1, 10_000, 1, [7]), line(2, 10_000)],
      promotions: [fullReduction(1, [[10_000, 1000]]), fullReduction(2, [[10_000, 3000]], { productIds: [], categoryIds: [7] })],
    });
    expect(b.perLine.map((l) => l.promotionDiscount)).toEqual([3000, 1000]);
    expect(b.lines.filter((l) => l.step === 'promotion').map((l) => l.ref?.id)).toEqual([2, 1]);
  });

  it('never reduces a line below zero', () => {
    const b = price({ lines: [line(1, 3000)], promotions: [fullReduction(1, [[0, 5000]])] });
    expect(b.promotionDiscount).toBe(3000);
    expect(b.totalAmount).toBe(1000); // shipping only
  });

  it('can be switched off', () => {
    const b = price({ lines: [line(1, 60_000)], promotions: [fullReduction(1, TIERS)], allow: { promotions: false } });
    expect(b.promotionDiscount).toBe(0);
  });
});

describe('priceOrder: coupons', () => {
  it.each([
    { name: 'fixed 满100减10', coupon: fixedCoupon(1000, 10_000), goods: 15_000, off: 1000, label: '优惠券 店铺券：满100减10' },
    { name: 'fixed without threshold', coupon: fixedCoupon(500, 0), goods: 300, off: 300, label: '优惠券 店铺券：立减5' },
    { name: '8折 capped at ¥20', coupon: percentCoupon(80, 2000), goods: 15_000, off: 2000, label: '优惠券 折扣券：8折 最多减20' },
    { name: '8折 under its cap', coupon: percentCoupon(80, 5000), goods: 15_000, off: 3000, label: '优惠券 折扣券：8折 最多减50' },
    { name: '8.5折 without cap, rounded down', coupon: percentCoupon(85, null), goods: 999, off: 149, label: '优惠券 折扣券：8.5折' },
  ])('$name', ({ coupon, goods, off, label }) => {
    const b = price({ lines: [line(1, goods)], coupon });
    expect(b.couponDiscount).toBe(off);
    expect(b.lines.find((l) => l.step === 'coupon')).toMatchObject({ label, amount: -off, ref: { type: 'coupon', id: coupon.id } });
    expect(b.notices).toEqual([]);
  });

  it('below its threshold gives a notice, not an error', () => {
    const b = price({ lines: [line(1, 9000)], coupon: fixedCoupon(1000, 10_000) });
    expect(b.couponDiscount).toBe(0);
    expect(codes(b)).toEqual(['COUPON_BELOW_THRESHOLD']);
    expect(b.notices[0]!.message).toContain('还差10元');
  });

  it('checks the threshold after promotions', () => {
    const b = price({ lines: [line(1, 10_500)], promotions: [discount(1, 90)], coupon: fixedCoupon(1000, 10_000) });
    expect(b.couponDiscount).toBe(0);
    expect(codes(b)).toEqual(['COUPON_BELOW_THRESHOLD']);
  });

  it('applies only to eligible lines, and says so when none is', () => {
    const scoped = fixedCoupon(2000, 5000, { productIds: [2], categoryIds: [] });
    const b = price({ lines: [line(1, 8000), line(2, 6000)], coupon: scoped });
    expect(b.perLine.map((l) => l.couponDiscount)).toEqual([0, 2000]);
    const none = price({ lines: [line(1, 8000)], coupon: scoped });
    expect(codes(none)).toEqual(['COUPON_NOT_APPLICABLE']);
    expect(none.couponDiscount).toBe(0);
  });

  it('skips lines with a promotion when coupons do not stack', () => {
    const noStack = { ...settings, couponStacksWithPromotions: false };
    const promotions = [discount(1, 90, { productIds: [1], categoryIds: [] })];
    const b = price({ lines: [line(1, 10_000), line(2, 6000)], promotions, coupon: fixedCoupon(1000, 5000), settings: noStack });
    expect(b.perLine.map((l) => l.couponDiscount)).toEqual([0, 1000]);
    const blocked = price({ lines: [line(1, 10_000)], promotions, coupon: fixedCoupon(1000, 5000), settings: noStack });
    expect(codes(blocked)).toEqual(['COUPON_NOT_STACKABLE']);
    const stacked = price({ lines: [line(1, 10_000)], promotions, coupon: fixedCoupon(1000, 5000) });
    expect(stacked.couponDiscount).toBe(1000);
  });

  it('can be switched off', () => {
    const b = price({ lines: [line(1, 20_000)], coupon: fixedCoupon(1000, 0), allow: { coupons: false } });
    expect(b.couponDiscount).toBe(0);
    expect(codes(b)).toEqual(['COUPON_NOT_ALLOWED']);
  });

  it('counts toward free shipping only after it is taken off', () => {
    const b = price({ lines: [line(1, 10_000)], coupon: fixedCoupon(1000, 0) });
    expect(b.shippingFee).toBe(1000);
    expect(b.totalAmount).toBe(10_000);
  });
});

describe('priceOrder: points', () => {
  it.each([
    { name: 'uses what was asked', goods: 20_000, requested: 3000, balance: 5000, used: 3000, fen: 3000, notices: [] },
    { name: 'capped by the balance', goods: 20_000, requested: 3000, balance: 1000, used: 1000, fen: 1000, notices: ['POINTS_CAPPED_BY_BALANCE'] },
    { name: 'capped at 50% of the order', goods: 8000, requested: 5000, balance: 9000, used: 4000, fen: 4000, notices: ['POINTS_CAPPED_BY_ORDER'] },
    { name: 'both caps', goods: 8000, requested: 9000, balance: 5000, used: 4000, fen: 4000, notices: ['POINTS_CAPPED_BY_BALANCE', 'POINTS_CAPPED_BY_ORDER'] },
  ])('$name', ({ goods, requested, balance, used, fen, notices }) => {
    const b = price({ lines: [line(1, goods)], pointsRequested: requested, pointsBalance: balance });
    expect(b.pointsUsed).toBe(used);
    expect(b.pointsDiscount).toBe(fen);
    expect(codes(b)).toEqual(notices);
    expect(b.lines.find((l) => l.step === 'points')).toMatchObject({ label: `积分抵扣（${used.toLocaleString('en-US')} 积分）`, amount: -fen });
  });

  it.each([
    { pointsPerYuan: 1000, requested: 1005, used: 1000, fen: 100 },
    { pointsPerYuan: 30, requested: 10, used: 9, fen: 30 },
    { pointsPerYuan: 7, requested: 20, used: 14, fen: 200 },
    { pointsPerYuan: 50, requested: 11, used: 11, fen: 22 },
  ])('spends whole fen only at $pointsPerYuan points per yuan', ({ pointsPerYuan, requested, used, fen }) => {
    const b = price({
      lines: [line(1, 100_000)],
      pointsRequested: requested,
      pointsBalance: 100_000,
      settings: { ...settings, points: { ...settings.points, pointsPerYuan } },
    });
    expect({ used: b.pointsUsed, fen: b.pointsDiscount }).toEqual({ used, fen });
    expect(codes(b)).toEqual(used < requested ? ['POINTS_ROUNDED'] : []);
  });

  it('works on the amount after the coupon and never pays shipping', () => {
    const b = price({ lines: [line(1, 5000)], coupon: fixedCoupon(1000, 0), pointsRequested: 10_000, pointsBalance: 10_000 });
    expect(b.pointsDiscount).toBe(2000); // 50% of 4000
    expect(b.totalAmount).toBe(5000 - 1000 - 2000 + 1000);
  });

  it('can be switched off, or capped to nothing', () => {
    const off = price({ lines: [line(1, 5000)], pointsRequested: 100, pointsBalance: 100, allow: { points: false } });
    expect(off.pointsUsed).toBe(0);
    expect(codes(off)).toEqual(['POINTS_NOT_ALLOWED']);
    const zeroShare = price({ lines: [line(1, 5000)], pointsRequested: 100, pointsBalance: 100, settings: { ...settings, points: { ...settings.points, maxPercentOfOrder: 0 } } });
    expect(zeroShare.pointsUsed).toBe(0);
    expect(zeroShare.lines.some((l) => l.step === 'points')).toBe(false);
    expect(codes(zeroShare)).toEqual(['POINTS_CAPPED_BY_ORDER']);
  });
});

describe('priceOrder: everything together', () => {
  it('goods → promotions → coupon → points → shipping, each column summing exactly', () => {
    const b = price({
      lines: [line(1, 13_333, 3, [2]), line(2, 7_777, 1), line(3, 1, 7, [2])],
      promotions: [discount(1, 95, { productIds: [], categoryIds: [2] }), fullReduction(2, TIERS)],
      coupon: percentCoupon(88, 3000, 20_000),
      pointsRequested: 2_345,
      pointsBalance: 100_000,
    });
    expect(b.goodsAmount).toBe(39_999 + 7_777 + 7);
    expect(b.lines.map((l) => l.step)).toEqual(['goods', 'promotion', 'promotion', 'coupon', 'points', 'shipping']);
    for (const key of ['goodsAmount', 'promotionDiscount', 'couponDiscount', 'pointsDiscount'] as const) {
      expect(b.perLine.reduce((s, l) => s + l[key], 0)).toBe(b[key]);
    }
    expect(b.perLine.reduce((s, l) => s + l.payAmount, 0) + b.shippingFee).toBe(b.totalAmount);
    expect(b.totalAmount).toBe(b.goodsAmount - b.promotionDiscount - b.couponDiscount - b.pointsDiscount + b.shippingFee);
    expect(b.pointsUsed).toBe(2_345);
  });
});
