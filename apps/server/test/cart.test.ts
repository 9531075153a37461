import { eq, sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { CART_COOKIE } from '@mall/contract';
import { describeEachDatabase } from './harness.ts';
import type { Headers } from './catalog-fixtures.ts';
import { cartClient, manySkuProduct, simpleProduct, twoSkuProduct, type CartBody } from './cart-fixtures.ts';
import { cartItems, carts } from '../src/modules/cart/cart.tables.ts';
import { hashToken } from '../src/platform/auth.ts';

describeEachDatabase('cart: guests and shoppers', (ctx) => {
  let owner: Headers;
  beforeAll(async () => {
    owner = (await ctx().staffSession('owner')).headers;
  });
  const countCarts = async () => (await ctx().db.select({ n: sql<number>`count(*)::int` }).from(carts))[0]!.n;

  it('gives an anonymous visitor without a cookie an empty cart and creates nothing', async () => {
    const before = await countCarts();
    const res = await ctx().app.inject({ method: 'GET', url: '/api/cart' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ items: [], itemCount: 0, selectedCount: 0, goodsAmount: 0, checkoutReady: false, quote: null, notices: [] });
    expect(res.cookies.find((c) => c.name === CART_COOKIE)).toBeUndefined();
    const cleared = await ctx().app.inject({ method: 'DELETE', url: '/api/cart' });
    expect(cleared.statusCode).toBe(200);
    expect(await countCarts()).toBe(before);
  });

  it('keeps a guest cart behind an httpOnly cookie whose token is stored only as a hash', async () => {
    const product = await twoSkuProduct(ctx(), owner);
    const [red] = product.skus;
    const res = await ctx().app.inject({ method: 'POST', url: '/api/cart/items', payload: { skuId: red!.id, quantity: 2 } });
    expect(res.statusCode, res.body).toBe(200);
    const cookie = res.cookies.find((c) => c.name === CART_COOKIE)!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/api/cart' });
    const days = (cookie.expires!.getTime() - ctx().clock.now().getTime()) / 86_400_000;
    expect(days).toBeCloseTo(30, 5);
    expect(cookie.value.length).toBeGreaterThanOrEqual(40);
    const [row] = await ctx().db.select().from(carts).where(eq(carts.guestTokenHash, hashToken(cookie.value)));
    expect(row).toMatchObject({ shopperId: null });
    expect(await ctx().db.select().from(carts).where(eq(carts.guestTokenHash, cookie.value))).toEqual([]);

    const guest = cartClient(ctx);
    guest.token = cookie.value;
    const cart = await guest.cart();
    expect(cart.items).toHaveLength(1);
    expect(cart.items[0]).toMatchObject({
      skuId: red!.id,
      productId: product.id,
      title: product.title,
      imageUrl: 'https://img.example/figure.png',
      specValues: { 颜色: '红' },
      price: 10_000,
      quantity: 2,
      selected: true,
      stock: 5,
      onShelf: true,
      active: true,
      amount: 20_000,
      problem: null,
    });
    expect(cart).toMatchObject({ itemCount: 2, selectedCount: 2, goodsAmount: 20_000, checkoutReady: true });
    const stranger = await ctx().app.inject({ method: 'GET', url: '/api/cart', cookies: { [CART_COOKIE]: 'x'.repeat(43) } });
    expect(stranger.json().items).toEqual([]);
  });

  it('adds to an existing line, refuses more than 99 of one SKU or more than is in stock, and changes nothing then', async () => {
    const product = await simpleProduct(ctx(), owner, 150);
    const guest = cartClient(ctx);
    await guest.add(product.skus[0]!.id, 40);
    const cart = await guest.add(product.skus[0]!.id, 50);
    expect(cart.items).toHaveLength(1);
    expect(cart.items[0]!.quantity).toBe(90);
    const over = await guest.call('POST', '/api/cart/items', { skuId: product.skus[0]!.id, quantity: 10 });
    expect(over.statusCode).toBe(409);
    expect(over.json().code).toBe('CART_LINE_LIMIT');
    const scarce = await twoSkuProduct(ctx(), owner);
    const blue = scarce.skus[1]!;
    const short = await guest.call('POST', '/api/cart/items', { skuId: blue.id, quantity: 2 });
    expect(short.statusCode).toBe(409);
    expect(short.json()).toMatchObject({ code: 'CART_STOCK_SHORT' });
    expect(short.json().title).toContain('1');
    const after = await guest.cart();
    expect(after.items.map((i) => [i.skuId, i.quantity])).toEqual([[product.skus[0]!.id, 90]]);
  });

  it('refuses off-shelf, deactivated and unknown SKUs with clear codes, creating no cart', async () => {
    const offShelf = await twoSkuProduct(ctx(), owner);
    await ctx().app.inject({ method: 'PATCH', url: `/api/admin/products/${offShelf.id}`, headers: owner, payload: { onShelf: false } });
    const inactive = await twoSkuProduct(ctx(), owner);
    const patched = await ctx().app.inject({
      method: 'PATCH',
      url: `/api/admin/products/${inactive.id}`,
      headers: owner,
      payload: { skus: [{ id: inactive.skus[1]!.id, active: false }] },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const before = await countCarts();
    for (const [skuId, status, code] of [
      [offShelf.skus[0]!.id, 409, 'CART_PRODUCT_OFF_SHELF'],
      [inactive.skus[1]!.id, 409, 'CART_SKU_INACTIVE'],
      [2_000_000_000, 404, 'NOT_FOUND'],
    ] as const) {
      const res = await ctx().app.inject({ method: 'POST', url: '/api/cart/items', payload: { skuId, quantity: 1 } });
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().code).toBe(code);
      expect(res.cookies.find((c) => c.name === CART_COOKIE)).toBeUndefined();
    }
    expect(await countCarts()).toBe(before);
    const shopper = await ctx().shopperSession();
    const signedIn = await ctx().app.inject({ method: 'POST', url: '/api/cart/items', headers: shopper.headers, payload: { skuId: offShelf.skus[0]!.id } });
    expect(signedIn.json().code).toBe('CART_PRODUCT_OFF_SHELF');
    expect(signedIn.json().title).toContain(offShelf.title);
  });

  it('flags lines whose product went off the shelf, whose SKU was deactivated or deleted, or whose stock is short', async () => {
    const shopper = await ctx().shopperSession();
    const client = cartClient(ctx, shopper.headers);
    const a = await twoSkuProduct(ctx(), owner);
    const b = await twoSkuProduct(ctx(), owner);
    const c = await twoSkuProduct(ctx(), owner);
    const d = await simpleProduct(ctx(), owner, 10);
    const gone = await simpleProduct(ctx(), owner, 10);
    await client.add(a.skus[0]!.id, 1);
    await client.add(b.skus[0]!.id, 1);
    await client.add(c.skus[0]!.id, 4);
    await client.add(c.skus[1]!.id, 1);
    await client.add(d.skus[0]!.id, 2);
    await client.add(gone.skus[0]!.id, 1);
    const healthy = await client.cart();
    expect(healthy.checkoutReady).toBe(true);
    expect(healthy.goodsAmount).toBe(10_000 + 10_000 + 40_000 + 12_000 + 10_000 + 5_000);

    await ctx().app.inject({ method: 'PATCH', url: `/api/admin/products/${a.id}`, headers: owner, payload: { onShelf: false } });
    await ctx().app.inject({ method: 'PATCH', url: `/api/admin/products/${b.id}`, headers: owner, payload: { skus: [{ id: b.skus[0]!.id, active: false }] } });
    await ctx().db.transaction((tx) =>
      ctx().services.inventory.reserve(tx, { refType: 'test', refId: `short-${c.id}`, lines: [{ skuId: c.skus[0]!.id, quantity: 2 }, { skuId: c.skus[1]!.id, quantity: 1 }], actor: 'test' }),
    );
    const deleted = await ctx().app.inject({ method: 'DELETE', url: `/api/admin/products/${gone.id}`, headers: owner });
    expect(deleted.statusCode, deleted.body).toBe(200);

    const cart = await client.cart();
    const bySku = new Map(cart.items.map((i) => [i.skuId, i]));
    expect(bySku.get(a.skus[0]!.id)).toMatchObject({ onShelf: false, problem: { code: 'PRODUCT_OFF_SHELF', message: '商品已下架' } });
    expect(bySku.get(b.skus[0]!.id)).toMatchObject({ active: false, problem: { code: 'SKU_INACTIVE' } });
    expect(bySku.get(c.skus[0]!.id)).toMatchObject({ stock: 3, quantity: 4, problem: { code: 'STOCK_SHORT' } });
    expect(bySku.get(c.skus[0]!.id)!.problem!.message).toContain('3');
    expect(bySku.get(c.skus[1]!.id)).toMatchObject({ stock: 0, problem: { code: 'OUT_OF_STOCK' } });
    expect(bySku.get(gone.skus[0]!.id)).toMatchObject({ productId: null, title: null, price: null, amount: 0, problem: { code: 'PRODUCT_GONE' } });
    expect(bySku.get(d.skus[0]!.id)!.problem).toBeNull();
    expect(cart).toMatchObject({ goodsAmount: 10_000, selectedCount: 2, itemCount: 10, checkoutReady: false });

    const deselect = await client.call('POST', '/api/cart/select', {
      itemIds: cart.items.filter((i) => i.problem).map((i) => i.id),
      selected: false,
    });
    expect(deselect.statusCode, deselect.body).toBe(200);
    expect(deselect.json()).toMatchObject({ checkoutReady: true, goodsAmount: 10_000 });

    const raise = await client.call('PATCH', `/api/cart/items/${bySku.get(a.skus[0]!.id)!.id}`, { quantity: 2 });
    expect(raise.statusCode).toBe(409);
    expect(raise.json().code).toBe('CART_PRODUCT_OFF_SHELF');
    const lower = await client.call('PATCH', `/api/cart/items/${bySku.get(c.skus[0]!.id)!.id}`, { quantity: 3 });
    expect(lower.statusCode).toBe(200);
    expect(lower.json().items.find((i: CartBody['items'][number]) => i.skuId === c.skus[0]!.id).problem).toBeNull();
  });

  it('changes quantity and selection, removes lines and clears the cart', async () => {
    const shopper = await ctx().shopperSession();
    const client = cartClient(ctx, shopper.headers);
    const p = await twoSkuProduct(ctx(), owner);
    const q = await simpleProduct(ctx(), owner);
    await client.add(p.skus[0]!.id, 1);
    ctx().clock.advance(1000);
    const added = await client.add(q.skus[0]!.id, 3);
    expect(added.items.map((i) => i.skuId)).toEqual([q.skus[0]!.id, p.skus[0]!.id]);
    const [qLine, pLine] = added.items;

    const patched = await client.call('PATCH', `/api/cart/items/${pLine!.id}`, { quantity: 4, selected: false });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ selectedCount: 3, goodsAmount: 15_000, itemCount: 7 });

    const none = await client.call('POST', '/api/cart/select', { itemIds: [qLine!.id, pLine!.id], selected: false });
    expect(none.json()).toMatchObject({ selectedCount: 0, goodsAmount: 0, checkoutReady: false });
    const all = await client.call('POST', '/api/cart/select', { itemIds: [qLine!.id, pLine!.id], selected: true });
    expect(all.json()).toMatchObject({ selectedCount: 7, goodsAmount: 55_000, checkoutReady: true });

    const removed = await client.call('DELETE', `/api/cart/items/${qLine!.id}`);
    expect(removed.statusCode).toBe(200);
    expect(removed.json().items.map((i: { id: number }) => i.id)).toEqual([pLine!.id]);
    const again = await client.call('DELETE', `/api/cart/items/${qLine!.id}`);
    expect(again.statusCode).toBe(404);

    const cleared = await client.call('DELETE', '/api/cart');
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json()).toMatchObject({ items: [], itemCount: 0 });
    expect((await client.cart()).items).toEqual([]);
  });

  it('refuses bad input and unknown or foreign ids with 4xx and changes nothing', async () => {
    const shopper = await ctx().shopperSession();
    const client = cartClient(ctx, shopper.headers);
    const p = await simpleProduct(ctx(), owner);
    const cart = await client.add(p.skus[0]!.id, 2);
    const line = cart.items[0]!;
    const otherGuest = cartClient(ctx);
    const foreign = (await otherGuest.add(p.skus[0]!.id, 1)).items[0]!;

    const bad: [string, string, unknown][] = [
      ['POST', '/api/cart/items', { skuId: p.skus[0]!.id, quantity: 0 }],
      ['POST', '/api/cart/items', { skuId: p.skus[0]!.id, quantity: -1 }],
      ['POST', '/api/cart/items', { skuId: p.skus[0]!.id, quantity: 1e9 }],
      ['POST', '/api/cart/items', { skuId: p.skus[0]!.id, quantity: 1.5 }],
      ['POST', '/api/cart/items', { skuId: p.skus[0]!.id, quantity: '2' }],
      ['POST', '/api/cart/items', { skuId: String(p.skus[0]!.id) }],
      ['POST', '/api/cart/items', { skuId: 1e12 }],
      ['POST', '/api/cart/items', { quantity: 1 }],
      ['POST', '/api/cart/items', [1, 2]],
      ['PATCH', `/api/cart/items/${line.id}`, { quantity: 0 }],
      ['PATCH', `/api/cart/items/${line.id}`, { quantity: 100 }],
      ['PATCH', `/api/cart/items/${line.id}`, { selected: 'yes' }],
      ['PATCH', `/api/cart/items/${line.id}`, {}],
      ['PATCH', '/api/cart/items/abc', { quantity: 1 }],
      ['POST', '/api/cart/select', { itemIds: [], selected: true }],
      ['POST', '/api/cart/select', { itemIds: ['1'], selected: true }],
      ['POST', '/api/cart/select', { itemIds: [line.id] }],
      ['DELETE', '/api/cart/items/-1', undefined],
    ];
    for (const [method, url, payload] of bad) {
      const res = await client.call(method as 'POST', url, payload);
      expect(res.statusCode, `${method} ${url} ${JSON.stringify(payload)}`).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
    const missing: [string, string, unknown][] = [
      ['PATCH', `/api/cart/items/${foreign.id}`, { quantity: 5 }],
      ['DELETE', `/api/cart/items/${foreign.id}`, undefined],
      ['PATCH', '/api/cart/items/2000000000', { selected: false }],
      ['POST', '/api/cart/select', { itemIds: [line.id, foreign.id], selected: false }],
      ['POST', '/api/cart/items', { skuId: 2_000_000_000 }],
    ];
    for (const [method, url, payload] of missing) {
      const res = await client.call(method as 'POST', url, payload);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().code).toBe('NOT_FOUND');
    }
    const after = await client.cart();
    expect(after.items).toEqual([expect.objectContaining({ id: line.id, quantity: 2, selected: true })]);
    expect((await otherGuest.cart()).items).toEqual([expect.objectContaining({ id: foreign.id, quantity: 1, selected: true })]);
    const anonymousPatch = await ctx().app.inject({ method: 'PATCH', url: `/api/cart/items/${line.id}`, payload: { quantity: 1 } });
    expect(anonymousPatch.statusCode).toBe(404);
  });

  it('refuses a 101st line and forgets a guest cart 30 days after its last change', async () => {
    const skuIds = await manySkuProduct(ctx(), owner, 101);
    const guest = cartClient(ctx);
    for (const skuId of skuIds.slice(0, 100)) await guest.add(skuId, 1);
    const full = await guest.call('POST', '/api/cart/items', { skuId: skuIds[100], quantity: 1 });
    expect(full.statusCode).toBe(409);
    expect(full.json().code).toBe('CART_FULL');
    expect((await guest.cart()).items).toHaveLength(100);

    ctx().clock.advance(29 * 86_400_000);
    expect((await guest.cart()).items).toHaveLength(100);
    await guest.call('PATCH', `/api/cart/items/${(await guest.cart()).items[0]!.id}`, { selected: false });
    ctx().clock.advance(29 * 86_400_000);
    expect((await guest.cart()).items).toHaveLength(100);
    ctx().clock.advance(2 * 86_400_000);
    const token = guest.token;
    const lapsed = await guest.call('GET', '/api/cart');
    expect(lapsed.json().items).toEqual([]);
    const cleared = lapsed.cookies.find((c) => c.name === CART_COOKIE)!;
    expect(cleared.value).toBe('');
    expect(cleared.expires!.getTime()).toBeLessThan(Date.now());
    expect(await ctx().db.select().from(carts).where(eq(carts.guestTokenHash, hashToken(token!)))).toHaveLength(1);
    expect(await ctx().services.cart.purgeLapsedGuestCarts()).toBeGreaterThanOrEqual(1);
    expect(await ctx().db.select().from(carts).where(eq(carts.guestTokenHash, hashToken(token!)))).toEqual([]);
    const [left] = await ctx().db.select({ n: sql<number>`count(*)::int` }).from(cartItems).where(eq(cartItems.skuId, skuIds[0]!));
    expect(left!.n).toBe(0);
  });
});
