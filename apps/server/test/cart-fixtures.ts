// Helpers for the cart suites: products through the admin API, guest-cookie plumbing.
import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { CART_COOKIE } from '@mall/contract';
import type { TestContext } from './harness.ts';
import { createProduct, type Headers } from './catalog-fixtures.ts';
import { cartItems, carts } from '../src/modules/cart/cart.tables.ts';

export interface Product {
  id: number;
  title: string;
  skus: { id: number; price: number; specValues: Record<string, string> }[];
}

/** An on-shelf product with two SKUs (红 ¥100 × 5 in stock, 蓝 ¥120 × 1) and an image. */
export async function twoSkuProduct(ctx: TestContext, owner: Headers, title = `手办 ${crypto.randomBytes(2).toString('hex')}`): Promise<Product> {
  return createProduct(ctx, owner, {
    title,
    specs: [{ name: '颜色', values: ['红', '蓝'] }],
    skus: [
      { specValues: { 颜色: '红' }, price: 10_000, initialStock: 5 },
      { specValues: { 颜色: '蓝' }, price: 12_000, initialStock: 1 },
    ],
    imageUrls: ['https://img.example/figure.png'],
  });
}

/** An on-shelf product with one SKU of this stock and price. */
export async function simpleProduct(ctx: TestContext, owner: Headers, stock = 100, price = 5_000): Promise<Product> {
  return createProduct(ctx, owner, { skus: [{ specValues: {}, price, initialStock: stock }] });
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** A client that keeps the guest-cart cookie the way a browser would (and optionally a session). */
export function cartClient(ctx: () => TestContext, session?: { authorization: string }) {
  let token: string | undefined;
  const client = {
    get token() {
      return token;
    },
    set token(value: string | undefined) {
      token = value;
    },
    async call(method: Method, url: string, payload?: unknown) {
      const res = await ctx().app.inject({
        method,
        url,
        headers: session ?? {},
        cookies: token ? { [CART_COOKIE]: token } : {},
        payload: payload as never,
      });
      const cookie = res.cookies.find((c) => c.name === CART_COOKIE);
      if (cookie) token = cookie.expires && cookie.expires.getTime() <= Date.now() ? undefined : cookie.value || undefined;
      return res;
    },
    async add(skuId: number, quantity = 1) {
      const res = await client.call('POST', '/api/cart/items', { skuId, quantity });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as CartBody;
    },
    async cart() {
      const res = await client.call('GET', '/api/cart');
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as CartBody;
    },
  };
  return client;
}

export interface CartBody {
  items: {
    id: number;
    skuId: number;
    productId: number | null;
    title: string | null;
    imageUrl: string | null;
    specValues: Record<string, string>;
    price: number | null;
    quantity: number;
    selected: boolean;
    stock: number;
    onShelf: boolean;
    active: boolean;
    amount: number;
    problem: { code: string; message: string; messageEn: string } | null;
  }[];
  itemCount: number;
  selectedCount: number;
  goodsAmount: number;
  checkoutReady: boolean;
  quote: unknown;
  notices: { code: string }[];
}

/** The cart lines of a cart row, by SKU. */
export async function storedLines(ctx: TestContext, cartId: number) {
  const rows = await ctx.db.select().from(cartItems).where(eq(cartItems.cartId, cartId));
  return new Map(rows.map((r) => [r.skuId, r]));
}

export async function shopperCart(ctx: TestContext, shopperId: number) {
  const [row] = await ctx.db.select().from(carts).where(eq(carts.shopperId, shopperId));
  return row;
}

/** An on-shelf product with `count` SKUs (up to 150), ¥1 each, 10 in stock; returns the SKU ids. */
export async function manySkuProduct(ctx: TestContext, owner: Headers, count: number): Promise<number[]> {
  const sizes = ['S', 'M', 'L'];
  const indexes = Array.from({ length: count }, (_, i) => i);
  const product = await createProduct(ctx, owner, {
    title: '多规格商品',
    specs: [
      { name: '编号', values: Array.from({ length: 50 }, (_, i) => `#${i}`) },
      { name: '尺寸', values: sizes },
    ],
    skus: indexes.map((i) => ({ specValues: { 编号: `#${i % 50}`, 尺寸: sizes[Math.floor(i / 50)]! }, price: 100, initialStock: 10 })),
  });
  return product.skus.map((s: { id: number }) => s.id);
}
