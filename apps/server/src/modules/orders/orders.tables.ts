import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, check, index, integer, jsonb, pgTable, primaryKey, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { utc, createdUpdated } from '../../platform/columns.ts';
import type { PriceBreakdown } from '@mall/contract';

export const ORDER_STATUSES = ['awaiting_deposit', 'awaiting_balance', 'awaiting_payment', 'awaiting_stock', 'awaiting_shipment', 'shipped', 'completed', 'cancelled', 'closed'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const ORDER_KINDS = ['normal', 'presale_deposit', 'presale_full', 'preorder'] as const;
export type OrderKind = (typeof ORDER_KINDS)[number];

/** The delivery address as it was when the order was placed. */
export interface AddressSnapshot {
  receiver: string;
  phone: string;
  province: string;
  city: string;
  district: string;
  detail: string;
  postalCode?: string | null;
  /** ISO 3166-1 alpha-2; absent on orders placed before addresses had a country (CN). */
  country?: string;
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
    /** 'normal', 'presale_deposit' (定金+尾款), 'presale_full' (全款) or 'preorder' (预订: bought out of stock, filled on arrival). */
    kind: text('kind', { enum: ORDER_KINDS }).notNull().default('normal'),
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
    index('orders_deposit_due_idx').on(t.paymentDueAt).where(sql`status = 'awaiting_deposit'`),
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
    /** The presale campaign item whose quota this line holds (no stock is reserved for it), or null. */
    presaleItemId: integer('presale_item_id'),
    /** Deposit presale: this line's deposit (deposit × quantity), part of pay_amount. */
    depositAmount: money('deposit_amount').notNull().default(0),
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
    /** The carrier's code when staff picked one from the carrier list (tracking links, provider). */
    carrierCode: text('carrier_code'),
    trackingNo: text('tracking_no').notNull(),
    shippedAt: utc('shipped_at').notNull(),
    actor: text('actor').notNull(),
    /** The latest tracking status: shipped (no event yet), in_transit, out_for_delivery, delivered, exception. */
    trackingStatus: text('tracking_status').notNull().default('shipped'),
    deliveredAt: utc('delivered_at'),
    /** When the tracking provider is next asked for events; null once delivered. */
    nextPollAt: utc('next_poll_at'),
  },
  (t) => [
    index('shipments_order_idx').on(t.orderId),
    uniqueIndex('shipments_tracking_uq').on(t.carrier, t.trackingNo),
    index('shipments_poll_idx').on(t.nextPollAt).where(sql`delivered_at IS NULL`),
  ],
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

/**
 * The presale part of a presale order: the campaign, the two stages' amounts and payments, the
 * accepted deposit terms, and what happened to the deposit. Amounts are fixed at creation,
 * except the tier discount set once when the campaign's order window closes.
 */
export const presaleOrders = pgTable(
  'presale_orders',
  {
    orderId: integer('order_id')
      .primaryKey()
      .references(() => orders.id, { onDelete: 'cascade' }),
    campaignId: integer('campaign_id').notNull(),
    type: text('type', { enum: ['deposit', 'full'] }).notNull(),
    depositKind: text('deposit_kind', { enum: ['earnest', 'prepayment'] }),
    /** Deposit type: Σ deposit × quantity, paid first. */
    depositAmount: money('deposit_amount').notNull().default(0),
    /** What is left to pay after the deposit (the whole amount for the full type). */
    balanceAmount: money('balance_amount').notNull(),
    /** Fen taken off the balance by the price tier reached (set once, at settlement). */
    tierDiscount: money('tier_discount').notNull().default(0),
    termsVersion: integer('terms_version'),
    termsAcceptedAt: utc('terms_accepted_at'),
    /** 分批发货: the batch the paid deposit was placed in (its balance window and ship date apply). */
    batchId: integer('batch_id'),
    depositPaymentId: integer('deposit_payment_id'),
    depositPaidAt: utc('deposit_paid_at'),
    balancePaymentId: integer('balance_payment_id'),
    balancePaidAt: utc('balance_paid_at'),
    /** The deposit kept because the balance was not paid in its window (or kept on a force-close). */
    forfeitedAmount: money('forfeited_amount').notNull().default(0),
    forfeitedAt: utc('forfeited_at'),
    /** Paid to the buyer on the merchant's default (定金双倍返还: the further amount equal to the deposit), in fen, and how. */
    compensationAmount: money('compensation_amount').notNull().default(0),
    compensationKind: text('compensation_kind', { enum: ['points'] }),
    /** Set when the merchant moved the ship date: from then on the buyer may cancel with a full refund. */
    delayedAt: utc('delayed_at'),
    /** Set when the estimated ship date passed by more than the shop's grace period unshipped: the merchant's default. */
    overdueAt: utc('overdue_at'),
    /** The campaign's commission switches as they were when the order was placed. */
    distribution: boolean('distribution').notNull().default(false),
    agentDividend: boolean('agent_dividend').notNull().default(false),
    regionalRebate: boolean('regional_rebate').notNull().default(false),
    /** When commission may be settled: fully paid, or completion + the rights-protection period. */
    commissionEligibleAt: utc('commission_eligible_at'),
    ...createdUpdated(),
  },
  (t) => [
    index('presale_orders_campaign_idx').on(t.campaignId, t.orderId),
    index('presale_orders_batch_idx').on(t.batchId).where(sql`batch_id IS NOT NULL`),
    check(
      'presale_orders_amounts_ck',
      sql`${t.depositAmount} >= 0 AND ${t.balanceAmount} >= 0 AND ${t.tierDiscount} >= 0 AND ${t.forfeitedAmount} >= 0 AND ${t.forfeitedAmount} <= ${t.depositAmount}`,
    ),
    check('presale_orders_type_ck', sql`(${t.type} = 'deposit' AND ${t.depositKind} IS NOT NULL AND ${t.depositAmount} > 0) OR (${t.type} = 'full' AND ${t.depositAmount} = 0)`),
  ],
);

/** Each balance reminder of a campaign sent to an order, once (and which one preceded the balance payment). */
export const presaleReminderSends = pgTable(
  'presale_reminder_sends',
  {
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    /** 'window_open' or 'before_close:<hours>'. */
    reminderKey: text('reminder_key').notNull(),
    campaignId: integer('campaign_id').notNull(),
    sentAt: utc('sent_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.reminderKey], name: 'presale_reminder_sends_pk' }), index('presale_reminder_sends_campaign_idx').on(t.campaignId, t.sentAt)],
);
