import { z } from 'zod';
import type { ErrorSpec } from './errors-common.ts';
import { moneyAmount } from './money.ts';

export const settingsErrors = {} as const satisfies Record<string, ErrorSpec>;

/**
 * Shop settings: one validated document. Every field has a default, so a new shop works
 * without configuration and a new setting never breaks an old shop's stored document.
 */
export const shopSettingsSchema = z.object({
  shopName: z.string().min(1).max(60).default('预售商城'),
  timeZone: z.string().min(1).max(64).default('Asia/Shanghai'),
  currency: z.literal('CNY').default('CNY'),
  /** Unpaid orders are cancelled this many minutes after creation. */
  paymentTimeoutMinutes: z.number().int().min(5).max(7 * 24 * 60).default(30),
  /** Shipped orders complete automatically this many days after shipment (or delivery). */
  autoCompleteDays: z.number().int().min(1).max(60).default(10),
  /** After-sales may be requested until this many days after completion. */
  afterSalesDays: z.number().int().min(0).max(365).default(7),
  shipping: z
    .object({
      /** Flat fee per order, in fen (carrier templates replace this later). */
      flatFee: moneyAmount.default(1000),
      /** Goods total (after promotions and coupon) at or above which shipping is free; 0 = never free. */
      freeThreshold: moneyAmount.default(9900),
    })
    .default({ flatFee: 1000, freeThreshold: 9900 }),
  points: z
    .object({
      /** Points earned per yuan (100 fen) paid, on completed orders. */
      earnPerYuan: z.number().int().min(0).max(100).default(1),
      /** How many points make one yuan at checkout. */
      pointsPerYuan: z.number().int().min(1).max(10_000).default(100),
      /** At most this share of the order's goods amount (after discounts) may be paid with points, in percent. */
      maxPercentOfOrder: z.number().int().min(0).max(100).default(50),
    })
    .default({ earnPerYuan: 1, pointsPerYuan: 100, maxPercentOfOrder: 50 }),
  /** Whether a coupon may be used together with full-reduction promotions. */
  couponStacksWithPromotions: z.boolean().default(true),
  /** Staff who receive new-order notices by e-mail, if SMTP is configured. */
  merchantEmail: z.string().email().max(200).nullable().default(null),
});
export type ShopSettings = z.infer<typeof shopSettingsSchema>;

/** A partial update; nested objects may be given partly. */
export const shopSettingsPatch = z.object({
  shopName: z.string().min(1).max(60).optional(),
  timeZone: z.string().min(1).max(64).optional(),
  paymentTimeoutMinutes: z.number().int().min(5).max(7 * 24 * 60).optional(),
  autoCompleteDays: z.number().int().min(1).max(60).optional(),
  afterSalesDays: z.number().int().min(0).max(365).optional(),
  shipping: z.object({ flatFee: moneyAmount.optional(), freeThreshold: moneyAmount.optional() }).optional(),
  points: z
    .object({
      earnPerYuan: z.number().int().min(0).max(100).optional(),
      pointsPerYuan: z.number().int().min(1).max(10_000).optional(),
      maxPercentOfOrder: z.number().int().min(0).max(100).optional(),
    })
    .optional(),
  couponStacksWithPromotions: z.boolean().optional(),
  merchantEmail: z.string().email().max(200).nullable().optional(),
});
export type ShopSettingsPatch = z.infer<typeof shopSettingsPatch>;
