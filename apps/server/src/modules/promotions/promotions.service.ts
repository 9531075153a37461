// The promotions service: coupons, full-reduction and discount promotions, and pricing.
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db.ts';
import type { SettingsService } from '../settings/index.ts';
import type { PointsService } from '../points/index.ts';
import { createCouponTemplateUseCases } from './coupon-templates.service.ts';
import { createCouponClaimUseCases } from './coupon-claims.service.ts';
import { createCouponUsageUseCases } from './coupon-usage.service.ts';
import { createPromotionAdminUseCases } from './promotions-admin.service.ts';
import { createPricingUseCases, type MemberPricingPort } from './pricing.service.ts';

export interface PromotionDeps {
  db: Db;
  clock: Clock;
  settings: SettingsService;
  points: PointsService;
  /** Member levels for the member price and free shipping (absent: no member benefits). */
  members?: MemberPricingPort;
}

export function createPromotionService(deps: PromotionDeps) {
  const { db, clock } = deps;
  const templates = createCouponTemplateUseCases({ db, clock });
  const claims = createCouponClaimUseCases({ db, clock });
  const usage = createCouponUsageUseCases({ clock });
  const promotions = createPromotionAdminUseCases({ db, clock });
  const pricing = createPricingUseCases({ ...deps, usage });

  return {
    // For checkout and orders (all take the caller's transaction).
    quote: pricing.quote,
    availableCoupons: pricing.availableCoupons,
    useCoupon: usage.useCoupon,
    restoreCoupon: usage.restoreCoupon,
    pricingRules: pricing.rules,
    // Staff: coupon templates.
    getCouponTemplate: templates.get,
    listCouponTemplates: templates.list,
    createCouponTemplate: templates.create,
    updateCouponTemplate: templates.update,
    deleteCouponTemplate: templates.remove,
    issueCoupons: templates.issue,
    /** `issueCoupons` in the caller's transaction (a ship-date compensation, ...). */
    issueCouponsInTx: templates.issueInTx,
    // Shoppers: coupons.
    claimableCoupons: claims.available,
    claimCoupon: claims.claim,
    myCoupons: claims.listMine,
    // Promotions.
    getPromotion: promotions.get,
    listPromotions: promotions.list,
    createPromotion: promotions.create,
    updatePromotion: promotions.update,
    deletePromotion: promotions.remove,
    activePromotions: promotions.listActive,
  };
}

export type PromotionService = ReturnType<typeof createPromotionService>;
