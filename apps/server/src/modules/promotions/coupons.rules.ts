// Pure rules of coupons: validity, status by the clock, why a claim or a use is refused, words.
import { DAY } from '../../platform/clock.ts';
import { percentLabel, tierLabel } from './pricing.labels.ts';
import type { CouponForPricing } from './pricing.rules.ts';

export interface CouponTermsRow {
  kind: 'fixed' | 'percent';
  amount: number | null;
  payPercent: number | null;
  maxDiscount: number | null;
  threshold: number;
  productIds: number[];
  categoryIds: number[];
}

export interface TemplateForClaim {
  name: string;
  active: boolean;
  claimable: boolean;
  totalQuantity: number;
  claimedCount: number;
  perShopperLimit: number;
  validFrom: Date | null;
  validUntil: Date | null;
  validDays: number | null;
}

export interface HeldCoupon {
  status: 'unused' | 'used' | 'expired';
  validFrom: Date;
  validUntil: Date;
}

export type UseRefusal = 'COUPON_ALREADY_USED' | 'COUPON_EXPIRED' | 'COUPON_NOT_STARTED';
export type ClaimRefusal = 'COUPON_INACTIVE' | 'COUPON_NOT_CLAIMABLE' | 'COUPON_CLAIM_ENDED' | 'COUPON_SOLD_OUT' | 'COUPON_CLAIM_LIMIT';

/** The window a coupon claimed at `claimedAt` is usable in: the template's fixed window, or N days from the claim. */
export function validityFor(template: Pick<TemplateForClaim, 'validFrom' | 'validUntil' | 'validDays'>, claimedAt: Date): { validFrom: Date; validUntil: Date } {
  if (template.validDays != null) return { validFrom: claimedAt, validUntil: new Date(claimedAt.getTime() + template.validDays * DAY) };
  if (!template.validFrom || !template.validUntil) throw new RangeError('template without validity');
  return { validFrom: template.validFrom, validUntil: template.validUntil };
}

/** unused / used / expired as the shopper sees it now. A coupon not yet started is unused. */
export function couponStatusAt(coupon: HeldCoupon, now: Date): 'unused' | 'used' | 'expired' {
  if (coupon.status !== 'unused') return coupon.status;
  return now < coupon.validUntil ? 'unused' : 'expired';
}

/** Why a held coupon cannot be used now (an error code), or null when it can. */
export function useRefusal(coupon: HeldCoupon, now: Date): UseRefusal | null {
  if (coupon.status === 'used') return 'COUPON_ALREADY_USED';
  if (couponStatusAt(coupon, now) === 'expired') return 'COUPON_EXPIRED';
  if (now < coupon.validFrom) return 'COUPON_NOT_STARTED';
  return null;
}

/** Why a shopper holding `claimedByMe` of this template cannot claim another now (an error code), or null. */
export function claimRefusal(template: TemplateForClaim, now: Date, claimedByMe: number): ClaimRefusal | null {
  if (!template.active) return 'COUPON_INACTIVE';
  if (!template.claimable) return 'COUPON_NOT_CLAIMABLE';
  if (template.validDays == null && template.validUntil && template.validUntil <= now) return 'COUPON_CLAIM_ENDED';
  if (template.claimedCount >= template.totalQuantity) return 'COUPON_SOLD_OUT';
  if (claimedByMe >= template.perShopperLimit) return 'COUPON_CLAIM_LIMIT';
  return null;
}

/** 满100减10 / 8折 最多减20, in both languages. */
export function couponTermsLabel(t: CouponTermsRow): { label: string; labelEn: string } {
  const words = t.kind === 'fixed' ? tierLabel(t.threshold, t.amount ?? 0) : percentLabel(t.payPercent ?? 100, t.maxDiscount, t.threshold);
  return { label: words.zh, labelEn: words.en };
}

/** A held coupon and its template's terms, as the pricing function takes them. */
export function toCouponForPricing(coupon: { id: number; templateId: number; name: string }, t: CouponTermsRow): CouponForPricing {
  const base = { id: coupon.id, templateId: coupon.templateId, name: coupon.name, threshold: t.threshold, scope: { productIds: t.productIds, categoryIds: t.categoryIds } };
  return t.kind === 'fixed' ? { ...base, kind: 'fixed', amount: t.amount ?? 0 } : { ...base, kind: 'percent', payPercent: t.payPercent ?? 100, maxDiscount: t.maxDiscount };
}

export const TERM_FIELDS = ['kind', 'amount', 'payPercent', 'maxDiscount', 'threshold', 'productIds', 'categoryIds'] as const;
