// Presale orders (定金+尾款 and 全款): the errors, the order's presale part and the terms a buyer accepts.
import { z } from 'zod';
import type { ErrorSpec } from './errors-common.ts';
import { timestamp } from './common.ts';
import { DEPOSIT_KINDS, PRESALE_TYPES, presaleShip } from './presale.ts';
import { presaleOrderBatchView } from './presale-batches.ts';

export const presaleOrderErrors = {
  PRESALE_TERMS_REQUIRED: {
    status: 422,
    zh: '请先阅读并同意「{kind}不退」条款后再下单',
    en: 'Please read and accept the terms first: the deposit ({kind}) is non-refundable',
  },
  PRESALE_TERMS_OUTDATED: {
    status: 409,
    zh: '预售条款已更新（第 {current} 版），请重新阅读并同意',
    en: 'The presale terms have changed (version {current}); please read and accept them again',
  },
  PRESALE_NOT_OPEN: { status: 409, zh: '预售活动「{name}」尚未开始，{startsAt} 开始', en: 'Campaign "{name}" has not started; it opens at {startsAt}' },
  PRESALE_CHECKOUT_ALONE: {
    status: 422,
    zh: '预售商品需单独结算，请将预售商品与普通商品分开下单',
    en: 'Presale items are checked out on their own; order them apart from other items',
  },
  PRESALE_MIXED_CAMPAIGNS: {
    status: 422,
    zh: '一笔订单只能包含同一个预售活动的商品',
    en: 'One order can hold items of one presale campaign only',
  },
  PRESALE_DEPOSIT_NOT_MIXED: {
    status: 422,
    zh: '定金预售商品不能与普通商品一起结算',
    en: 'Deposit presale items cannot be checked out together with other items',
  },
  PRESALE_BALANCE_NOT_OPEN: { status: 409, zh: '尾款将于 {opensAt} 开始支付', en: 'The balance can be paid from {opensAt}' },
  PRESALE_BALANCE_CLOSED: { status: 409, zh: '尾款支付时间已结束', en: 'The time to pay the balance is over' },
  PRESALE_BALANCE_NOT_READY: {
    status: 409,
    zh: '预售活动正在结算尾款金额，请稍后再付尾款',
    en: 'The campaign is settling the balance amounts; please pay the balance in a moment',
  },
  ORDER_CANCEL_AFTER_DEPOSIT: {
    status: 409,
    zh: '定金已支付，订单不能取消（{kind}不退）',
    en: 'The deposit ({kind}) is paid and non-refundable: the order cannot be cancelled',
  },
  PRESALE_CLOSE_CHOICE_INVALID: {
    status: 422,
    zh: '商家违约关闭时定金必须退还，不能同时选择“不退定金”',
    en: 'A close for the merchant\'s default returns the deposit; it cannot also keep it',
  },
} as const satisfies Record<string, ErrorSpec>;

export const PRESALE_ORDER_KINDS = ['presale_deposit', 'presale_full'] as const;
export type PresaleOrderKind = (typeof PRESALE_ORDER_KINDS)[number];

/** What the buyer sends to accept the deposit terms (deposit type): the version of the terms text they read. */
export const depositTermsAcceptance = z.object({ accepted: z.literal(true), version: z.number().int().min(1).max(1_000_000) }).strict();

export const presaleStageView = z.object({
  amount: z.number().int(),
  paidAt: timestamp.nullable(),
  paymentNo: z.string().nullable(),
});

/** The presale part of an order, as the shopper and staff see it. */
export const presaleOrderView = z.object({
  campaignId: z.number().int(),
  campaignName: z.string(),
  type: z.enum(PRESALE_TYPES),
  depositKind: z.enum(DEPOSIT_KINDS).nullable(),
  depositKindLabel: z.object({ zh: z.string(), en: z.string() }).nullable(),
  deposit: presaleStageView.nullable(),
  balance: presaleStageView.nullable(),
  /** Deposit type: when the balance can be paid (its batch's window once placed in a batch). */
  balanceStartsAt: timestamp.nullable(),
  balanceEndsAt: timestamp.nullable(),
  /** 分批发货: the batch the paid deposit placed the order in ("batch 2 of 3"). */
  batch: presaleOrderBatchView,
  /** Fen off the balance from the price tier reached when the order window closed. */
  tierDiscount: z.number().int(),
  ship: presaleShip,
  /** The estimated ship date; null for "N days after paid" before the order is fully paid. */
  estimatedShipDate: timestamp.nullable(),
  termsVersion: z.number().int().nullable(),
  termsAcceptedAt: timestamp.nullable(),
  /** The deposit kept when the balance was not paid in time. */
  forfeitedAmount: z.number().int(),
  /** The merchant moved the ship date: the buyer may cancel with a full refund. */
  delayedAt: timestamp.nullable(),
  shipDateChanges: z.array(z.object({ from: presaleShip, to: presaleShip, reason: z.string(), at: timestamp })),
  commission: z.object({
    distribution: z.boolean(),
    agentDividend: z.boolean(),
    regionalRebate: z.boolean(),
    /** When commission on this order may be settled (null until known). */
    eligibleAt: timestamp.nullable(),
  }),
});
export type PresaleOrderView = z.output<typeof presaleOrderView>;

/** What a presale checkout will cost, per stage. */
export const presaleQuoteView = z.object({
  campaignId: z.number().int(),
  campaignName: z.string(),
  type: z.enum(PRESALE_TYPES),
  depositKind: z.enum(DEPOSIT_KINDS).nullable(),
  depositKindLabel: z.object({ zh: z.string(), en: z.string() }).nullable(),
  deposit: z.number().int(),
  balance: z.number().int(),
  balanceStartsAt: timestamp.nullable(),
  balanceEndsAt: timestamp.nullable(),
  termsText: z.string(),
  termsVersion: z.number().int(),
  ship: presaleShip,
  allowCoupons: z.boolean(),
  allowPoints: z.boolean(),
});
export type PresaleQuoteView = z.output<typeof presaleQuoteView>;

// ---------- bulk actions on a campaign's orders (back office) ----------

const orderId = z.number().int().positive().max(2_147_483_647);

export const presaleBulkInput = z.discriminatedUnion('action', [
  z
    .object({
      action: z.literal('ship'),
      shipments: z
        .array(
          z
            .object({
              orderId,
              /** The carrier's name; with carrierCode it may be left out (the listed carrier's name is stored). */
              carrier: z.string().trim().min(1).max(50).optional(),
              /** A carrier from the carrier list (active), as in the single ship. */
              carrierCode: z.string().trim().min(1).max(20).optional(),
              trackingNo: z
                .string()
                .trim()
                .regex(/^[A-Za-z0-9-]{4,40}$/, 'letters, digits and dashes, 4 to 40'),
            })
            .refine((s) => s.carrier !== undefined || s.carrierCode !== undefined, { path: ['carrier'], message: 'give carrierCode or carrier' }),
        )
        .min(1)
        .max(500),
    })
    .strict(),
  z
    .object({
      action: z.literal('close'),
      orderIds: z.array(orderId).min(1).max(500),
      reason: z.string().trim().min(1).max(200),
      keepDeposit: z.boolean().optional(),
      merchantDefault: z.boolean().optional(),
    })
    .strict(),
  z
    .object({
      action: z.literal('message'),
      /** These orders, or every open order of the campaign when omitted. */
      orderIds: z.array(orderId).min(1).max(5000).optional(),
      title: z.string().trim().min(1).max(60),
      body: z.string().trim().min(1).max(500),
    })
    .strict(),
]);
export type PresaleBulkInput = z.output<typeof presaleBulkInput>;

export const presaleBulkResult = z.object({
  action: z.enum(['ship', 'close', 'message']),
  succeeded: z.number().int(),
  failed: z.number().int(),
  /** One row per order: done, or the error code and message that stopped it. */
  results: z.array(z.object({ orderId: z.number().int(), ok: z.boolean(), code: z.string().nullable(), message: z.string().nullable() })),
});
export type PresaleBulkResult = z.output<typeof presaleBulkResult>;
