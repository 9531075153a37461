import { z } from 'zod';
import type { ErrorSpec } from './errors-common.ts';
import { pageOf, pageQuery, timestamp } from './common.ts';
import { moneyAmount } from './money.ts';
import { presaleBatchView } from './presale-batches.ts';

export const PRESALE_TYPES = ['deposit', 'full'] as const;
export type PresaleType = (typeof PRESALE_TYPES)[number];
/** earnest = 定金 (non-refundable by the buyer's default, capped by law); prepayment = 订金 (refundable before the balance). */
export const DEPOSIT_KINDS = ['earnest', 'prepayment'] as const;
export type DepositKind = (typeof DEPOSIT_KINDS)[number];
export const SHIP_KINDS = ['date', 'days_after_paid'] as const;
export const END_ACTIONS = ['back_to_normal', 'stay_off_shelf', 'keep_as_stock'] as const;
export type EndAction = (typeof END_ACTIONS)[number];
export const PRESALE_STATUSES = ['upcoming', 'active', 'ended'] as const;
export type PresaleStatus = (typeof PRESALE_STATUSES)[number];

export const MAX_PRESALE_ITEMS = 200;
export const MAX_PRESALE_QUOTA = 1_000_000;
export const MAX_PRESALE_TIERS = 10;
export const MAX_PRESALE_REMINDERS = 10;
export const MAX_SHIP_DAYS = 365;

/** How the storefront and the terms name each deposit kind: the law treats them differently. */
export const DEPOSIT_KIND_LABELS: Record<DepositKind, { zh: string; en: string }> = {
  earnest: { zh: '定金', en: 'Earnest deposit (non-refundable)' },
  prepayment: { zh: '订金', en: 'Prepayment (refundable before the balance)' },
};

export const presaleErrors = {
  PRESALE_WINDOW_INVALID: { status: 422, zh: '预售活动的时间设置不正确', en: 'The campaign windows are not valid' },
  PRESALE_DEPOSIT_INVALID: { status: 422, zh: '定金设置不正确', en: 'The deposit settings are not valid' },
  PRESALE_DEPOSIT_ABOVE_CAP: { status: 422, zh: '定金不得超过预售价的 {cap}%', en: 'A deposit may not exceed {cap}% of the presale price' },
  PRESALE_PRICE_ABOVE_REGULAR: { status: 422, zh: '预售价不得高于商品原价', en: 'The presale price may not be above the regular price' },
  PRESALE_QUOTA_INVALID: { status: 422, zh: '预售数量或每人限购数量设置不正确', en: 'The presale quantity or per-buyer limit is not valid' },
  PRESALE_TIERS_INVALID: { status: 422, zh: '阶梯价设置不正确', en: 'The price tiers are not valid' },
  PRESALE_SKU_UNKNOWN: { status: 422, zh: 'SKU {skuId} 不存在或已停用', en: 'SKU {skuId} does not exist or is deactivated' },
  PRESALE_SUPPLIER_PRODUCT: { status: 422, zh: '供应商商品「{title}」不能参加预售', en: 'Supplier product "{title}" cannot join a presale' },
  PRESALE_COURSE_PRODUCT: { status: 422, zh: '课程类商品「{title}」不能参加预售', en: 'Course product "{title}" cannot join a presale' },
  PRESALE_SKU_IN_OTHER_CAMPAIGN: {
    status: 409,
    zh: 'SKU {skuId} 已在时间重叠的预售活动「{campaign}」中',
    en: 'SKU {skuId} is already in campaign "{campaign}", whose order window overlaps',
  },
  PRESALE_CAMPAIGN_FROZEN: {
    status: 409,
    zh: '预售活动已有订单，商品的预售价、定金和活动类型不能再修改',
    en: 'The campaign has orders: its prices, deposits and type can no longer change',
  },
  PRESALE_WINDOW_SHORTENED: {
    status: 409,
    zh: '预售活动已有订单，时间只能延长，不能缩短',
    en: 'The campaign has orders: its windows may be extended, not shortened',
  },
  PRESALE_QUOTA_LOWERED: { status: 409, zh: '预售活动已有订单，预售数量只能增加', en: 'The campaign has orders: its quota may only be raised' },
  PRESALE_QUOTA_BELOW_SOLD: { status: 409, zh: '预售数量不能少于已售出的 {sold} 件', en: 'The quota cannot be below the {sold} units already sold' },
  PRESALE_SHIP_CHANGE_REQUIRED: {
    status: 409,
    zh: '预售活动已有订单，请通过“修改发货时间”调整预计发货时间（会通知买家）',
    en: 'The campaign has orders: change the ship date through the ship-date change, which tells the buyers',
  },
  PRESALE_SHIP_DATE_UNCHANGED: { status: 422, zh: '新的预计发货时间与当前相同', en: 'The new estimated ship date is the same as the current one' },
  PRESALE_CAMPAIGN_ENDED: { status: 409, zh: '预售活动「{name}」已结束', en: 'Campaign "{name}" has ended' },
  PRESALE_SOLD_OUT: { status: 409, zh: '预售名额不足，仅剩 {left} 件', en: 'Not enough presale quantity: {left} left' },
  PRESALE_LIMIT_REACHED: {
    status: 409,
    zh: '每人限购 {limit} 件，您还可购买 {remaining} 件',
    en: 'Limited to {limit} per buyer; you may still take {remaining}',
  },
} as const satisfies Record<string, ErrorSpec>;

const dbId = z.number().int().positive().max(2_147_483_647);
const units = z.number().int().min(0).max(MAX_PRESALE_QUOTA);

export const presaleReminder = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('window_open') }),
  z.object({ kind: z.literal('before_close'), hours: z.number().int().min(1).max(720) }),
]);
export type PresaleReminder = z.infer<typeof presaleReminder>;
export const presaleReminders = z.array(presaleReminder).max(MAX_PRESALE_REMINDERS);

export const presaleShip = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('date'), shipDate: timestamp }),
  z.object({ kind: z.literal('days_after_paid'), shipDays: z.number().int().min(1).max(MAX_SHIP_DAYS) }),
]);
export type PresaleShip = z.infer<typeof presaleShip>;

/** 阶梯: when at least `deposits` deposits are paid as the order window closes, `balanceOff` fen off each unit's balance. */
export const presaleTier = z.object({ deposits: z.number().int().min(1).max(MAX_PRESALE_QUOTA), balanceOff: moneyAmount });
export type PresaleTier = z.infer<typeof presaleTier>;

export const presaleCommission = z.object({
  distribution: z.boolean().default(false),
  agentDividend: z.boolean().default(false),
  regionalRebate: z.boolean().default(false),
});

/** A percentage with at most two decimals, e.g. 12.5. */
const percent = z.number().min(0).max(100).multipleOf(0.01);

export const presaleItemInput = z.object({
  skuId: dbId,
  presalePrice: moneyAmount,
  /** Deposit type: the deposit in fen, or `depositPercent` of the presale price (rounded down to whole fen). */
  deposit: moneyAmount.optional(),
  depositPercent: percent.optional(),
  /** 定金膨胀: what the deposit is worth off the price; defaults to the deposit. */
  depositValue: moneyAmount.optional(),
  quota: units,
  perBuyerLimit: units,
});
export type PresaleItemInput = z.infer<typeof presaleItemInput>;

export const presaleItemPatch = presaleItemInput.partial().required({ skuId: true });
export type PresaleItemPatch = z.infer<typeof presaleItemPatch>;

const uniqueSkus = (items: { skuId: number }[]) => new Set(items.map((i) => i.skuId)).size === items.length;
const name = z.string().trim().min(1).max(60);
const rulesText = z.string().trim().max(5000);
const termsText = z.string().trim().max(10_000);

export const presaleCampaignInput = z.object({
  type: z.enum(PRESALE_TYPES),
  name,
  rulesText: rulesText.default(''),
  termsText: termsText.default(''),
  depositKind: z.enum(DEPOSIT_KINDS).optional(),
  startsAt: timestamp,
  endsAt: timestamp,
  balanceStartsAt: timestamp.optional(),
  balanceEndsAt: timestamp.optional(),
  ship: presaleShip,
  allowCoupons: z.boolean().default(false),
  allowPoints: z.boolean().default(false),
  commission: presaleCommission.default({ distribution: false, agentDividend: false, regionalRebate: false }),
  endAction: z.enum(END_ACTIONS).default('back_to_normal'),
  /** Balance reminders; the shop's default list when absent. */
  reminders: presaleReminders.optional(),
  /** 成团: the campaign fails unless this many units are ordered when the order window closes. */
  minTarget: z.number().int().min(1).max(MAX_PRESALE_QUOTA).nullable().optional(),
  tiers: z.array(presaleTier).max(MAX_PRESALE_TIERS).default([]),
  items: z.array(presaleItemInput).min(1).max(MAX_PRESALE_ITEMS).refine(uniqueSkus, 'a SKU may appear once'),
});
export type PresaleCampaignInput = z.infer<typeof presaleCampaignInput>;

export const presaleCampaignPatch = z.object({
  type: z.enum(PRESALE_TYPES).optional(),
  name: name.optional(),
  rulesText: rulesText.optional(),
  termsText: termsText.optional(),
  depositKind: z.enum(DEPOSIT_KINDS).optional(),
  startsAt: timestamp.optional(),
  endsAt: timestamp.optional(),
  balanceStartsAt: timestamp.nullable().optional(),
  balanceEndsAt: timestamp.nullable().optional(),
  /** Before the campaign has orders only; afterwards through POST /:id/ship-date. */
  ship: presaleShip.optional(),
  allowCoupons: z.boolean().optional(),
  allowPoints: z.boolean().optional(),
  commission: presaleCommission.partial().optional(),
  endAction: z.enum(END_ACTIONS).optional(),
  reminders: presaleReminders.optional(),
  minTarget: z.number().int().min(1).max(MAX_PRESALE_QUOTA).nullable().optional(),
  tiers: z.array(presaleTier).max(MAX_PRESALE_TIERS).optional(),
  /** Items by SKU: an existing SKU's fields change, a new SKU joins (all fields needed). */
  items: z.array(presaleItemPatch).max(MAX_PRESALE_ITEMS).refine(uniqueSkus, 'a SKU may appear once').optional(),
  removeSkuIds: z.array(dbId).max(MAX_PRESALE_ITEMS).optional(),
});
export type PresaleCampaignPatch = z.infer<typeof presaleCampaignPatch>;

export const presaleCompensation = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('coupon'), templateId: dbId }),
  z.object({ kind: z.literal('points'), points: z.number().int().min(1).max(1_000_000) }),
]);
export type PresaleCompensation = z.infer<typeof presaleCompensation>;

export const presaleShipDateChangeInput = z
  .object({
    shipDate: timestamp.optional(),
    shipDays: z.number().int().min(1).max(MAX_SHIP_DAYS).optional(),
    reason: z.string().trim().min(1).max(500),
    compensation: presaleCompensation.optional(),
    /** Campaigns released in batches: the batch whose ship date moves (a date, not N days). */
    batch: z.number().int().min(1).max(100).optional(),
  })
  .refine((b) => (b.shipDate === undefined) !== (b.shipDays === undefined), { message: 'give exactly one of shipDate or shipDays', path: ['shipDate'] });
export type PresaleShipDateChangeInput = z.infer<typeof presaleShipDateChangeInput>;

export const presaleCampaignListQuery = pageQuery.extend({
  status: z.enum(PRESALE_STATUSES).optional(),
  type: z.enum(PRESALE_TYPES).optional(),
  q: z.string().trim().max(60).optional(),
});
export type PresaleCampaignListQuery = z.infer<typeof presaleCampaignListQuery>;

export const presaleZoneQuery = pageQuery;

const commissionView = z.object({ distribution: z.boolean(), agentDividend: z.boolean(), regionalRebate: z.boolean() });

/** What staff and shoppers both see of a campaign item. */
const presaleItemFields = {
  id: z.number().int(),
  skuId: z.number().int(),
  productId: z.number().int(),
  imageUrl: z.string().nullable(),
  specValues: z.record(z.string(), z.string()),
  regularPrice: z.number().int(),
  presalePrice: z.number().int(),
  deposit: z.number().int().nullable(),
  depositValue: z.number().int().nullable(),
  quota: z.number().int(),
  perBuyerLimit: z.number().int(),
  left: z.number().int(),
};

export const presaleItemAdminView = z.object({
  ...presaleItemFields,
  productTitle: z.string(),
  productOnShelf: z.boolean(),
  sold: z.number().int(),
});
export type PresaleItemAdminView = z.infer<typeof presaleItemAdminView>;

const campaignCommon = {
  id: z.number().int(),
  type: z.enum(PRESALE_TYPES),
  name: z.string(),
  rulesText: z.string(),
  termsText: z.string(),
  termsVersion: z.number().int(),
  depositKind: z.enum(DEPOSIT_KINDS).nullable(),
  status: z.enum(PRESALE_STATUSES),
  startsAt: timestamp,
  endsAt: timestamp,
  balanceStartsAt: timestamp.nullable(),
  balanceEndsAt: timestamp.nullable(),
  ship: presaleShip,
  allowCoupons: z.boolean(),
  allowPoints: z.boolean(),
  minTarget: z.number().int().nullable(),
  tiers: z.array(presaleTier),
  /** 分批发货: empty when the campaign ships in one go. */
  batches: z.array(presaleBatchView),
};

export const presaleShipDateChangeView = z.object({
  id: z.number().int(),
  from: presaleShip,
  to: presaleShip,
  reason: z.string(),
  compensation: presaleCompensation.nullable(),
  /** 分批发货: the batch whose ship date moved, or null for the campaign's. */
  batch: z.number().int().nullable(),
  actor: z.string(),
  at: timestamp,
});
export type PresaleShipDateChangeView = z.infer<typeof presaleShipDateChangeView>;

export const presaleCampaignAdminView = z.object({
  ...campaignCommon,
  commission: commissionView,
  endAction: z.enum(END_ACTIONS),
  reminders: z.array(presaleReminder),
  endedEarlyAt: timestamp.nullable(),
  endActionAppliedAt: timestamp.nullable(),
  /** The campaign has orders: prices, deposits and type are frozen. */
  frozen: z.boolean(),
  items: z.array(presaleItemAdminView),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type PresaleCampaignAdminView = z.infer<typeof presaleCampaignAdminView>;

export const presaleCampaignDetail = presaleCampaignAdminView.extend({ shipDateChanges: z.array(presaleShipDateChangeView) });
export type PresaleCampaignDetail = z.infer<typeof presaleCampaignDetail>;
export const presaleCampaignPage = pageOf(presaleCampaignAdminView);

export const presaleItemShopView = z.object({
  ...presaleItemFields,
  title: z.string(),
});

export const presaleCampaignShopView = z.object({
  ...campaignCommon,
  depositKindLabel: z.object({ zh: z.string(), en: z.string() }).nullable(),
  /** What the countdown counts to: the opening of an upcoming campaign, the close of an active one. */
  countdown: z.object({ kind: z.enum(['starts', 'ends']), at: timestamp }).nullable(),
  /** 阶梯预售: units with a paid deposit so far, the tier reached and what the next one needs (null without tiers). */
  tierProgress: z
    .object({
      depositsPaid: z.number().int(),
      reached: presaleTier.nullable(),
      next: z.object({ tier: presaleTier, depositsNeeded: z.number().int() }).nullable(),
    })
    .nullable(),
  items: z.array(presaleItemShopView),
});
export type PresaleCampaignShopView = z.infer<typeof presaleCampaignShopView>;
export const presaleZonePage = pageOf(presaleCampaignShopView);
