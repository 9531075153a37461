import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, index, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { utc } from '../../platform/columns.ts';
import { skus } from '../catalog/index.ts';

/** Stock of one SKU. sellable = on_hand − reserved; the checks make overselling impossible in SQL. */
export const stockLevels = pgTable(
  'stock_levels',
  {
    skuId: integer('sku_id')
      .primaryKey()
      .references(() => skus.id, { onDelete: 'cascade' }),
    onHand: integer('on_hand').notNull().default(0),
    reserved: integer('reserved').notNull().default(0),
    /** Alert staff when sellable stock drops below this; 0 = no alert. */
    lowStockThreshold: integer('low_stock_threshold').notNull().default(0),
    /** Set when an alert was raised for the current dip; cleared when stock climbs back. */
    lowStockAlerted: boolean('low_stock_alerted').notNull().default(false),
    updatedAt: utc('updated_at').notNull(),
  },
  (t) => [
    check('stock_on_hand_ck', sql`${t.onHand} >= 0`),
    check('stock_reserved_ck', sql`${t.reserved} >= 0 AND ${t.reserved} <= ${t.onHand}`),
    check('stock_threshold_ck', sql`${t.lowStockThreshold} >= 0`),
  ],
);

/**
 * Every change of on_hand or reserved, with why and for what. Summing the deltas of a SKU
 * gives its current numbers: the ledger always explains the stock.
 */
export const stockLedger = pgTable(
  'stock_ledger',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    skuId: integer('sku_id')
      .notNull()
      .references(() => skus.id, { onDelete: 'cascade' }),
    movement: text('movement', { enum: ['initial', 'reserve', 'release', 'commit', 'adjust', 'stocktake'] }).notNull(),
    deltaOnHand: integer('delta_on_hand').notNull(),
    deltaReserved: integer('delta_reserved').notNull(),
    onHandAfter: integer('on_hand_after').notNull(),
    reservedAfter: integer('reserved_after').notNull(),
    /** Why, in the merchant's words or a reason code (restock, damage, order, cancel, ...). */
    reason: text('reason').notNull(),
    /** Free text staff gave with a manual adjustment or stocktake. */
    note: text('note'),
    refType: text('ref_type'),
    refId: text('ref_id'),
    actor: text('actor').notNull(),
    createdAt: utc('created_at').notNull(),
  },
  (t) => [
    index('stock_ledger_sku_idx').on(t.skuId, t.id),
    index('stock_ledger_ref_idx').on(t.refType, t.refId),
    index('stock_ledger_created_idx').on(t.createdAt),
  ],
);

/** Units held for one reference (an order), so release and commit happen once and only for what was held. */
export const stockReservations = pgTable(
  'stock_reservations',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    skuId: integer('sku_id')
      .notNull()
      .references(() => skus.id, { onDelete: 'cascade' }),
    refType: text('ref_type').notNull(),
    refId: text('ref_id').notNull(),
    quantity: integer('quantity').notNull(),
    status: text('status', { enum: ['held', 'released', 'committed'] }).notNull(),
    createdAt: utc('created_at').notNull(),
    settledAt: utc('settled_at'),
  },
  (t) => [
    uniqueIndex('stock_reservations_ref_uq').on(t.refType, t.refId, t.skuId),
    index('stock_reservations_held_idx').on(t.skuId).where(sql`status = 'held'`),
    check('stock_reservations_qty_ck', sql`${t.quantity} > 0`),
  ],
);

export const stocktakes = pgTable('stocktakes', {
  id: serial('id').primaryKey(),
  note: text('note').notNull().default(''),
  actor: text('actor').notNull(),
  createdAt: utc('created_at').notNull(),
});

export const stocktakeLines = pgTable(
  'stocktake_lines',
  {
    id: serial('id').primaryKey(),
    stocktakeId: integer('stocktake_id')
      .notNull()
      .references(() => stocktakes.id, { onDelete: 'cascade' }),
    skuId: integer('sku_id')
      .notNull()
      .references(() => skus.id, { onDelete: 'cascade' }),
    expectedOnHand: integer('expected_on_hand').notNull(),
    countedOnHand: integer('counted_on_hand').notNull(),
  },
  (t) => [uniqueIndex('stocktake_lines_uq').on(t.stocktakeId, t.skuId), check('stocktake_counted_ck', sql`${t.countedOnHand} >= 0`)],
);
