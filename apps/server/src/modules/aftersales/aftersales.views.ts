import { formatMinorUnits } from '@mall/contract';
import type { AfterSalesTicketDetail, AfterSalesTicketView } from '@mall/contract';
import { progressOf } from './aftersales.rules.ts';
import type { HistoryRow, RefundRow, TicketLineRow, TicketRow } from './aftersales.repo.ts';

export const TICKET = { zh: '售后单', en: 'After-sales ticket' };
export const ORDER = { zh: '订单', en: 'Order' };

export function ticketView(row: TicketRow, lines: TicketLineRow[]): AfterSalesTicketView {
  return {
    id: row.id,
    ticketNo: row.ticketNo,
    orderId: row.orderId,
    orderNo: row.orderNo,
    shopperId: row.shopperId,
    type: row.type,
    status: row.status,
    reason: row.reason,
    description: row.description,
    photos: row.photos,
    requestedAmount: row.requestedAmount,
    refundAmount: row.refundAmount,
    shippingAmount: row.shippingAmount,
    refundedAmount: row.refundedAmount,
    returnCarrier: row.returnCarrier,
    returnTrackingNo: row.returnTrackingNo,
    returnShippedAt: row.returnShippedAt,
    exchangeCarrier: row.exchangeCarrier,
    exchangeTrackingNo: row.exchangeTrackingNo,
    exchangeShippedAt: row.exchangeShippedAt,
    rejectReason: row.rejectReason,
    lines: lines
      .filter((line) => line.ticketId === row.id)
      .map((line) => ({
        orderLineId: line.orderLineId,
        title: line.title,
        imageUrl: line.imageUrl,
        specValues: line.specValues,
        quantity: line.quantity,
        refundAmount: line.refundAmount,
      })),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    closedAt: row.closedAt,
  };
}

/** The shopper sees who acted by kind only; the back office sees the staff member. */
const actorFor = (actor: string, audience: 'shopper' | 'staff') => (audience === 'staff' ? actor : actor.startsWith('staff:') ? 'staff' : actor);

export function ticketDetail(
  row: TicketRow,
  parts: { lines: TicketLineRow[]; history: HistoryRow[]; refunds: RefundRow[] },
  audience: 'shopper' | 'staff',
): AfterSalesTicketDetail {
  return {
    ...ticketView(row, parts.lines),
    history: parts.history.map((entry) => ({
      action: entry.action,
      fromStatus: entry.fromStatus,
      toStatus: entry.toStatus,
      actor: actorFor(entry.actor, audience),
      note: entry.note,
      createdAt: entry.createdAt,
    })),
    progress: progressOf(row.type, row.status, parts.history),
    refunds: parts.refunds.map((refund) => ({
      refundId: refund.refundId,
      paymentId: refund.paymentId,
      amount: refund.amount,
      status: refund.status,
      createdAt: refund.createdAt,
      succeededAt: refund.succeededAt,
    })),
  };
}

export const yuan = formatMinorUnits;

/** The note the shopper's message carries for a state: why rejected, how the replacement travels, how much is refunded. */
export function messageNoteFor(row: TicketRow): string | null {
  switch (row.status) {
    case 'rejected':
      return row.rejectReason;
    case 'exchanged':
      return `${row.exchangeCarrier ?? ''} ${row.exchangeTrackingNo ?? ''}`.trim() || null;
    case 'refunding':
      return `退款金额 ¥${yuan(row.refundAmount ?? 0)}，将原路退回`;
    default:
      return null;
  }
}
