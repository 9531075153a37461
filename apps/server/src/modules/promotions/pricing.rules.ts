/**
 * The one pricing function. Pure: the same input always gives the same breakdown.
 *
 * Fixed order of steps (each works on what the step before left):
 *   1. goods       unitPrice × quantity per line.
 *   1b. member     会员价: the shopper's level pays discountPermille ‰ of the goods, before any
 *                  promotion (as Chinese malls do: member price first, then 满减 and coupons).
 *                  floor(goods × (1000 − permille) / 1000) off, split over the lines. Not on
 *                  campaign prices (allow.promotions or allow.member false: presale, pre-order).
 *                  Counted in promotionDiscount (per line too), shown as its own 'member' line;
 *                  it does not make a line "promoted" for couponStacksWithPromotions.
 *   2. promotions  a) discount promotions (折扣, e.g. 9折): each line takes AT MOST ONE, the best
 *                     for the shopper (lowest pay percent; tie → lower promotion id). A promotion's
 *                     discount is floor(eligible goods × percent off) over the lines that took it.
 *                  b) full-reduction promotions (满减): on the goods left after (a). Each
 *                     promotion's base is its eligible lines' amount after (a); its best tier met
 *                     (largest reduction) applies. A line counts towards AT MOST ONE full
 *                     reduction: the one giving the largest reduction is applied first (tie →
 *                     lower id) and takes its lines; the rest are evaluated on the lines left.
 *   3. coupon      on the eligible lines' amount after promotions; must meet its threshold.
 *                  Fixed amount (满减券), or a percentage with an optional cap (折扣券 最多减X).
 *                  When the shop does not let coupons stack with promotions, lines that got
 *                  any promotion discount are not eligible for the coupon.
 *                  A coupon that cannot apply gives a notice, never an error.
 *   4. points      min(requested, balance), at most maxPercentOfOrder % of the amount after the
 *                  coupon, in whole fen only: points are used in steps of pointsPerYuan/g points
 *                  = 100/g fen (g = gcd(pointsPerYuan, 100)), so no point is spent on a fraction.
 *   5. shipping    a level with free shipping: 0 (会员包邮), whatever else applies. Otherwise
 *                  the flat fee, free when the goods after promotions and coupon reach
 *                  freeThreshold (0 = never free); an explicit shippingFee overrides both.
 * Every discount is whole fen, never more than what it applies to, and is split over the
 * lines with allocateMinor so each column of perLine sums exactly to its total.
 */
import { allocateMinor, memberPriceOf, type BreakdownLine, type PriceBreakdown, type ShopSettings } from '@mall/contract';
import { notices, percentLabel, thousands, tierLabel, zhe, yuan, type PricingNotice } from './pricing.labels.ts';

export interface PricingLine {
  skuId: number;
  productId: number;
  /** The product's category and all its ancestors. */
  categoryIds: readonly number[];
  unitPrice: number;
  quantity: number;
}

/** Which products a promotion or coupon covers; both lists empty = every product. */
export interface EligibilityScope {
  productIds: readonly number[];
  categoryIds: readonly number[];
}

export interface FullReductionTier {
  /** Eligible amount needed, fen. */
  threshold: number;
  /** Reduction, fen. */
  amount: number;
}

export type ActivePromotion =
  | { id: number; name: string; kind: 'full_reduction'; tiers: readonly FullReductionTier[]; scope: EligibilityScope }
  /** payPercent: what the shopper pays, 90 = 9折 (10 % off). */
  | { id: number; name: string; kind: 'discount'; payPercent: number; scope: EligibilityScope };

export type CouponTerms =
  | { kind: 'fixed'; amount: number }
  /** payPercent: what the shopper pays, 80 = 8折; maxDiscount caps the reduction (null = no cap). */
  | { kind: 'percent'; payPercent: number; maxDiscount: number | null };

/** A shopper's claimed coupon as pricing needs it. */
export type CouponForPricing = CouponTerms & {
  /** The claimed coupon's id. */
  id: number;
  templateId: number;
  name: string;
  threshold: number;
  scope: EligibilityScope;
};

export type PricingSettings = Pick<ShopSettings, 'shipping' | 'couponStacksWithPromotions'> & {
  points: Pick<ShopSettings['points'], 'earnPerYuan' | 'pointsPerYuan' | 'maxPercentOfOrder'>;
};

/** The shopper's member level as pricing needs it. */
export interface MemberPricing {
  levelId: number;
  name: string;
  nameEn: string;
  /** What the member pays of the goods, per mille (1000 = no discount). */
  discountPermille: number;
  freeShipping: boolean;
}

export interface PricingInput {
  lines: readonly PricingLine[];
  promotions: readonly ActivePromotion[];
  coupon: CouponForPricing | null;
  pointsRequested: number;
  pointsBalance: number;
  settings: PricingSettings;
  /** Switches steps off (presale campaigns do); everything is allowed by default. */
  allow?: { coupons?: boolean; points?: boolean; promotions?: boolean; member?: boolean };
  /** The shopper's member level (null/absent: a guest or no levels). */
  member?: MemberPricing | null;
  /** Overrides the flat fee and free threshold (carrier templates later). */
  shippingFee?: number;
}

interface StepResult {
  perLine: number[];
  lines: BreakdownLine[];
  notices: PricingNotice[];
}

const zeros = (n: number) => new Array<number>(n).fill(0);
const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** floor(amount × percent / 100), exact for any safe amount. */
export function percentOf(amount: number, percent: number): number {
  return Number((BigInt(amount) * BigInt(percent)) / 100n);
}

export function inScope(scope: EligibilityScope, line: PricingLine): boolean {
  if (scope.productIds.length === 0 && scope.categoryIds.length === 0) return true;
  return scope.productIds.includes(line.productId) || line.categoryIds.some((c) => scope.categoryIds.includes(c));
}

/** Splits `total` over the lines at `indices` by `weights` (a full-length array back). */
function spread(total: number, indices: readonly number[], weights: readonly number[], length: number): number[] {
  const out = zeros(length);
  if (total === 0 || indices.length === 0) return out;
  const parts = allocateMinor(total, indices.map((i) => weights[i]!));
  indices.forEach((lineIndex, k) => (out[lineIndex] = parts[k]!));
  return out;
}

const isCount = (n: number) => Number.isSafeInteger(n) && n >= 0;

function assertInput(input: PricingInput): void {
  for (const line of input.lines) {
    if (!isCount(line.unitPrice) || !isCount(line.quantity) || line.quantity === 0) throw new RangeError(`bad line for SKU ${line.skuId}`);
    if (!Number.isSafeInteger(line.unitPrice * line.quantity)) throw new RangeError(`line amount too large for SKU ${line.skuId}`);
  }
  if (!isCount(input.pointsRequested) || !isCount(input.pointsBalance)) throw new RangeError('points must be non-negative integers');
  if (input.shippingFee !== undefined && !isCount(input.shippingFee)) throw new RangeError('shipping fee must be a non-negative integer');
  for (const p of input.promotions) {
    if (p.kind === 'discount' && !(Number.isInteger(p.payPercent) && p.payPercent >= 1 && p.payPercent <= 99)) throw new RangeError(`promotion ${p.id}: bad percent`);
    if (p.kind === 'full_reduction' && p.tiers.some((t) => !isCount(t.threshold) || !isCount(t.amount))) throw new RangeError(`promotion ${p.id}: bad tier`);
  }
  const c = input.coupon;
  if (c && (!isCount(c.threshold) || (c.kind === 'fixed' ? !isCount(c.amount) : !(c.payPercent >= 1 && c.payPercent <= 99)))) {
    throw new RangeError(`coupon ${c.id}: bad terms`);
  }
}

/** Step 1b: the member price (会员价) on every line's goods. */
function applyMember(input: PricingInput, goods: readonly number[]): StepResult {
  const n = goods.length;
  const member = input.member;
  const result: StepResult = { perLine: zeros(n), lines: [], notices: [] };
  if (!member || input.allow?.member === false || input.allow?.promotions === false) return result;
  const off = sum(goods) - memberPriceOf(sum(goods), member.discountPermille);
  if (off === 0) return result;
  result.perLine = spread(off, goods.map((_, i) => i), goods, n);
  const zh = `${member.name} 会员价 ${member.discountPermille / 100}折`;
  const en = `${member.nameEn || member.name} member price: ${(1000 - member.discountPermille) / 10}% off`;
  result.lines.push({ step: 'member', label: zh, labelEn: en, amount: -off, ref: { type: 'member', id: member.levelId } });
  return result;
}

/** Step 2a: at most one discount promotion per line, the best for the shopper. */
function applyDiscounts(lines: readonly PricingLine[], goods: readonly number[], promotions: readonly ActivePromotion[]): StepResult {
  const discounts = promotions.filter((p) => p.kind === 'discount').sort((a, b) => a.payPercent - b.payPercent || a.id - b.id);
  const chosen = lines.map((line) => discounts.find((p) => inScope(p.scope, line)));
  const result: StepResult = { perLine: zeros(lines.length), lines: [], notices: [] };
  for (const promo of [...discounts].sort((a, b) => a.id - b.id)) {
    const indices = chosen.flatMap((p, i) => (p === promo ? [i] : []));
    const off = percentOf(sum(indices.map((i) => goods[i]!)), 100 - promo.payPercent);
    if (off === 0) continue;
    spread(off, indices, goods, lines.length).forEach((part, i) => (result.perLine[i]! += part));
    result.lines.push({ step: 'promotion', label: `${promo.name}：${zhe(promo.payPercent)}`, labelEn: `${promo.name}: ${100 - promo.payPercent}% off`, amount: -off, ref: { type: 'promotion', id: promo.id } });
  }
  return result;
}

/** Step 2b: full reductions on what is left after discounts, a line counting towards one of them at most. */
function applyFullReductions(lines: readonly PricingLine[], base: readonly number[], promotions: readonly ActivePromotion[]): StepResult {
  const result: StepResult = { perLine: zeros(lines.length), lines: [], notices: [] };
  const taken = new Set<number>();
  let open = promotions.flatMap((p) => (p.kind === 'full_reduction' ? [p] : []));
  for (;;) {
    const candidates = open.map((promo) => {
      const indices = lines.flatMap((line, i) => (!taken.has(i) && inScope(promo.scope, line) ? [i] : []));
      const eligible = sum(indices.map((i) => base[i]!));
      const met = promo.tiers.filter((t) => t.threshold <= eligible && t.amount > 0).sort((a, b) => b.amount - a.amount || a.threshold - b.threshold);
      const tier = met[0];
      return { promo, indices, tier, off: tier ? Math.min(tier.amount, eligible) : 0 };
    });
    const best = candidates.filter((c) => c.off > 0).sort((a, b) => b.off - a.off || a.promo.id - b.promo.id)[0];
    if (!best || !best.tier) break;
    spread(best.off, best.indices, base, lines.length).forEach((part, i) => (result.perLine[i]! += part));
    best.indices.forEach((i) => taken.add(i));
    const words = tierLabel(best.tier.threshold, best.tier.amount);
    result.lines.push({ step: 'promotion', label: `${best.promo.name}：${words.zh}`, labelEn: `${best.promo.name}: ${words.en}`, amount: -best.off, ref: { type: 'promotion', id: best.promo.id } });
    open = open.filter((p) => p !== best.promo);
  }
  return result;
}

/** Step 3: the coupon on its eligible lines after promotions. */
function applyCoupon(input: PricingInput, base: readonly number[], promoPerLine: readonly number[]): StepResult {
  const { lines, settings } = input;
  const coupon = input.coupon!;
  const result: StepResult = { perLine: zeros(lines.length), lines: [], notices: [] };
  const inCouponScope = lines.flatMap((line, i) => (inScope(coupon.scope, line) ? [i] : []));
  const indices = settings.couponStacksWithPromotions ? inCouponScope : inCouponScope.filter((i) => promoPerLine[i] === 0);
  if (inCouponScope.length === 0) return { ...result, notices: [notices.couponNotApplicable(coupon.name)] };
  if (indices.length === 0) return { ...result, notices: [notices.couponNotStackable(coupon.name)] };
  const eligible = sum(indices.map((i) => base[i]!));
  if (eligible < coupon.threshold) return { ...result, notices: [notices.couponBelowThreshold(coupon.name, coupon.threshold, coupon.threshold - eligible)] };
  const raw = coupon.kind === 'fixed' ? coupon.amount : percentOf(eligible, 100 - coupon.payPercent);
  const capped = coupon.kind === 'percent' && coupon.maxDiscount !== null ? Math.min(raw, coupon.maxDiscount) : raw;
  const off = Math.min(capped, eligible);
  if (off === 0) return { ...result, notices: [notices.couponNotApplicable(coupon.name)] };
  result.perLine = spread(off, indices, base, lines.length);
  const words = coupon.kind === 'fixed' ? tierLabel(coupon.threshold, coupon.amount) : percentLabel(coupon.payPercent, coupon.maxDiscount, coupon.threshold);
  result.lines.push({ step: 'coupon', label: `优惠券 ${coupon.name}：${words.zh}`, labelEn: `Coupon ${coupon.name}: ${words.en}`, amount: -off, ref: { type: 'coupon', id: coupon.id } });
  return result;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** Step 4: points, capped by balance, by the share of the order, and to whole fen. */
function applyPoints(input: PricingInput, base: readonly number[]): StepResult & { pointsUsed: number } {
  const n = input.lines.length;
  const none = { perLine: zeros(n), lines: [], notices: [], pointsUsed: 0 };
  if (input.pointsRequested === 0) return none;
  if (input.allow?.points === false) return { ...none, notices: [notices.pointsNotAllowed()] };
  const { pointsPerYuan, maxPercentOfOrder } = input.settings.points;
  const found: PricingNotice[] = [];
  const available = Math.min(input.pointsRequested, input.pointsBalance);
  if (input.pointsRequested > input.pointsBalance) found.push(notices.pointsCappedByBalance(input.pointsRequested, input.pointsBalance));
  const g = gcd(pointsPerYuan, 100);
  const stepPoints = pointsPerYuan / g;
  const stepFen = 100 / g;
  const capFen = percentOf(sum(base), maxPercentOfOrder);
  const stepsByPoints = Math.floor(available / stepPoints);
  const stepsByCap = Math.floor(capFen / stepFen);
  const steps = Math.min(stepsByPoints, stepsByCap);
  const pointsUsed = steps * stepPoints;
  if (stepsByCap < stepsByPoints) found.push(notices.pointsCappedByOrder(stepsByCap * stepPoints, maxPercentOfOrder));
  else if (pointsUsed < available) found.push(notices.pointsRounded(pointsUsed, stepPoints, stepFen));
  const fen = steps * stepFen;
  if (fen === 0) return { ...none, notices: found };
  const label = { step: 'points' as const, label: `积分抵扣（${thousands(pointsUsed)} 积分）`, labelEn: `Points (${thousands(pointsUsed)} points)` };
  const indices = base.map((_, i) => i);
  return { perLine: spread(fen, indices, base, n), lines: [{ ...label, amount: -fen, ref: { type: 'points' } }], notices: found, pointsUsed };
}

/** Step 5: flat fee unless the goods after promotions and coupon reach the free threshold. */
function shippingFor(input: PricingInput, goodsAfterDiscounts: number): BreakdownLine | null {
  if (input.lines.length === 0) return null;
  const ref = { type: 'shipping' as const };
  if (input.member?.freeShipping) return { step: 'shipping', label: '会员包邮', labelEn: 'Free shipping for members', amount: 0, ref: { type: 'member', id: input.member.levelId } };
  if (input.shippingFee !== undefined) return { step: 'shipping', label: input.shippingFee > 0 ? '运费' : '免运费', labelEn: input.shippingFee > 0 ? 'Shipping' : 'Free shipping', amount: input.shippingFee, ref };
  const { flatFee, freeThreshold } = input.settings.shipping;
  if (flatFee === 0) return { step: 'shipping', label: '免运费', labelEn: 'Free shipping', amount: 0, ref };
  if (freeThreshold > 0 && goodsAfterDiscounts >= freeThreshold) {
    return { step: 'shipping', label: `满${yuan(freeThreshold)}元包邮`, labelEn: `Free shipping over ¥${yuan(freeThreshold)}`, amount: 0, ref };
  }
  return { step: 'shipping', label: '运费', labelEn: 'Shipping', amount: flatFee, ref };
}

export function priceOrder(input: PricingInput): PriceBreakdown {
  assertInput(input);
  const { lines } = input;
  const n = lines.length;
  const goods = lines.map((l) => l.unitPrice * l.quantity);
  const goodsAmount = sum(goods);
  const found: PricingNotice[] = [];

  const member = applyMember(input, goods);
  const afterMember = goods.map((g, i) => g - member.perLine[i]!);
  const promotionsOn = input.allow?.promotions !== false;
  const discounts = promotionsOn ? applyDiscounts(lines, afterMember, input.promotions) : { perLine: zeros(n), lines: [], notices: [] };
  const afterDiscounts = afterMember.map((g, i) => g - discounts.perLine[i]!);
  const reductions = promotionsOn ? applyFullReductions(lines, afterDiscounts, input.promotions) : { perLine: zeros(n), lines: [], notices: [] };
  const promo = discounts.perLine.map((d, i) => d + reductions.perLine[i]!);
  const afterPromo = afterMember.map((g, i) => g - promo[i]!);

  let coupon: StepResult = { perLine: zeros(n), lines: [], notices: [] };
  if (input.coupon && input.allow?.coupons === false) coupon.notices.push(notices.couponNotAllowed());
  else if (input.coupon) coupon = applyCoupon(input, afterPromo, promo);
  const afterCoupon = afterPromo.map((a, i) => a - coupon.perLine[i]!);

  const points = applyPoints(input, afterCoupon);
  const shipping = shippingFor(input, sum(afterCoupon));
  found.push(...coupon.notices, ...points.notices);

  const perLine = lines.map((line, i) => ({
    skuId: line.skuId,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    goodsAmount: goods[i]!,
    promotionDiscount: member.perLine[i]! + promo[i]!,
    couponDiscount: coupon.perLine[i]!,
    pointsDiscount: points.perLine[i]!,
    payAmount: afterCoupon[i]! - points.perLine[i]!,
  }));
  const promotionDiscount = sum(member.perLine) + sum(promo);
  const couponDiscount = sum(coupon.perLine);
  const pointsDiscount = sum(points.perLine);
  const shippingFee = shipping?.amount ?? 0;
  return {
    currency: 'CNY',
    goodsAmount,
    promotionDiscount,
    couponDiscount,
    pointsDiscount,
    pointsUsed: points.pointsUsed,
    shippingFee,
    totalAmount: goodsAmount - promotionDiscount - couponDiscount - pointsDiscount + shippingFee,
    lines: [
      { step: 'goods', label: '商品金额', labelEn: 'Goods', amount: goodsAmount },
      ...member.lines,
      ...discounts.lines,
      ...reductions.lines,
      ...coupon.lines,
      ...points.lines,
      ...(shipping ? [shipping] : []),
    ],
    perLine,
    notices: found,
  };
}
