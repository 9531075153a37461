import { z } from 'zod';
import type { ErrorSpec } from './errors-common.ts';
import { pageOf, pageQuery, timestamp } from './common.ts';

/** Payment methods. The sandbox is built in; Alipay and WeChat Pay when configured. */
export const PAYMENT_PROVIDERS = ['sandbox', 'alipay', 'wechat'] as const;
export type PaymentProviderName = (typeof PAYMENT_PROVIDERS)[number];

export const PAYMENT_STATUSES = ['pending', 'succeeded', 'authorized', 'failed', 'closed'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export const REFUND_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];
export const PAYMENT_STAGES = ['full', 'deposit', 'balance'] as const;
export type PaymentStage = (typeof PAYMENT_STAGES)[number];
export const CAPTURE_MODES = ['auto', 'manual'] as const;
export type CaptureMode = (typeof CAPTURE_MODES)[number];
/** What an authorised payment is waiting for at the gateway, if anything. */
export const PAYMENT_OPERATIONS = ['capture', 'void'] as const;
export type PaymentOperation = (typeof PAYMENT_OPERATIONS)[number];
/** Kinds of money movement in the payment ledger: money in (payment, capture) and out (refund). */
export const LEDGER_KINDS = ['payment', 'capture', 'refund'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/** Largest single payment: ¥10,000,000.00, far above any real order, far below integer limits. */
export const MAX_PAYMENT_AMOUNT = 1_000_000_000;

export const paymentsErrors = {
  PAYMENT_NOTICE_INVALID: { status: 400, zh: '支付通知无效：{reason}', en: 'The payment notice is invalid: {reason}' },
  PAYMENT_PROVIDER_UNAVAILABLE: { status: 422, zh: '支付方式「{provider}」不可用', en: 'The payment method "{provider}" is not available' },
  PAYMENT_GATEWAY_ERROR: { status: 502, zh: '支付渠道「{provider}」暂时无法处理，请稍后再试', en: 'The payment gateway "{provider}" could not handle the request; try again later' },
  PAYMENT_STATE_INVALID: { status: 409, zh: '支付单当前状态（{from}）不能变为 {to}', en: 'The payment cannot move from {from} to {to}' },
  PAYMENT_ALREADY_PAID: { status: 409, zh: '该笔款项已支付', en: 'This has already been paid' },
  PAYMENT_AMOUNT_INVALID: {
    status: 422,
    zh: '支付金额须在 0.01 到 {max} 元之间',
    en: 'The payment amount must be between 0.01 and {max} yuan',
  },
  PAYMENT_CAPTURE_UNSUPPORTED: { status: 422, zh: '支付方式「{provider}」不支持预授权', en: 'The payment method "{provider}" cannot authorise without capturing' },
  PAYMENT_OPERATION_PENDING: { status: 409, zh: '该支付单已有处理中的{operation}操作', en: 'A {operation} of this payment is already in progress' },
  PAYMENT_EXPIRED: { status: 409, zh: '支付单已过期，请重新发起支付', en: 'The payment has expired; start a new one' },
  REFUND_EXCEEDS_PAYMENT: {
    status: 409,
    zh: '退款金额 {amount} 分超过可退金额 {refundable} 分',
    en: 'The refund of {amount} fen exceeds the refundable {refundable} fen',
  },
  REFUND_AMOUNT_INVALID: { status: 422, zh: '退款金额须大于 0', en: 'The refund amount must be greater than 0' },
  PAYMENT_RETURN_URL_INVALID: { status: 422, zh: '支付完成后的返回地址不属于本店', en: 'The return URL does not belong to this shop' },
} as const satisfies Record<string, ErrorSpec>;

export const paymentNoParam = z.object({ paymentNo: z.string().regex(/^[A-Za-z0-9_-]{6,64}$/, 'not a payment number') });

export const refundView = z.object({
  id: z.number().int(),
  refundNo: z.string(),
  paymentId: z.number().int(),
  amount: z.number().int(),
  reason: z.string(),
  status: z.enum(REFUND_STATUSES),
  providerRefundId: z.string().nullable(),
  refType: z.string(),
  refId: z.string(),
  requestedBy: z.string(),
  failureReason: z.string().nullable(),
  createdAt: timestamp,
  succeededAt: timestamp.nullable(),
  failedAt: timestamp.nullable(),
});
export type RefundView = z.output<typeof refundView>;

export const paymentView = z.object({
  id: z.number().int(),
  paymentNo: z.string(),
  refType: z.string(),
  refId: z.string(),
  stage: z.enum(PAYMENT_STAGES),
  shopperId: z.number().int(),
  provider: z.enum(PAYMENT_PROVIDERS),
  capture: z.enum(CAPTURE_MODES),
  subject: z.string(),
  amount: z.number().int(),
  currency: z.literal('CNY'),
  status: z.enum(PAYMENT_STATUSES),
  /** A capture or void sent to the gateway and not yet answered. */
  pendingOperation: z.enum(PAYMENT_OPERATIONS).nullable(),
  providerTxnId: z.string().nullable(),
  /** Money received (0 until succeeded or captured). */
  paidAmount: z.number().int(),
  refundedAmount: z.number().int(),
  /** Refunds recorded and not yet confirmed by the gateway. */
  refundPendingAmount: z.number().int(),
  expiresAt: timestamp,
  paidAt: timestamp.nullable(),
  authorizedAt: timestamp.nullable(),
  closedAt: timestamp.nullable(),
  failedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
  refunds: z.array(refundView),
});
export type PaymentView = z.output<typeof paymentView>;

/** What the shopper sees when polling after the pay page. */
export const shopperPaymentView = z.object({
  paymentNo: z.string(),
  refType: z.string(),
  refId: z.string(),
  stage: z.enum(PAYMENT_STAGES),
  provider: z.enum(PAYMENT_PROVIDERS),
  subject: z.string(),
  amount: z.number().int(),
  currency: z.literal('CNY'),
  status: z.enum(PAYMENT_STATUSES),
  refundedAmount: z.number().int(),
  expiresAt: timestamp,
  paidAt: timestamp.nullable(),
});
export type ShopperPaymentView = z.output<typeof shopperPaymentView>;

export const ledgerEntryView = z.object({
  id: z.number().int(),
  paymentId: z.number().int(),
  refundId: z.number().int().nullable(),
  kind: z.enum(LEDGER_KINDS),
  provider: z.enum(PAYMENT_PROVIDERS),
  providerTxnId: z.string(),
  providerRefundId: z.string().nullable(),
  /** Signed minor units: + money received, − money paid back. */
  amount: z.number().int(),
  currency: z.literal('CNY'),
  at: timestamp,
});
export type LedgerEntryView = z.output<typeof ledgerEntryView>;

export const paymentDetail = paymentView.extend({ ledger: z.array(ledgerEntryView) });
export type PaymentDetail = z.output<typeof paymentDetail>;

const text64 = z.string().trim().min(1).max(64);
export const adminPaymentListQuery = pageQuery.extend({
  status: z.enum(PAYMENT_STATUSES).optional(),
  provider: z.enum(PAYMENT_PROVIDERS).optional(),
  refType: text64.optional(),
  refId: text64.optional(),
  paymentNo: text64.optional(),
  shopperId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  createdFrom: timestamp.optional(),
  createdTo: timestamp.optional(),
});
export type AdminPaymentListQuery = z.infer<typeof adminPaymentListQuery>;

export const adminPaymentListItem = paymentView.omit({ refunds: true });
export const adminPaymentPage = pageOf(adminPaymentListItem);
