// Pure rules of pre-orders (spec §5): the amounts per payment strategy, where an order starts and
// where the fill moves it, what a payment does, and what the buyer may cancel.
import { formatMinorUnits, type PreorderStrategy } from '@mall/contract';
import { AppError } from '../../platform/errors.ts';
import type { BuyerCancel } from './orders-presale.rules.ts';
import { stageDue, type PayStage } from './orders-presale.rules.ts';
import type { PresaleForActions } from './orders.rules.ts';
import type { OrderStatus } from './orders.tables.ts';

/**
 * What is paid when: upfront and authorize pay (or authorise) the whole amount now; deposit pays
 * deposit × quantity now and the rest once filled; on_release pays nothing now and everything
 * once filled. The deposit must stay below the total (something is left for the balance).
 */
export function preorderAmounts(strategy: PreorderStrategy, total: number, depositPerUnit: number | null, quantity: number, sku: string): { deposit: number; balance: number } {
  if (strategy === 'on_release') return { deposit: 0, balance: total };
  if (strategy !== 'deposit') return { deposit: 0, balance: 0 };
  const deposit = (depositPerUnit ?? 0) * quantity;
  if (deposit <= 0 || deposit >= total) {
    throw new AppError('PREORDER_DEPOSIT_INVALID', { sku, deposit: formatMinorUnits(depositPerUnit ?? 0), price: formatMinorUnits(Math.floor(total / quantity)) });
  }
  return { deposit, balance: total - deposit };
}

/**
 * The status a new pre-order starts in: in line for stock at once (on_release: nothing to pay
 * now), or waiting for its first payment (the deposit, or everything paid or authorised).
 */
export function preorderStartStatus(strategy: PreorderStrategy): 'awaiting_payment' | 'awaiting_deposit' | 'awaiting_stock' {
  if (strategy === 'on_release') return 'awaiting_stock';
  if (strategy === 'deposit') return 'awaiting_deposit';
  return 'awaiting_payment';
}

/** Where the fill moves a pre-order: to shipment (paid or authorised), or to the payment still due. */
export function filledStatus(strategy: PreorderStrategy): 'awaiting_shipment' | 'awaiting_balance' | 'awaiting_payment' {
  if (strategy === 'deposit') return 'awaiting_balance';
  if (strategy === 'on_release') return 'awaiting_payment';
  return 'awaiting_shipment';
}

export interface PreorderForPayment {
  depositAmount: number;
  balanceAmount: number;
  filled: boolean;
  authPaymentId: number | null;
}

export type PreorderPayOutcome = 'captured' | 'queued' | 'deposit_paid' | 'paid_in_full' | 'refund_late' | 'refund_duplicate' | 'refund_mismatch';

/**
 * What a succeeded payment does to a pre-order: the capture of its authorisation is recorded; the
 * first payment puts it in line for stock (upfront in full, or the deposit); the payment due after
 * the fill pays it in full. Anything else goes back, as for every order.
 */
export function preorderPaymentOutcome(
  order: { status: OrderStatus; totalAmount: number },
  pre: PreorderForPayment,
  payment: { paymentId: number; stage: PayStage; amount: number },
): PreorderPayOutcome {
  const gone = order.status === 'cancelled' || order.status === 'closed';
  if (pre.authPaymentId !== null && pre.authPaymentId === payment.paymentId) return gone ? 'refund_late' : 'captured';
  if (gone) return 'refund_late';
  if (order.status === 'awaiting_payment' && payment.stage === 'full' && payment.amount === order.totalAmount) return pre.filled ? 'paid_in_full' : 'queued';
  if (order.status === 'awaiting_deposit' && payment.stage === 'deposit' && payment.amount === pre.depositAmount) return 'deposit_paid';
  if (order.status === 'awaiting_balance' && payment.stage === 'balance' && payment.amount === pre.balanceAmount) return 'paid_in_full';
  return stageDue(order.status) === null ? 'refund_duplicate' : 'refund_mismatch';
}

/** Whether an authorisation starts the pre-order: only the whole amount of an unfilled authorize pre-order awaiting it. */
export function authorisationAccepted(order: { status: OrderStatus; totalAmount: number }, pre: { strategy: PreorderStrategy; filled: boolean }, payment: { stage: PayStage; amount: number }): boolean {
  return order.status === 'awaiting_payment' && pre.strategy === 'authorize' && !pre.filled && payment.stage === 'full' && payment.amount === order.totalAmount;
}

/**
 * The buyer's cancel (spec §5: allowed when nothing non-refundable was paid). Unpaid, or nothing to
 * pay yet (on_release waiting for stock): simply cancelled. Paid or authorised and not shipped:
 * cancelled with everything refunded and the authorisation voided. A non-refundable deposit paid:
 * refused.
 */
export function preorderCancel(status: OrderStatus, pre: { strategy: PreorderStrategy; depositRefundable: boolean }, shippedAny: boolean): BuyerCancel {
  if (status === 'awaiting_payment' || status === 'awaiting_deposit') return 'release';
  if (status === 'awaiting_stock' && pre.strategy === 'on_release') return 'release';
  if ((status !== 'awaiting_stock' && status !== 'awaiting_balance' && status !== 'awaiting_shipment') || shippedAny) return 'refused';
  if (pre.strategy === 'deposit' && !pre.depositRefundable) return 'refused';
  return 'refund_all';
}

/** What a pre-order adds to the buttons: the balance payable from the fill to its deadline, the cancel policy. */
export function preorderActions(
  status: OrderStatus,
  pre: { strategy: PreorderStrategy; depositRefundable: boolean; filledAt: Date | null; balanceDueAt: Date | null },
  shippedAny: boolean,
): PresaleForActions {
  return { balanceStartsAt: pre.filledAt, balanceEndsAt: pre.balanceDueAt, settled: true, cancel: preorderCancel(status, pre, shippedAny) };
}
