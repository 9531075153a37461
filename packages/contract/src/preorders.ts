// Pre-orders of normal products (预订, spec §5): the settings staff give a product or a SKU, what
// the storefront shows when a SKU is out of stock, and the pre-order part of an order.
import { z } from 'zod';
import type { ErrorSpec } from './errors-common.ts';
import { pageOf, pageQuery, timestamp } from './common.ts';
import { moneyAmount } from './money.ts';
import { countryCode } from './addresses.ts';

export const preorderErrors = {
  PREORDER_DEPOSIT_REQUIRED: {
    status: 422,
    zh: '定金预订须设置每件定金金额',
    en: 'The deposit strategy needs a deposit amount per unit',
  },
  PREORDER_DEPOSIT_NOT_ALLOWED: {
    status: 422,
    zh: '只有定金预订可以设置定金金额',
    en: 'Only the deposit strategy takes a deposit amount',
  },
  PREORDER_DEPOSIT_INVALID: {
    status: 422,
    zh: '每件定金 ¥{deposit} 须低于「{sku}」的售价 ¥{price}',
    en: 'The deposit per unit (¥{deposit}) must be below the price of {sku} (¥{price})',
  },
  PREORDER_DEPOSIT_OVER_CAP: {
    status: 422,
    zh: '不退的定金不能超过售价的 {cap}%（「{sku}」最多 ¥{max}）',
    en: 'A non-refundable deposit may not exceed {cap}% of the price ({sku}: at most ¥{max})',
  },
  PREORDER_AVAILABLE_AT_PAST: {
    status: 422,
    zh: '预计到货时间须晚于现在',
    en: 'The expected availability date must be in the future',
  },
  PREORDER_AUTHORIZE_UNAVAILABLE: {
    status: 422,
    zh: '本店没有支持预授权的支付方式，不能使用「预授权、发货时扣款」',
    en: 'No payment method of the shop can authorise a payment: the authorize strategy cannot be used',
  },
  PREORDER_AUTHORIZE_UNSUPPORTED: {
    status: 422,
    zh: '该预订需预授权付款（发货时扣款），支付方式「{provider}」不支持预授权，请换一种支付方式',
    en: 'This pre-order is paid by authorisation (captured on shipment); "{provider}" cannot authorise, choose another payment method',
  },
  PREORDER_PRODUCT_KIND: {
    status: 422,
    zh: '课程类商品不能预订',
    en: 'Course products cannot be pre-ordered',
  },
  PREORDER_CAP_REACHED: {
    status: 409,
    zh: '「{sku}」预订名额不足：还可预订 {left} 件',
    en: '{sku}: only {left} more units can be pre-ordered',
  },
  PREORDER_COUNTRY_NOT_ALLOWED: {
    status: 422,
    zh: '「{sku}」不接受寄往 {country} 的预订（可预订地区：{countries}）',
    en: '{sku} cannot be pre-ordered for delivery to {country} (allowed: {countries})',
  },
  PREORDER_CHECKOUT_ALONE: {
    status: 422,
    zh: '预订商品需单独下单，请将预订商品与其他商品分开结算',
    en: 'A pre-order is placed on its own; order it apart from other items',
  },
  PREORDER_TERMS_REQUIRED: {
    status: 422,
    zh: '请先阅读并同意预订条款（含定金规则，第 {current} 版）后再下单',
    en: 'Please read and accept the pre-order terms (with the deposit rules, version {current}) before ordering',
  },
  PREORDER_TERMS_OUTDATED: {
    status: 409,
    zh: '预订条款已更新（第 {current} 版），请重新阅读并同意',
    en: 'The pre-order terms have changed (version {current}); please read and accept them again',
  },
  PREORDER_CANCEL_REFUSED: {
    status: 409,
    zh: '定金已支付且不退，预订不能取消',
    en: 'The deposit is paid and non-refundable: the pre-order cannot be cancelled',
  },
} as const satisfies Record<string, ErrorSpec>;

/**
 * How a pre-order is paid: everything now; a deposit now and the balance when filled; nothing
 * now and payment within N days of the fill; or an authorisation now captured on shipment.
 */
export const PREORDER_STRATEGIES = ['upfront', 'deposit', 'on_release', 'authorize'] as const;
export const preorderStrategy = z.enum(PREORDER_STRATEGIES);
export type PreorderStrategy = z.infer<typeof preorderStrategy>;

export const PREORDER_LABEL = { zh: '预订', en: 'Pre-order' } as const;

export const PREORDER_LIMITS = { termsMax: 2000, capMax: 1_000_000, countriesMax: 250, payDaysMax: 30 } as const;

/** What staff set on a product (each SKU without its own) or on one SKU. */
export const preorderSettingsInput = z
  .object({
    /** Pre-orders are taken when sellable stock is 0. */
    enabled: z.boolean().default(true),
    /** When the goods are expected; shown to buyers. */
    availableAt: timestamp,
    termsText: z.string().trim().max(PREORDER_LIMITS.termsMax).default(''),
    /** At most this many units waiting for stock per SKU; null: no cap. */
    cap: z.number().int().min(1).max(PREORDER_LIMITS.capMax).nullable().default(null),
    /** ISO country codes the goods may be delivered to; empty: everywhere. */
    countries: z
      .array(countryCode)
      .max(PREORDER_LIMITS.countriesMax)
      .default([])
      .transform((list) => [...new Set(list)].sort()),
    strategy: preorderStrategy,
    /** Deposit strategy: the deposit per unit, fen. */
    depositAmount: moneyAmount.min(1).nullable().optional(),
    /** Deposit strategy: whether the buyer gets the deposit back on cancelling (default: it is earnest money, kept). */
    depositRefundable: z.boolean().default(false),
    /** Days the buyer has to pay (on_release) or pay the balance (deposit) once the pre-order is filled. */
    payDays: z.number().int().min(1).max(PREORDER_LIMITS.payDaysMax).default(7),
  })
  .strict();
export type PreorderSettingsInput = z.output<typeof preorderSettingsInput>;

export const preorderSettingsView = z.object({
  id: z.number().int(),
  scope: z.enum(['product', 'sku']),
  productId: z.number().int(),
  skuId: z.number().int().nullable(),
  enabled: z.boolean(),
  availableAt: timestamp,
  termsText: z.string(),
  /** Goes up when what the buyer accepts changes (terms, strategy, deposit). */
  termsVersion: z.number().int(),
  cap: z.number().int().nullable(),
  countries: z.array(z.string()),
  strategy: preorderStrategy,
  depositAmount: z.number().int().nullable(),
  depositRefundable: z.boolean(),
  payDays: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type PreorderSettingsView = z.output<typeof preorderSettingsView>;

/** A SKU's pre-order state in the back office. */
export const adminPreorderSku = z.object({
  skuId: z.number().int(),
  specValues: z.record(z.string(), z.string()),
  /** Its own setting, if any. */
  setting: preorderSettingsView.nullable(),
  /** Which setting applies: its own, the product's, or none. */
  applies: z.enum(['sku', 'product']).nullable(),
  sellable: z.number().int(),
  /** Units pre-ordered and not filled yet (what the cap limits). */
  openUnits: z.number().int(),
  /** Pre-orders waiting for stock, oldest first. */
  queuedOrders: z.number().int(),
  unitsLeft: z.number().int().nullable(),
});

export const adminProductPreorders = z.object({
  productId: z.number().int(),
  title: z.string(),
  product: preorderSettingsView.nullable(),
  skus: z.array(adminPreorderSku),
});
export type AdminProductPreorders = z.output<typeof adminProductPreorders>;

export const preorderSettingsListQuery = pageQuery.extend({ strategy: preorderStrategy.optional() });
export const preorderSettingsPage = pageOf(preorderSettingsView);

/** What the storefront shows of a SKU's pre-order (only pre-orderable while sellable stock is 0). */
export const shopPreorderSku = z.object({
  skuId: z.number().int(),
  specValues: z.record(z.string(), z.string()),
  price: z.number().int(),
  /** Sellable stock is 0 and pre-orders are taken: show "Pre-order / 预订" instead of "Add to cart". */
  preorderable: z.boolean(),
  label: z.object({ zh: z.string(), en: z.string() }).nullable(),
  availableAt: timestamp,
  termsText: z.string(),
  termsVersion: z.number().int(),
  strategy: preorderStrategy,
  depositPerUnit: z.number().int().nullable(),
  depositRefundable: z.boolean(),
  payDays: z.number().int(),
  /** Units that can still be pre-ordered under the cap; null: no cap. */
  unitsLeft: z.number().int().nullable(),
  countries: z.array(z.string()),
  /** Whether the visitor's country (from the address when known, else the IP) may pre-order; null: unknown. */
  countryAllowed: z.boolean().nullable(),
});

export const shopProductPreorder = z.object({
  productId: z.number().int(),
  /** The visitor's country as told by their IP address (offline lookup); null when unknown. */
  visitorCountry: z.string().nullable(),
  skus: z.array(shopPreorderSku),
});
export type ShopProductPreorder = z.output<typeof shopProductPreorder>;

/** The pre-order part of an order. */
export const preorderOrderView = z.object({
  orderId: z.number().int(),
  skuId: z.number().int(),
  quantity: z.number().int(),
  strategy: preorderStrategy,
  availableAt: timestamp,
  country: z.string(),
  depositAmount: z.number().int(),
  depositRefundable: z.boolean(),
  /** Paid when filled (the balance, or everything for on_release). */
  balanceAmount: z.number().int(),
  payDays: z.number().int(),
  termsVersion: z.number().int().nullable(),
  /** In the queue since (paid, authorised, or placed for on_release); null before. */
  queuedAt: timestamp.nullable(),
  /** 1 = next to be filled; null when not waiting. */
  queuePosition: z.number().int().nullable(),
  filledAt: timestamp.nullable(),
  /** After the fill: pay (the balance) by then, or the pre-order lapses. */
  payBy: timestamp.nullable(),
  forfeitedAmount: z.number().int(),
  captureRequestedAt: timestamp.nullable(),
});
export type PreorderOrderView = z.output<typeof preorderOrderView>;
