// Helpers for the orders and checkout suites: products on the shelf, a buyer with an address,
// orders placed and paid through the real APIs (the sandbox gateway), and table counts.
import crypto from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { TestContext } from './harness.ts';
import { createProduct, type Headers } from './catalog-fixtures.ts';
import { orderEvents, orders } from '../src/modules/orders/orders.tables.ts';
import { stockReservations } from '../src/modules/inventory/inventory.tables.ts';
import { shopperMessages } from '../src/modules/notifications/notifications.tables.ts';

export type { Headers };
export interface Session {
  id: number;
  headers: Headers;
}
export interface Buyer extends Session {
  addressId: number;
}
export interface Sku {
  productId: number;
  skuId: number;
  price: number;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
export const call = (ctx: TestContext, method: Method, url: string, headers: Record<string, string>, payload?: unknown) =>
  ctx.app.inject({ method, url, headers, payload: payload as never });

export const newKey = () => `key-${crypto.randomBytes(8).toString('hex')}`;

/** A product on the shelf with one SKU of this price and stock. */
export async function productWith(ctx: TestContext, owner: Headers, price: number, stock: number, overrides: Record<string, unknown> = {}): Promise<Sku> {
  const created = await createProduct(ctx, owner, { skus: [{ specValues: {}, price, initialStock: stock }], ...overrides });
  return { productId: created.id, skuId: created.skus[0].id, price };
}

export async function newBuyer(ctx: TestContext): Promise<Buyer> {
  const session = await ctx.shopperSession();
  const res = await call(ctx, 'POST', '/api/me/addresses', session.headers, {
    receiver: '李四',
    phone: '13912345678',
    province: '上海市',
    city: '上海市',
    district: '浦东新区',
    detail: '世纪大道 100 号',
  });
  expect(res.statusCode, res.body).toBe(201);
  return { ...session, addressId: res.json().id };
}

export const placeOrder = (ctx: TestContext, buyer: Buyer, body: Record<string, unknown>, key: string | null = newKey()) =>
  ctx.app.inject({
    method: 'POST',
    url: '/api/orders',
    headers: { ...buyer.headers, ...(key === null ? {} : { 'idempotency-key': key }) },
    payload: { addressId: buyer.addressId, ...body },
  });

/** An unpaid order of these items; returns the order's detail. */
export async function unpaidOrder(ctx: TestContext, buyer: Buyer, items: { skuId: number; quantity: number }[], extra: Record<string, unknown> = {}) {
  const res = await placeOrder(ctx, buyer, { items, ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** Delivers everything due in the outbox (sandbox notices, refunds, messages), a few rounds. */
export async function drain(ctx: TestContext) {
  for (let i = 0; i < 3; i++) await ctx.jobs.drain();
}

/** Starts a sandbox payment of the order; returns the payment number and pay page path. */
export async function startPay(ctx: TestContext, buyer: Session, orderId: number) {
  const res = await call(ctx, 'POST', `/api/orders/${orderId}/payments`, buyer.headers, { provider: 'sandbox' });
  expect(res.statusCode, res.body).toBe(201);
  const body = res.json();
  return { paymentNo: body.paymentNo as string, payUrl: body.payUrl as string };
}

/** The payer presses "pay" on the sandbox's hosted page (optionally with a late notice). */
export async function pressPay(ctx: TestContext, paymentNo: string, query = '') {
  const res = await ctx.app.inject({
    method: 'POST',
    url: `/pay/sandbox/${paymentNo}/pay${query}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'confirm=1',
  });
  expect(res.statusCode, res.body).toBe(303);
}

/** Pays the order through the sandbox: pay page → signed notice → order paid. */
export async function payOrder(ctx: TestContext, buyer: Session, orderId: number) {
  const { paymentNo } = await startPay(ctx, buyer, orderId);
  await pressPay(ctx, paymentNo);
  await drain(ctx);
  return paymentNo;
}

export async function paidOrder(ctx: TestContext, buyer: Buyer, items: { skuId: number; quantity: number }[]) {
  const order = await unpaidOrder(ctx, buyer, items);
  await payOrder(ctx, buyer, order.id);
  return order;
}

export async function getOrder(ctx: TestContext, buyer: Session, orderId: number) {
  const res = await call(ctx, 'GET', `/api/orders/${orderId}`, buyer.headers);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

export async function staffOrder(ctx: TestContext, staff: Session, orderId: number) {
  const res = await call(ctx, 'GET', `/api/admin/orders/${orderId}`, staff.headers);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

export const trackingNo = () => `SF${crypto.randomInt(1e9, 1e10)}`;

export async function eventTypes(ctx: TestContext, orderId: number) {
  const rows = await ctx.db.select({ type: orderEvents.type }).from(orderEvents).where(eq(orderEvents.orderId, orderId)).orderBy(asc(orderEvents.id));
  return rows.map((r) => r.type);
}

export async function messageKinds(ctx: TestContext, shopperId: number) {
  const rows = await ctx.db.select({ kind: shopperMessages.kind }).from(shopperMessages).where(eq(shopperMessages.shopperId, shopperId)).orderBy(asc(shopperMessages.id));
  return rows.map((r) => r.kind);
}

export async function heldFor(ctx: TestContext, orderId: number) {
  return ctx.db
    .select({ skuId: stockReservations.skuId, quantity: stockReservations.quantity, status: stockReservations.status })
    .from(stockReservations)
    .where(and(eq(stockReservations.refType, 'order'), eq(stockReservations.refId, String(orderId))))
    .orderBy(asc(stockReservations.skuId));
}

export async function ordersOf(ctx: TestContext, shopperId: number) {
  return ctx.db.select().from(orders).where(eq(orders.shopperId, shopperId));
}

/** Row counts of the tables a checkout writes, to show a refused request changed nothing. */
export async function checkoutCounts(ctx: TestContext) {
  const tables = ['orders', 'order_lines', 'order_events', 'stock_reservations', 'stock_ledger', 'shopper_messages', 'idempotency_keys', 'points_ledger', 'payments', 'refunds'];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const [row] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(sql.raw(table));
    counts[table] = row!.n;
  }
  const [reserved] = await ctx.db.select({ n: sql<number>`coalesce(sum(reserved), 0)::int` }).from(sql.raw('stock_levels'));
  counts.reservedUnits = reserved!.n;
  return counts;
}

/** Gives the shopper points through the staff API. */
export async function grantPoints(ctx: TestContext, owner: Headers, shopperId: number, delta: number) {
  const res = await call(ctx, 'POST', `/api/admin/points/${shopperId}/adjust`, owner, { delta, note: '测试赠送' });
  expect(res.statusCode, res.body).toBeLessThan(300);
}

export async function pointsBalance(ctx: TestContext, buyer: Session): Promise<number> {
  const res = await call(ctx, 'GET', '/api/me/points', buyer.headers);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().balance;
}

/** A fixed-amount coupon template, claimed by the buyer; returns the claimed coupon's id. */
export async function claimedCoupon(ctx: TestContext, owner: Headers, buyer: Session, amount: number, threshold = 0): Promise<number> {
  const template = await call(ctx, 'POST', '/api/admin/coupon-templates', owner, {
    name: `满${threshold / 100}减${amount / 100}`,
    kind: 'fixed',
    amount,
    threshold,
    validity: { kind: 'days', days: 30 },
    totalQuantity: 100,
  });
  expect(template.statusCode, template.body).toBe(201);
  const claimed = await call(ctx, 'POST', `/api/coupons/${template.json().id}/claim`, buyer.headers);
  expect(claimed.statusCode, claimed.body).toBe(201);
  return claimed.json().id;
}

export async function couponStatus(ctx: TestContext, buyer: Session, couponId: number): Promise<string> {
  for (const status of ['unused', 'used', 'expired']) {
    const res = await call(ctx, 'GET', `/api/me/coupons?status=${status}`, buyer.headers);
    expect(res.statusCode, res.body).toBe(200);
    if ((res.json().items as { id: number }[]).some((c) => c.id === couponId)) return status;
  }
  return 'missing';
}
