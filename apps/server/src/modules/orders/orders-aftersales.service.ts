// What after-sales asks of orders: the shopper's order with its lines, and recording refunds.
import type { DbOrTx, Tx } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { everythingRefunded, planLineRefunds } from './orders.rules.ts';
import { ORDER_REF, refIdOf, yuan, type OrderDeps, type OrderEffects } from './orders-effects.ts';
import { ORDER } from './orders-lifecycle.service.ts';
import { addLineRefund, findOrder, linesOf, lockOrder, updateOrder } from './orders.repo.ts';
import type { OrderStatus } from './orders.tables.ts';
import type { PresaleMoney } from './orders-presale-money.ts';
import { findPresaleOrder } from './orders-presale.repo.ts';

export interface AfterSalesOrderView {
  id: number;
  orderNo: string;
  shopperId: number;
  status: OrderStatus;
  shippingFee: number;
  paidAmount: number;
  /** Refunded on the whole order so far (lines and shipping). */
  refundedAmount: number;
  paidAt: Date | null;
  completedAt: Date | null;
  lines: {
    id: number;
    productId: number;
    skuId: number;
    title: string;
    imageUrl: string | null;
    specValues: Record<string, string>;
    afterSalesAllowed: boolean;
    unitPrice: number;
    quantity: number;
    payAmount: number;
    shippedQuantity: number;
    refundedQuantity: number;
    refundedAmount: number;
  }[];
}

export interface RecordLineRefundInput {
  orderId: number;
  lines: { orderLineId: number; quantity: number; amount: number }[];
  /** Part of the shipping fee refunded with these lines. */
  shippingAmount?: number;
  reason: string;
  /** 'shopper', 'staff:<username>' or 'system'. */
  actor: string;
}

const REFUNDABLE: readonly OrderStatus[] = ['awaiting_shipment', 'shipped', 'completed'];

export function createAfterSalesUseCases(deps: OrderDeps, effects: OrderEffects, money: PresaleMoney) {
  const { clock, inventory } = deps;

  /** The shopper's order with its lines; undefined for an unknown order or another shopper's. */
  async function getOrderForAfterSales(tx: DbOrTx, shopperId: number, orderId: number): Promise<AfterSalesOrderView | undefined> {
    const order = await findOrder(tx, orderId, shopperId);
    if (!order) return undefined;
    const lines = await linesOf(tx, order.id);
    return {
      id: order.id,
      orderNo: order.orderNo,
      shopperId: order.shopperId,
      status: order.status,
      shippingFee: order.shippingFee,
      paidAmount: order.paidAmount,
      refundedAmount: order.refundedAmount,
      paidAt: order.paidAt,
      completedAt: order.completedAt,
      lines: lines.map((l) => ({
        id: l.id,
        productId: l.productId,
        skuId: l.skuId,
        title: l.title,
        imageUrl: l.imageUrl,
        specValues: l.specValues,
        afterSalesAllowed: l.afterSalesAllowed,
        unitPrice: l.unitPrice,
        quantity: l.quantity,
        payAmount: l.payAmount,
        shippedQuantity: l.shippedQuantity,
        refundedQuantity: l.refundedQuantity,
        refundedAmount: l.refundedAmount,
      })),
    };
  }

  /**
   * Adds refunded units and money to order lines (and shipping to the order) in the caller's
   * transaction. Units refunded before they were shipped go back on sale. When every unit of
   * every line is refunded the order closes. Never more than was paid: checked here first, and
   * by the tables' checks underneath.
   */
  async function recordLineRefund(tx: Tx, input: RecordLineRefundInput): Promise<void> {
    const order = await lockOrder(tx, input.orderId);
    if (!order) throw notFound(ORDER, input.orderId);
    if (!REFUNDABLE.includes(order.status)) throw new AppError('ORDER_STATE_INVALID', { from: order.status, to: 'closed' });
    const lines = await linesOf(tx, order.id);
    const plan = planLineRefunds(order.status, lines, input.lines);
    const shippingAmount = input.shippingAmount ?? 0;
    const shippingRefunded = order.refundedAmount - lines.reduce((sum, l) => sum + l.refundedAmount, 0);
    const linesAmount = plan.reduce((sum, p) => sum + p.amount, 0);
    if (!Number.isSafeInteger(shippingAmount) || shippingAmount < 0 || shippingAmount > order.shippingFee - shippingRefunded) {
      throw new AppError('ORDER_REFUND_EXCEEDS', { orderLineId: 'shipping', maxQuantity: 0, maxAmount: yuan(order.shippingFee - shippingRefunded) });
    }
    if (order.refundedAmount + linesAmount + shippingAmount > order.paidAmount) {
      throw new AppError('ORDER_REFUND_EXCEEDS', { orderLineId: 'order', maxQuantity: 0, maxAmount: yuan(order.paidAmount - order.refundedAmount) });
    }
    if (plan.length === 0 && shippingAmount === 0) throw new AppError('VALIDATION_FAILED', {}, [{ path: 'lines', message: 'nothing to refund' }]);
    const after = new Map(lines.map((l) => [l.id, l]));
    for (const p of plan) {
      after.set(p.line.id, await addLineRefund(tx, p.line.id, p.quantity, p.amount));
      if (p.release > 0 && p.line.presaleItemId !== null) {
        const row = await findPresaleOrder(tx, order.id);
        await money.releaseQuota(tx, order, row?.campaignId ?? null, [p.line], 'refund', new Map([[p.line.id, p.release]]));
      } else if (p.release > 0) {
        await inventory.releasePart(tx, { refType: ORDER_REF, refId: refIdOf(order.id), skuId: p.line.skuId, quantity: p.release, actor: input.actor, reason: 'refund' });
      }
    }
    const refundedAmount = order.refundedAmount + linesAmount + shippingAmount;
    const updated = (await updateOrder(tx, order.id, { refundedAmount, updatedAt: clock.now() }))!;
    const data = { lines: input.lines, shippingAmount, amount: linesAmount + shippingAmount };
    await effects.recordEvent(tx, order.id, { type: 'order.refunded', actor: input.actor, note: input.reason, data });
    if (everythingRefunded([...after.values()])) {
      await effects.transition(tx, updated, 'closed', { closedAt: clock.now(), closeReason: input.reason }, { type: 'order.closed', actor: input.actor, note: input.reason, data: { allRefunded: true } });
      await inventory.release(tx, { refType: ORDER_REF, refId: refIdOf(order.id), actor: input.actor, reason: 'refund' });
    }
  }

  return { getOrderForAfterSales, recordLineRefund };
}
