import { allocateMinor, sumMinor, type AfterSalesBlocker, type AfterSalesStatus, type AfterSalesType, formatMinorUnits } from '@mall/contract';
import { AppError } from '../../platform/errors.ts';
import { DAY } from '../../platform/clock.ts';
import type { AfterSalesOrder, AfterSalesOrderLine, RefundablePayment } from './aftersales.ports.ts';

// ---- states ----

interface Move {
  why: string;
  /** The ticket types that may make this move. */
  types: readonly AfterSalesType[];
}
const ALL: readonly AfterSalesType[] = ['refund_only', 'return_refund', 'exchange'];
const RETURNS: readonly AfterSalesType[] = ['return_refund', 'exchange'];

/**
 * Every move a ticket can make, who makes it and for which types. A move not listed is refused.
 * Services change status only through `assertTransition` plus a compare-and-set UPDATE.
 */
export const AFTERSALES_TRANSITIONS: Record<AfterSalesStatus, Partial<Record<AfterSalesStatus, Move>>> = {
  pending_review: {
    awaiting_return: { why: 'staff approved a return or exchange; the shopper sends the goods back', types: RETURNS },
    refunding: { why: 'staff approved a refund only; the refund is made', types: ['refund_only'] },
    rejected: { why: 'staff rejected the application, with a reason', types: ALL },
    withdrawn: { why: 'the shopper withdrew the application', types: ALL },
  },
  awaiting_return: {
    received: { why: 'staff confirmed receipt of the returned goods (after the shopper sent carrier + tracking no.)', types: RETURNS },
    withdrawn: { why: 'the shopper withdrew the application', types: ALL },
  },
  received: {
    refunding: { why: 'staff refund the returned goods', types: ['return_refund'] },
    exchanged: { why: 'staff shipped the replacement (carrier + tracking no.)', types: ['exchange'] },
    rejected: { why: 'staff refused the returned goods (e.g. damaged by the buyer), with a reason', types: RETURNS },
  },
  refunding: {
    refunded: { why: 'every refund of the ticket succeeded at the payment provider', types: ['refund_only', 'return_refund'] },
    refund_failed: { why: 'the payment provider finally refused a refund of the ticket', types: ['refund_only', 'return_refund'] },
  },
  refund_failed: {
    refunding: { why: 'staff retry what is still unrefunded of the ticket', types: ['refund_only', 'return_refund'] },
  },
  refunded: {},
  exchanged: {},
  rejected: {},
  withdrawn: {},
};

export function canTransition(from: AfterSalesStatus, to: AfterSalesStatus, type: AfterSalesType): boolean {
  return AFTERSALES_TRANSITIONS[from][to]?.types.includes(type) ?? false;
}

export function assertTransition(from: AfterSalesStatus, to: AfterSalesStatus, type: AfterSalesType): void {
  if (!canTransition(from, to, type)) throw new AppError('AFTERSALES_STATE_INVALID', { from, to });
}

export const isTerminal = (status: AfterSalesStatus) => Object.keys(AFTERSALES_TRANSITIONS[status]).length === 0;

/** Where an approval leads: returns and exchanges wait for the goods, a refund only is refunded. */
export const approvalTarget = (type: AfterSalesType): AfterSalesStatus => (type === 'refund_only' ? 'refunding' : 'awaiting_return');

// ---- eligibility ----

const APPLICABLE_ORDER_STATUSES = new Set(['awaiting_shipment', 'shipped', 'completed']);

/** Whether the order as a whole can take an application now, and until when. */
export function orderBlockers(order: Pick<AfterSalesOrder, 'status' | 'paidAt' | 'completedAt'>, now: Date, afterSalesDays: number) {
  const blockers: AfterSalesBlocker[] = [];
  const windowEndsAt = order.status === 'completed' && order.completedAt ? new Date(order.completedAt.getTime() + afterSalesDays * DAY) : null;
  if (order.status === 'awaiting_payment' || !order.paidAt) blockers.push('order_not_paid');
  else if (!APPLICABLE_ORDER_STATUSES.has(order.status)) blockers.push('order_closed');
  else if (windowEndsAt && now.getTime() > windowEndsAt.getTime()) blockers.push('window_expired');
  return { blockers, windowEndsAt };
}

export interface LineAllowance {
  maxQuantity: Record<AfterSalesType, number>;
  blockers: AfterSalesBlocker[];
}

/**
 * Units of a line that may be applied for, per type:
 *  - refund only: quantity − refunded;
 *  - return or exchange: also only shipped units still with the shopper
 *    (shipped − units already returned through refunded return tickets);
 *  - nothing while the line has an open ticket, or when its product allows no after-sales.
 */
export function lineAllowance(line: AfterSalesOrderLine, context: { returnedQuantity: number; hasOpenTicket: boolean }): LineAllowance {
  const blockers: AfterSalesBlocker[] = [];
  const remaining = Math.max(0, line.quantity - line.refundedQuantity);
  const withShopper = Math.max(0, Math.min(remaining, line.shippedQuantity - context.returnedQuantity));
  if (!line.afterSalesAllowed) blockers.push('after_sales_not_allowed');
  if (remaining === 0) blockers.push('fully_refunded');
  if (context.hasOpenTicket) blockers.push('open_ticket');
  if (remaining > 0 && withShopper === 0) blockers.push('not_shipped');
  const blocked = !line.afterSalesAllowed || context.hasOpenTicket;
  return {
    maxQuantity: {
      refund_only: blocked ? 0 : remaining,
      return_refund: blocked ? 0 : withShopper,
      exchange: blocked ? 0 : withShopper,
    },
    blockers,
  };
}

// ---- amounts ----

/**
 * The most that may be refunded for `quantity` more units of a line: the line's pay amount pro
 * rata to quantity, minus what was refunded. Counted cumulatively — floor(pay × (refundedQty +
 * quantity) / qty) − refunded — so successive partial refunds of every unit add up to exactly
 * the pay amount, and never more than what is left of it.
 */
export function lineRefundCap(line: Pick<AfterSalesOrderLine, 'quantity' | 'payAmount' | 'refundedQuantity' | 'refundedAmount'>, quantity: number): number {
  const units = Math.min(line.quantity, line.refundedQuantity + quantity);
  const cumulative = units === line.quantity ? line.payAmount : Number((BigInt(line.payAmount) * BigInt(units)) / BigInt(line.quantity));
  const left = Math.max(0, line.payAmount - line.refundedAmount);
  return Math.min(left, Math.max(0, cumulative - line.refundedAmount));
}

/**
 * The shipping fee is refunded only when the whole order is refunded before shipment: a refund
 * only, on an order awaiting shipment with nothing shipped, that (with what was refunded before)
 * covers every unit of every line. What was refunded of the order beyond its lines counts as
 * shipping already refunded.
 */
export function shippingRefundCap(order: AfterSalesOrder, type: AfterSalesType, quantities: ReadonlyMap<number, number>): number {
  if (type !== 'refund_only' || order.status !== 'awaiting_shipment') return 0;
  if (order.lines.some((line) => line.shippedQuantity > 0)) return 0;
  if (!order.lines.every((line) => line.refundedQuantity + (quantities.get(line.id) ?? 0) === line.quantity)) return 0;
  const shippingRefunded = Math.max(0, order.refundedAmount - sumMinor(order.lines.map((line) => line.refundedAmount)));
  return Math.max(0, order.shippingFee - shippingRefunded);
}

export interface RefundCap {
  /** Per ticket line (same order as given): its cap. */
  lineCaps: number[];
  shipping: number;
  total: number;
}

/** The refund cap of a ticket: its lines' caps plus the shipping fee when the rule above allows. Exchanges refund nothing. */
export function refundCap(order: AfterSalesOrder, type: AfterSalesType, ticketLines: readonly { orderLineId: number; quantity: number }[]): RefundCap {
  if (type === 'exchange') return { lineCaps: ticketLines.map(() => 0), shipping: 0, total: 0 };
  const byId = new Map(order.lines.map((line) => [line.id, line]));
  const lineCaps = ticketLines.map((tl) => {
    const line = byId.get(tl.orderLineId);
    return line ? lineRefundCap(line, tl.quantity) : 0;
  });
  const shipping = shippingRefundCap(order, type, new Map(ticketLines.map((tl) => [tl.orderLineId, tl.quantity])));
  return { lineCaps, shipping, total: sumMinor(lineCaps) + shipping };
}

/**
 * Splits an approved refund (≤ cap) over the ticket's lines and shipping: the goods first, pro
 * rata to the lines' caps (largest remainder, so the parts add up exactly), then shipping.
 */
export function splitRefund(amount: number, cap: RefundCap): { lines: number[]; shipping: number } {
  if (!Number.isSafeInteger(amount) || amount < 0 || amount > cap.total) throw new RangeError(`refund ${amount} outside 0..${cap.total}`);
  const goodsCap = sumMinor(cap.lineCaps);
  const goods = Math.min(amount, goodsCap);
  const lines = goods === goodsCap ? [...cap.lineCaps] : allocateMinor(goods, cap.lineCaps);
  return { lines, shipping: amount - goods };
}

const STAGE_ORDER: Record<RefundablePayment['stage'], number> = { balance: 0, full: 1, deposit: 2 };

/**
 * Which payments a refund goes back through: the latest stage first (balance before deposit),
 * newest first within a stage, each up to what can still be refunded of it. Throws when the
 * payments cannot cover the amount.
 */
export function planPaymentRefunds(payments: readonly RefundablePayment[], amount: number): { paymentId: number; amount: number }[] {
  const ordered = [...payments]
    .filter((p) => p.refundable > 0)
    .sort((a, b) => STAGE_ORDER[a.stage] - STAGE_ORDER[b.stage] || (b.paidAt?.getTime() ?? 0) - (a.paidAt?.getTime() ?? 0) || b.paymentId - a.paymentId);
  const plan: { paymentId: number; amount: number }[] = [];
  let left = amount;
  for (const payment of ordered) {
    if (left === 0) break;
    const part = Math.min(left, payment.refundable);
    plan.push({ paymentId: payment.paymentId, amount: part });
    left -= part;
  }
  if (left > 0) {
    const available = sumMinor(ordered.map((p) => p.refundable));
    throw new AppError('AFTERSALES_REFUND_UNAVAILABLE', { available: formatMinorUnits(available) });
  }
  return plan;
}

// ---- progress ----

const STEP_LABELS: Record<string, [string, string]> = {
  applied: ['提交申请', 'Applied'],
  reviewed: ['商家审核', 'Reviewed'],
  returned: ['寄回商品', 'Goods sent back'],
  received: ['商家收货', 'Goods received'],
  refunding: ['退款中', 'Refunding'],
  refund_failed: ['退款失败', 'Refund failed'],
  refunded: ['退款成功', 'Refunded'],
  exchanged: ['换货已发出', 'Replacement shipped'],
  rejected: ['申请被拒绝', 'Rejected'],
  withdrawn: ['已撤销', 'Withdrawn'],
};

const PATHS: Record<AfterSalesType, string[]> = {
  refund_only: ['applied', 'reviewed', 'refunding', 'refunded'],
  return_refund: ['applied', 'reviewed', 'returned', 'received', 'refunding', 'refunded'],
  exchange: ['applied', 'reviewed', 'returned', 'received', 'exchanged'],
};

/** The steps a history entry completes: by the status it reached (and the return shipment by its action). */
function stepsOf(entry: { action: string; fromStatus: AfterSalesStatus | null; toStatus: AfterSalesStatus }): string[] {
  if (entry.action === 'return_shipment') return ['returned'];
  switch (entry.toStatus) {
    case 'pending_review':
      return ['applied'];
    case 'awaiting_return':
      return ['reviewed'];
    case 'refunding':
      return entry.fromStatus === 'pending_review' ? ['reviewed', 'refunding'] : ['refunding'];
    default:
      return [entry.toStatus];
  }
}

export interface ProgressStep {
  key: string;
  label: string;
  labelEn: string;
  state: 'done' | 'current' | 'todo';
  at: Date | null;
}

/**
 * The steps a shopper sees: the path of the ticket's type, done up to where the history got,
 * the next one current; a rejected or withdrawn ticket ends with that step instead.
 */
export function progressOf(
  type: AfterSalesType,
  status: AfterSalesStatus,
  history: readonly { action: string; fromStatus: AfterSalesStatus | null; toStatus: AfterSalesStatus; createdAt: Date }[],
): ProgressStep[] {
  const doneAt = new Map<string, Date>();
  for (const entry of history) for (const step of stepsOf(entry)) if (!doneAt.has(step)) doneAt.set(step, entry.createdAt);
  const ended = status === 'rejected' || status === 'withdrawn' ? status : null;
  let keys = ended ? [...PATHS[type].filter((key) => doneAt.has(key)), ended] : PATHS[type];
  // A refund that failed stays visible after 'refunding': current while staff handle it, done once retried.
  if (doneAt.has('refund_failed')) keys = keys.flatMap((key) => (key === 'refunding' ? [key, 'refund_failed'] : [key]));
  let currentGiven = status === 'refund_failed';
  return keys.map((key) => {
    const at = doneAt.get(key) ?? null;
    let state: ProgressStep['state'] = at ? 'done' : 'todo';
    if (key === 'refund_failed' && status === 'refund_failed') state = 'current';
    if (!at && !currentGiven && !isTerminal(status)) {
      state = 'current';
      currentGiven = true;
    }
    const [label, labelEn] = STEP_LABELS[key]!;
    return { key, label, labelEn, state, at };
  });
}
