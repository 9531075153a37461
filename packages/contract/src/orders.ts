import { z } from 'zod';
import type { ErrorSpec } from './errors-common.ts';
import { pageOf, pageQuery, timestamp } from './common.ts';
import { moneyAmount } from './money.ts';
import { priceBreakdown } from './pricing.ts';
import { depositTermsAcceptance, presaleOrderView, presaleQuoteView } from './presale-orders.ts';
import { TRACKING_STATUSES, trackingEventView } from './tracking.ts';

export const ordersErrors = {
  ORDER_STATE_INVALID: { status: 409, zh: '订单当前状态（{from}）不能变为 {to}', en: 'The order cannot move from {from} to {to}' },
  IDEMPOTENCY_KEY_REQUIRED: {
    status: 400,
    zh: '下单请求须带 Idempotency-Key 请求头，以免重复下单',
    en: 'Placing an order needs an Idempotency-Key header, so a retry never places it twice',
  },
  CHECKOUT_EMPTY: { status: 422, zh: '没有要结算的商品，请先在购物车中选择商品', en: 'There is nothing to check out; select items in the cart first' },
  CHECKOUT_ITEM_UNAVAILABLE: {
    status: 409,
    zh: '「{sku}」已下架或不可购买',
    en: '{sku} is off the shelf or cannot be bought',
  },
  PRICE_CHANGED: {
    status: 409,
    zh: '订单金额已变为 ¥{total}，请确认后重新提交',
    en: 'The order total is now ¥{total}; please confirm and submit again',
  },
  ORDER_PAYMENT_EXPIRED: {
    status: 409,
    zh: '订单 {orderNo} 已超过支付时限，不能再支付',
    en: 'Order {orderNo} is past its payment deadline and can no longer be paid',
  },
  SHIPMENT_QUANTITY_INVALID: {
    status: 409,
    zh: '订单行 {orderLineId} 最多还能发 {max} 件，不能发 {quantity} 件',
    en: 'Order line {orderLineId} has {max} units left to ship, not {quantity}',
  },
  SHIPMENT_NOTHING_TO_SHIP: { status: 409, zh: '该订单没有待发货的商品', en: 'This order has nothing left to ship' },
  SHIPMENT_TRACKING_TAKEN: {
    status: 409,
    zh: '{carrier} 运单号 {trackingNo} 已用于另一次发货',
    en: '{carrier} tracking number {trackingNo} is already used by another shipment',
  },
  ORDER_LINE_UNKNOWN: { status: 422, zh: '订单行 {orderLineId} 不属于该订单', en: 'Order line {orderLineId} does not belong to this order' },
  ORDER_REFUND_EXCEEDS: {
    status: 409,
    zh: '订单行 {orderLineId} 的退款超出可退范围（最多还可退 {maxQuantity} 件、¥{maxAmount}）',
    en: 'Order line {orderLineId}: the refund exceeds what is left ({maxQuantity} units, ¥{maxAmount})',
  },
} as const satisfies Record<string, ErrorSpec>;

export const ORDER_STATUS_VALUES = ['awaiting_deposit', 'awaiting_balance', 'awaiting_payment', 'awaiting_stock', 'awaiting_shipment', 'shipped', 'completed', 'cancelled', 'closed'] as const;
export const orderStatus = z.enum(ORDER_STATUS_VALUES);
export type OrderStatusValue = z.infer<typeof orderStatus>;
export const ORDER_PAYMENT_PROVIDERS = ['sandbox', 'alipay', 'wechat'] as const;

/** Limits shared by the server and the forms. */
export const ORDER_LIMITS = {
  linesMax: 50,
  lineQuantityMax: 9_999,
  pointsMax: 100_000_000,
  noteMax: 200,
  reasonMax: 200,
  remarkMax: 500,
  carrierMax: 50,
  trackingNoMax: 40,
  searchMax: 100,
  exportRowsMax: 20_000,
} as const;

const L = ORDER_LIMITS;
const bodyId = z.number().int().positive().max(2_147_483_647);

// ---------- checkout ----------

export const checkoutItem = z.object({ skuId: bodyId, quantity: z.number().int().min(1).max(L.lineQuantityMax) });

const checkoutFields = {
  /** Buy now: these SKUs. */
  items: z.array(checkoutItem).min(1).max(L.linesMax).optional(),
  /** Or: the selected lines of the shopper's cart. */
  fromCart: z.literal(true).optional(),
  addressId: bodyId.optional(),
  /** A coupon the shopper has claimed. */
  couponId: bodyId.optional(),
  /** Points to spend (capped by the shop's rules; the breakdown says how many were used). */
  points: z.number().int().min(0).max(L.pointsMax).optional(),
};

function exactlyOneSource(input: { items?: unknown; fromCart?: unknown }, check: z.RefinementCtx) {
  if ((input.items === undefined) === (input.fromCart === undefined)) {
    check.addIssue({ code: 'custom', path: ['items'], message: 'give either items (buy now) or fromCart: true, not both' });
  }
}

export const checkoutPreviewInput = z.object(checkoutFields).strict().superRefine(exactlyOneSource);
export type CheckoutPreviewInput = z.output<typeof checkoutPreviewInput>;

export const placeOrderInput = z
  .object({
    ...checkoutFields,
    addressId: bodyId,
    note: z.string().trim().max(L.noteMax).optional(),
    /** The total the shopper saw; when given and different, the order is refused with PRICE_CHANGED. */
    expectedTotal: moneyAmount.optional(),
    /** Deposit presale: the buyer accepts the deposit terms (定金不退) of this version. */
    depositTerms: depositTermsAcceptance.optional(),
  })
  .strict()
  .superRefine(exactlyOneSource);
export type PlaceOrderInput = z.output<typeof placeOrderInput>;

export const orderAddressSnapshot = z.object({
  receiver: z.string(),
  phone: z.string(),
  province: z.string(),
  city: z.string(),
  district: z.string(),
  detail: z.string(),
  postalCode: z.string().nullable().optional(),
  country: z.string().optional(),
});

export const checkoutLineView = z.object({
  skuId: z.number().int(),
  productId: z.number().int(),
  title: z.string(),
  imageUrl: z.string().nullable(),
  specValues: z.record(z.string(), z.string()),
  skuCode: z.string().nullable(),
  unitPrice: z.number().int(),
  quantity: z.number().int(),
  goodsAmount: z.number().int(),
  afterSalesAllowed: z.boolean(),
  /** Units that can still be sold now. */
  sellable: z.number().int(),
});

export const CHECKOUT_PROBLEM_CODES = ['SKU_NOT_FOUND', 'OFF_SHELF', 'NOT_PURCHASABLE', 'INSUFFICIENT_STOCK'] as const;
export const checkoutProblem = z.object({
  skuId: z.number().int(),
  code: z.enum(CHECKOUT_PROBLEM_CODES),
  message: z.string(),
  messageEn: z.string(),
  sellable: z.number().int().optional(),
});
export type CheckoutProblem = z.infer<typeof checkoutProblem>;

export const checkoutPreview = z.object({
  /** The lines that can be bought, priced. */
  lines: z.array(checkoutLineView),
  /** Lines that cannot be bought as asked, and why. */
  problems: z.array(checkoutProblem),
  /** Null when no line can be bought. */
  breakdown: priceBreakdown.nullable(),
  address: orderAddressSnapshot.nullable(),
  /** No problems, something to buy: placing the order should succeed. */
  canPlace: z.boolean(),
  /** A presale checkout: what is paid now and later, and the terms to accept. */
  presale: presaleQuoteView.nullable(),
  /** 预计送达: the estimated delivery days to the address (the slowest of the order's templates); null when unknown. */
  deliveryDays: z.object({ minDays: z.number().int(), maxDays: z.number().int() }).nullable().optional(),
});
export type CheckoutPreview = z.output<typeof checkoutPreview>;

// ---------- orders ----------

export const orderLineView = z.object({
  id: z.number().int(),
  productId: z.number().int(),
  skuId: z.number().int(),
  title: z.string(),
  imageUrl: z.string().nullable(),
  specValues: z.record(z.string(), z.string()),
  skuCode: z.string().nullable(),
  afterSalesAllowed: z.boolean(),
  unitPrice: z.number().int(),
  quantity: z.number().int(),
  goodsAmount: z.number().int(),
  discountAmount: z.number().int(),
  payAmount: z.number().int(),
  shippedQuantity: z.number().int(),
  refundedQuantity: z.number().int(),
  refundedAmount: z.number().int(),
});
export type OrderLineView = z.output<typeof orderLineView>;

export const orderEventView = z.object({
  id: z.number().int(),
  type: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  actor: z.string(),
  note: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
  createdAt: timestamp,
});

/** A parcel (包裹) of the order: its carrier, tracking number and link, its items and tracking events (newest first). */
export const shipmentView = z.object({
  id: z.number().int(),
  carrier: z.string(),
  carrierCode: z.string().nullable(),
  trackingNo: z.string(),
  /** The carrier's tracking page for this number, when the carrier is in the carrier list. */
  trackingUrl: z.string().nullable(),
  shippedAt: timestamp,
  trackingStatus: z.enum(TRACKING_STATUSES),
  deliveredAt: timestamp.nullable(),
  lines: z.array(z.object({ orderLineId: z.number().int(), quantity: z.number().int() })),
  /** The same units with what the shopper bought (title, SKU), for the parcel's card. */
  items: z.array(
    z.object({
      orderLineId: z.number().int(),
      quantity: z.number().int(),
      title: z.string(),
      skuCode: z.string().nullable(),
      specValues: z.record(z.string(), z.string()),
      imageUrl: z.string().nullable(),
    }),
  ),
  events: z.array(trackingEventView),
});
export type ShipmentView = z.output<typeof shipmentView>;

/** A payment of the order as the shopper sees it, with its refunds. */
export const orderPaymentView = z.object({
  paymentNo: z.string(),
  provider: z.string(),
  stage: z.string(),
  amount: z.number().int(),
  status: z.string(),
  refundedAmount: z.number().int(),
  paidAt: timestamp.nullable(),
  refunds: z.array(
    z.object({
      refundNo: z.string(),
      amount: z.number().int(),
      status: z.string(),
      createdAt: timestamp,
      succeededAt: timestamp.nullable(),
    }),
  ),
});

export const orderActions = z.object({
  canPay: z.boolean(),
  canCancel: z.boolean(),
  canConfirm: z.boolean(),
  canApplyAfterSales: z.boolean(),
  /** Which payment canPay starts: the full amount, the deposit or the balance. */
  payStage: z.enum(['full', 'deposit', 'balance']).nullable(),
  /** Cancelling gives every payment back (a delayed presale order, or a 订金 before the balance). */
  cancelRefunds: z.boolean(),
});
export type OrderActions = z.infer<typeof orderActions>;

const orderCore = {
  id: z.number().int(),
  orderNo: z.string(),
  status: orderStatus,
  kind: z.string(),
  currency: z.string(),
  goodsAmount: z.number().int(),
  promotionDiscount: z.number().int(),
  couponDiscount: z.number().int(),
  pointsDiscount: z.number().int(),
  pointsUsed: z.number().int(),
  shippingFee: z.number().int(),
  totalAmount: z.number().int(),
  paidAmount: z.number().int(),
  refundedAmount: z.number().int(),
  createdAt: timestamp,
  paymentDueAt: timestamp.nullable(),
  paidAt: timestamp.nullable(),
  shippedAt: timestamp.nullable(),
  autoCompleteAt: timestamp.nullable(),
  completedAt: timestamp.nullable(),
  cancelledAt: timestamp.nullable(),
  cancelReason: z.string().nullable(),
  closedAt: timestamp.nullable(),
  closeReason: z.string().nullable(),
};

export const orderSummary = z.object({
  ...orderCore,
  itemCount: z.number().int(),
  lines: z.array(orderLineView),
});
export type OrderSummary = z.output<typeof orderSummary>;

export const orderDetail = z.object({
  ...orderCore,
  couponId: z.number().int().nullable(),
  shopperNote: z.string(),
  breakdown: priceBreakdown,
  address: orderAddressSnapshot,
  lines: z.array(orderLineView),
  timeline: z.array(orderEventView),
  shipments: z.array(shipmentView),
  payments: z.array(orderPaymentView),
  actions: orderActions,
  presale: presaleOrderView.nullable(),
});
export type OrderDetail = z.output<typeof orderDetail>;

export const orderListQuery = pageQuery.extend({ status: orderStatus.optional() });
export type OrderListQuery = z.output<typeof orderListQuery>;

/** How many orders there are in each status (the list's tabs). */
export const orderStatusCounts = z.object(Object.fromEntries(ORDER_STATUS_VALUES.map((s) => [s, z.number().int()])) as Record<OrderStatusValue, z.ZodNumber>);
export const orderPage = pageOf(orderSummary).extend({ counts: orderStatusCounts });

export const cancelOrderInput = z.object({ reason: z.string().trim().max(L.reasonMax).optional() }).strict();

export const payOrderInput = z.object({ provider: z.enum(ORDER_PAYMENT_PROVIDERS) }).strict();
export const payOrderResult = z.object({
  orderId: z.number().int(),
  /** True when nothing was left to pay (points and coupons covered it) and the order is paid now. */
  paid: z.boolean(),
  paymentNo: z.string().nullable(),
  payUrl: z.string().optional(),
  clientParams: z.record(z.string(), z.unknown()).optional(),
});
export type PayOrderResult = z.output<typeof payOrderResult>;
