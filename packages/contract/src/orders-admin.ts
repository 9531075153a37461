// The back office's side of orders: lists with the shopper, the detail with payments, shipping
// (partial, by carrier), closing and remarks.
import { z } from 'zod';
import { pageOf, pageQuery, timestamp } from './common.ts';
import { paymentView } from './payments.ts';
import { ORDER_LIMITS as L, orderDetail, orderStatus, orderStatusCounts, orderSummary } from './orders.ts';

const bodyId = z.number().int().positive().max(2_147_483_647);
const queryId = z.coerce.number().int().positive().max(2_147_483_647);

export const orderShopperView = z.object({
  id: z.number().int(),
  nickname: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
});

export const adminOrderSummary = orderSummary.extend({
  shopper: orderShopperView,
  receiver: z.string(),
  receiverPhone: z.string(),
  staffRemark: z.string(),
});
export const adminOrderPage = pageOf(adminOrderSummary).extend({ counts: orderStatusCounts });

export const adminOrderDetail = orderDetail.extend({
  /** The payments in full, as the payments module reports them. */
  payments: z.array(paymentView),
  shopper: orderShopperView,
  staffRemark: z.string(),
  staffActions: z.object({ canShip: z.boolean(), canClose: z.boolean() }),
});
export type AdminOrderDetail = z.output<typeof adminOrderDetail>;

/** What an order is: a normal one, a presale (deposit or full payment) or a pre-order. */
export const ORDER_KIND_VALUES = ['normal', 'presale_deposit', 'presale_full', 'preorder'] as const;

export const adminOrderListQuery = pageQuery
  .extend({
    status: orderStatus.optional(),
    orderNo: z.string().trim().min(1).max(40).optional(),
    /** The shopper's phone or e-mail (exact, e-mail case-insensitive). */
    shopper: z.string().trim().min(1).max(200).optional(),
    /** Placed at or after this time. */
    from: timestamp.optional(),
    /** Placed before this time. */
    to: timestamp.optional(),
    productId: queryId.optional(),
    /** normal, presale_deposit, presale_full or preorder. */
    kind: z.enum(ORDER_KIND_VALUES).optional(),
    /** Orders of this presale campaign. */
    campaignId: queryId.optional(),
    /** 分批发货: with campaignId, the orders placed in this batch of it. */
    batch: z.coerce.number().int().min(1).max(100).optional(),
    /** Words of an order number, receiver name or phone, or a product title. */
    q: z.string().trim().min(1).max(L.searchMax).optional(),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { path: ['to'], message: 'must be after from' })
  .refine((q) => q.batch === undefined || q.campaignId !== undefined, { path: ['batch'], message: 'give campaignId with batch' });
export type AdminOrderListQuery = z.output<typeof adminOrderListQuery>;

export const shipOrderInput = z
  .object({
    /** The carrier's name; with carrierCode it may be left out (the listed carrier's name is stored). */
    carrier: z.string().trim().min(1).max(L.carrierMax).optional(),
    /** A carrier from the carrier list (active): its name is stored and its tracking link shown. */
    carrierCode: z.string().trim().min(1).max(20).optional(),
    trackingNo: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9-]{4,40}$/, 'letters, digits and dashes, 4 to 40'),
    /** Partial shipment: these lines and units; every unit not yet shipped when omitted. */
    lines: z
      .array(z.object({ orderLineId: bodyId, quantity: z.number().int().min(1).max(L.lineQuantityMax) }))
      .min(1)
      .max(L.linesMax)
      .optional(),
  })
  .strict()
  .superRefine((input, check) => {
    if (input.carrier === undefined && input.carrierCode === undefined) check.addIssue({ code: 'custom', path: ['carrier'], message: 'give carrierCode or carrier' });
    const seen = new Set<number>();
    input.lines?.forEach((line, i) => {
      if (seen.has(line.orderLineId)) check.addIssue({ code: 'custom', path: ['lines', i, 'orderLineId'], message: 'line given twice' });
      seen.add(line.orderLineId);
    });
  });
export type ShipOrderInput = z.output<typeof shipOrderInput>;

export const closeOrderInput = z
  .object({
    reason: z.string().trim().min(1).max(L.reasonMax),
    /** A paid order is only closed with its money refunded through the original payment. */
    refund: z.literal(true, { error: 'a paid order is closed with a refund: refund must be true' }),
    /** Presale order awaiting its balance: keep the deposit instead of refunding it. */
    keepDeposit: z.boolean().optional(),
    /** The order fails through the merchant's fault: an earnest deposit is returned (double, per shop setting). */
    merchantDefault: z.boolean().optional(),
  })
  .strict();
export type CloseOrderInput = z.output<typeof closeOrderInput>;

export const orderRemarkInput = z.object({ remark: z.string().trim().max(L.remarkMax) }).strict();
