import { z } from 'zod';
import type { ErrorSpec } from './errors-common.ts';
import { pageOf, pageQuery, queryBoolean, timestamp } from './common.ts';
import { moneyAmount } from './money.ts';
import { breakdownStep } from './pricing.ts';

export const COUPON_KINDS = ['fixed', 'percent'] as const;
export type CouponKind = (typeof COUPON_KINDS)[number];
export const PROMOTION_KINDS = ['full_reduction', 'discount'] as const;
export type PromotionKind = (typeof PROMOTION_KINDS)[number];
/** expired = not used and past its validity (or restored after its validity ended). */
export const COUPON_STATUSES = ['unused', 'used', 'expired'] as const;
export type CouponStatus = (typeof COUPON_STATUSES)[number];
export const MAX_SCOPE_IDS = 500;
export const MAX_ISSUE_SHOPPERS = 500;
export const MAX_COUPON_QUANTITY = 10_000_000;
export const MAX_TIERS = 5;

export const promotionsErrors = {
  // Using a held coupon (quote, order placement): each reason its own code, all 409.
  COUPON_UNAVAILABLE: { status: 409, zh: '没有这张优惠券，或它不属于您', en: 'No such coupon of yours' },
  COUPON_ALREADY_USED: { status: 409, zh: '优惠券已被使用', en: 'The coupon was already used' },
  COUPON_EXPIRED: { status: 409, zh: '优惠券已过期', en: 'The coupon has expired' },
  COUPON_NOT_STARTED: { status: 409, zh: '优惠券尚未到使用时间（{validFrom} 起可用）', en: 'The coupon is not valid yet (from {validFrom})' },
  // Claiming and issuing.
  COUPON_SOLD_OUT: { status: 409, zh: '优惠券「{name}」已领完（剩余 {remaining} 张）', en: 'Coupon "{name}" has run out ({remaining} left)' },
  COUPON_CLAIM_LIMIT: { status: 409, zh: '优惠券「{name}」每人限领 {limit} 张', en: 'Coupon "{name}" is limited to {limit} per shopper' },
  COUPON_INACTIVE: { status: 409, zh: '优惠券「{name}」已停用', en: 'Coupon "{name}" was switched off' },
  COUPON_NOT_CLAIMABLE: { status: 409, zh: '优惠券「{name}」仅限商家发放，不能自行领取', en: 'Coupon "{name}" is only issued by the shop and cannot be claimed' },
  COUPON_CLAIM_ENDED: { status: 409, zh: '优惠券「{name}」已过使用期限，不能再领取', en: 'Coupon "{name}" is past its validity and can no longer be claimed' },
  // Staff editing.
  COUPON_TERMS_LOCKED: {
    status: 409,
    zh: '优惠券「{name}」已被领取 {claimed} 张，优惠内容（类型、金额、门槛、适用范围）不能再修改',
    en: 'Coupon "{name}" has {claimed} claimed; its terms (kind, amounts, threshold, scope) can no longer change',
  },
  COUPON_TEMPLATE_IN_USE: {
    status: 409,
    zh: '优惠券「{name}」已被领取 {claimed} 张，不能删除，请改为停用',
    en: 'Coupon "{name}" has {claimed} claimed and cannot be deleted; switch it off instead',
  },
} as const satisfies Record<string, ErrorSpec>;

const dbId = z.number().int().positive().max(2_147_483_647);
const idList = z
  .array(dbId)
  .max(MAX_SCOPE_IDS)
  .refine((ids) => new Set(ids).size === ids.length, 'ids must not repeat');
const payPercent = z.number().int().min(1).max(99).describe('What the shopper pays, in percent: 90 = 9折 (10% off)');
const name = z.string().trim().min(1).max(60);
const description = z.string().trim().max(500);

export const couponValidity = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), from: timestamp, until: timestamp }),
  z.object({ kind: z.literal('days'), days: z.number().int().min(1).max(3650).describe('Valid for this many days after claiming') }),
]);

export interface CouponTermsShape {
  kind: CouponKind;
  amount?: number | null;
  payPercent?: number | null;
  maxDiscount?: number | null;
  threshold?: number;
  validity?: { kind: 'fixed'; from: Date; until: Date } | { kind: 'days'; days: number };
}

/** What is wrong with a coupon's terms taken together (the same check for create and edit). */
export function couponTermsProblems(t: CouponTermsShape): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (t.kind === 'fixed') {
    if (t.amount == null) problems.push({ path: 'amount', message: 'a fixed coupon needs an amount' });
    if (t.payPercent != null) problems.push({ path: 'payPercent', message: 'only percent coupons have a percent' });
    if (t.maxDiscount != null) problems.push({ path: 'maxDiscount', message: 'only percent coupons have a cap' });
  } else {
    if (t.payPercent == null) problems.push({ path: 'payPercent', message: 'a percent coupon needs a percent' });
    if (t.amount != null) problems.push({ path: 'amount', message: 'only fixed coupons have an amount' });
  }
  if (t.validity?.kind === 'fixed' && !(t.validity.from < t.validity.until)) problems.push({ path: 'validity.until', message: 'must be after from' });
  return problems;
}

const couponFields = {
  name,
  description: description.default(''),
  kind: z.enum(COUPON_KINDS),
  /** Fixed coupons: the reduction, fen. */
  amount: moneyAmount.min(1).nullable().optional(),
  payPercent: payPercent.nullable().optional(),
  /** Percent coupons: the largest reduction, fen; null = no cap. */
  maxDiscount: moneyAmount.min(1).nullable().optional(),
  /** Eligible goods (after promotions) needed, fen; 0 = none. */
  threshold: moneyAmount.default(0),
  /** Both empty = every product. */
  productIds: idList.default([]),
  categoryIds: idList.default([]),
  validity: couponValidity,
  totalQuantity: z.number().int().min(1).max(MAX_COUPON_QUANTITY),
  perShopperLimit: z.number().int().min(1).max(100).default(1),
  /** Shoppers can claim it themselves; false = staff issue it only (compensation). */
  claimable: z.boolean().default(true),
  /** Inactive templates can be neither claimed nor issued; coupons already claimed stay usable. */
  active: z.boolean().default(true),
};

const addTermsProblems = (value: CouponTermsShape, check: z.RefinementCtx) => {
  for (const p of couponTermsProblems(value)) check.addIssue({ code: 'custom', path: p.path.split('.'), message: p.message });
};

export const couponTemplateInput = z.object(couponFields).superRefine(addTermsProblems);
export type CouponTemplateInput = z.output<typeof couponTemplateInput>;

/** Partial edit. Terms (kind, amounts, threshold, scope) cannot change once a coupon was claimed. */
export const couponTemplatePatch = z.object({
  name: name.optional(),
  description: description.optional(),
  kind: z.enum(COUPON_KINDS).optional(),
  amount: moneyAmount.min(1).nullable().optional(),
  payPercent: payPercent.nullable().optional(),
  maxDiscount: moneyAmount.min(1).nullable().optional(),
  threshold: moneyAmount.optional(),
  productIds: idList.optional(),
  categoryIds: idList.optional(),
  validity: couponValidity.optional(),
  totalQuantity: z.number().int().min(1).max(MAX_COUPON_QUANTITY).optional(),
  perShopperLimit: z.number().int().min(1).max(100).optional(),
  claimable: z.boolean().optional(),
  active: z.boolean().optional(),
});
export type CouponTemplatePatch = z.output<typeof couponTemplatePatch>;

const couponTerms = {
  kind: z.enum(COUPON_KINDS),
  amount: z.number().int().nullable(),
  payPercent: z.number().int().nullable(),
  maxDiscount: z.number().int().nullable(),
  threshold: z.number().int(),
  productIds: z.array(z.number().int()),
  categoryIds: z.array(z.number().int()),
  /** e.g. 满100减10 / 8折 最多减20 */
  label: z.string(),
  labelEn: z.string(),
};

export const couponTemplateView = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string(),
  ...couponTerms,
  validity: couponValidity,
  totalQuantity: z.number().int(),
  perShopperLimit: z.number().int(),
  claimable: z.boolean(),
  active: z.boolean(),
  claimedCount: z.number().int(),
  usedCount: z.number().int(),
  remaining: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type CouponTemplateView = z.output<typeof couponTemplateView>;
export const couponTemplatePage = pageOf(couponTemplateView);
export const couponTemplateListQuery = pageQuery.extend({
  q: z.string().trim().max(60).optional(),
  active: queryBoolean.optional(),
});
export type CouponTemplateListQuery = z.output<typeof couponTemplateListQuery>;

export const issueCouponsInput = z.object({
  shopperIds: z
    .array(dbId)
    .min(1)
    .max(MAX_ISSUE_SHOPPERS)
    .refine((ids) => new Set(ids).size === ids.length, 'shopper ids must not repeat'),
  note: z.string().trim().max(200).default(''),
});
export const issueCouponsResult = z.object({ issued: z.number().int(), couponIds: z.array(z.number().int()) });

/** A template as the storefront shows it for claiming. */
export const claimableCouponView = z.object({
  templateId: z.number().int(),
  name: z.string(),
  description: z.string(),
  ...couponTerms,
  validity: couponValidity,
  remaining: z.number().int(),
  perShopperLimit: z.number().int(),
  /** How many I hold already (0 when not signed in). */
  claimedByMe: z.number().int(),
  canClaim: z.boolean(),
});
export const claimableCouponList = z.object({ items: z.array(claimableCouponView) });

export const shopperCouponView = z.object({
  id: z.number().int(),
  templateId: z.number().int(),
  name: z.string(),
  description: z.string(),
  ...couponTerms,
  status: z.enum(COUPON_STATUSES),
  validFrom: timestamp,
  validUntil: timestamp,
  claimedAt: timestamp,
  usedAt: timestamp.nullable(),
  orderId: z.number().int().nullable(),
  source: z.enum(['claim', 'issue']),
});
export type ShopperCouponView = z.output<typeof shopperCouponView>;
export const shopperCouponPage = pageOf(shopperCouponView);
export const myCouponsQuery = pageQuery.extend({ status: z.enum(COUPON_STATUSES).default('unused') });
export type MyCouponsQuery = z.output<typeof myCouponsQuery>;
export const templateIdParam = z.object({ templateId: z.coerce.number().int().positive().max(2_147_483_647) });

/** For the checkout picker: what each of my coupons would take off this cart. */
export const couponChoice = z.object({
  coupon: shopperCouponView,
  discount: z.number().int(),
  usable: z.boolean(),
  notice: z.object({ code: z.string(), message: z.string(), messageEn: z.string() }).nullable(),
});
export type CouponChoice = z.output<typeof couponChoice>;

// ---- full-reduction and discount promotions ----

const tier = z.object({ threshold: moneyAmount.min(1), amount: moneyAmount.min(1) });

export interface PromotionShape {
  kind: PromotionKind;
  tiers?: { threshold: number; amount: number }[] | null;
  payPercent?: number | null;
  startsAt?: Date;
  endsAt?: Date;
}

export function promotionProblems(p: PromotionShape): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (p.kind === 'full_reduction') {
    const tiers = p.tiers ?? [];
    if (tiers.length === 0) problems.push({ path: 'tiers', message: 'a full reduction needs at least one tier' });
    if (p.payPercent != null) problems.push({ path: 'payPercent', message: 'only discounts have a percent' });
    tiers.forEach((t, i) => {
      if (t.amount > t.threshold) problems.push({ path: `tiers.${i}.amount`, message: 'must not exceed the threshold' });
      const prev = tiers[i - 1];
      if (prev && !(t.threshold > prev.threshold && t.amount > prev.amount)) problems.push({ path: `tiers.${i}`, message: 'tiers must rise in threshold and amount' });
    });
  } else {
    if (p.payPercent == null) problems.push({ path: 'payPercent', message: 'a discount needs a percent' });
    if (p.tiers != null && p.tiers.length > 0) problems.push({ path: 'tiers', message: 'only full reductions have tiers' });
  }
  if (p.startsAt && p.endsAt && !(p.startsAt < p.endsAt)) problems.push({ path: 'endsAt', message: 'must be after startsAt' });
  return problems;
}

const promotionFields = {
  name,
  description: description.default(''),
  kind: z.enum(PROMOTION_KINDS),
  /** Full reductions: 满X减Y tiers, rising. */
  tiers: z.array(tier).max(MAX_TIERS).nullable().optional(),
  payPercent: payPercent.nullable().optional(),
  productIds: idList.default([]),
  categoryIds: idList.default([]),
  startsAt: timestamp,
  endsAt: timestamp,
  active: z.boolean().default(true),
};
export const promotionInput = z.object(promotionFields).superRefine((value, check) => {
  for (const p of promotionProblems(value)) check.addIssue({ code: 'custom', path: p.path.split('.'), message: p.message });
});
export type PromotionInput = z.output<typeof promotionInput>;
export const promotionPatch = z.object({
  name: name.optional(),
  description: description.optional(),
  kind: z.enum(PROMOTION_KINDS).optional(),
  tiers: z.array(tier).max(MAX_TIERS).nullable().optional(),
  payPercent: payPercent.nullable().optional(),
  productIds: idList.optional(),
  categoryIds: idList.optional(),
  startsAt: timestamp.optional(),
  endsAt: timestamp.optional(),
  active: z.boolean().optional(),
});
export type PromotionPatch = z.output<typeof promotionPatch>;

const promotionBase = {
  id: z.number().int(),
  name: z.string(),
  description: z.string(),
  kind: z.enum(PROMOTION_KINDS),
  tiers: z.array(z.object({ threshold: z.number().int(), amount: z.number().int() })),
  payPercent: z.number().int().nullable(),
  productIds: z.array(z.number().int()),
  categoryIds: z.array(z.number().int()),
  startsAt: timestamp,
  endsAt: timestamp,
  /** e.g. 满300减40，满500减80 / 9折 */
  label: z.string(),
  labelEn: z.string(),
};
export const activePromotionView = z.object(promotionBase);
export const activePromotionList = z.object({ items: z.array(activePromotionView) });
export const promotionView = z.object({
  ...promotionBase,
  active: z.boolean(),
  /** By the clock: inactive (switched off), scheduled, running or ended. */
  state: z.enum(['inactive', 'scheduled', 'running', 'ended']),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type PromotionView = z.output<typeof promotionView>;
export const promotionPage = pageOf(promotionView);
export const promotionListQuery = pageQuery.extend({
  q: z.string().trim().max(60).optional(),
  state: z.enum(['inactive', 'scheduled', 'running', 'ended']).optional(),
});
export type PromotionListQuery = z.output<typeof promotionListQuery>;

/** The fixed order of pricing steps and the stacking rules, in words, for the storefront. */
export const pricingRulesView = z.object({
  steps: z.array(z.object({ step: breakdownStep, title: z.string(), titleEn: z.string(), rule: z.string(), ruleEn: z.string() })),
  stacking: z.object({ couponStacksWithPromotions: z.boolean(), rules: z.array(z.string()), rulesEn: z.array(z.string()) }),
  points: z.object({ pointsPerYuan: z.number().int(), maxPercentOfOrder: z.number().int(), earnPerYuan: z.number().int() }),
  shipping: z.object({ flatFee: z.number().int(), freeThreshold: z.number().int() }),
});
export type PricingRulesView = z.output<typeof pricingRulesView>;
