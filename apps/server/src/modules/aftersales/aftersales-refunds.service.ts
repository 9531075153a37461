import type { Tx } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { AfterSalesOrder, RefundSucceeded } from './aftersales.ports.ts';
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
    await settle(tx, ticket.id);
  }

  /**
   * Once every refund of a refunding ticket succeeded: the ticket is refunded and the order
   * lines record the refund (the order closes when everything is refunded).
   */
  async function settle(tx: Tx, ticketId: number): Promise<void> {
    const ticket = await moves.requireTicket(tx, ticketId, { lock: true });
    if (ticket.status !== 'refunding') return;
    const refunded = await repo.succeededRefundTotal(tx, ticket.id);
    const target = ticket.refundAmount ?? 0;
    if (refunded < target) {
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

  return { capNow, decideAmount, startRefund, onRefunded };
}

export type RefundUseCases = ReturnType<typeof createRefundUseCases>;
