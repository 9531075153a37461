import { z } from 'zod';

/**
 * The price breakdown of an order, as the one pricing function computes it, in this fixed order:
 *   goods → member price (会员价) → promotions (full-reduction tiers 满减, discounts) → coupon → points → shipping fee.
 * The member discount is counted in promotionDiscount (per line too) and shown as its own 'member' line.
 * Each step adds lines; discounts are negative amounts; the total is never below zero.
 * `lines` is what the shopper reads; `perLine` splits every discount over the order lines
 * (largest remainder, so parts sum exactly) for partial refunds later.
 */
export const breakdownStep = z.enum(['goods', 'member', 'promotion', 'coupon', 'points', 'shipping']);
export type BreakdownStep = z.infer<typeof breakdownStep>;

export const breakdownLine = z.object({
  step: breakdownStep,
  /** What the shopper reads, e.g. 满300减40 / 优惠券 满100减10 / 积分抵扣 (1,000 积分). */
  label: z.string(),
  labelEn: z.string(),
  /** Minor units; negative for discounts. */
  amount: z.number().int(),
  /** What produced the line: a promotion, a coupon, ... */
  ref: z.object({ type: z.enum(['promotion', 'coupon', 'points', 'shipping', 'member']), id: z.number().int().optional() }).optional(),
});
export type BreakdownLine = z.infer<typeof breakdownLine>;

export const pricedOrderLine = z.object({
  skuId: z.number().int(),
  quantity: z.number().int(),
  unitPrice: z.number().int(),
  goodsAmount: z.number().int(),
  promotionDiscount: z.number().int(),
  couponDiscount: z.number().int(),
  pointsDiscount: z.number().int(),
  /** goodsAmount − the three discounts: what this line costs the shopper (shipping excluded). */
  payAmount: z.number().int(),
});
export type PricedOrderLine = z.infer<typeof pricedOrderLine>;

export const priceBreakdown = z.object({
  currency: z.literal('CNY'),
  goodsAmount: z.number().int(),
  promotionDiscount: z.number().int(),
  couponDiscount: z.number().int(),
  pointsDiscount: z.number().int(),
  pointsUsed: z.number().int(),
  shippingFee: z.number().int(),
  totalAmount: z.number().int(),
  lines: z.array(breakdownLine),
  perLine: z.array(pricedOrderLine),
  /** Why a requested coupon or points amount was not (fully) applied, in words. */
  notices: z.array(z.object({ code: z.string(), message: z.string(), messageEn: z.string() })),
});
export type PriceBreakdown = z.infer<typeof priceBreakdown>;
