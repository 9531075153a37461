import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, check, index, integer, jsonb, pgTable, primaryKey, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import type { PresaleCompensation, PresaleReminder, PresaleTier } from '@mall/contract';
import { createdUpdated, utc } from '../../platform/columns.ts';
import { products, skus } from '../catalog/index.ts';
import { shoppers } from '../accounts/index.ts';

const money = (name: string) => bigint(name, { mode: 'number' });

/** An estimated ship date as kept in JSON (dates as ISO text). */
export type StoredShip = { kind: 'date'; shipDate: string } | { kind: 'days_after_paid'; shipDays: number };

/**
 * A presale campaign (预售活动). Its status follows the clock (upcoming → active → ended at
 * ends_at, or at ended_early_at). The end action runs once, stamped in end_action_applied_at.
 */
export const presaleCampaigns = pgTable(
  'presale_campaigns',
  {
    id: serial('id').primaryKey(),
    type: text('type', { enum: ['deposit', 'full'] }).notNull(),
    name: text('name').notNull(),
    rulesText: text('rules_text').notNull().default(''),
    termsText: text('terms_text').notNull().default(''),
    /** Bumped whenever terms_text changes; orders keep the version the buyer accepted. */
    termsVersion: integer('terms_version').notNull().default(1),
    /** Deposit type only: 定金 (earnest) or 订金 (prepayment). */
    depositKind: text('deposit_kind', { enum: ['earnest', 'prepayment'] }),
    startsAt: utc('starts_at').notNull(),
    endsAt: utc('ends_at').notNull(),
    balanceStartsAt: utc('balance_starts_at'),
    balanceEndsAt: utc('balance_ends_at'),
    shipKind: text('ship_kind', { enum: ['date', 'days_after_paid'] }).notNull(),
    shipDate: utc('ship_date'),
    shipDays: integer('ship_days'),
    allowCoupons: boolean('allow_coupons').notNull().default(false),
    allowPoints: boolean('allow_points').notNull().default(false),
    distribution: boolean('distribution').notNull().default(false),
    agentDividend: boolean('agent_dividend').notNull().default(false),
    regionalRebate: boolean('regional_rebate').notNull().default(false),
    endAction: text('end_action', { enum: ['back_to_normal', 'stay_off_shelf', 'keep_as_stock'] }).notNull().default('back_to_normal'),
    reminders: jsonb('reminders').$type<PresaleReminder[]>().notNull().default([]),
    /** 成团: units needed when the order window closes, or null. */
    minTarget: integer('min_target'),
    tiers: jsonb('tiers').$type<PresaleTier[]>().notNull().default([]),
    endedEarlyAt: utc('ended_early_at'),
    endActionAppliedAt: utc('end_action_applied_at'),
    /**
     * Settlement, once the order window closed and no first payment is pending: the minimum
     * target met ('succeeded', tier applied) or not ('failed', everything refunded).
     */
    settledAt: utc('settled_at'),
    settlementOutcome: text('settlement_outcome', { enum: ['succeeded', 'failed'] }),
    /** Units with a paid first payment when the campaign settled, and the tier reached then (fen off each unit's balance). */
    settledUnits: integer('settled_units'),
    tierOff: money('tier_off').notNull().default(0),
    ...createdUpdated(),
  },
  (t) => [
    index('presale_campaigns_window_idx').on(t.startsAt, t.endsAt),
    index('presale_campaigns_end_due_idx').on(t.endsAt).where(sql`end_action_applied_at IS NULL`),
    index('presale_campaigns_settle_due_idx').on(t.endsAt).where(sql`settled_at IS NULL`),
    check('presale_campaigns_window_ck', sql`${t.startsAt} < ${t.endsAt}`),
    check(
      'presale_campaigns_type_ck',
      sql`(${t.type} = 'deposit' AND ${t.depositKind} IS NOT NULL AND ${t.balanceStartsAt} < ${t.balanceEndsAt})
        OR (${t.type} = 'full' AND ${t.depositKind} IS NULL AND ${t.balanceStartsAt} IS NULL AND ${t.balanceEndsAt} IS NULL)`,
    ),
    check(
      'presale_campaigns_ship_ck',
      sql`(${t.shipKind} = 'date' AND ${t.shipDate} IS NOT NULL AND ${t.shipDays} IS NULL)
        OR (${t.shipKind} = 'days_after_paid' AND ${t.shipDays} > 0 AND ${t.shipDate} IS NULL)`,
    ),
    check('presale_campaigns_terms_version_ck', sql`${t.termsVersion} >= 1`),
    check('presale_campaigns_min_target_ck', sql`${t.minTarget} IS NULL OR ${t.minTarget} > 0`),
  ],
);

/**
 * One SKU in a campaign. sold_units counts units held by live orders; the guarded UPDATE in
 * holdUnits and the check below make overselling the quota impossible.
 */
export const presaleItems = pgTable(
  'presale_items',
  {
    id: serial('id').primaryKey(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => presaleCampaigns.id, { onDelete: 'cascade' }),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'restrict' }),
    skuId: integer('sku_id')
      .notNull()
      .references(() => skus.id, { onDelete: 'restrict' }),
    presalePrice: money('presale_price').notNull(),
    /** Deposit type only: the deposit per unit, and what it is worth off the price (定金膨胀). */
    depositAmount: money('deposit_amount'),
    depositValue: money('deposit_value'),
    quota: integer('quota').notNull(),
    perBuyerLimit: integer('per_buyer_limit').notNull(),
    soldUnits: integer('sold_units').notNull().default(0),
    /** When units were first held: from then on the campaign has orders and its prices are frozen. */
    firstHeldAt: utc('first_held_at'),
    ...createdUpdated(),
  },
  (t) => [
    uniqueIndex('presale_items_campaign_sku_uq').on(t.campaignId, t.skuId),
    index('presale_items_sku_idx').on(t.skuId),
    index('presale_items_product_idx').on(t.productId),
    check('presale_items_sold_ck', sql`${t.soldUnits} >= 0 AND ${t.soldUnits} <= ${t.quota}`),
    check('presale_items_limit_ck', sql`${t.quota} > 0 AND ${t.perBuyerLimit} > 0`),
    check(
      'presale_items_money_ck',
      sql`${t.presalePrice} > 0 AND (${t.depositAmount} IS NULL OR (${t.depositAmount} > 0 AND ${t.depositValue} >= ${t.depositAmount} AND ${t.depositValue} <= ${t.presalePrice}))`,
    ),
  ],
);

/** Units each buyer holds of an item, over all live orders: the per-buyer limit's counter. */
export const presaleBuyerUnits = pgTable(
  'presale_buyer_units',
  {
    itemId: integer('item_id')
      .notNull()
      .references(() => presaleItems.id, { onDelete: 'cascade' }),
    shopperId: integer('shopper_id')
      .notNull()
      .references(() => shoppers.id, { onDelete: 'cascade' }),
    units: integer('units').notNull(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.shopperId], name: 'presale_buyer_units_pk' }), check('presale_buyer_units_ck', sql`${t.units} >= 0`)],
);

/** History of a campaign's estimated ship date: each move, why, and any compensation. */
export const presaleShipDateChanges = pgTable(
  'presale_ship_date_changes',
  {
    id: serial('id').primaryKey(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => presaleCampaigns.id, { onDelete: 'cascade' }),
    from: jsonb('from_ship').$type<StoredShip>().notNull(),
    to: jsonb('to_ship').$type<StoredShip>().notNull(),
    reason: text('reason').notNull(),
    compensation: jsonb('compensation').$type<PresaleCompensation>(),
    /** 分批发货: the batch whose ship date moved (null: the campaign's own ship date). */
    batchSeq: integer('batch_seq'),
    actor: text('actor').notNull(),
    actorStaffId: integer('actor_staff_id'),
    at: utc('at').notNull(),
  },
  (t) => [index('presale_ship_date_changes_campaign_idx').on(t.campaignId, t.id)],
);

/** Every change of an item's sold units: a hold for an order, or units given back. Summing delta gives sold_units. */
export const presaleQuotaLedger = pgTable(
  'presale_quota_ledger',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    itemId: integer('item_id')
      .notNull()
      .references(() => presaleItems.id, { onDelete: 'cascade' }),
    shopperId: integer('shopper_id').notNull(),
    delta: integer('delta').notNull(),
    soldAfter: integer('sold_after').notNull(),
    /** hold, cancel, timeout, forfeit, close, refund ... */
    reason: text('reason').notNull(),
    refType: text('ref_type'),
    refId: text('ref_id'),
    createdAt: utc('created_at').notNull(),
  },
  (t) => [index('presale_quota_ledger_item_idx').on(t.itemId, t.id), index('presale_quota_ledger_ref_idx').on(t.refType, t.refId)],
);

/**
 * 分批发货: a deposit campaign released in batches (e.g. 300 units in May, 700 in July). A paid
 * deposit is placed in the earliest batch with room for all its units; assigned_units counts them.
 */
export const presaleBatches = pgTable(
  'presale_batches',
  {
    id: serial('id').primaryKey(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => presaleCampaigns.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    units: integer('units').notNull(),
    assignedUnits: integer('assigned_units').notNull().default(0),
    balanceStartsAt: utc('balance_starts_at').notNull(),
    balanceEndsAt: utc('balance_ends_at').notNull(),
    shipDate: utc('ship_date').notNull(),
    ...createdUpdated(),
  },
  (t) => [
    uniqueIndex('presale_batches_campaign_seq_uq').on(t.campaignId, t.seq),
    check('presale_batches_units_ck', sql`${t.units} > 0 AND ${t.assignedUnits} >= 0 AND ${t.seq} >= 1`),
    check('presale_batches_window_ck', sql`${t.balanceStartsAt} < ${t.balanceEndsAt}`),
  ],
);
