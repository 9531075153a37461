import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, check, index, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdUpdated, utc } from '../../platform/columns.ts';

/**
 * Member levels (会员等级), reached by growth value (spend on completed orders, in fen). Each has its
 * benefits: a member discount in the pricing function, free shipping, a points multiplier.
 */
export const memberLevels = pgTable(
  'member_levels',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    nameEn: text('name_en').notNull().default(''),
    /** Growth value (fen spent on completed orders) from which the level applies; the base level has 0. */
    growthThreshold: bigint('growth_threshold', { mode: 'number' }).notNull(),
    /** What the member pays of the goods, in per mille (1000 = no discount, 950 = 5 % off). */
    discountPermille: integer('discount_permille').notNull().default(1000),
    freeShipping: boolean('free_shipping').notNull().default(false),
    /** Points earned are multiplied by this, in percent (100 = ×1). */
    pointsMultiplierPercent: integer('points_multiplier_percent').notNull().default(100),
    ...createdUpdated(),
  },
  (t) => [
    uniqueIndex('member_levels_threshold_uq').on(t.growthThreshold),
    check('member_levels_ck', sql`${t.growthThreshold} >= 0 AND ${t.discountPermille} BETWEEN 1 AND 1000 AND ${t.pointsMultiplierPercent} BETWEEN 0 AND 10000`),
  ],
);

/** A shopper's growth value and current level; changed only together with a growth ledger row. */
export const memberAccounts = pgTable(
  'member_accounts',
  {
    shopperId: integer('shopper_id').primaryKey(),
    growth: bigint('growth', { mode: 'number' }).notNull().default(0),
    levelId: integer('level_id'),
    updatedAt: utc('updated_at').notNull(),
  },
  (t) => [check('member_accounts_growth_ck', sql`${t.growth} >= 0`)],
);

/** Every change of growth value, with why. Summing a shopper's deltas gives the growth. */
export const memberGrowthLedger = pgTable(
  'member_growth_ledger',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    shopperId: integer('shopper_id').notNull(),
    delta: bigint('delta', { mode: 'number' }).notNull(),
    growthAfter: bigint('growth_after', { mode: 'number' }).notNull(),
    /** order_completed, order_refunded, admin_adjust */
    reason: text('reason').notNull(),
    orderId: integer('order_id'),
    /** Distinguishes several refunds of one order (the after-sales ticket or refund id). */
    refKey: text('ref_key').notNull().default(''),
    /** Why staff adjusted the growth by hand (admin_adjust only). */
    note: text('note').notNull().default(''),
    actor: text('actor').notNull(),
    createdAt: utc('created_at').notNull(),
  },
  (t) => [
    index('member_growth_ledger_shopper_idx').on(t.shopperId, t.id),
    uniqueIndex('member_growth_ledger_once_uq').on(t.orderId, t.reason, t.refKey).where(sql`order_id IS NOT NULL`),
    check('member_growth_ledger_after_ck', sql`${t.growthAfter} >= 0`),
  ],
);

/** Level changes, kept for the shopper's history and the back office. */
export const memberLevelChanges = pgTable(
  'member_level_changes',
  {
    id: serial('id').primaryKey(),
    shopperId: integer('shopper_id').notNull(),
    fromLevelId: integer('from_level_id'),
    toLevelId: integer('to_level_id'),
    growth: bigint('growth', { mode: 'number' }).notNull(),
    /** growth, refund, levels_changed (staff edited the levels), admin_adjust */
    reason: text('reason').notNull(),
    createdAt: utc('created_at').notNull(),
  },
  (t) => [index('member_level_changes_shopper_idx').on(t.shopperId, t.id)],
);
