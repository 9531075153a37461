import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, check, index, integer, jsonb, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { utc, createdUpdated } from '../../platform/columns.ts';
import type { PriceBreakdown } from '@mall/contract';

export const ORDER_STATUSES = ['awaiting_payment', 'awaiting_shipment', 'shipped', 'completed', 'cancelled', 'closed'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** The delivery address as it was when the order was placed. */
export interface AddressSnapshot {
  receiver: string;
  phone: string;
  province: string;
  city: string;
  district: string;
  detail: string;
  postalCode?: string | null;
}

const money = (name: string) => bigint(name, { mode: 'number' });

export const orders = pgTable(
  'orders',
  {
    id: serial('id').primaryKey(),
    /** What the shopper and staff quote: date + random digits, unique. */
    orderNo: text('order_no').notNull(),
    shopperId: integer('shopper_id').notNull(),
    status: text('status', { enum: ORDER_STATUSES }).notNull(),
    /** 'normal' now; presale kinds come with the presale engine. */
    kind: text('kind').notNull().default('normal'),
    currency: text('currency').notNull().default('CNY'),
    goodsAmount: money('goods_amount').notNull(),
    promotionDiscount: money('promotion_discount').notNull().default(0),
    couponDiscount: money('coupon_discount').notNull().default(0),
    pointsDiscount: money('points_discount').notNull().default(0),
    pointsUsed: integer('points_used').notNull().default(0),
    shippingFee: money('shipping_fee').notNull().default(0),
    totalAmount: money('total_amount').notNull(),
    paidAmount: money('paid_amount').notNull().default(0),
    refundedAmount: money('refunded_amount').notNull().default(0),
    breakdown: jsonb('breakdown').$type<PriceBreakdown>().notNull(),
    /** The shopper's claimed coupon used on this order, if any. */
    couponId: integer('coupon_id'),
    /** The payment that paid the order (refunds on close go back through it). */
    paidPaymentId: integer('paid_payment_id'),
    address: jsonb('address').$type<AddressSnapshot>().notNull(),
    shopperNote: text('shopper_note').notNull().default(''),
    staffRemark: text('staff_remark').notNull().default(''),
    /** The business key of the checkout that created it (Idempotency-Key), unique per shopper. */
    checkoutKey: text('checkout_key'),
    paymentDueAt: utc('payment_due_at'),
    paidAt: utc('paid_at'),
    shippedAt: utc('shipped_at'),
    /** When a shipped order completes by itself unless the shopper confirms earlier. */
    autoCompleteAt: utc('auto_complete_at'),
    completedAt: utc('completed_at'),
    cancelledAt: utc('cancelled_at'),
    cancelReason: text('cancel_reason'),
    closedAt: utc('closed_at'),
    closeReason: text('close_reason'),
    ...createdUpdated(),
  },
  (t) => [
    uniqueIndex('orders_order_no_uq').on(t.orderNo),
    uniqueIndex('orders_checkout_key_uq').on(t.shopperId, t.checkoutKey),
    index('orders_shopper_idx').on(t.shopperId, t.createdAt),
    index('orders_status_idx').on(t.status, t.createdAt),
    index('orders_payment_due_idx').on(t.paymentDueAt).where(sql`status = 'awaiting_payment'`),
    index('orders_auto_complete_idx').on(t.autoCompleteAt).where(sql`status = 'shipped'`),
    check(
      'orders_amounts_ck',
      sql`${t.goodsAmount} >= 0 AND ${t.totalAmount} >= 0 AND ${t.paidAmount} >= 0 AND ${t.refundedAmount} >= 0 AND ${t.refundedAmount} <= ${t.paidAmount}`,
    ),
  ],
);

export const orderLines = pgTable(
  'order_lines',
  {
    id: serial('id').primaryKey(),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    productId: integer('product_id').notNull(),
    skuId: integer('sku_id').notNull(),
    /** Snapshots: what the shopper bought, as it was then. */
    title: text('title').notNull(),
    imageUrl: text('image_url'),
    specValues: jsonb('spec_values').$type<Record<string, string>>().notNull(),
    skuCode: text('sku_code'),
    afterSalesAllowed: boolean('after_sales_allowed').notNull(),
    unitPrice: money('unit_price').notNull(),
    quantity: integer('quantity').notNull(),
    goodsAmount: money('goods_amount').notNull(),
    discountAmount: money('discount_amount').notNull().default(0),
    payAmount: money('pay_amount').notNull(),
    shippedQuantity: integer('shipped_quantity').notNull().default(0),
    refundedQuantity: integer('refunded_quantity').notNull().default(0),
    refundedAmount: money('refunded_amount').notNull().default(0),
  },
  (t) => [
    index('order_lines_order_idx').on(t.orderId),
    index('order_lines_product_idx').on(t.productId),
    check('order_lines_qty_ck', sql`${t.quantity} > 0 AND ${t.shippedQuantity} >= 0 AND ${t.shippedQuantity} <= ${t.quantity}`),
    check('order_lines_refund_ck', sql`${t.refundedQuantity} >= 0 AND ${t.refundedQuantity} <= ${t.quantity} AND ${t.refundedAmount} >= 0 AND ${t.refundedAmount} <= ${t.payAmount}`),
  ],
);

/** The order's timeline: every status change and notable action, oldest first. */
export const orderEvents = pgTable(
  'order_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    /** 'shopper', 'staff:<username>', 'system' */
    actor: text('actor').notNull(),
    note: text('note'),
    data: jsonb('data').$type<Record<string, unknown>>(),
    createdAt: utc('created_at').notNull(),
  },
  (t) => [index('order_events_order_idx').on(t.orderId, t.id)],
);

export const shipments = pgTable(
  'shipments',
  {
    id: serial('id').primaryKey(),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    carrier: text('carrier').notNull(),
    trackingNo: text('tracking_no').notNull(),
    shippedAt: utc('shipped_at').notNull(),
    actor: text('actor').notNull(),
  },
  (t) => [index('shipments_order_idx').on(t.orderId), uniqueIndex('shipments_tracking_uq').on(t.carrier, t.trackingNo)],
);

export const shipmentLines = pgTable(
  'shipment_lines',
  {
    shipmentId: integer('shipment_id')
      .notNull()
      .references(() => shipments.id, { onDelete: 'cascade' }),
    orderLineId: integer('order_line_id')
      .notNull()
      .references(() => orderLines.id, { onDelete: 'cascade' }),
    quantity: integer('quantity').notNull(),
  },
  (t) => [uniqueIndex('shipment_lines_uq').on(t.shipmentId, t.orderLineId), check('shipment_lines_qty_ck', sql`${t.quantity} > 0`)],
);
