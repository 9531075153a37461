import { sql } from 'drizzle-orm';
import { bigint, boolean, check, integer, jsonb, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { PREORDER_STRATEGIES } from '@mall/contract';
import { createdUpdated, utc } from '../../platform/columns.ts';
import { products, skus } from '../catalog/index.ts';

/**
 * Pre-order settings (预订) of a product (sku_id null: every SKU of it without a setting of its
 * own) or of one SKU. Orders copy what they need, so a change applies to new pre-orders only.
 */
export const preorderSettings = pgTable(
  'preorder_settings',
  {
    id: serial('id').primaryKey(),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    skuId: integer('sku_id').references(() => skus.id, { onDelete: 'cascade' }),
    enabled: boolean('enabled').notNull(),
    availableAt: utc('available_at').notNull(),
    termsText: text('terms_text').notNull().default(''),
    /** Goes up whenever what a buyer accepts changes (terms text, strategy, deposit). */
    termsVersion: integer('terms_version').notNull().default(1),
    /** Units per SKU that may wait for stock at once; null: no cap. */
    cap: integer('cap'),
    /** ISO 3166-1 alpha-2 codes; empty: every country. */
    countries: jsonb('countries').$type<string[]>().notNull(),
    strategy: text('strategy', { enum: PREORDER_STRATEGIES }).notNull(),
    /** Deposit strategy: fen per unit. */
    depositAmount: bigint('deposit_amount', { mode: 'number' }),
    depositRefundable: boolean('deposit_refundable').notNull().default(false),
    /** Days to pay once filled (on_release: everything; deposit: the balance). */
    payDays: integer('pay_days').notNull().default(7),
    ...createdUpdated(),
  },
  (t) => [
    uniqueIndex('preorder_settings_product_uq').on(t.productId).where(sql`sku_id IS NULL`),
    uniqueIndex('preorder_settings_sku_uq').on(t.skuId).where(sql`sku_id IS NOT NULL`),
    check('preorder_settings_cap_ck', sql`${t.cap} IS NULL OR ${t.cap} > 0`),
    check('preorder_settings_pay_days_ck', sql`${t.payDays} BETWEEN 1 AND 30`),
    check(
      'preorder_settings_deposit_ck',
      sql`(${t.strategy} = 'deposit' AND ${t.depositAmount} > 0) OR (${t.strategy} <> 'deposit' AND ${t.depositAmount} IS NULL)`,
    ),
  ],
);

/**
 * Units pre-ordered per SKU and not filled yet, counted apart from stock. The cap holds because
 * every increase is one guarded UPDATE (… WHERE open_units + n <= cap). The row is also what
 * serialises the fills of a SKU (locked FOR UPDATE while one runs).
 */
export const preorderCounters = pgTable(
  'preorder_counters',
  {
    skuId: integer('sku_id')
      .primaryKey()
      .references(() => skus.id, { onDelete: 'cascade' }),
    openUnits: integer('open_units').notNull().default(0),
    updatedAt: utc('updated_at').notNull(),
  },
  (t) => [check('preorder_counters_units_ck', sql`${t.openUnits} >= 0`)],
);
