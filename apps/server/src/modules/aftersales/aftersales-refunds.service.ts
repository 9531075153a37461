import { sumMinor } from '@mall/contract';
import type { StaffContext } from '../../platform/audit.ts';
import type { Tx } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { AfterSalesOrder, RefundFailed, RefundSucceeded } from './aftersales.ports.ts';
import { planPaymentRefunds, refundCap, splitRefund, type RefundCap } from './aftersales.rules.ts';
import * as repo from './aftersales.repo.ts';
import { ORDER, yuan } from './aftersales.views.ts';
import { actorName, type AfterSalesDeps, type Mover, type TicketMoves } from './aftersales-moves.ts';

export const REFUND_REF_TYPE = 'aftersales';

/** Refunds of tickets: made through the order's original payments, settled when they all succeed. */
export function createRefundUseCases(deps: AfterSalesDeps, moves: TicketMoves) {
  const { clock } = deps;

  /** The ticket's order as it is now, and its refund cap; its lines must still be refundable. */
  async function capNow(tx: Tx, ticket: repo.TicketRow): Promise<{ order: AfterSalesOrder; lines: repo.TicketLineRow[]; cap: RefundCap }> {
    const order = await deps.orders.getOrderForAfterSales(tx, ticket.shopperId, ticket.orderId);
    if (!order) throw notFound(ORDER, ticket.orderId);
    const lines = await repo.linesOf(tx, [ticket.id]);
    const byId = new Map(order.lines.map((line) => [line.id, line]));
    for (const line of lines) {
      const orderLine = byId.get(line.orderLineId);
      const left = orderLine ? orderLine.quantity - orderLine.refundedQuantity : 0;
      if (line.quantity > left) throw new AppError('AFTERSALES_QUANTITY_EXCEEDED', { title: line.title, max: left });
    }
    return { order, lines, cap: refundCap(order, ticket.type, lines) };
  }

  /** The amount to refund: the one given (never above the cap), else what was asked or approved, bounded by the cap. */
  function decideAmount(cap: RefundCap, given: number | undefined, fallback: number): number {
    if (given !== undefined && given > cap.total) throw new AppError('AFTERSALES_AMOUNT_EXCEEDS_CAP', { max: yuan(cap.total) });
    return given ?? Math.min(fallback, cap.total);
  }

  /**
   * Asks the payments core to refund `ticket.refundAmount` back through the order's payments
   * (latest stage first), in the caller's transaction; the ticket must be in 'refunding'.
   */
  async function startRefund(tx: Tx, ticket: repo.TicketRow, parts: { lines: repo.TicketLineRow[]; cap: RefundCap }, by: Mover) {
    const amount = ticket.refundAmount ?? 0;
    const split = splitRefund(amount, parts.cap);
    for (const [i, line] of parts.lines.entries()) await repo.setLineRefundAmount(tx, line.id, split.lines[i]!);
    await issueRefunds(tx, ticket, amount, by);
    await settle(tx, ticket.id);
  }

  /** Payment refunds of `amount` for the ticket, planned over the order's payments, each recorded against the ticket. */
  async function issueRefunds(tx: Tx, ticket: repo.TicketRow, amount: number, by: Mover) {
    const plan = planPaymentRefunds(await deps.payments.refundablePayments(tx, ticket.orderId), amount);
    for (const part of plan) {
      const result = await deps.payments.refund(tx, {
        paymentId: part.paymentId,
        amount: part.amount,
        reason: `售后退款 ${ticket.ticketNo}`,
        refType: REFUND_REF_TYPE,
        refId: String(ticket.id),
        requestedBy: actorName(by),
      });
      const now = clock.now();
      await repo.insertRefund(tx, {
        refundId: result.refundId,
        ticketId: ticket.id,
        paymentId: part.paymentId,
        amount: part.amount,
        status: result.status,
        createdAt: now,
        succeededAt: result.status === 'succeeded' ? now : null,
      });
    }
  }

  /**
   * Once every refund of a refunding ticket succeeded: the ticket is refunded and the order
   * lines record the refund (the order closes when everything is refunded). While a ticket waits
   * for a retry after a failed refund, its other refunds that succeed only add to what was refunded.
   */
  async function settle(tx: Tx, ticketId: number): Promise<void> {
    const ticket = await moves.requireTicket(tx, ticketId, { lock: true });
    if (ticket.status !== 'refunding' && ticket.status !== 'refund_failed') return;
    const refunded = await repo.succeededRefundTotal(tx, ticket.id);
    const target = ticket.refundAmount ?? 0;
    if (refunded < target || ticket.status === 'refund_failed') {
      if (refunded !== ticket.refundedAmount) await repo.updateTicket(tx, ticket.id, { refundedAmount: refunded, updatedAt: clock.now() });
      return;
    }
    const done = await moves.move(tx, ticket, 'refunded', { action: 'refund_succeeded', by: { kind: 'system' }, set: { refundedAmount: refunded }, data: { refundedAmount: refunded } });
    const lines = await repo.linesOf(tx, [ticket.id]);
    await deps.orders.recordLineRefund(tx, {
      orderId: done.orderId,
      lines: lines.map((line) => ({ orderLineId: line.orderLineId, quantity: line.quantity, amount: line.refundAmount ?? 0 })),
      shippingAmount: done.shippingAmount,
      reason: `售后 ${done.ticketNo}`,
      actor: 'system',
    });
  }

  /** The payments core's callback (inside its transaction) when a refund of a ticket succeeded; applied once. */
  async function onRefunded(tx: Tx, event: RefundSucceeded): Promise<void> {
    const ticketId = Number(event.refId);
    if (!Number.isSafeInteger(ticketId) || !(await repo.findTicket(tx, ticketId))) return;
    const changed = await repo.markRefundSucceeded(tx, { refundId: event.refundId, ticketId, paymentId: event.paymentId, amount: event.amount, at: event.at });
    if (changed) await settle(tx, ticketId);
  }

  /**
   * The payments core's callback (inside its transaction) when a refund of a ticket failed for
   * good; applied once. A refunding ticket moves to refund_failed (history, shopper message);
   * staff are told to retry.
   */
  async function onRefundFailed(tx: Tx, event: RefundFailed): Promise<void> {
    const ticketId = Number(event.refId);
    if (!Number.isSafeInteger(ticketId) || !(await repo.findTicket(tx, ticketId))) return;
    const changed = await repo.markRefundFailed(tx, { refundId: event.refundId, ticketId, paymentId: event.paymentId, amount: event.amount, at: event.at });
    if (!changed) return;
    const ticket = await moves.requireTicket(tx, ticketId, { lock: true });
    const options = { action: 'refund_failed', by: { kind: 'system' as const }, data: { refundId: event.refundId, amount: event.amount, reason: event.failureReason ?? null } };
    if (ticket.status === 'refunding') {
      await moves.move(tx, ticket, 'refund_failed', { ...options, messageKey: `aftersales:${ticket.id}:refund_failed:${event.refundId}` });
    } else if (ticket.status === 'refund_failed') {
      await moves.history(tx, ticket, ticket.status, options); // another refund of the same ticket failed too
    } else {
      return;
    }
    await deps.notifications.notifyStaff(tx, {
      kind: 'aftersales.refund_failed',
      permission: 'aftersales.handle',
      titleZh: `售后单 ${ticket.ticketNo} 退款失败（¥${yuan(event.amount)}），请重试退款`,
      titleEn: `A refund of ${ticket.ticketNo} failed (¥${yuan(event.amount)}); please retry it`,
      data: { ticketId: ticket.id, orderId: ticket.orderId, refundId: event.refundId, amount: event.amount, reason: event.failureReason ?? null },
    });
  }

  /**
   * Staff retry a ticket whose refund failed: new refunds for what is neither refunded nor under
   * way, the ticket back in refunding. The order lines must still allow the refund.
   */
  async function retryRefund(tx: Tx, ctx: StaffContext, id: number, note: string) {
    const ticket = await moves.requireTicket(tx, id, { lock: true });
    if (ticket.status !== 'refund_failed') throw new AppError('AFTERSALES_ACTION_INVALID', { type: ticket.type, status: ticket.status });
    await capNow(tx, ticket);
    const refunds = await repo.refundsOf(tx, ticket.id);
    const covered = sumMinor(refunds.filter((r) => r.status !== 'failed').map((r) => r.amount));
    const amount = Math.max(0, (ticket.refundAmount ?? 0) - covered);
    const by: Mover = { kind: 'staff', ctx };
    const row = await moves.move(tx, ticket, 'refunding', { action: 'retry_refund', by, note, data: { amount }, messageKey: `aftersales:${id}:refunding:${refunds.length}` });
    await issueRefunds(tx, row, amount, by);
    await settle(tx, id);
    return moves.detail(tx, (await repo.findTicket(tx, id))!, 'staff');
  }

  return { capNow, decideAmount, startRefund, onRefunded, onRefundFailed, retryRefund };
}

export type RefundUseCases = ReturnType<typeof createRefundUseCases>;
