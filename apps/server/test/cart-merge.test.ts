import { eq, sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { CART_COOKIE } from '@mall/contract';
import { describeEachDatabase } from './harness.ts';
import type { Headers } from './catalog-fixtures.ts';
import { cartClient, manySkuProduct, shopperCart, simpleProduct, storedLines } from './cart-fixtures.ts';
import { carts } from '../src/modules/cart/cart.tables.ts';
import { hashToken } from '../src/platform/auth.ts';

describeEachDatabase('cart: guest cart merges into the shopper’s on sign-in', (ctx) => {
  let owner: Headers;
  beforeAll(async () => {
    owner = (await ctx().staffSession('owner')).headers;
  });
  const guestCartRows = async (token: string) => ctx().db.select().from(carts).where(eq(carts.guestTokenHash, hashToken(token)));

  it('adds quantities, caps them at 99, keeps the guest’s selection, deletes the guest cart and clears the cookie — once', async () => {
    const [a, b, c] = [await simpleProduct(ctx(), owner, 200), await simpleProduct(ctx(), owner, 200), await simpleProduct(ctx(), owner, 200)];
    const shopper = await ctx().shopperSession();
    const signedIn = cartClient(ctx, shopper.headers);
    await signedIn.add(b.skus[0]!.id, 5);
    await signedIn.add(c.skus[0]!.id, 1);
    const bLine = (await signedIn.cart()).items.find((i) => i.skuId === b.skus[0]!.id)!;
    await signedIn.call('PATCH', `/api/cart/items/${bLine.id}`, { selected: false });

    const guest = cartClient(ctx);
    await guest.add(a.skus[0]!.id, 2);
    await guest.add(b.skus[0]!.id, 98);
    const token = guest.token!;
    expect(await guestCartRows(token)).toHaveLength(1);

    const res = await ctx().app.inject({ method: 'GET', url: '/api/cart', headers: shopper.headers, cookies: { [CART_COOKIE]: token } });
    expect(res.statusCode, res.body).toBe(200);
    const cart = res.json();
    const quantities = Object.fromEntries(cart.items.map((i: { skuId: number; quantity: number }) => [i.skuId, i.quantity]));
    expect(quantities).toEqual({ [a.skus[0]!.id]: 2, [b.skus[0]!.id]: 99, [c.skus[0]!.id]: 1 });
    expect(cart.items.find((i: { skuId: number }) => i.skuId === b.skus[0]!.id).selected).toBe(true);
    expect(cart.notices.map((n: { code: string }) => n.code)).toEqual(['CART_MERGED', 'CART_LINE_CAPPED']);
    const cookie = res.cookies.find((c) => c.name === CART_COOKIE)!;
    expect(cookie.value).toBe('');
    expect(cookie.expires!.getTime()).toBeLessThan(Date.now());
    expect(await guestCartRows(token)).toEqual([]);

    // The same stale cookie again (a retried or late request): nothing is merged twice.
    const again = await ctx().app.inject({ method: 'POST', url: '/api/cart/select', headers: shopper.headers, cookies: { [CART_COOKIE]: token }, payload: { itemIds: [cart.items[0].id], selected: true } });
    expect(again.statusCode).toBe(200);
    expect(again.json().notices).toEqual([]);
    const lines = await storedLines(ctx(), (await shopperCart(ctx(), shopper.id))!.id);
    expect([...lines.values()].map((l) => [l.skuId, l.quantity]).sort()).toEqual(
      [
        [a.skus[0]!.id, 2],
        [b.skus[0]!.id, 99],
        [c.skus[0]!.id, 1],
      ].sort(),
    );
    // and the guest, signed out again, starts from an empty cart
    expect((await ctx().app.inject({ method: 'GET', url: '/api/cart', cookies: { [CART_COOKIE]: token } })).json().items).toEqual([]);
  });

  it('merges exactly once when several requests carry the session and the cookie at the same time', async () => {
    const [a, c] = [await simpleProduct(ctx(), owner, 50), await simpleProduct(ctx(), owner, 50)];
    const shopper = await ctx().shopperSession();
    await cartClient(ctx, shopper.headers).add(a.skus[0]!.id, 1);
    const guest = cartClient(ctx);
    await guest.add(a.skus[0]!.id, 3);
    const token = guest.token!;
    const both = { headers: shopper.headers, cookies: { [CART_COOKIE]: token } };
    const results = await Promise.all([
      ctx().app.inject({ method: 'GET', url: '/api/cart', ...both }),
      ctx().app.inject({ method: 'GET', url: '/api/cart', ...both }),
      ctx().app.inject({ method: 'POST', url: '/api/cart/items', ...both, payload: { skuId: c.skus[0]!.id, quantity: 1 } }),
      ctx().app.inject({ method: 'GET', url: '/api/cart', ...both }),
      ctx().app.inject({ method: 'DELETE', url: '/api/cart/items/2000000000', ...both }),
    ]);
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 404]);
    expect(results.filter((r) => r.statusCode === 200 && r.json().notices.some((n: { code: string }) => n.code === 'CART_MERGED'))).toHaveLength(1);
    const lines = await storedLines(ctx(), (await shopperCart(ctx(), shopper.id))!.id);
    expect(lines.get(a.skus[0]!.id)!.quantity).toBe(4);
    expect(lines.get(c.skus[0]!.id)!.quantity).toBe(1);
    expect(lines.size).toBe(2);
    expect(await guestCartRows(token)).toEqual([]);
  });

  it('works with a real sign-in: the session cookie and the cart cookie side by side', async () => {
    const p = await simpleProduct(ctx(), owner);
    const guest = cartClient(ctx);
    await guest.add(p.skus[0]!.id, 2);
    const email = `merge-${Date.now()}@example.com`;
    const registered = await ctx().app.inject({ method: 'POST', url: '/api/auth/register', payload: { email, password: 'secret-pass-1', nickname: 'merge' } });
    expect(registered.statusCode, registered.body).toBe(201);
    const sid = registered.cookies.find((c) => c.name === 'mall_sid')!.value;
    const res = await ctx().app.inject({ method: 'GET', url: '/api/cart', cookies: { mall_sid: sid, [CART_COOKIE]: guest.token! } });
    expect(res.json().items).toEqual([expect.objectContaining({ skuId: p.skus[0]!.id, quantity: 2 })]);
    const viaSession = await ctx().app.inject({ method: 'GET', url: '/api/cart', cookies: { mall_sid: sid } });
    expect(viaSession.json().items).toEqual([expect.objectContaining({ skuId: p.skus[0]!.id, quantity: 2 })]);
  });

  it('keeps the cart to 100 lines: the newest guest lines go first and the rest are reported as left out', async () => {
    const skuIds = await manySkuProduct(ctx(), owner, 102);
    const shopper = await ctx().shopperSession();
    const signedIn = cartClient(ctx, shopper.headers);
    for (const skuId of skuIds.slice(0, 98)) await signedIn.add(skuId, 1);
    const guest = cartClient(ctx);
    await guest.add(skuIds[0]!, 2); // already in the shopper's cart: merges, needs no room
    for (const skuId of skuIds.slice(98, 102)) {
      ctx().clock.advance(1000);
      await guest.add(skuId, 1);
    }
    const res = await ctx().app.inject({ method: 'GET', url: '/api/cart', headers: shopper.headers, cookies: { [CART_COOKIE]: guest.token! } });
    const cart = res.json();
    expect(cart.items).toHaveLength(100);
    const inCart = new Set(cart.items.map((i: { skuId: number }) => i.skuId));
    expect(inCart.has(skuIds[101])).toBe(true);
    expect(inCart.has(skuIds[100])).toBe(true);
    expect(inCart.has(skuIds[99])).toBe(false);
    expect(inCart.has(skuIds[98])).toBe(false);
    expect(cart.items.find((i: { skuId: number }) => i.skuId === skuIds[0]).quantity).toBe(3);
    expect(cart.notices.map((n: { code: string }) => n.code)).toEqual(['CART_MERGED', 'CART_LINES_DROPPED']);
    expect(cart.notices[1].message).toContain('2');
  });

  it('clears a stale or empty guest cookie for a signed-in shopper without a fuss', async () => {
    const shopper = await ctx().shopperSession();
    const stale = await ctx().app.inject({ method: 'GET', url: '/api/cart', headers: shopper.headers, cookies: { [CART_COOKIE]: 'not-a-real-token-but-long-enough-0000' } });
    expect(stale.statusCode).toBe(200);
    expect(stale.json()).toMatchObject({ items: [], notices: [] });
    expect(stale.cookies.find((c) => c.name === CART_COOKIE)!.value).toBe('');

    const p = await simpleProduct(ctx(), owner);
    const guest = cartClient(ctx);
    const line = (await guest.add(p.skus[0]!.id, 1)).items[0]!;
    await guest.call('DELETE', `/api/cart/items/${line.id}`);
    const token = guest.token!;
    const [before] = await ctx().db.select({ n: sql<number>`count(*)::int` }).from(carts).where(eq(carts.shopperId, shopper.id));
    const empty = await ctx().app.inject({ method: 'GET', url: '/api/cart', headers: shopper.headers, cookies: { [CART_COOKIE]: token } });
    expect(empty.json()).toMatchObject({ items: [], notices: [] });
    expect(await guestCartRows(token)).toEqual([]);
    const [after] = await ctx().db.select({ n: sql<number>`count(*)::int` }).from(carts).where(eq(carts.shopperId, shopper.id));
    expect(after!.n).toBe(before!.n);
  });
});
