import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import type { Headers } from './catalog-fixtures.ts';
import { cartClient, simpleProduct } from './cart-fixtures.ts';
import { removeItems, selectedLinesForCheckout } from '../src/modules/cart/index.ts';

describeEachDatabase('cart: what checkout takes from it', (ctx) => {
  let owner: Headers;
  beforeAll(async () => {
    owner = (await ctx().staffSession('owner')).headers;
  });

  it('hands checkout the selected lines, oldest first, and removes them afterwards, idempotently', async () => {
    const shopper = await ctx().shopperSession();
    const other = await ctx().shopperSession();
    const client = cartClient(ctx, shopper.headers);
    const [p, q, r] = [await simpleProduct(ctx(), owner), await simpleProduct(ctx(), owner), await simpleProduct(ctx(), owner)];
    await client.add(p.skus[0]!.id, 2);
    ctx().clock.advance(1000);
    await client.add(q.skus[0]!.id, 1);
    ctx().clock.advance(1000);
    const cart = await client.add(r.skus[0]!.id, 3);
    const byId = new Map(cart.items.map((i) => [i.skuId, i.id]));
    await client.call('PATCH', `/api/cart/items/${byId.get(q.skus[0]!.id)}`, { selected: false });
    const otherLine = (await cartClient(ctx, other.headers).add(p.skus[0]!.id, 1)).items[0]!;

    const lines = await ctx().db.transaction((tx) => selectedLinesForCheckout(tx, shopper.id));
    expect(lines).toEqual([
      { cartItemId: byId.get(p.skus[0]!.id), skuId: p.skus[0]!.id, quantity: 2 },
      { cartItemId: byId.get(r.skus[0]!.id), skuId: r.skus[0]!.id, quantity: 3 },
    ]);
    const viaService = await ctx().db.transaction((tx) => ctx().services.cart.selectedLinesForCheckout(tx, shopper.id));
    expect(viaService).toEqual(lines);

    // A checkout that fails after removing rolls back: the lines stay.
    await ctx()
      .db.transaction(async (tx) => {
        await removeItems(tx, shopper.id, lines.map((l) => l.cartItemId));
        throw new Error('checkout failed later');
      })
      .catch(() => undefined);
    expect((await client.cart()).items).toHaveLength(3);

    // Another shopper's line ids are ignored.
    await ctx().db.transaction((tx) => removeItems(tx, shopper.id, [...lines.map((l) => l.cartItemId), otherLine.id]));
    expect((await client.cart()).items.map((i) => i.skuId)).toEqual([q.skus[0]!.id]);
    expect((await cartClient(ctx, other.headers).cart()).items.map((i) => i.id)).toEqual([otherLine.id]);
    await ctx().db.transaction((tx) => ctx().services.cart.removeItems(tx, shopper.id, lines.map((l) => l.cartItemId)));
    await ctx().db.transaction((tx) => removeItems(tx, shopper.id, []));
    expect((await client.cart()).items.map((i) => i.skuId)).toEqual([q.skus[0]!.id]);
    expect(await ctx().db.transaction((tx) => selectedLinesForCheckout(tx, shopper.id))).toEqual([]);
  });

  it('answers a shopper without a cart with no lines, and removing from it does nothing', async () => {
    const shopper = await ctx().shopperSession();
    expect(await ctx().db.transaction((tx) => selectedLinesForCheckout(tx, shopper.id))).toEqual([]);
    await ctx().db.transaction((tx) => removeItems(tx, shopper.id, [1, 2, 3]));
    expect((await cartClient(ctx, shopper.headers).cart()).items).toEqual([]);
  });
});
