// The moves of an order after checkout that are not staff work: paid, cancelled, completed,
// and the sweepers that cancel unpaid orders and complete shipped ones on their deadlines.
import type { Tx } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { ORDER_REF, refIdOf, yuan, type OrderDeps, type OrderEffects } from './orders-effects.ts';
import { claimDue, dueOrderIds, findOrder, linesOf, lockOrder, type OrderRow } from './orders.repo.ts';
import { addUnitsSold } from '../catalog/index.ts';
import type { OrderStatus } from './orders.tables.ts';
import { buyerCancel, stageDue, type PayStage } from './orders-presale.rules.ts';
import { moveEach } from './orders-sweep.ts';

export const ORDER = { zh: '订单', en: 'Order' };
const SWEEP_BATCH = 200;

/** What the presale side adds to an order's lifecycle (wired in orders.service.ts). */
export interface PresaleHooks {
  onPresalePaid(tx: Tx, order: OrderRow, paid: { paymentId: number | null; at: Date }): Promise<void>;
  /** The order completed: commission may become eligible after the rights-protection period. */
  onPresaleCompleted(tx: Tx, order: OrderRow): Promise<void>;
  releasePresale(tx: Tx, order: OrderRow, reason: string, actor: string): Promise<void>;
  cancelPresaleByBuyer(tx: Tx, order: OrderRow, reason: string, cancelUnpaid: (tx: Tx, order: OrderRow) => Promise<OrderRow>): Promise<OrderRow>;
  depositDue(tx: Tx, order: OrderRow): Promise<number>;
  balanceDue(tx: Tx, order: OrderRow): Promise<{ amount: number; expiresAt: Date }>;
}

export function createLifecycleUseCases(deps: OrderDeps, effects: OrderEffects, hooks: PresaleHooks) {
  const { db, clock, inventory, pricing, points, notifications } = deps;

  /**
   * awaiting_payment (or a presale order's awaiting_balance) → awaiting_shipment: paid in full,
   * with what this payment added and which payment it was.
   */
  async function markPaid(tx: Tx, order: OrderRow, paid: { paymentId: number | null; amount: number; at: Date; provider?: string; paymentNo?: string }) {
    const moved = await effects.transition(
      tx,
      order,
      'awaiting_shipment',
      { paidAmount: order.paidAmount + paid.amount, paidAt: paid.at, paidPaymentId: paid.paymentId },
      { type: 'order.paid', actor: 'system', data: { paymentNo: paid.paymentNo ?? null, provider: paid.provider ?? null, amount: paid.amount } },
    );
    if (order.kind !== 'normal') await hooks.onPresalePaid(tx, moved, paid);
    await addUnitsSold(tx, (await linesOf(tx, moved.id)).map((line) => ({ productId: line.productId, quantity: line.quantity })));
    await effects.tellShopper(tx, moved, 'order.paid', '支付成功', `订单 ${moved.orderNo} 已支付 ¥${yuan(paid.amount)}，我们会尽快为您发货。`);
    await notifications.notifyStaff(tx, {
      kind: 'order.paid',
      permission: 'orders.ship',
      titleZh: `订单 ${moved.orderNo} 已付款，待发货`,
      titleEn: `Order ${moved.orderNo} is paid and awaits shipment`,
      data: { orderId: moved.id, orderNo: moved.orderNo },
    });
    return moved;
  }

  /** Cancels an unpaid order: stock (or presale quota) back on sale, the coupon back to the shopper, the points refunded. */
  async function cancelLocked(tx: Tx, order: OrderRow, actor: string, reason: string, kind: 'shopper' | 'timeout' | 'staff') {
    const moved = await effects.transition(tx, order, 'cancelled', { cancelledAt: clock.now(), cancelReason: reason }, { type: 'order.cancelled', actor, note: reason, data: { by: kind } });
    if (order.kind !== 'normal') await hooks.releasePresale(tx, order, kind === 'timeout' ? 'timeout' : 'cancel', actor);
    else await inventory.release(tx, { refType: ORDER_REF, refId: refIdOf(order.id), actor, reason: kind === 'timeout' ? 'timeout' : 'cancel' });
    if (order.couponId !== null) await pricing.restoreCoupon(tx, { couponId: order.couponId, orderId: order.id });
    if (order.pointsUsed > 0) await points.refundSpent(tx, { shopperId: order.shopperId, orderId: order.id });
    const why = kind === 'timeout' ? '超时未支付，已自动取消' : '已取消';
    await effects.tellShopper(tx, moved, 'order.cancelled', '订单已取消', `订单 ${moved.orderNo} ${why}。`);
    return moved;
  }

  async function cancelByShopper(shopperId: number, orderId: number, reason?: string): Promise<OrderRow> {
    return db.transaction(async (tx) => {
      const order = await lockOrder(tx, orderId, shopperId);
      if (!order) throw notFound(ORDER, orderId);
      const unpaid = (t: Tx, o: OrderRow) => cancelLocked(t, o, 'shopper', reason || '买家取消', 'shopper');
      if (order.kind !== 'normal') return hooks.cancelPresaleByBuyer(tx, order, reason ?? '', unpaid);
      if (buyerCancel(order, null) !== 'release') throw new AppError('ORDER_STATE_INVALID', { from: order.status, to: 'cancelled' });
      return unpaid(tx, order);
    });
  }

  /** shipped → completed: the shopper earns points on what was paid and not refunded. */
  async function completeLocked(tx: Tx, order: OrderRow, actor: string, auto: boolean) {
    const moved = await effects.transition(tx, order, 'completed', { completedAt: clock.now() }, { type: 'order.completed', actor, data: { auto } });
    if (order.kind !== 'normal') await hooks.onPresaleCompleted(tx, moved);
    const paidAmount = order.paidAmount - order.refundedAmount;
    if (paidAmount > 0) await points.earnForOrder(tx, { shopperId: order.shopperId, orderId: order.id, paidAmount });
    await effects.tellShopper(tx, moved, 'order.completed', '订单已完成', `订单 ${moved.orderNo} 已完成，感谢您的购买。`);
    return moved;
  }

  async function confirmReceipt(shopperId: number, orderId: number): Promise<OrderRow> {
    return db.transaction(async (tx) => {
      const order = await lockOrder(tx, orderId, shopperId);
      if (!order) throw notFound(ORDER, orderId);
      return completeLocked(tx, order, 'shopper', false);
    });
  }

  /**
   * Applies `move` to every order due in `status` by `column`, each in its own transaction,
   * claimed with SKIP LOCKED (another instance or a concurrent request may have it); one that
   * fails is logged and the rest carry on. Returns how many moved.
   */
  async function sweep(name: string, status: OrderStatus, column: 'paymentDueAt' | 'autoCompleteAt', move: (tx: Tx, order: OrderRow) => Promise<unknown>) {
    const ids = await dueOrderIds(db, status, column, clock.now(), SWEEP_BATCH);
    return moveEach(db, deps.log, name, ids, async (tx, id) => {
      const order = await claimDue(tx, id, status, column, clock.now());
      if (order) await move(tx, order);
      return order !== undefined;
    });
  }

  const cancelExpired = async () =>
    (await sweep('orders-payment-timeout', 'awaiting_payment', 'paymentDueAt', (tx, order) => cancelLocked(tx, order, 'system', '超时未支付', 'timeout'))) +
    (await sweep('orders-deposit-timeout', 'awaiting_deposit', 'paymentDueAt', (tx, order) => cancelLocked(tx, order, 'system', '超时未支付定金', 'timeout')));
  const autoComplete = () => sweep('orders-auto-complete', 'shipped', 'autoCompleteAt', (tx, order) => completeLocked(tx, order, 'system', true));

  /**
   * The shopper's order with the payment it waits for now: the full amount, the deposit, or the
   * balance (only inside its window, once the campaign settled). Refuses another's order, a paid
   * one, an expired one. Not locked: the payments module locks its own rows next, and a payment
   * notice locks the payment before the order, so taking the order's lock here could deadlock
   * with it. A cancel that slips in between is harmless: money for a cancelled order is refunded
   * on arrival.
   */
  async function findPayable(tx: Tx, shopperId: number, orderId: number): Promise<{ order: OrderRow; stage: PayStage; amount: number; expiresAt: Date }> {
    const order = await findOrder(tx, orderId, shopperId);
    if (!order) throw notFound(ORDER, orderId);
    const stage = stageDue(order.status);
    if (stage === null) throw new AppError('ORDER_STATE_INVALID', { from: order.status, to: 'awaiting_shipment' });
    if (stage === 'balance') return { order, stage, ...(await hooks.balanceDue(tx, order)) };
    if (order.paymentDueAt && order.paymentDueAt <= clock.now()) throw new AppError('ORDER_PAYMENT_EXPIRED', { orderNo: order.orderNo });
    const amount = stage === 'deposit' ? (await hooks.depositDue(tx, order)) : order.totalAmount;
    return { order, stage, amount, expiresAt: order.paymentDueAt! };
  }

  return { markPaid, cancelLocked, cancelByShopper, completeLocked, confirmReceipt, cancelExpired, autoComplete, findPayable };
}

export type LifecycleUseCases = ReturnType<typeof createLifecycleUseCases>;
