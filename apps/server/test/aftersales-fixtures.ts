// Helpers for the after-sales suites: a shop with products, a buyer with an address, and orders
// placed, paid (sandbox), shipped and completed through the real APIs.
import crypto from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { TestContext } from './harness.ts';
import { createProduct, type Headers } from './catalog-fixtures.ts';
import { auditLog } from '../src/platform/platform.tables.ts';
import { aftersalesHistory } from '../src/modules/aftersales/aftersales.tables.ts';
import { shopperMessages } from '../src/modules/notifications/notifications.tables.ts';
import { orderLines } from '../src/modules/orders/orders.tables.ts';
import type { Buyer, Session, Sku } from './orders-fixtures.ts';

export type { Headers };
export type { Buyer, Session, Sku };
export interface Shop {
  owner: Session;
  service: Session;
  warehouse: Session;
  /** ¥100, allows after-sales. */
  tv: Sku;
  /** ¥30 (below the free-shipping threshold), allows after-sales. */
  cable: Sku;
  /** ¥50, no after-sales. */
  blindBox: Sku;
}
export interface OrderLine {
  id: number;
  skuId: number;
  quantity: number;
  payAmount: number;
}
export interface PlacedOrder {
  id: number;
  orderNo: string;
  totalAmount: number;
  shippingFee: number;
  lines: OrderLine[];
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
export const call = (ctx: TestContext, method: Method, url: string, headers: Headers | Record<string, string>, payload?: unknown) =>
  ctx.app.inject({ method, url, headers, payload: payload as never });

async function product(ctx: TestContext, owner: Headers, price: number, afterSalesAllowed: boolean): Promise<Sku> {
  const created = await createProduct(ctx, owner, { afterSalesAllowed, skus: [{ specValues: {}, price, initialStock: 1000 }] });
  return { productId: created.id, skuId: created.skus[0].id, price };
}

export async function setupShop(ctx: TestContext): Promise<Shop> {
  const owner = await ctx.staffSession('owner');
  return {
    owner,
    service: await ctx.staffSession('customer_service'),
    warehouse: await ctx.staffSession('warehouse'),
    tv: await product(ctx, owner.headers, 10_000, true),
    cable: await product(ctx, owner.headers, 3_000, true),
    blindBox: await product(ctx, owner.headers, 5_000, false),
  };
}

export async function newBuyer(ctx: TestContext): Promise<Buyer> {
  const session = await ctx.shopperSession();
  const res = await call(ctx, 'POST', '/api/me/addresses', session.headers, {
    receiver: '张三',
    phone: '13812345678',
    province: '广东省',
    city: '深圳市',
    district: '南山区',
    detail: '科技园南区 1 栋 101',
  });
  expect(res.statusCode, res.body).toBe(201);
  return { ...session, addressId: res.json().id };
}

async function orderOf(ctx: TestContext, buyer: Session, orderId: number): Promise<PlacedOrder> {
  const res = await call(ctx, 'GET', `/api/orders/${orderId}`, buyer.headers);
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json();
  const order = body.order ?? body;
  return {
    id: order.id,
    orderNo: order.orderNo,
    totalAmount: order.totalAmount,
    shippingFee: order.shippingFee ?? order.breakdown?.shippingFee,
    lines: (body.lines ?? order.lines).map((l: OrderLine) => ({ id: l.id, skuId: l.skuId, quantity: l.quantity, payAmount: l.payAmount })),
  };
}

/** An order placed through checkout, unpaid. */
export async function unpaidOrder(ctx: TestContext, buyer: Buyer, items: { skuId: number; quantity: number }[]): Promise<PlacedOrder> {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/orders',
    headers: { ...buyer.headers, 'idempotency-key': `order-${crypto.randomBytes(8).toString('hex')}` },
    payload: { items, addressId: buyer.addressId },
  });
  expect(res.statusCode, res.body).toBe(201);
  const body = res.json();
  return orderOf(ctx, buyer, body.id ?? body.order?.id);
}

/** Delivers everything due in the outbox (sandbox notices, refunds), a few rounds. */
export async function drain(ctx: TestContext) {
  for (let i = 0; i < 3; i++) await ctx.jobs.drain();
}

/** Pays the order with the sandbox (hosted page → signed notice → order paid). */
export async function pay(ctx: TestContext, buyer: Session, orderId: number): Promise<void> {
  const res = await call(ctx, 'POST', `/api/orders/${orderId}/payments`, buyer.headers, { provider: 'sandbox' });
  expect(res.statusCode, res.body).toBe(201);
  const { paymentNo } = res.json();
  await sandboxPay(ctx, paymentNo);
  await drain(ctx);
}

/** Completes the sandbox's hosted payment page for this payment. */
async function sandboxPay(ctx: TestContext, paymentNo: string): Promise<void> {
  const res = await ctx.app.inject({ method: 'POST', url: `/pay/sandbox/${paymentNo}/pay` });
  expect(res.statusCode, res.body).toBe(303);
}

export async function paidOrder(ctx: TestContext, buyer: Buyer, items: { skuId: number; quantity: number }[]): Promise<PlacedOrder> {
  const order = await unpaidOrder(ctx, buyer, items);
  await pay(ctx, buyer, order.id);
  return order;
}

/** Ships the order (all of it, or these lines). */
export async function ship(ctx: TestContext, staff: Session, orderId: number, lines?: { orderLineId: number; quantity: number }[]) {
  const res = await call(ctx, 'POST', `/api/admin/orders/${orderId}/ship`, staff.headers, {
    carrier: '顺丰速运',
    trackingNo: `SF${crypto.randomInt(1e9, 1e10)}`,
    ...(lines ? { lines } : {}),
  });
  expect(res.statusCode, res.body).toBe(200);
}

/** The shopper confirms receipt: the order completes. */
export async function complete(ctx: TestContext, buyer: Session, orderId: number) {
  const res = await call(ctx, 'POST', `/api/orders/${orderId}/confirm-receipt`, buyer.headers);
  expect(res.statusCode, res.body).toBe(200);
}

export async function orderRow(ctx: TestContext, buyer: Session, orderId: number) {
  const res = await call(ctx, 'GET', `/api/orders/${orderId}`, buyer.headers);
  const body = res.json();
  return (body.order ?? body) as { status: string; refundedAmount: number } & Record<string, unknown>;
}

// ---- after-sales ----

export function applyBody(order: PlacedOrder, overrides: Record<string, unknown> = {}) {
  return {
    orderId: order.id,
    type: 'refund_only',
    reason: '不想要了/七天无理由',
    description: '不需要了',
    lines: [{ orderLineId: order.lines[0]!.id, quantity: order.lines[0]!.quantity }],
    ...overrides,
  };
}

export async function apply(ctx: TestContext, buyer: Session, body: Record<string, unknown>) {
  const res = await call(ctx, 'POST', '/api/aftersales', buyer.headers, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

export async function staffMove(ctx: TestContext, staff: Session, ticketId: number, action: string, payload: unknown = {}) {
  const res = await call(ctx, 'POST', `/api/admin/aftersales/${ticketId}/${action}`, staff.headers, payload);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

export async function historyOf(ctx: TestContext, ticketId: number) {
  return ctx.db.select().from(aftersalesHistory).where(eq(aftersalesHistory.ticketId, ticketId)).orderBy(aftersalesHistory.id);
}

export async function auditOf(ctx: TestContext, ticketId: number) {
  return ctx.db
    .select()
    .from(auditLog)
    .where(sql`${auditLog.entityType} = 'aftersales_ticket' AND ${auditLog.entityId} = ${String(ticketId)}`)
    .orderBy(auditLog.id);
}

export async function messagesOf(ctx: TestContext, shopperId: number) {
  return ctx.db.select().from(shopperMessages).where(eq(shopperMessages.shopperId, shopperId)).orderBy(shopperMessages.id);
}

/** Row counts of every after-sales table, to show a refused request changed nothing. */
export async function aftersalesCounts(ctx: TestContext) {
  const tables = ['aftersales_tickets', 'aftersales_ticket_lines', 'aftersales_history', 'aftersales_refunds', 'aftersales_photos', 'shopper_messages', 'audit_log'];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const [row] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(sql.raw(table));
    counts[table] = row!.n;
  }
  return counts;
}

/** Order lines by id, in id order. */
export function orderLinesById(ctx: TestContext, ids: number[]) {
  return ctx.db.select().from(orderLines).where(inArray(orderLines.id, ids)).orderBy(orderLines.id);
}

/** A ticket's history as [action, from, to, actor kind] rows, oldest first. */
export async function movesOf(ctx: TestContext, ticketId: number) {
  return (await historyOf(ctx, ticketId)).map((h) => [h.action, h.fromStatus, h.toStatus, h.actor.split(':')[0]]);
}
