// What other modules may use of promotions: the pricing function and its input types, the service, the routes.
export {
  priceOrder,
  type PricingInput,
  type PricingLine,
  type PricingSettings,
  type ActivePromotion,
  type CouponForPricing,
  type CouponTerms,
  type EligibilityScope,
  type FullReductionTier,
  type MemberPricing,
} from './pricing.rules.ts';
export { createPromotionService, type PromotionService, type PromotionDeps } from './promotions.service.ts';
export type { QuoteInput, MemberPricingPort } from './pricing.service.ts';
export { couponRoutes } from './coupons.routes.ts';
export { promotionRoutes } from './promotions.routes.ts';
