// Rows → API views. Pure.
import { ORDER_STATUS_VALUES, type OrderStatusValue } from '@mall/contract';
import type { OrderLineRow, OrderRow } from './orders.repo.ts';
import { STAFF_ONLY_EVENTS } from './orders-effects.ts';

export function lineView(l: OrderLineRow) {
  return {
    id: l.id,
    productId: l.productId,
    skuId: l.skuId,
    title: l.title,
    imageUrl: l.imageUrl,
    specValues: l.specValues,
    skuCode: l.skuCode,
    afterSalesAllowed: l.afterSalesAllowed,
    unitPrice: l.unitPrice,
    quantity: l.quantity,
    goodsAmount: l.goodsAmount,
    discountAmount: l.discountAmount,
    payAmount: l.payAmount,
    shippedQuantity: l.shippedQuantity,
    refundedQuantity: l.refundedQuantity,
    refundedAmount: l.refundedAmount,
  };
}

export function orderCoreView(o: OrderRow) {
  return {
    id: o.id,
    orderNo: o.orderNo,
    status: o.status,
    kind: o.kind,
    currency: o.currency,
    goodsAmount: o.goodsAmount,
    promotionDiscount: o.promotionDiscount,
    couponDiscount: o.couponDiscount,
    pointsDiscount: o.pointsDiscount,
    pointsUsed: o.pointsUsed,
    shippingFee: o.shippingFee,
    totalAmount: o.totalAmount,
    paidAmount: o.paidAmount,
    refundedAmount: o.refundedAmount,
    createdAt: o.createdAt,
    paymentDueAt: o.paymentDueAt,
    paidAt: o.paidAt,
    shippedAt: o.shippedAt,
    autoCompleteAt: o.autoCompleteAt,
    completedAt: o.completedAt,
    cancelledAt: o.cancelledAt,
    cancelReason: o.cancelReason,
    closedAt: o.closedAt,
    closeReason: o.closeReason,
  };
}

export function summaryView(o: OrderRow, lines: readonly OrderLineRow[]) {
  return { ...orderCoreView(o), itemCount: lines.reduce((n, l) => n + l.quantity, 0), lines: lines.map(lineView) };
}

export function countsView(counts: ReadonlyMap<string, number>): Record<OrderStatusValue, number> {
  return Object.fromEntries(ORDER_STATUS_VALUES.map((s) => [s, counts.get(s) ?? 0])) as Record<OrderStatusValue, number>;
}

interface EventRow {
  id: number;
  type: string;
  fromStatus: string | null;
  toStatus: string | null;
  actor: string;
  note: string | null;
  data: Record<string, unknown> | null;
  createdAt: Date;
}

/** The timeline as the shopper sees it: no staff-only events, staff shown as "staff". */
export function shopperTimeline(events: readonly EventRow[]) {
  return events.filter((e) => !STAFF_ONLY_EVENTS.includes(e.type)).map((e) => ({ ...e, actor: e.actor.startsWith('staff:') ? 'staff' : e.actor }));
}

export function shopperContactView(s: { id: number; nickname: string | null; phone: string | null; email: string | null }) {
  return { id: s.id, nickname: s.nickname, phone: s.phone, email: s.email };
}
