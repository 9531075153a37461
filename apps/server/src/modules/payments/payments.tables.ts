import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, index, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { CAPTURE_MODES, LEDGER_KINDS, PAYMENT_OPERATIONS, PAYMENT_PROVIDERS, PAYMENT_STAGES, PAYMENT_STATUSES, REFUND_STATUSES } from '@mall/contract';
import { createdUpdated, utc } from '../../platform/columns.ts';

const money = (name: string) => bigint(name, { mode: 'number' });

/**
 * One attempt to collect an amount for a reference (an order's full price, deposit or balance)
 * through one provider. `payment_no` is what the gateway knows it by (out_trade_no).
 */
export const payments = pgTable(
  'payments',
  {
    id: serial('id').primaryKey(),
    paymentNo: text('payment_no').notNull(),
    refType: text('ref_type').notNull(),
    refId: text('ref_id').notNull(),
    stage: text('stage', { enum: PAYMENT_STAGES }).notNull(),
    shopperId: integer('shopper_id').notNull(),
    provider: text('provider', { enum: PAYMENT_PROVIDERS }).notNull(),
    captureMode: text('capture_mode', { enum: CAPTURE_MODES }).notNull(),
    subject: text('subject').notNull(),
    amount: money('amount').notNull(),
    currency: text('currency').notNull().default('CNY'),
    status: text('status', { enum: PAYMENT_STATUSES }).notNull(),
    /** A capture or void sent to the outbox and not yet settled. */
    pendingOperation: text('pending_operation', { enum: PAYMENT_OPERATIONS }),
    /** The gateway's transaction id (trade_no / transaction_id), once it reports one. */
    providerTxnId: text('provider_txn_id'),
    /** Money received: the amount once succeeded (paid or captured), else 0. */
    paidAmount: money('paid_amount').notNull().default(0),
    /** Refunds the gateway confirmed. */
    refundedAmount: money('refunded_amount').notNull().default(0),
    /** Refunds recorded and not yet confirmed; counted against what may still be refunded. */
    refundPendingAmount: money('refund_pending_amount').notNull().default(0),
    expiresAt: utc('expires_at').notNull(),
    lastQueriedAt: utc('last_queried_at'),
    paidAt: utc('paid_at'),
    authorizedAt: utc('authorized_at'),
    failedAt: utc('failed_at'),
    closedAt: utc('closed_at'),
    closeReason: text('close_reason'),
    ...createdUpdated(),
  },
  (t) => [
    uniqueIndex('payments_payment_no_uq').on(t.paymentNo),
    uniqueIndex('payments_provider_txn_uq').on(t.provider, t.providerTxnId),
    // At most one open attempt per reference, stage and provider: a repeated start returns it.
    uniqueIndex('payments_open_uq').on(t.refType, t.refId, t.stage, t.provider).where(sql`status = 'pending'`),
    index('payments_ref_idx').on(t.refType, t.refId),
    index('payments_shopper_idx').on(t.shopperId, t.createdAt),
    index('payments_created_idx').on(t.createdAt),
    index('payments_pending_expiry_idx').on(t.expiresAt).where(sql`status = 'pending'`),
    check('payments_amount_ck', sql`${t.amount} > 0`),
    check(
      'payments_refund_ck',
      sql`${t.paidAmount} >= 0 AND ${t.paidAmount} <= ${t.amount} AND ${t.refundedAmount} >= 0 AND ${t.refundPendingAmount} >= 0 AND ${t.refundedAmount} + ${t.refundPendingAmount} <= ${t.paidAmount}`,
    ),
    check('payments_paid_ck', sql`(${t.status} = 'succeeded') = (${t.paidAmount} > 0)`),
  ],
);

/** Money paid back on a payment, through the same provider. `refund_no` is the gateway's out_refund_no. */
export const refunds = pgTable(
  'refunds',
  {
    id: serial('id').primaryKey(),
    refundNo: text('refund_no').notNull(),
    paymentId: integer('payment_id')
      .notNull()
      .references(() => payments.id),
    provider: text('provider', { enum: PAYMENT_PROVIDERS }).notNull(),
    amount: money('amount').notNull(),
    reason: text('reason').notNull(),
    status: text('status', { enum: REFUND_STATUSES }).notNull(),
    providerRefundId: text('provider_refund_id'),
    /** What the refund is for (an order, an after-sales ticket) and who asked for it. */
    refType: text('ref_type').notNull(),
    refId: text('ref_id').notNull(),
    requestedBy: text('requested_by').notNull(),
    failureReason: text('failure_reason'),
    succeededAt: utc('succeeded_at'),
    failedAt: utc('failed_at'),
    ...createdUpdated(),
  },
  (t) => [
    uniqueIndex('refunds_refund_no_uq').on(t.refundNo),
    uniqueIndex('refunds_provider_refund_uq').on(t.provider, t.providerRefundId),
    index('refunds_payment_idx').on(t.paymentId),
    index('refunds_ref_idx').on(t.refType, t.refId),
    check('refunds_amount_ck', sql`${t.amount} > 0`),
  ],
);

/**
 * One row per money movement, tied to the gateway's transaction: money in (payment, capture)
 * is positive, money paid back (refund) negative. Per payment the rows sum to paid − refunded.
 * Unique indexes make every movement land once, whatever the number of notices.
 */
export const paymentLedger = pgTable(
  'payment_ledger',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    paymentId: integer('payment_id')
      .notNull()
      .references(() => payments.id),
    refundId: integer('refund_id').references(() => refunds.id),
    kind: text('kind', { enum: LEDGER_KINDS }).notNull(),
    provider: text('provider', { enum: PAYMENT_PROVIDERS }).notNull(),
    providerTxnId: text('provider_txn_id').notNull(),
    providerRefundId: text('provider_refund_id'),
    amount: money('amount').notNull(),
    currency: text('currency').notNull().default('CNY'),
    /** When the gateway says it happened, as it says it (informational). */
    providerAt: utc('provider_at'),
    at: utc('at').notNull(),
  },
  (t) => [
    index('payment_ledger_payment_idx').on(t.paymentId, t.id),
    uniqueIndex('payment_ledger_money_in_uq').on(t.paymentId).where(sql`kind IN ('payment', 'capture')`),
    uniqueIndex('payment_ledger_refund_uq').on(t.refundId),
    check(
      'payment_ledger_sign_ck',
      sql`(${t.kind} = 'refund' AND ${t.amount} < 0 AND ${t.refundId} IS NOT NULL) OR (${t.kind} <> 'refund' AND ${t.amount} > 0 AND ${t.refundId} IS NULL)`,
    ),
  ],
);
