import type { DbOrTx } from '../../platform/db.ts';
import * as repo from './cart.repo.ts';

/** A cart line that goes to checkout. */
export interface CheckoutLine {
  cartItemId: number;
  skuId: number;
  quantity: number;
}

/**
 * The selected lines of the shopper's cart, in the order they were added, read in the caller's
 * transaction with the cart row locked until it ends (concurrent checkouts of one cart take turns).
 * Lines are returned as they are: the checkout decides what an off-shelf line or short stock means.
 */
export async function selectedLinesForCheckout(tx: DbOrTx, shopperId: number): Promise<CheckoutLine[]> {
  const cart = await repo.findShopperCart(tx, shopperId, true);
  if (!cart) return [];
  const rows = await repo.selectedItems(tx, cart.id);
  return rows.map((row) => ({ cartItemId: row.id, skuId: row.skuId, quantity: row.quantity }));
}

/** Removes these lines from the shopper's cart after an order was placed. Idempotent; ids of other carts are ignored. */
export async function removeItems(tx: DbOrTx, shopperId: number, cartItemIds: readonly number[]): Promise<void> {
  if (cartItemIds.length === 0) return;
  const cart = await repo.findShopperCart(tx, shopperId, true);
  if (!cart) return;
  await repo.deleteItems(tx, cart.id, cartItemIds);
}
