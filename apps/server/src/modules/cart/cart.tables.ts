import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdUpdated, utc } from '../../platform/columns.ts';

/**
 * A cart: a signed-in shopper's (one per shopper) or a guest's, known by the SHA-256 of the
 * opaque token in the guest's cookie. A guest cart expires 30 days after its last change.
 */
export const carts = pgTable(
  'carts',
  {
    id: serial('id').primaryKey(),
    shopperId: integer('shopper_id'),
    guestTokenHash: text('guest_token_hash'),
    /** Guest carts only: when the cart (and its cookie) lapses. */
    expiresAt: utc('expires_at'),
    ...createdUpdated(),
  },
  (t) => [
    uniqueIndex('carts_shopper_uq').on(t.shopperId),
    uniqueIndex('carts_guest_token_uq').on(t.guestTokenHash),
    index('carts_guest_expiry_idx').on(t.expiresAt).where(sql`guest_token_hash IS NOT NULL`),
    check(
      'carts_owner_ck',
      sql`(${t.shopperId} IS NOT NULL AND ${t.guestTokenHash} IS NULL) OR (${t.shopperId} IS NULL AND ${t.guestTokenHash} IS NOT NULL AND ${t.expiresAt} IS NOT NULL)`,
    ),
  ],
);

/** One line per SKU in a cart. */
export const cartItems = pgTable(
  'cart_items',
  {
    id: serial('id').primaryKey(),
    cartId: integer('cart_id')
      .notNull()
      .references(() => carts.id, { onDelete: 'cascade' }),
    skuId: integer('sku_id').notNull(),
    quantity: integer('quantity').notNull(),
    /** Whether the line goes to checkout. */
    selected: boolean('selected').notNull().default(true),
    addedAt: utc('added_at').notNull(),
    updatedAt: utc('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('cart_items_cart_sku_uq').on(t.cartId, t.skuId),
    check('cart_items_quantity_ck', sql`${t.quantity} BETWEEN 1 AND 99`),
  ],
);
