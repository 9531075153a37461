import { z } from 'zod';
import type { ErrorSpec } from './errors-common.ts';
import { moneyAmount } from './money.ts';
import { presaleReminders, type PresaleReminder } from './presale.ts';
import { installationSettingsPatch, installationSettingsSchema } from './installation.ts';
import { referralSettingsPatch, referralSettingsSchema } from './referral.ts';

export const settingsErrors = {} as const satisfies Record<string, ErrorSpec>;

export const PRESALE_CART_RULES = ['alone', 'together'] as const;
/** 积分有效期: never; N days after earning; the end of the year after the one earned in. */
export const POINTS_EXPIRY_MODES = ['never', 'days', 'end_of_next_year'] as const;
const defaultPresaleReminders: PresaleReminder[] = [{ kind: 'window_open' }, { kind: 'before_close', hours: 24 }, { kind: 'before_close', hours: 1 }];
const presaleSettingsDefaults = {
  depositCapPercent: 20,
  allowBalanceDuringOrderWindow: false,
  cartRule: 'alone' as const,
  earnestDoubleReturn: true,
  shipGraceDays: 7,
  defaultReminders: defaultPresaleReminders,
};

/** Presale rules the merchant sets for the whole shop. */
export const presaleSettingsSchema = z
  .object({
    /** An earnest deposit (定金) may not exceed this share of the presale price (PRC Civil Code art. 586 sets 20%). */
    depositCapPercent: z.number().int().min(1).max(100).default(20),
    /** Whether the balance window may open while orders are still taken. */
    allowBalanceDuringOrderWindow: z.boolean().default(false),
    /** A presale item is checked out on its own, or together with normal items. */
    cartRule: z.enum(PRESALE_CART_RULES).default('alone'),
    /** On the merchant's default (art. 587) an earnest deposit is returned double. */
    earnestDoubleReturn: z.boolean().default(true),
    /** Days past the estimated ship date before an unshipped order counts as the merchant's default. */
    shipGraceDays: z.number().int().min(0).max(365).default(7),
    /** Balance reminders a new campaign starts with. */
    defaultReminders: presaleReminders.default(defaultPresaleReminders),
  })
  .default(presaleSettingsDefaults);
export type PresaleSettings = z.infer<typeof presaleSettingsSchema>;

export const COMMISSION_SETTLE_ON = ['paid', 'after_protection'] as const;
const commissionSettingsDefaults = { settleOn: 'after_protection' as const, protectionDays: 7 };

/** When commission (分销 / 代理分红 / 区域返佣) on an order may be settled (spec §3). */
export const commissionSettingsSchema = z
  .object({
    /** 'paid': once the order is fully paid; 'after_protection': the rights-protection period (维权期) after completion. */
    settleOn: z.enum(COMMISSION_SETTLE_ON).default('after_protection'),
    /** The rights-protection period, in days after completion. */
    protectionDays: z.number().int().min(0).max(90).default(7),
  })
  .default(commissionSettingsDefaults);
export type CommissionSettings = z.infer<typeof commissionSettingsSchema>;

const distributorSettingsDefaults = { autoApprove: false, level1Permille: 50, level2Permille: 20, minWithdrawal: 1000 };
/** Distributors (分销员): whether applications need approval, the default commission rates and the smallest withdrawal. */
export const distributorSettingsSchema = z
  .object({
    autoApprove: z.boolean().default(false),
    /** Shop default rates (per mille of what the buyer paid for goods) for products without their own. */
    level1Permille: z.number().int().min(0).max(1000).default(50),
    level2Permille: z.number().int().min(0).max(1000).default(20),
    /** The smallest withdrawal, in fen. */
    minWithdrawal: moneyAmount.default(1000),
  })
  .default(distributorSettingsDefaults);
export type DistributorSettings = z.infer<typeof distributorSettingsSchema>;

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
  /** Once every parcel of a shipped order is delivered (签收), it completes this many days after the last delivery. */
  autoCompleteAfterDeliveryDays: z.number().int().min(1).max(60).default(7),
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
      /** Most points one order earns (after the member multiplier); 0 = no cap. */
      maxEarnPerOrder: z.number().int().min(0).max(100_000_000).default(0),
      /** Most points a shopper earns from orders in one shop calendar day; 0 = no cap. */
      maxEarnPerDay: z.number().int().min(0).max(100_000_000).default(0),
      /** 积分有效期: never, N days after earning, or the end of the year after earning (shop time). */
      expiry: z.enum(POINTS_EXPIRY_MODES).default('never'),
      expiryDays: z.number().int().min(1).max(3650).default(365),
    })
    .default({ earnPerYuan: 1, pointsPerYuan: 100, maxPercentOfOrder: 50, maxEarnPerOrder: 0, maxEarnPerDay: 0, expiry: 'never', expiryDays: 365 }),
  /** Whether a coupon may be used together with full-reduction promotions. */
  couponStacksWithPromotions: z.boolean().default(true),
  /** Staff who receive new-order notices by e-mail, if SMTP is configured. */
  merchantEmail: z.string().email().max(200).nullable().default(null),
  presale: presaleSettingsSchema,
  commission: commissionSettingsSchema,
  distributors: distributorSettingsSchema,
  /** Delivery-and-installation appointments: capacity per period and which days are offered. */
  installation: installationSettingsSchema,
  /** How share links bind visitors to the sharer (推荐关系). */
  referral: referralSettingsSchema,
});
export type ShopSettings = z.infer<typeof shopSettingsSchema>;

/** A partial update; nested objects may be given partly. */
export const shopSettingsPatch = z.object({
  shopName: z.string().min(1).max(60).optional(),
  timeZone: z.string().min(1).max(64).optional(),
  paymentTimeoutMinutes: z.number().int().min(5).max(7 * 24 * 60).optional(),
  autoCompleteDays: z.number().int().min(1).max(60).optional(),
  autoCompleteAfterDeliveryDays: z.number().int().min(1).max(60).optional(),
  afterSalesDays: z.number().int().min(0).max(365).optional(),
  shipping: z.object({ flatFee: moneyAmount.optional(), freeThreshold: moneyAmount.optional() }).optional(),
  points: z
    .object({
      earnPerYuan: z.number().int().min(0).max(100).optional(),
      pointsPerYuan: z.number().int().min(1).max(10_000).optional(),
      maxPercentOfOrder: z.number().int().min(0).max(100).optional(),
      maxEarnPerOrder: z.number().int().min(0).max(100_000_000).optional(),
      maxEarnPerDay: z.number().int().min(0).max(100_000_000).optional(),
      expiry: z.enum(POINTS_EXPIRY_MODES).optional(),
      expiryDays: z.number().int().min(1).max(3650).optional(),
    })
    .optional(),
  couponStacksWithPromotions: z.boolean().optional(),
  merchantEmail: z.string().email().max(200).nullable().optional(),
  presale: z
    .object({
      depositCapPercent: z.number().int().min(1).max(100).optional(),
      allowBalanceDuringOrderWindow: z.boolean().optional(),
      cartRule: z.enum(PRESALE_CART_RULES).optional(),
      earnestDoubleReturn: z.boolean().optional(),
      shipGraceDays: z.number().int().min(0).max(365).optional(),
      defaultReminders: presaleReminders.optional(),
    })
    .optional(),
  commission: z
    .object({
      settleOn: z.enum(COMMISSION_SETTLE_ON).optional(),
      protectionDays: z.number().int().min(0).max(90).optional(),
    })
    .optional(),
  installation: installationSettingsPatch.optional(),
  referral: referralSettingsPatch.optional(),
  distributors: z
    .object({
      autoApprove: z.boolean().optional(),
      level1Permille: z.number().int().min(0).max(1000).optional(),
      level2Permille: z.number().int().min(0).max(1000).optional(),
      minWithdrawal: moneyAmount.optional(),
    })
    .optional(),
});
export type ShopSettingsPatch = z.infer<typeof shopSettingsPatch>;
