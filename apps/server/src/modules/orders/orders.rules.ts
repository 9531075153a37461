import { AppError } from '../../platform/errors.ts';
import type { OrderStatus } from './orders.tables.ts';

/**
 * Every move an order can make, and why. A move not listed here is refused. Services change
 * status only through `assertTransition` plus a compare-and-set UPDATE (… WHERE status = from).
 */
export const ORDER_TRANSITIONS: Record<OrderStatus, Partial<Record<OrderStatus, string>>> = {
  awaiting_payment: {
    awaiting_shipment: 'paid in full',
    cancelled: 'payment timeout, cancelled by the shopper or by staff',
  },
  awaiting_shipment: {
    shipped: 'every line shipped',
    closed: 'closed by staff with a refund, or every line refunded after-sales',
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
