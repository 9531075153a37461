import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { utc } from '../../platform/columns.ts';

/**
 * A shopper's points balance. Changed only together with a ledger row, by a guarded
 * UPDATE … WHERE balance + delta >= 0, so concurrent spends can never take it below zero.
 */
export const pointsAccounts = pgTable(
  'points_accounts',
  {
    shopperId: integer('shopper_id').primaryKey(),
    balance: bigint('balance', { mode: 'number' }).notNull().default(0),
    updatedAt: utc('updated_at').notNull(),
  },
  (t) => [check('points_accounts_balance_ck', sql`${t.balance} >= 0`)],
);

/** Every change of points, with why. Summing a shopper's deltas gives the balance. */
export const pointsLedger = pgTable(
  'points_ledger',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    shopperId: integer('shopper_id').notNull(),
    delta: bigint('delta', { mode: 'number' }).notNull(),
    balanceAfter: bigint('balance_after', { mode: 'number' }).notNull(),
    reason: text('reason', { enum: ['earn_order', 'spend_order', 'refund_order', 'reverse_earn', 'admin_adjust', 'compensation', 'expire'] }).notNull(),
    orderId: integer('order_id'),
    note: text('note'),
    /** reverse_earn only: points that should have been taken back but were no longer there (written off). */
    shortfall: bigint('shortfall', { mode: 'number' }).notNull().default(0),
    /** 'system' or 'staff:<username>' */
    actor: text('actor').notNull(),
    createdAt: utc('created_at').notNull(),
    /** Rows that add points: when what is left of them expires (null: never). */
    expiresAt: utc('expires_at'),
    /** Rows that add points: how many of them are not yet spent, expired or taken back (spent oldest first). */
    remaining: bigint('remaining', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    index('points_ledger_shopper_idx').on(t.shopperId, t.id),
    index('points_ledger_expiry_idx').on(t.expiresAt).where(sql`remaining > 0`),
    index('points_ledger_order_idx').on(t.orderId),
    // Earning, spending and giving back a spend happen at most once per order.
    uniqueIndex('points_ledger_once_uq')
      .on(t.orderId, t.reason)
      .where(sql`reason IN ('earn_order', 'spend_order', 'refund_order')`),
    check('points_ledger_balance_ck', sql`${t.balanceAfter} >= 0 AND ${t.shortfall} >= 0`),
    check('points_ledger_delta_ck', sql`${t.delta} <> 0 OR ${t.shortfall} > 0`),
  ],
);
