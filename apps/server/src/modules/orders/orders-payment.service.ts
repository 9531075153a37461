// Paying an order, and what a payment the gateway confirmed does to it.
import type { PayOrderResult } from '@mall/contract';
import type { Tx } from '../../platform/db.ts';
import type { OrderPaymentEvent, OrderRefundEvent, PaymentProviderName } from './orders.ports.ts';
import type { PaymentOutcome } from './orders.rules.ts';
import { stagePaymentOutcome, type PayStage, type StageOutcome } from './orders-presale.rules.ts';
import type { PresaleLifecycle } from './orders-presale-lifecycle.service.ts';
import { findPresaleOrder } from './orders-presale.repo.ts';
import type { PreorderPayments } from './orders-preorder-payment.ts';

const STAGE_SUBJECT: Record<PayStage, string> = { full: '', deposit: ' 定金', balance: ' 尾款' };
import { ORDER_REF, refIdOf, yuan, type OrderDeps, type OrderEffects } from './orders-effects.ts';
import type { LifecycleUseCases } from './orders-lifecycle.service.ts';
import { findOrder, lockOrder, type OrderRow } from './orders.repo.ts';

const REFUND_REASONS: Record<Exclude<PaymentOutcome, 'mark_paid'>, { reason: string; zh: string }> = {
  refund_late: { reason: 'payment after cancellation', zh: '订单已取消或关闭后才收到的付款' },
  refund_duplicate: { reason: 'duplicate payment', zh: '订单已支付，重复付款' },
  refund_mismatch: { reason: 'payment amount differs from the order total', zh: '付款金额与订单应付金额不符' },
};

export function createPaymentUseCases(deps: OrderDeps, effects: OrderEffects, lifecycle: LifecycleUseCases, presaleLifecycle: PresaleLifecycle, preorder?: PreorderPayments) {
  const { db, clock, payments } = deps;

  /**
   * Starts (or resumes) a payment of the shopper's unpaid order and returns what the device
   * needs. The gateway is called after the transaction commits. An order with nothing to pay
   * is marked paid at once.
   */
  async function pay(shopperId: number, orderId: number, provider: PaymentProviderName, clientIp?: string): Promise<PayOrderResult> {
    await presaleLifecycle.applyTierIfDue(orderId, shopperId);
    const started = await db.transaction(async (tx) => {
      const { order, stage, amount, expiresAt } = await lifecycle.findPayable(tx, shopperId, orderId);
      if (amount === 0 && stage !== 'deposit') {
        await lifecycle.markPaid(tx, order, { paymentId: null, amount: 0, at: clock.now() });
        return null;
      }
      // An authorize pre-order is paid by an authorisation, captured when it ships.
      const capture = preorder ? await preorder.captureMode(tx, order, stage) : 'auto';
      const start = payments.start(tx, {
        refType: ORDER_REF,
        refId: refIdOf(order.id),
        stage,
        amount,
        currency: 'CNY',
        subject: `订单 ${order.orderNo}${STAGE_SUBJECT[stage]}`,
        shopperId,
        provider,
        capture,
        expiresAt,
      });
      return preorder ? start.catch(preorder.explainRefusal(provider, capture)) : start;
    });
    if (!started) return { orderId, paid: true, paymentNo: null };
    const prepared = await payments.prepare(started.paymentNo, { clientIp });
    return { orderId, paid: false, paymentNo: started.paymentNo, ...prepared };
  }

  /**
   * A payment of an order succeeded (called inside the transaction that records the verified
   * notice). The first full payment of an unpaid order pays it; money for an order that was
   * cancelled or closed meanwhile, a second payment, or a wrong amount goes back automatically.
   */
  async function onPaymentSucceeded(tx: Tx, event: OrderPaymentEvent): Promise<void> {
    if (event.refType !== ORDER_REF) return;
    const orderId = Number(event.refId);
    const order = Number.isSafeInteger(orderId) ? await lockOrder(tx, orderId) : undefined;
    if (order?.kind === 'preorder' && preorder) return preorder.onPaymentSucceeded(tx, order, event, (outcome) => refundPayment(tx, order, event, outcome));
    const presaleRow = order && order.kind !== 'normal' ? await findPresaleOrder(tx, order.id) : undefined;
    const outcome: StageOutcome = order ? stagePaymentOutcome(order, presaleRow ?? null, event.stage, event.amount) : 'refund_mismatch';
    if (order && outcome === 'deposit_paid') {
      await presaleLifecycle.markDepositPaid(tx, order, { paymentId: event.paymentId, amount: event.amount, at: event.at, paymentNo: event.paymentNo, provider: event.provider });
      return;
    }
    if (order && outcome === 'mark_paid') {
      await lifecycle.markPaid(tx, order, { paymentId: event.paymentId, amount: event.amount, at: event.at, provider: event.provider, paymentNo: event.paymentNo });
      return;
    }
    await refundPayment(tx, order, event, outcome === 'mark_paid' || outcome === 'deposit_paid' ? 'refund_mismatch' : outcome);
  }

  async function refundPayment(tx: Tx, order: OrderRow | undefined, event: OrderPaymentEvent, outcome: Exclude<StageOutcome, 'mark_paid' | 'deposit_paid'>) {
    const why = REFUND_REASONS[outcome];
    const refund = await payments.refund(tx, {
      paymentId: event.paymentId,
      amount: event.amount,
      reason: why.reason,
      refType: ORDER_REF,
      refId: event.refId,
      requestedBy: 'system',
    });
    deps.log?.warn({ paymentNo: event.paymentNo, refId: event.refId, outcome }, 'order payment refunded automatically');
    if (!order) return;
    await effects.recordEvent(tx, order.id, {
      type: 'payment.refunded',
      actor: 'system',
      note: why.zh,
      data: { paymentNo: event.paymentNo, amount: event.amount, refundNo: refund.refundNo, reason: why.reason },
    });
    await effects.tellShopper(
      tx,
      order,
      'order.payment_refunded',
      '付款已原路退回',
      `订单 ${order.orderNo}：${why.zh}，¥${yuan(event.amount)} 将原路退回。`,
      event.paymentNo,
    );
  }

  /** A refund of an order's payment reached the shopper: noted on the order's timeline. */
  async function onRefundSucceeded(tx: Tx, event: OrderRefundEvent): Promise<void> {
    if (event.refType !== ORDER_REF) return;
    const orderId = Number(event.refId);
    const order = Number.isSafeInteger(orderId) ? await findOrder(tx, orderId) : undefined;
    if (!order) return;
    await effects.recordEvent(tx, order.id, { type: 'refund.succeeded', actor: 'system', data: { refundNo: event.refundNo, amount: event.amount } });
    await effects.tellShopper(tx, order, 'order.refund_succeeded', '退款已到账', `订单 ${order.orderNo} 的退款 ¥${yuan(event.amount)} 已原路退回。`, event.refundNo);
  }

  return { pay, onPaymentSucceeded, onRefundSucceeded };
}
