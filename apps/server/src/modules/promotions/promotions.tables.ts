import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { createdUpdated, utc } from '../../platform/columns.ts';

const money = (name: string) => bigint(name, { mode: 'number' });

/**
 * A coupon as staff define it. claimed_count is kept by a guarded UPDATE under a row lock, so
 * claims never exceed total_quantity. Validity is a fixed window (valid_from/valid_until) or
 * valid_days after claiming.
 */
export const couponTemplates = pgTable(
  'coupon_templates',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    kind: text('kind', { enum: ['fixed', 'percent'] }).notNull(),
    amount: money('amount'),
    payPercent: integer('pay_percent'),
    maxDiscount: money('max_discount'),
    threshold: money('threshold').notNull().default(0),
    productIds: jsonb('product_ids').$type<number[]>().notNull(),
    categoryIds: jsonb('category_ids').$type<number[]>().notNull(),
    validFrom: utc('valid_from'),
    validUntil: utc('valid_until'),
    validDays: integer('valid_days'),
    totalQuantity: integer('total_quantity').notNull(),
    claimedCount: integer('claimed_count').notNull().default(0),
    perShopperLimit: integer('per_shopper_limit').notNull().default(1),
    claimable: boolean('claimable').notNull().default(true),
    active: boolean('active').notNull().default(true),
    ...createdUpdated(),
  },
  (t) => [
    check('coupon_templates_claimed_ck', sql`${t.claimedCount} >= 0 AND ${t.claimedCount} <= ${t.totalQuantity}`),
    check(
      'coupon_templates_terms_ck',
      sql`(${t.kind} = 'fixed' AND ${t.amount} > 0) OR (${t.kind} = 'percent' AND ${t.payPercent} BETWEEN 1 AND 99)`,
    ),
    check('coupon_templates_validity_ck', sql`(${t.validDays} > 0) OR (${t.validFrom} IS NOT NULL AND ${t.validUntil} > ${t.validFrom})`),
  ],
);

/** A coupon a shopper holds (claimed or issued by staff). Validity is fixed at claim time. */
export const shopperCoupons = pgTable(
  'shopper_coupons',
  {
    id: serial('id').primaryKey(),
    templateId: integer('template_id')
      .notNull()
      .references(() => couponTemplates.id),
    shopperId: integer('shopper_id').notNull(),
    status: text('status', { enum: ['unused', 'used', 'expired'] }).notNull().default('unused'),
    validFrom: utc('valid_from').notNull(),
    validUntil: utc('valid_until').notNull(),
    source: text('source', { enum: ['claim', 'issue'] }).notNull(),
    /** Staff who issued it, and why (compensation ...). */
    issuedBy: text('issued_by'),
    note: text('note'),
    claimedAt: utc('claimed_at').notNull(),
    orderId: integer('order_id'),
    usedAt: utc('used_at'),
  },
  (t) => [
    index('shopper_coupons_shopper_idx').on(t.shopperId, t.status, t.validUntil),
    index('shopper_coupons_template_idx').on(t.templateId, t.shopperId),
    check('shopper_coupons_used_ck', sql`(${t.status} = 'used') = (${t.orderId} IS NOT NULL)`),
  ],
);

/** Full-reduction (满减) and discount (折扣) promotions, active inside [starts_at, ends_at). */
export const promotions = pgTable(
  'promotions',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    kind: text('kind', { enum: ['full_reduction', 'discount'] }).notNull(),
    tiers: jsonb('tiers').$type<{ threshold: number; amount: number }[]>().notNull(),
    payPercent: integer('pay_percent'),
    productIds: jsonb('product_ids').$type<number[]>().notNull(),
    categoryIds: jsonb('category_ids').$type<number[]>().notNull(),
    startsAt: utc('starts_at').notNull(),
    endsAt: utc('ends_at').notNull(),
    active: boolean('active').notNull().default(true),
    ...createdUpdated(),
  },
  (t) => [index('promotions_window_idx').on(t.active, t.startsAt, t.endsAt), check('promotions_window_ck', sql`${t.endsAt} > ${t.startsAt}`)],
);
