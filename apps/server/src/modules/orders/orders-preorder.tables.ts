import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { PREORDER_STRATEGIES } from '@mall/contract';
import { createdUpdated, utc } from '../../platform/columns.ts';
import { orders } from './orders.tables.ts';

const money = (name: string) => bigint(name, { mode: 'number' });

/**
 * The pre-order part of a 'preorder' order (one SKU): the terms it was placed under, its place in
 * the queue for stock (first come, first served by queued_at), the fill, and its payments by stage.
 */
export const preorderOrders = pgTable(
  'preorder_orders',
  {
    orderId: integer('order_id')
      .primaryKey()
      .references(() => orders.id, { onDelete: 'cascade' }),
    skuId: integer('sku_id').notNull(),
    productId: integer('product_id').notNull(),
    quantity: integer('quantity').notNull(),
    strategy: text('strategy', { enum: PREORDER_STRATEGIES }).notNull(),
    /** The expected availability date shown when the order was placed. */
    availableAt: utc('available_at').notNull(),
    /** The shipping address's country the order was judged by. */
    country: text('country').notNull(),
    /** Deposit strategy: Σ deposit × quantity, paid first. */
    depositAmount: money('deposit_amount').notNull().default(0),
    depositRefundable: boolean('deposit_refundable').notNull().default(false),
    /** Paid once filled: the balance (deposit), everything (on_release), else 0. */
    balanceAmount: money('balance_amount').notNull().default(0),
    payDays: integer('pay_days').notNull(),
    termsVersion: integer('terms_version'),
    termsAcceptedAt: utc('terms_accepted_at'),
    /** When it joined the queue for stock: paid, authorised, deposit paid, or placed (on_release). */
    queuedAt: utc('queued_at'),
    filledAt: utc('filled_at'),
    /** Deposit strategy, once filled: the balance is due by then, or the pre-order lapses. */
    balanceDueAt: utc('balance_due_at'),
    depositPaymentId: integer('deposit_payment_id'),
    depositPaidAt: utc('deposit_paid_at'),
    balancePaymentId: integer('balance_payment_id'),
    /** Authorize strategy: the authorised payment, captured when the order ships. */
    authPaymentId: integer('auth_payment_id'),
    captureRequestedAt: utc('capture_requested_at'),
    capturedAt: utc('captured_at'),
    /** A non-refundable deposit kept because the balance was not paid in time. */
    forfeitedAmount: money('forfeited_amount').notNull().default(0),
    forfeitedAt: utc('forfeited_at'),
    ...createdUpdated(),
  },
  (t) => [
    index('preorder_orders_queue_idx').on(t.skuId, t.queuedAt, t.orderId).where(sql`filled_at IS NULL`),
    index('preorder_orders_balance_due_idx').on(t.balanceDueAt).where(sql`balance_due_at IS NOT NULL`),
    check('preorder_orders_quantity_ck', sql`${t.quantity} > 0`),
    check(
      'preorder_orders_amounts_ck',
      sql`${t.depositAmount} >= 0 AND ${t.balanceAmount} >= 0 AND ${t.forfeitedAmount} >= 0 AND ${t.forfeitedAmount} <= ${t.depositAmount}`,
    ),
  ],
);
