// Helpers for the pre-order suites (spec §5): an out-of-stock product taking pre-orders with a
// strategy, buyers with addresses in a country, pre-orders placed and paid through the real APIs,
// restocks through the admin API, and the pre-order rows and counters.
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import type { TestContext } from './harness.ts';
import { call, drain, newKey, placeOrder, pressPay, productWith, startPay, type Buyer, type Headers, type Session, type Sku } from './orders-fixtures.ts';
import { preorderOrders } from '../src/modules/orders/orders-preorder.tables.ts';
import { preorderCounters } from '../src/modules/preorders/preorders.tables.ts';
import { stockLevels } from '../src/modules/inventory/inventory.tables.ts';
import { DAY } from '../src/platform/clock.ts';

export { DAY };
export const HOUR = 3_600_000;

export const iso = (ctx: TestContext, offsetMs: number) => new Date(ctx.clock.now().getTime() + offsetMs).toISOString();

/** A setting body: upfront, expected in 14 days, no cap, every country, unless told. */
export const preorderBody = (ctx: TestContext, overrides: Record<string, unknown> = {}) => ({
  availableAt: iso(ctx, 14 * DAY),
  termsText: '预计两周内到货，到货后按付款先后发货。',
  strategy: 'upfront',
  ...overrides,
});

export const setProductPreorder = (ctx: TestContext, staff: Headers, productId: number, body: Record<string, unknown>) =>
  call(ctx, 'PUT', `/api/admin/preorders/products/${productId}`, staff, body);

export const setSkuPreorder = (ctx: TestContext, staff: Headers, skuId: number, body: Record<string, unknown>) => call(ctx, 'PUT', `/api/admin/preorders/skus/${skuId}`, staff, body);

/** A product at ¥1,000 with no stock, taking pre-orders with these settings (product level). */
export async function preorderSku(ctx: TestContext, owner: Headers, overrides: Record<string, unknown> = {}, options: { price?: number; stock?: number } = {}): Promise<Sku & { setting: { termsVersion: number } }> {
  const sku = await productWith(ctx, owner, options.price ?? 100_000, options.stock ?? 0);
  const res = await setProductPreorder(ctx, owner, sku.productId, preorderBody(ctx, overrides));
  expect(res.statusCode, res.body).toBe(200);
  return { ...sku, setting: res.json() };
}

/** A buyer whose default address is in `country` (omitted: the address has no country given, so CN). */
export async function buyerIn(ctx: TestContext, country?: string): Promise<Buyer> {
  const session = await ctx.shopperSession();
  const res = await call(ctx, 'POST', '/api/me/addresses', session.headers, {
    receiver: '王五',
    phone: '13912345678',
    province: '上海市',
    city: '上海市',
    district: '徐汇区',
    detail: '漕溪北路 1 号',
    ...(country ? { country } : {}),
  });
  expect(res.statusCode, res.body).toBe(201);
  return { ...session, addressId: res.json().id };
}

export const placePreorderRes = (ctx: TestContext, buyer: Buyer, skuId: number, quantity = 1, extra: Record<string, unknown> = {}) =>
  placeOrder(ctx, buyer, { items: [{ skuId, quantity }], ...extra });

/** Places a pre-order; returns the order detail. */
export async function placePreorder(ctx: TestContext, buyer: Buyer, skuId: number, quantity = 1, extra: Record<string, unknown> = {}) {
  const res = await placePreorderRes(ctx, buyer, skuId, quantity, extra);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** Pays (or authorises) whatever the order waits for through the sandbox; returns the payment number. */
export async function payNow(ctx: TestContext, buyer: Session, orderId: number) {
  const { paymentNo } = await startPay(ctx, buyer, orderId);
  await pressPay(ctx, paymentNo);
  await drain(ctx);
  return paymentNo;
}

export async function restock(ctx: TestContext, staff: Headers, skuId: number, delta: number) {
  const res = await call(ctx, 'POST', `/api/admin/inventory/${skuId}/adjustments`, { ...staff, 'idempotency-key': newKey() }, { delta, reason: 'restock' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

export async function preorderRow(ctx: TestContext, orderId: number) {
  const [row] = await ctx.db.select().from(preorderOrders).where(eq(preorderOrders.orderId, orderId));
  return row!;
}

export async function openUnits(ctx: TestContext, skuId: number): Promise<number> {
  const [row] = await ctx.db.select().from(preorderCounters).where(eq(preorderCounters.skuId, skuId));
  return row?.openUnits ?? 0;
}

export async function stockOf(ctx: TestContext, skuId: number) {
  const [row] = await ctx.db.select().from(stockLevels).where(eq(stockLevels.skuId, skuId));
  return { onHand: row!.onHand, reserved: row!.reserved, sellable: row!.onHand - row!.reserved };
}

export async function preorderView(ctx: TestContext, buyer: Session, orderId: number) {
  const res = await call(ctx, 'GET', `/api/orders/${orderId}/preorder`, buyer.headers);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** Moves the clock and runs every sweeper and the outbox. */
export async function advanceAndDrain(ctx: TestContext, ms: number) {
  ctx.clock.advance(ms);
  await drain(ctx);
}

export const statusOf = async (ctx: TestContext, buyer: Session, orderId: number) => (await call(ctx, 'GET', `/api/orders/${orderId}`, buyer.headers)).json().status as string;
