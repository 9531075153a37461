import { and, asc, count, desc, eq, gt, inArray, isNotNull, lte } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.ts';
import { cartItems, carts } from './cart.tables.ts';

export type CartRow = typeof carts.$inferSelect;
export type CartItemRow = typeof cartItems.$inferSelect;

/** A guest cart that has not lapsed; with `lock`, held FOR UPDATE until the transaction ends. */
export async function findGuestCart(db: DbOrTx, tokenHash: string, now: Date, lock: boolean): Promise<CartRow | undefined> {
  const query = db
    .select()
    .from(carts)
    .where(and(eq(carts.guestTokenHash, tokenHash), gt(carts.expiresAt, now)));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

export async function findShopperCart(db: DbOrTx, shopperId: number, lock: boolean): Promise<CartRow | undefined> {
  const query = db.select().from(carts).where(eq(carts.shopperId, shopperId));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

/** The shopper's cart, created when missing, locked FOR UPDATE. */
export async function ensureShopperCart(tx: DbOrTx, shopperId: number, now: Date): Promise<CartRow> {
  await tx.insert(carts).values({ shopperId, createdAt: now, updatedAt: now }).onConflictDoNothing();
  return (await findShopperCart(tx, shopperId, true))!;
}

export async function insertGuestCart(tx: DbOrTx, tokenHash: string, now: Date, expiresAt: Date): Promise<CartRow> {
  const [row] = await tx.insert(carts).values({ guestTokenHash: tokenHash, expiresAt, createdAt: now, updatedAt: now }).returning();
  return row!;
}

export async function touchCart(tx: DbOrTx, cartId: number, now: Date, expiresAt: Date | null): Promise<void> {
  await tx
    .update(carts)
    .set(expiresAt ? { updatedAt: now, expiresAt } : { updatedAt: now })
    .where(eq(carts.id, cartId));
}

export async function deleteCart(tx: DbOrTx, cartId: number): Promise<void> {
  await tx.delete(carts).where(eq(carts.id, cartId));
}

/** Newest first. */
export function itemsOf(db: DbOrTx, cartId: number): Promise<CartItemRow[]> {
  return db.select().from(cartItems).where(eq(cartItems.cartId, cartId)).orderBy(desc(cartItems.addedAt), desc(cartItems.id));
}

export async function findItem(db: DbOrTx, cartId: number, itemId: number): Promise<CartItemRow | undefined> {
  const [row] = await db.select().from(cartItems).where(and(eq(cartItems.cartId, cartId), eq(cartItems.id, itemId)));
  return row;
}

export async function findItemBySku(db: DbOrTx, cartId: number, skuId: number): Promise<CartItemRow | undefined> {
  const [row] = await db.select().from(cartItems).where(and(eq(cartItems.cartId, cartId), eq(cartItems.skuId, skuId)));
  return row;
}

export async function countItems(db: DbOrTx, cartId: number): Promise<number> {
  const [row] = await db.select({ n: count() }).from(cartItems).where(eq(cartItems.cartId, cartId));
  return row?.n ?? 0;
}

export async function insertItem(tx: DbOrTx, values: typeof cartItems.$inferInsert): Promise<void> {
  await tx.insert(cartItems).values(values);
}

export async function updateItem(tx: DbOrTx, cartId: number, itemId: number, values: Partial<typeof cartItems.$inferInsert>): Promise<void> {
  await tx
    .update(cartItems)
    .set(values)
    .where(and(eq(cartItems.cartId, cartId), eq(cartItems.id, itemId)));
}

/** Of these ids, those that are lines of the cart. */
export async function itemIdsIn(db: DbOrTx, cartId: number, itemIds: readonly number[]): Promise<number[]> {
  if (itemIds.length === 0) return [];
  const rows = await db
    .select({ id: cartItems.id })
    .from(cartItems)
    .where(and(eq(cartItems.cartId, cartId), inArray(cartItems.id, [...itemIds])));
  return rows.map((r) => r.id);
}

export async function setSelected(tx: DbOrTx, cartId: number, itemIds: readonly number[], selected: boolean, now: Date): Promise<void> {
  if (itemIds.length === 0) return;
  await tx
    .update(cartItems)
    .set({ selected, updatedAt: now })
    .where(and(eq(cartItems.cartId, cartId), inArray(cartItems.id, [...itemIds])));
}

export async function deleteItems(tx: DbOrTx, cartId: number, itemIds?: readonly number[]): Promise<number> {
  if (itemIds && itemIds.length === 0) return 0;
  const rows = await tx
    .delete(cartItems)
    .where(and(eq(cartItems.cartId, cartId), itemIds ? inArray(cartItems.id, [...itemIds]) : undefined))
    .returning({ id: cartItems.id });
  return rows.length;
}

/** The selected lines of a cart, oldest first (the order they were added). */
export function selectedItems(db: DbOrTx, cartId: number): Promise<CartItemRow[]> {
  return db
    .select()
    .from(cartItems)
    .where(and(eq(cartItems.cartId, cartId), eq(cartItems.selected, true)))
    .orderBy(asc(cartItems.addedAt), asc(cartItems.id));
}

/** Deletes up to `limit` guest carts that lapsed at or before `now`; returns how many. */
export async function deleteLapsedGuestCarts(db: DbOrTx, now: Date, limit: number): Promise<number> {
  const lapsed = db
    .select({ id: carts.id })
    .from(carts)
    .where(and(isNotNull(carts.guestTokenHash), lte(carts.expiresAt, now)))
    .limit(limit);
  const rows = await db
    .delete(carts)
    .where(inArray(carts.id, lapsed))
    .returning({ id: carts.id });
  return rows.length;
}
