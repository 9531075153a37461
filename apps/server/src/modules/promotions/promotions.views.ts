// Rows → response views of coupons and promotions.
import type { CouponTemplateView, PromotionView, ShopperCouponView } from '@mall/contract';
import type { CouponTemplateRow, HeldCouponWithTemplate } from './coupons.repo.ts';
import type { PromotionRecord } from './promotions.repo.ts';
import { couponStatusAt, couponTermsLabel } from './coupons.rules.ts';
import { promotionLabel, promotionState } from './promotions.rules.ts';

export function termsOf(t: CouponTemplateRow) {
  const terms = {
    kind: t.kind,
    amount: t.amount,
    payPercent: t.payPercent,
    maxDiscount: t.maxDiscount,
    threshold: t.threshold,
    productIds: t.productIds,
    categoryIds: t.categoryIds,
  };
  return { ...terms, ...couponTermsLabel(terms) };
}

export function validityOf(t: CouponTemplateRow): CouponTemplateView['validity'] {
  return t.validDays != null ? { kind: 'days', days: t.validDays } : { kind: 'fixed', from: t.validFrom!, until: t.validUntil! };
}

export function templateView(t: CouponTemplateRow, usedCount: number): CouponTemplateView {
  return {
    id: t.id,
    name: t.name,
    description: t.description,
    ...termsOf(t),
    validity: validityOf(t),
    totalQuantity: t.totalQuantity,
    perShopperLimit: t.perShopperLimit,
    claimable: t.claimable,
    active: t.active,
    claimedCount: t.claimedCount,
    usedCount,
    remaining: t.totalQuantity - t.claimedCount,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  };
}

export function heldCouponView({ coupon, template }: HeldCouponWithTemplate, now: Date): ShopperCouponView {
  return {
    id: coupon.id,
    templateId: template.id,
    name: template.name,
    description: template.description,
    ...termsOf(template),
    status: couponStatusAt(coupon, now),
    validFrom: coupon.validFrom,
    validUntil: coupon.validUntil,
    claimedAt: coupon.claimedAt,
    usedAt: coupon.usedAt,
    orderId: coupon.orderId,
    source: coupon.source,
  };
}

/** What shoppers see of a running promotion. */
export function publicPromotionView(p: PromotionRecord) {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    kind: p.kind,
    tiers: p.tiers,
    payPercent: p.payPercent,
    productIds: p.productIds,
    categoryIds: p.categoryIds,
    startsAt: p.startsAt,
    endsAt: p.endsAt,
    ...promotionLabel(p),
  };
}

export function promotionView(p: PromotionRecord, now: Date): PromotionView {
  return {
    ...publicPromotionView(p),
    active: p.active,
    state: promotionState(p, now),
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}
