import { formatMinorUnits } from '@mall/contract';
import { AppError } from '../../platform/errors.ts';
import type { OrderStatus } from './orders.tables.ts';

/**
 * Every move an order can make, and why. A move not listed here is refused. Services change
 * status only through `assertTransition` plus a compare-and-set UPDATE (… WHERE status = from).
 */
export const ORDER_TRANSITIONS: Record<OrderStatus, Partial<Record<OrderStatus, string>>> = {
  awaiting_deposit: {
    awaiting_balance: 'deposit paid (deposit presale)',
    awaiting_stock: 'deposit paid (deposit pre-order): waits for stock',
    cancelled: 'deposit not paid in time, cancelled by the shopper or by staff',
  },
  awaiting_balance: {
    awaiting_shipment: 'balance paid inside the balance window (or before a filled pre-order\'s deadline)',
    cancelled: 'balance window closed unpaid (deposit forfeited), or cancelled by the buyer with a refund (delay, 订金)',
    closed: 'force-closed by staff (deposit refunded or kept), or the campaign missed its minimum target',
  },
  awaiting_payment: {
    awaiting_shipment: 'paid in full',
    awaiting_stock: 'a pre-order paid in full or authorised: waits for stock',
    cancelled: 'payment timeout (a filled pay-on-release pre-order lapses), cancelled by the shopper or by staff',
  },
  awaiting_stock: {
    awaiting_shipment: 'pre-order filled from arriving stock (paid upfront or authorised)',
    awaiting_balance: 'deposit pre-order filled: the balance is due by its deadline',
    awaiting_payment: 'pay-on-release pre-order filled: payment is due by its deadline',
    cancelled: 'pre-order cancelled by the buyer before it was filled',
    closed: 'pre-order closed by staff, everything refunded',
  },
  awaiting_shipment: {
    shipped: 'every line shipped',
    closed: 'closed by staff with a refund, every line refunded after-sales, or the campaign missed its minimum target',
    cancelled: 'a delayed presale order, or a pre-order with nothing non-refundable paid, cancelled by the buyer with a full refund',
  },
  shipped: {
    completed: 'receipt confirmed by the shopper, or auto-complete after N days',
    closed: 'every line refunded after-sales',
  },
  completed: {
    closed: 'every line refunded after-sales',
  },
  cancelled: {},
  closed: {},
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_TRANSITIONS[from][to] !== undefined;
}

export function assertTransition(from: OrderStatus, to: OrderStatus): void {
  if (!canTransition(from, to)) throw new AppError('ORDER_STATE_INVALID', { from, to });
}

export const isTerminal = (status: OrderStatus) => Object.keys(ORDER_TRANSITIONS[status]).length === 0;

// ---------- what the shopper may do now ----------

export interface OrderForActions {
  status: OrderStatus;
  totalAmount: number;
  paymentDueAt: Date | null;
  completedAt: Date | null;
}

/** What a presale order adds to the buttons: the balance window and the cancel policy. */
export interface PresaleForActions {
  balanceStartsAt: Date | null;
  balanceEndsAt: Date | null;
  settled: boolean;
  cancel: 'release' | 'refund_all' | 'refused';
}

export interface LineForActions {
  quantity: number;
  refundedQuantity: number;
  afterSalesAllowed: boolean;
}

/**
 * The buttons the shopper sees. After-sales may be asked for while the order waits for
 * shipment (refund only), once it shipped, and for `afterSalesDays` after completion, for a
 * line that allows it and is not fully refunded yet.
 */
export function shopperActions(order: OrderForActions, lines: readonly LineForActions[], now: Date, afterSalesDays: number, presale: PresaleForActions | null = null) {
  const unpaid = order.status === 'awaiting_payment' || order.status === 'awaiting_deposit';
  const balanceDue =
    order.status === 'awaiting_balance' &&
    presale !== null &&
    presale.settled &&
    presale.balanceStartsAt !== null &&
    presale.balanceEndsAt !== null &&
    presale.balanceStartsAt <= now &&
    now < presale.balanceEndsAt;
  const payable = (unpaid && (order.paymentDueAt === null || order.paymentDueAt > now)) || balanceDue;
  const payStage = !payable ? null : order.status === 'awaiting_deposit' ? 'deposit' : order.status === 'awaiting_balance' ? 'balance' : 'full';
  const cancel = presale ? presale.cancel : unpaid ? 'release' : 'refused';
  const withinWindow =
    order.status === 'awaiting_shipment' ||
    order.status === 'shipped' ||
    (order.status === 'completed' && order.completedAt !== null && now.getTime() <= order.completedAt.getTime() + afterSalesDays * 86_400_000);
  const refundableLine = lines.some((l) => l.afterSalesAllowed && l.refundedQuantity < l.quantity);
  return {
    canPay: payable,
    canCancel: cancel !== 'refused',
    canConfirm: order.status === 'shipped',
    canApplyAfterSales: withinWindow && refundableLine,
    payStage: payStage as 'full' | 'deposit' | 'balance' | null,
    cancelRefunds: cancel === 'refund_all',
  };
}

export function staffActions(order: { status: OrderStatus }) {
  return { canShip: order.status === 'awaiting_shipment', canClose: order.status === 'awaiting_shipment' || order.status === 'awaiting_balance' || order.status === 'awaiting_stock' };
}

// ---------- shipping ----------

export interface LineForShipping {
  id: number;
  skuId: number;
  quantity: number;
  shippedQuantity: number;
  refundedQuantity: number;
}

/** Units of a line still to ship: neither shipped nor refunded. */
export const shippableOf = (line: LineForShipping): number => Math.max(0, line.quantity - line.shippedQuantity - line.refundedQuantity);

/**
 * Which units one shipment sends: the requested lines and quantities, or everything still to
 * ship. Refuses a line of another order, more than is left, or an empty shipment.
 */
export function planShipment<L extends LineForShipping>(lines: readonly L[], requested?: readonly { orderLineId: number; quantity: number }[]) {
  const byId = new Map(lines.map((l) => [l.id, l]));
  const plan = requested
    ? requested.map((r) => {
        const line = byId.get(r.orderLineId);
        if (!line) throw new AppError('ORDER_LINE_UNKNOWN', { orderLineId: r.orderLineId });
        const max = shippableOf(line);
        if (r.quantity > max) throw new AppError('SHIPMENT_QUANTITY_INVALID', { orderLineId: r.orderLineId, max, quantity: r.quantity });
        return { line, quantity: r.quantity };
      })
    : lines.map((line) => ({ line, quantity: shippableOf(line) })).filter((p) => p.quantity > 0);
  if (plan.length === 0) throw new AppError('SHIPMENT_NOTHING_TO_SHIP');
  return plan;
}

/** Every unit of every line is shipped or refunded. */
export const everythingShipped = (lines: readonly LineForShipping[]): boolean => lines.every((l) => shippableOf(l) === 0);

// ---------- refunds recorded by after-sales ----------

export interface LineForRefund extends LineForShipping {
  payAmount: number;
  refundedAmount: number;
}

/**
 * Checks refunds against what is left of each line and says how many held units to give back
 * to stock (units refunded before they were shipped, while the order waits for shipment).
 */
export function planLineRefunds<L extends LineForRefund>(
  status: OrderStatus,
  lines: readonly L[],
  refunds: readonly { orderLineId: number; quantity: number; amount: number }[],
) {
  const byId = new Map(lines.map((l) => [l.id, l]));
  const seen = new Set<number>();
  return refunds.map((r) => {
    const line = byId.get(r.orderLineId);
    if (!line || seen.has(r.orderLineId)) throw new AppError('ORDER_LINE_UNKNOWN', { orderLineId: r.orderLineId });
    seen.add(r.orderLineId);
    const maxQuantity = line.quantity - line.refundedQuantity;
    const maxAmount = line.payAmount - line.refundedAmount;
    const valid = Number.isSafeInteger(r.quantity) && Number.isSafeInteger(r.amount) && r.quantity >= 0 && r.amount >= 0 && r.quantity + r.amount > 0;
    if (!valid || r.quantity > maxQuantity || r.amount > maxAmount) {
      throw new AppError('ORDER_REFUND_EXCEEDS', { orderLineId: r.orderLineId, maxQuantity, maxAmount: formatMinorUnits(maxAmount) });
    }
    const release = status === 'awaiting_shipment' ? Math.min(r.quantity, shippableOf(line)) : 0;
    return { line, quantity: r.quantity, amount: r.amount, release };
  });
}

export const everythingRefunded = (lines: readonly { quantity: number; refundedQuantity: number }[]): boolean =>
  lines.length > 0 && lines.every((l) => l.refundedQuantity >= l.quantity);

// ---------- what a payment notice does to an order ----------

export type PaymentOutcome = 'mark_paid' | 'refund_late' | 'refund_duplicate' | 'refund_mismatch';
