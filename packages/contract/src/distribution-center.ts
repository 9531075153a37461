// 推广中心 for a distributor: products to promote with the estimated level-1 commission, and my team.
import { z } from 'zod';
import type { ErrorSpec } from './errors-common.ts';
import { isoDateTime, pageOf, pageQuery } from './common.ts';

export const distributionCenterErrors = {
  DISTRIBUTOR_REQUIRED: { status: 403, zh: '仅已审核的分销员可以使用推广中心', en: 'Only approved distributors can use the distribution centre' },
} as const satisfies Record<string, ErrorSpec>;

export const PROMO_PRODUCT_SORTS = ['commission', 'newest'] as const;
export type PromoProductSort = (typeof PROMO_PRODUCT_SORTS)[number];

export const promoProductQuery = pageQuery.extend({
  sort: z.enum(PROMO_PRODUCT_SORTS).default('commission'),
  /** Words of the title. */
  q: z.string().trim().max(50).optional(),
});
export type PromoProductQuery = z.infer<typeof promoProductQuery>;

export const promoProduct = z.object({
  productId: z.number().int(),
  title: z.string(),
  imageUrl: z.string().nullable(),
  /** The lowest SKU price now, in fen. */
  priceAmount: z.number().int(),
  /** The level-1 rate in force: the product's own, else the shop's default. */
  level1Permille: z.number().int(),
  /** What one unit bought at `priceAmount` through my link earns me (level 1), rounded down to the fen. */
  estimatedCommission: z.number().int(),
});
export type PromoProduct = z.infer<typeof promoProduct>;
export const promoProductList = pageOf(promoProduct);

export const TEAM_LEVELS = [1, 2] as const;
export const teamQuery = pageQuery.extend({ level: z.coerce.number().int().min(1).max(2).default(1) });
export type TeamQuery = z.infer<typeof teamQuery>;

export const teamMember = z.object({
  /** Masked, e.g. 李**. */
  nickname: z.string(),
  boundAt: isoDateTime,
  /** Whether they are an approved distributor themselves. */
  isDistributor: z.boolean(),
  /** My commissions on their orders (pending and settled; clawed back excluded), in fen. */
  earnedAmount: z.number().int(),
});
export type TeamMember = z.infer<typeof teamMember>;
export const teamMemberList = pageOf(teamMember);
