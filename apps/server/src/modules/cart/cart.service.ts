import type { AddCartItemBody, SelectCartItemsBody, UpdateCartItemBody } from '@mall/contract';
import type { Clock } from '../../platform/clock.ts';
import type { Db, Tx } from '../../platform/db.ts';
import { notFound } from '../../platform/errors.ts';
import { skusForSale } from '../catalog/index.ts';
import type { InventoryService } from '../inventory/index.ts';
import * as repo from './cart.repo.ts';
import { addedQuantity, assertRoomForLine, assertSellable, assertStockFor } from './cart.rules.ts';
import type { CartPricing } from './cart-view.ts';
import { createCartSession, type CartIdentity } from './cart-session.ts';
import { removeItems, selectedLinesForCheckout } from './cart-checkout.ts';

export type { CartIdentity, CartCookie, CartResult } from './cart-session.ts';

export const CART_ITEM = { zh: '购物车商品', en: 'Cart item' };

export interface CartDeps {
  db: Db;
  clock: Clock;
  inventory: InventoryService;
  /** Prices the selected lines for the preview (services.promotions); without it the cart shows goods totals only. */
  pricing?: CartPricing;
}

/** The cart's use cases, for guests and shoppers alike; each call is one transaction. */
export function createCartService(deps: CartDeps) {
  const { db, clock } = deps;
  const { run } = createCartSession(deps);

  async function requireItem(tx: Tx, cart: repo.CartRow | null, itemId: number): Promise<repo.CartItemRow> {
    const item = cart ? await repo.findItem(tx, cart.id, itemId) : undefined;
    if (!item) throw notFound(CART_ITEM, itemId);
    return item;
  }

  async function sellableSku(tx: Tx, skuId: number) {
    const sku = (await skusForSale(tx, [skuId])).get(skuId);
    assertSellable(sku, skuId);
    const sellable = (await deps.inventory.sellableBySkuIds(tx, [skuId])).get(skuId) ?? 0;
    return { sku, sellable };
  }

  /** The cart as it is now. A guest without a cart gets an empty one (nothing is created). */
  const view = (identity: CartIdentity) => run(identity, 'read');

  /** Adds a SKU or increases its line; the line is selected. */
  const addItem = (identity: CartIdentity, body: AddCartItemBody) =>
    run(identity, 'create', async (tx, cart) => {
      const { sku, sellable } = await sellableSku(tx, body.skuId);
      const existing = await repo.findItemBySku(tx, cart!.id, body.skuId);
      const now = clock.now();
      if (existing) {
        const quantity = addedQuantity(existing.quantity, body.quantity);
        assertStockFor(sku, quantity, sellable);
        await repo.updateItem(tx, cart!.id, existing.id, { quantity, selected: true, updatedAt: now });
        return;
      }
      assertRoomForLine(await repo.countItems(tx, cart!.id));
      assertStockFor(sku, body.quantity, sellable);
      await repo.insertItem(tx, { cartId: cart!.id, skuId: body.skuId, quantity: body.quantity, selected: true, addedAt: now, updatedAt: now });
    });

  /** Sets a line's quantity and/or selection. Raising the quantity needs the SKU on sale and in stock. */
  const updateItem = (identity: CartIdentity, itemId: number, body: UpdateCartItemBody) =>
    run(identity, 'write', async (tx, cart) => {
      const item = await requireItem(tx, cart, itemId);
      if (body.quantity !== undefined && body.quantity > item.quantity) {
        const { sku, sellable } = await sellableSku(tx, item.skuId);
        assertStockFor(sku, body.quantity, sellable);
      }
      await repo.updateItem(tx, cart!.id, item.id, { quantity: body.quantity, selected: body.selected, updatedAt: clock.now() });
    });

  const removeItem = (identity: CartIdentity, itemId: number) =>
    run(identity, 'write', async (tx, cart) => {
      const item = await requireItem(tx, cart, itemId);
      await repo.deleteItems(tx, cart!.id, [item.id]);
    });

  /** Selects or deselects lines for checkout; every id must be a line of this cart. */
  const select = (identity: CartIdentity, body: SelectCartItemsBody) =>
    run(identity, 'write', async (tx, cart) => {
      const ids = [...new Set(body.itemIds)];
      const found = new Set(cart ? await repo.itemIdsIn(tx, cart.id, ids) : []);
      const missing = ids.find((id) => !found.has(id));
      if (missing !== undefined) throw notFound(CART_ITEM, missing);
      await repo.setSelected(tx, cart!.id, ids, body.selected, clock.now());
    });

  const clear = (identity: CartIdentity) =>
    run(identity, 'write', async (tx, cart) => {
      if (cart) await repo.deleteItems(tx, cart.id);
    });

  /** Deletes guest carts whose 30 days have passed; returns how many. */
  async function purgeLapsedGuestCarts(): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await repo.deleteLapsedGuestCarts(db, clock.now(), 500);
      total += deleted;
      if (deleted < 500) return total;
    }
  }

  return { view, addItem, updateItem, removeItem, select, clear, purgeLapsedGuestCarts, selectedLinesForCheckout, removeItems };
}

export type CartService = ReturnType<typeof createCartService>;
