import { z } from 'zod';
import type { ErrorSpec } from './errors-common.ts';
import { pageOf, pageQuery, timestamp } from './common.ts';
import { moneyAmount } from './money.ts';

/** After-sales (售后) work tickets: what a shopper applies for and staff handle. */
export const AFTERSALES_TYPES = ['refund_only', 'return_refund', 'exchange'] as const;
export type AfterSalesType = (typeof AFTERSALES_TYPES)[number];

export const AFTERSALES_STATUSES = [
  'pending_review',
  'awaiting_return',
  'received',
  'refunding',
  /** The payment gateway finally refused a refund; staff retry it (back to refunding). */
  'refund_failed',
  'refunded',
  'exchanged',
  'rejected',
  'withdrawn',
] as const;
export type AfterSalesStatus = (typeof AFTERSALES_STATUSES)[number];

/** Why the shopper applies; the labels are what the shopper picks from. */
export const AFTERSALES_REASONS = ['质量问题', '发错货', '不想要了/七天无理由', '商品损坏', '与描述不符', '其他'] as const;
export type AfterSalesReason = (typeof AFTERSALES_REASONS)[number];

export const AFTERSALES_LIMITS = {
  descriptionMax: 500,
  photosMax: 6,
  linesMax: 100,
  /** Uploaded photos not yet used in an application, per shopper. */
  pendingPhotosMax: 30,
  noteMax: 500,
  carrierMax: 50,
  trackingNoMax: 50,
} as const;

/** Why a line (or the whole order) cannot be applied for; the eligibility answer lists these. */
export const AFTERSALES_BLOCKERS = [
  'order_not_paid',
  'order_closed',
  'window_expired',
  'after_sales_not_allowed',
  'fully_refunded',
  'open_ticket',
  'not_shipped',
] as const;
export type AfterSalesBlocker = (typeof AFTERSALES_BLOCKERS)[number];

export const aftersalesErrors = {
  AFTERSALES_ORDER_NOT_ELIGIBLE: {
    status: 409,
    zh: '该订单当前状态（{status}）不能申请售后',
    en: 'After-sales cannot be requested for an order in state {status}',
  },
  AFTERSALES_WINDOW_EXPIRED: {
    status: 409,
    zh: '订单完成已超过 {days} 天，售后申请期已过',
    en: 'The after-sales period ({days} days after completion) has ended',
  },
  AFTERSALES_NOT_ALLOWED: { status: 409, zh: '「{title}」不支持售后', en: '{title} does not allow after-sales' },
  AFTERSALES_NOT_SHIPPED: {
    status: 409,
    zh: '「{title}」没有可退换的已发货商品，请申请仅退款',
    en: '{title} has no shipped units to return or exchange; request a refund only',
  },
  AFTERSALES_QUANTITY_EXCEEDED: {
    status: 409,
    zh: '「{title}」最多可申请 {max} 件',
    en: '{title}: at most {max} units can be applied for',
  },
  AFTERSALES_LINE_HAS_OPEN_TICKET: {
    status: 409,
    zh: '「{title}」已有处理中的售后单',
    en: '{title} already has an after-sales ticket in progress',
  },
  AFTERSALES_AMOUNT_EXCEEDS_CAP: {
    status: 422,
    zh: '退款金额不能超过 ¥{max}',
    en: 'The refund amount cannot exceed ¥{max}',
  },
  AFTERSALES_STATE_INVALID: {
    status: 409,
    zh: '售后单当前状态（{from}）不能变为 {to}',
    en: 'The after-sales ticket cannot move from {from} to {to}',
  },
  AFTERSALES_ACTION_INVALID: {
    status: 409,
    zh: '该售后单（{type}，{status}）不能执行此操作',
    en: 'This action is not possible for a {type} ticket in state {status}',
  },
  AFTERSALES_RETURN_NOT_SHIPPED: {
    status: 409,
    zh: '买家尚未填写退货物流信息',
    en: 'The shopper has not sent the return shipment details yet',
  },
  AFTERSALES_PHOTO_INVALID: {
    status: 400,
    zh: '图片无效，请重新上传',
    en: 'A photo is not one of your unused uploads; upload it again',
  },
  AFTERSALES_PHOTO_LIMIT: {
    status: 409,
    zh: '未使用的上传图片过多（最多 {max} 张），请先提交申请',
    en: 'Too many unused photo uploads (at most {max}); submit an application first',
  },
  AFTERSALES_REFUND_UNAVAILABLE: {
    status: 409,
    zh: '该订单没有足够的可原路退回的支付（可退 ¥{available}）',
    en: 'Not enough of the order’s payments can be refunded (¥{available} available)',
  },
} as const satisfies Record<string, ErrorSpec>;

const positiveId = z.coerce.number().int().positive().max(2_147_483_647);
const bodyId = z.number().int().positive().max(2_147_483_647);
const shortText = (max: number) => z.string().trim().min(1).max(max);

/** A photo URL exactly as POST /api/aftersales/photos answered it (an unused upload of the same shopper). */
export const aftersalesPhotoUrl = z.string().min(1).max(500);

export const aftersalesApplyInput = z
  .object({
    orderId: bodyId,
    type: z.enum(AFTERSALES_TYPES),
    reason: z.enum(AFTERSALES_REASONS),
    description: z.string().trim().max(AFTERSALES_LIMITS.descriptionMax).default(''),
    photos: z.array(aftersalesPhotoUrl).max(AFTERSALES_LIMITS.photosMax).default([]),
    lines: z
      .array(z.object({ orderLineId: bodyId, quantity: z.number().int().min(1).max(100_000) }))
      .min(1)
      .max(AFTERSALES_LIMITS.linesMax),
    /** The refund asked for, in fen; by default the most allowed. Not for exchanges. */
    refundAmount: moneyAmount.optional(),
  })
  .superRefine((input, check) => {
    const seen = new Set<number>();
    input.lines.forEach((line, i) => {
      if (seen.has(line.orderLineId)) check.addIssue({ code: 'custom', path: ['lines', i, 'orderLineId'], message: 'line given twice' });
      seen.add(line.orderLineId);
    });
    if (new Set(input.photos).size !== input.photos.length) check.addIssue({ code: 'custom', path: ['photos'], message: 'photo given twice' });
    if (input.type === 'exchange' && input.refundAmount !== undefined) {
      check.addIssue({ code: 'custom', path: ['refundAmount'], message: 'an exchange has no refund' });
    }
  });
export type AfterSalesApplyInput = z.output<typeof aftersalesApplyInput>;

export const aftersalesShipmentInput = z.object({
  carrier: shortText(AFTERSALES_LIMITS.carrierMax),
  trackingNo: z
    .string()
    .trim()
    .min(4)
    .max(AFTERSALES_LIMITS.trackingNoMax)
    .regex(/^[A-Za-z0-9-]+$/, 'letters, digits and dashes only'),
});
export type AfterSalesShipmentInput = z.output<typeof aftersalesShipmentInput>;

export const aftersalesApproveInput = z.object({
  /** May lower the refund, never raise it above what the lines allow. Not for exchanges. */
  refundAmount: moneyAmount.optional(),
  note: z.string().trim().max(AFTERSALES_LIMITS.noteMax).default(''),
});
export type AfterSalesApproveInput = z.output<typeof aftersalesApproveInput>;

export const aftersalesRejectInput = z.object({ reason: shortText(AFTERSALES_LIMITS.noteMax) });
export const aftersalesNoteInput = z.object({ note: z.string().trim().max(AFTERSALES_LIMITS.noteMax).default('') });

/** Staff confirm the returned goods arrived; `restock` (default true) puts the returned units back on hand. */
export const aftersalesReceiveInput = aftersalesNoteInput.extend({ restock: z.boolean().default(true) });
export type AfterSalesReceiveInput = z.output<typeof aftersalesReceiveInput>;

export const aftersalesListQuery = pageQuery.extend({
  status: z.enum(AFTERSALES_STATUSES).optional(),
  type: z.enum(AFTERSALES_TYPES).optional(),
});
export type AfterSalesListQuery = z.output<typeof aftersalesListQuery>;

export const aftersalesAdminListQuery = aftersalesListQuery
  .extend({
    orderNo: z.string().trim().min(1).max(40).optional(),
    ticketNo: z.string().trim().min(1).max(40).optional(),
    /** Tickets created at or after this time. */
    from: timestamp.optional(),
    /** Tickets created before this time. */
    to: timestamp.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { path: ['to'], message: 'must be after from' });
export type AfterSalesAdminListQuery = z.output<typeof aftersalesAdminListQuery>;

export const aftersalesOrderParam = z.object({ id: positiveId });

// ---- views ----

export const aftersalesLineView = z.object({
  orderLineId: z.number().int(),
  title: z.string(),
  imageUrl: z.string().nullable(),
  specValues: z.record(z.string(), z.string()),
  quantity: z.number().int(),
  /** The part of the refund for this line once decided (fen), else null. */
  refundAmount: z.number().int().nullable(),
});

export const aftersalesTicketView = z.object({
  id: z.number().int(),
  ticketNo: z.string(),
  orderId: z.number().int(),
  orderNo: z.string(),
  shopperId: z.number().int(),
  type: z.enum(AFTERSALES_TYPES),
  status: z.enum(AFTERSALES_STATUSES),
  reason: z.string(),
  description: z.string(),
  photos: z.array(z.string()),
  /** What the shopper asked for (fen). */
  requestedAmount: z.number().int(),
  /** What staff approved (fen), null until approved. Includes shippingAmount. */
  refundAmount: z.number().int().nullable(),
  /** The part of refundAmount that is the order's shipping fee. */
  shippingAmount: z.number().int(),
  /** Refunded so far (succeeded refunds). */
  refundedAmount: z.number().int(),
  returnCarrier: z.string().nullable(),
  returnTrackingNo: z.string().nullable(),
  returnShippedAt: timestamp.nullable(),
  exchangeCarrier: z.string().nullable(),
  exchangeTrackingNo: z.string().nullable(),
  exchangeShippedAt: timestamp.nullable(),
  rejectReason: z.string().nullable(),
  lines: z.array(aftersalesLineView),
  createdAt: timestamp,
  updatedAt: timestamp,
  closedAt: timestamp.nullable(),
});
export type AfterSalesTicketView = z.output<typeof aftersalesTicketView>;

export const aftersalesHistoryView = z.object({
  action: z.string(),
  fromStatus: z.enum(AFTERSALES_STATUSES).nullable(),
  toStatus: z.enum(AFTERSALES_STATUSES),
  /** 'shopper', 'staff' or 'system' for the shopper; 'staff:<username>' in the back office. */
  actor: z.string(),
  note: z.string().nullable(),
  createdAt: timestamp,
});

export const aftersalesProgressStep = z.object({
  key: z.string(),
  label: z.string(),
  labelEn: z.string(),
  state: z.enum(['done', 'current', 'todo']),
  at: timestamp.nullable(),
});

export const aftersalesRefundView = z.object({
  refundId: z.number().int(),
  paymentId: z.number().int(),
  amount: z.number().int(),
  status: z.enum(['pending', 'succeeded', 'failed']),
  createdAt: timestamp,
  succeededAt: timestamp.nullable(),
});

export const aftersalesTicketDetail = aftersalesTicketView.extend({
  history: z.array(aftersalesHistoryView),
  progress: z.array(aftersalesProgressStep),
  refunds: z.array(aftersalesRefundView),
});
export type AfterSalesTicketDetail = z.output<typeof aftersalesTicketDetail>;

export const aftersalesPage = pageOf(aftersalesTicketView);

export const aftersalesPhotoView = z.object({ url: z.string() });

export const aftersalesEligibilityLine = z.object({
  orderLineId: z.number().int(),
  title: z.string(),
  imageUrl: z.string().nullable(),
  specValues: z.record(z.string(), z.string()),
  quantity: z.number().int(),
  payAmount: z.number().int(),
  refundedQuantity: z.number().int(),
  refundedAmount: z.number().int(),
  /** Units that may be applied for now, per type (0 = not possible). */
  maxQuantity: z.object({ refund_only: z.number().int(), return_refund: z.number().int(), exchange: z.number().int() }),
  /** The most that can be refunded for all of maxQuantity.refund_only (shipping excluded). */
  maxRefundAmount: z.number().int(),
  /** Why not (or why not returns/exchanges); empty when everything is possible. */
  blockers: z.array(z.enum(AFTERSALES_BLOCKERS)),
  openTicketId: z.number().int().nullable(),
});

export const aftersalesEligibility = z.object({
  orderId: z.number().int(),
  orderNo: z.string(),
  /** Whether anything at all may be applied for. */
  eligible: z.boolean(),
  /** Why the whole order is not eligible (empty when it is). */
  blockers: z.array(z.enum(AFTERSALES_BLOCKERS)),
  /** For a completed order: the end of the after-sales period. */
  windowEndsAt: timestamp.nullable(),
  /** The shipping fee refunded too if every remaining unit is refunded before shipment. */
  shippingFeeRefundable: z.number().int(),
  types: z.array(z.enum(AFTERSALES_TYPES)),
  reasons: z.array(z.enum(AFTERSALES_REASONS)),
  lines: z.array(aftersalesEligibilityLine),
});
export type AfterSalesEligibility = z.output<typeof aftersalesEligibility>;
