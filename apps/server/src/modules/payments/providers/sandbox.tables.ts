import { sql } from 'drizzle-orm';
import { bigint, check, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { utc } from '../../../platform/columns.ts';

const money = (name: string) => bigint(name, { mode: 'number' });

/**
 * The sandbox gateway's own books. It stands in for an external system (Alipay, WeChat Pay),
 * so it keeps its own state, separate from the shop's payments, and survives restarts.
 */
export const sandboxGatewayPayments = pgTable(
  'sandbox_gateway_payments',
  {
    /** The gateway's transaction id (like Alipay's trade_no). */
    tradeNo: text('trade_no').primaryKey(),
    /** The merchant's payment number (out_trade_no). */
    outTradeNo: text('out_trade_no').notNull(),
    subject: text('subject').notNull(),
    amount: money('amount').notNull(),
    currency: text('currency').notNull(),
    captureMode: text('capture_mode', { enum: ['auto', 'manual'] }).notNull(),
    status: text('status', { enum: ['pending', 'succeeded', 'authorized', 'failed', 'closed'] }).notNull(),
    refundedAmount: money('refunded_amount').notNull().default(0),
    notifyUrl: text('notify_url').notNull(),
    returnUrl: text('return_url').notNull(),
    expiresAt: utc('expires_at').notNull(),
    paidAt: utc('paid_at'),
    createdAt: utc('created_at').notNull(),
    updatedAt: utc('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('sandbox_gateway_payments_out_trade_no_uq').on(t.outTradeNo),
    check('sandbox_gateway_payments_amount_ck', sql`${t.amount} > 0 AND ${t.refundedAmount} >= 0 AND ${t.refundedAmount} <= ${t.amount}`),
  ],
);

export const sandboxGatewayRefunds = pgTable(
  'sandbox_gateway_refunds',
  {
    /** The gateway's refund id. */
    refundId: text('refund_id').primaryKey(),
    /** The merchant's refund number (out_refund_no): a repeated request returns the same refund. */
    outRefundNo: text('out_refund_no').notNull(),
    tradeNo: text('trade_no').notNull(),
    amount: money('amount').notNull(),
    status: text('status', { enum: ['pending', 'succeeded', 'failed'] }).notNull(),
    createdAt: utc('created_at').notNull(),
    updatedAt: utc('updated_at').notNull(),
  },
  (t) => [uniqueIndex('sandbox_gateway_refunds_out_refund_no_uq').on(t.outRefundNo), check('sandbox_gateway_refunds_amount_ck', sql`${t.amount} > 0`)],
);

/**
 * Transfers the sandbox paid out (提现打款), one per merchant transfer number: a repeated request,
 * even after a restart, answers the first outcome.
 */
export const sandboxTransfers = pgTable(
  'sandbox_transfers',
  {
    /** The gateway's transfer id. */
    transferId: text('transfer_id').primaryKey(),
    /** The merchant's transfer number (like Alipay's out_biz_no). */
    transferNo: text('transfer_no').notNull(),
    amount: money('amount').notNull(),
    payeeAccount: text('payee_account').notNull(),
    payeeName: text('payee_name').notNull(),
    remark: text('remark').notNull().default(''),
    status: text('status', { enum: ['succeeded', 'failed'] }).notNull(),
    failureReason: text('failure_reason'),
    createdAt: utc('created_at').notNull(),
  },
  (t) => [uniqueIndex('sandbox_transfers_transfer_no_uq').on(t.transferNo), check('sandbox_transfers_amount_ck', sql`${t.amount} > 0`)],
);
