import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { utc } from '../../platform/columns.ts';

/**
 * "Notify me" (到货/开售提醒): a shopper waits for a product, a SKU or a presale campaign.
 * notified_at is null while the shopper waits for the next event (a stock arrival, the
 * campaign opening, freed units); a notice sets it once (compare-and-set). The row stays for
 * history; subscribing again after a notice clears it and restarts the wait (subscribed_at).
 */
export const demandSubscriptions = pgTable(
  'demand_subscriptions',
  {
    id: serial('id').primaryKey(),
    shopperId: integer('shopper_id').notNull(),
    target: text('target', { enum: ['product', 'sku', 'campaign'] }).notNull(),
    targetId: integer('target_id').notNull(),
    /** Start of the current wait: the waitlist serves the earliest first. */
    subscribedAt: utc('subscribed_at').notNull(),
    notifiedAt: utc('notified_at'),
    /** Which notice ended the wait: demand.back_in_stock, demand.campaign_open or demand.units_freed. */
    notifiedKind: text('notified_kind'),
    createdAt: utc('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('demand_subscriptions_shopper_target_uq').on(t.shopperId, t.target, t.targetId),
    index('demand_subscriptions_waiting_idx').on(t.target, t.targetId, t.subscribedAt, t.id).where(sql`notified_at IS NULL`),
    index('demand_subscriptions_target_idx').on(t.target, t.targetId, t.subscribedAt),
    index('demand_subscriptions_shopper_idx').on(t.shopperId, t.createdAt),
    check('demand_subscriptions_notified_ck', sql`(${t.notifiedAt} IS NULL) = (${t.notifiedKind} IS NULL)`),
  ],
);
