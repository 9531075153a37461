// Payments of pre-orders by strategy: what each succeeded or authorised payment does, the capture
// mode and amounts of the payment due, and the capture of an authorisation when the order ships.
import type { CloseOrderInput } from '@mall/contract';
import type { StaffContext } from '../../platform/audit.ts';
import type { Tx } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { ORDER_REF, yuan, type OrderDeps, type OrderEffects } from './orders-effects.ts';
import type { LifecycleUseCases } from './orders-lifecycle.service.ts';
import type { PreorderLifecycle } from './orders-preorder-lifecycle.ts';
import { findPreorderOrder, updatePreorderOrder } from './orders-preorder.repo.ts';
import { authorisationAccepted, preorderPaymentOutcome } from './orders-preorder.rules.ts';
import type { PayStage } from './orders-presale.rules.ts';
import type { OrderPaymentEvent, PaymentProviderName } from './orders.ports.ts';
import { lockOrder, updateOrder, type OrderRow } from './orders.repo.ts';

type RefundOutcome = 'refund_late' | 'refund_duplicate' | 'refund_mismatch';

export function createPreorderPayments(deps: OrderDeps, effects: OrderEffects, lifecycle: LifecycleUseCases, preorders: PreorderLifecycle) {
  const { clock, payments } = deps;

  /**
   * A succeeded payment of a pre-order (inside the transaction recording the notice, the order
   * locked): the capture of its authorisation, its first payment (in line for stock), or the
   * payment due after the fill (paid in full); anything else is refunded by `refund`.
   */
  async function onPaymentSucceeded(tx: Tx, order: OrderRow, event: OrderPaymentEvent, refund: (outcome: RefundOutcome) => Promise<void>) {
    const row = await preorders.preorderOf(tx, order);
    const outcome = preorderPaymentOutcome(order, { depositAmount: row.depositAmount, balanceAmount: row.balanceAmount, filled: row.filledAt !== null, authPaymentId: row.authPaymentId }, event);
    const paid = { paymentId: event.paymentId, amount: event.amount, at: event.at, paymentNo: event.paymentNo, provider: event.provider };
    if (outcome === 'captured') {
      await updateOrder(tx, order.id, { paidAmount: order.paidAmount + event.amount, paidAt: event.at, paidPaymentId: event.paymentId, updatedAt: clock.now() });
      await updatePreorderOrder(tx, order.id, { capturedAt: event.at, updatedAt: clock.now() });
      await effects.recordEvent(tx, order.id, { type: 'order.payment_captured', actor: 'system', data: { paymentNo: event.paymentNo, amount: event.amount } });
      await effects.tellShopper(tx, order, 'preorder.captured', '预授权已扣款', `订单 ${order.orderNo} 已发货，预授权的 ¥${yuan(event.amount)} 已扣款。`);
    } else if (outcome === 'queued') await preorders.queue(tx, order, { ...paid, stage: 'full' });
    else if (outcome === 'deposit_paid') await preorders.queue(tx, order, { ...paid, stage: 'deposit' });
    else if (outcome === 'paid_in_full') await lifecycle.markPaid(tx, order, paid);
    else await refund(outcome);
  }

  /**
   * An authorisation of an order's payment (nothing taken yet): an unfilled authorize pre-order
   * waiting for it goes in line for stock; any other authorisation is voided at once.
   */
  async function onPaymentAuthorized(tx: Tx, event: OrderPaymentEvent): Promise<void> {
    if (event.refType !== ORDER_REF) return;
    const orderId = Number(event.refId);
    const order = Number.isSafeInteger(orderId) ? await lockOrder(tx, orderId) : undefined;
    const row = order?.kind === 'preorder' ? await findPreorderOrder(tx, order.id) : undefined;
    if (order && row && authorisationAccepted(order, { strategy: row.strategy, filled: row.filledAt !== null }, event)) {
      await preorders.queue(tx, order, { paymentId: event.paymentId, amount: event.amount, at: event.at, stage: 'authorized', paymentNo: event.paymentNo, provider: event.provider });
      return;
    }
    await payments.void(tx, event.paymentId);
    deps.log?.warn({ paymentNo: event.paymentNo, refId: event.refId }, 'an authorisation nothing waited for was voided');
    if (order) await effects.recordEvent(tx, order.id, { type: 'payment.voided', actor: 'system', data: { paymentNo: event.paymentNo, amount: event.amount } });
  }

  /** An unfilled authorize pre-order is paid by an authorisation, captured on shipment; every other payment is captured at once. */
  async function captureMode(tx: Tx, order: OrderRow, stage: PayStage): Promise<'auto' | 'manual'> {
    if (order.kind !== 'preorder' || stage !== 'full' || order.status !== 'awaiting_payment') return 'auto';
    const row = await preorders.preorderOf(tx, order);
    return row.strategy === 'authorize' && row.filledAt === null ? 'manual' : 'auto';
  }

  /** The payments module refuses an authorisation with a provider that cannot make one: said in the pre-order's terms. */
  function explainRefusal(provider: PaymentProviderName, capture: 'auto' | 'manual') {
    return (error: unknown): never => {
      if (capture === 'manual' && error instanceof AppError && error.code === 'PAYMENT_CAPTURE_UNSUPPORTED') throw new AppError('PREORDER_AUTHORIZE_UNSUPPORTED', { provider });
      throw error;
    };
  }

  async function depositDue(tx: Tx, order: OrderRow): Promise<number> {
    return (await preorders.preorderOf(tx, order)).depositAmount;
  }

  /** The balance of a filled deposit pre-order: payable until its deadline. */
  async function balanceDue(tx: Tx, order: OrderRow): Promise<{ amount: number; expiresAt: Date }> {
    const row = await preorders.preorderOf(tx, order);
    if (!row.balanceDueAt || row.balanceDueAt <= clock.now()) throw new AppError('ORDER_PAYMENT_EXPIRED', { orderNo: order.orderNo });
    return { amount: row.balanceAmount, expiresAt: row.balanceDueAt };
  }

  /** The order's first shipment: an authorised pre-order's payment is captured now (once). */
  async function onShipped(tx: Tx, order: OrderRow, actor: string) {
    if (order.kind !== 'preorder') return;
    const row = await preorders.preorderOf(tx, order);
    if (row.strategy !== 'authorize' || row.authPaymentId === null || row.captureRequestedAt !== null) return;
    await payments.capture(tx, row.authPaymentId);
    await updatePreorderOrder(tx, order.id, { captureRequestedAt: clock.now(), updatedAt: clock.now() });
    await effects.recordEvent(tx, order.id, { type: 'preorder.capture_requested', actor, data: { paymentId: row.authPaymentId } });
  }

  return { onPaymentSucceeded, onPaymentAuthorized, captureMode, explainRefusal, depositDue, balanceDue, onShipped };
}

export type PreorderPayments = ReturnType<typeof createPreorderPayments>;

/** What staff work on an order asks of pre-orders: the capture on shipment, the close. */
export interface PreorderStaffHooks {
  onShipped(tx: Tx, order: OrderRow, actor: string): Promise<void>;
  close(tx: Tx, ctx: StaffContext, order: OrderRow, input: CloseOrderInput): Promise<OrderRow>;
}
