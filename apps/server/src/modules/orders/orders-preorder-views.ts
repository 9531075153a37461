// The pre-order part of an order as the buyer sees it, and what it adds to the order's buttons.
import type { PreorderOrderView } from '@mall/contract';
import type { DbOrTx } from '../../platform/db.ts';
import { notFound } from '../../platform/errors.ts';
import { ORDER } from './orders-lifecycle.service.ts';
import { aheadInQueue, findPreorderOrder } from './orders-preorder.repo.ts';
import { preorderActions } from './orders-preorder.rules.ts';
import type { PresaleForActions } from './orders.rules.ts';
import { findOrder, linesOf, type OrderRow } from './orders.repo.ts';

/** The buttons' pre-order part (balance window = fill → deadline; the cancel policy); null for other orders. */
export async function preorderActionsOf(db: DbOrTx, order: OrderRow): Promise<{ view: null; actions: PresaleForActions } | null> {
  if (order.kind !== 'preorder') return null;
  const row = await findPreorderOrder(db, order.id);
  if (!row) return null;
  const shipped = (await linesOf(db, order.id)).some((l) => l.shippedQuantity > 0);
  return { view: null, actions: preorderActions(order.status, row, shipped) };
}

/** The pre-order part of the shopper's own order; NOT_FOUND for another's, an unknown one, or one that is not a pre-order. */
export async function preorderOfOrder(db: DbOrTx, shopperId: number, orderId: number): Promise<PreorderOrderView> {
  const order = await findOrder(db, orderId, shopperId);
  const row = order?.kind === 'preorder' ? await findPreorderOrder(db, order.id) : undefined;
  if (!order || !row) throw notFound(ORDER, orderId);
  const waiting = order.status === 'awaiting_stock' && row.filledAt === null;
  const payBy = order.status === 'awaiting_balance' ? row.balanceDueAt : row.filledAt !== null && order.status === 'awaiting_payment' ? order.paymentDueAt : null;
  return {
    orderId: order.id,
    skuId: row.skuId,
    quantity: row.quantity,
    strategy: row.strategy,
    availableAt: row.availableAt,
    country: row.country,
    depositAmount: row.depositAmount,
    depositRefundable: row.depositRefundable,
    balanceAmount: row.balanceAmount,
    payDays: row.payDays,
    termsVersion: row.termsVersion,
    queuedAt: row.queuedAt,
    queuePosition: waiting ? (await aheadInQueue(db, row)) + 1 : null,
    filledAt: row.filledAt,
    payBy,
    forfeitedAmount: row.forfeitedAmount,
    captureRequestedAt: row.captureRequestedAt,
  };
}
