// Helpers for the installation suites: an installable product, orders of it, bookings and outcomes.
import { asc, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import type { TestContext } from './harness.ts';
import { call, newBuyer, paidOrder, productWith, unpaidOrder, type Buyer, type Headers, type Sku } from './orders-fixtures.ts';
import { shopperMessages } from '../src/modules/notifications/notifications.tables.ts';

export { call, newBuyer, paidOrder, unpaidOrder, type Buyer, type Headers };

/** A product on the shelf that comes with installation. */
export async function installableProduct(ctx: TestContext, owner: Headers, note = '免费上门安装'): Promise<Sku> {
  const sku = await productWith(ctx, owner, 299_900, 500, { title: '滚筒洗衣机 10kg' });
  const res = await call(ctx, 'PUT', `/api/admin/installation/products/${sku.productId}`, owner, { note });
  expect(res.statusCode, res.body).toBe(200);
  return sku;
}

export const slot = (slotDate: string, slotPeriod: 'morning' | 'afternoon' | 'evening' = 'morning') => ({ slotDate, slotPeriod });
export const contact = { contactName: '李四', contactPhone: '13912345678' };

export const book = (ctx: TestContext, buyer: { headers: Headers }, orderId: number, body: Record<string, unknown>) =>
  call(ctx, 'POST', `/api/orders/${orderId}/installation`, buyer.headers, { ...contact, ...body });

export async function booked(ctx: TestContext, buyer: { headers: Headers }, orderId: number, body: Record<string, unknown>) {
  const res = await book(ctx, buyer, orderId, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; status: string; slotDate: string; slotPeriod: string };
}

export async function setInstallation(ctx: TestContext, owner: Headers, installation: Record<string, number>) {
  const res = await call(ctx, 'PATCH', '/api/admin/settings', owner, { installation });
  expect(res.statusCode, res.body).toBe(200);
}

export async function remainingOf(ctx: TestContext, buyer: { headers: Headers }, date: string, period: string) {
  const res = await call(ctx, 'GET', '/api/installation/slots', buyer.headers);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as { date: string; period: string; remaining: number }[]).find((s) => s.date === date && s.period === period)?.remaining;
}

export async function messagesOf(ctx: TestContext, shopperId: number, kindPrefix = 'installation.') {
  const rows = await ctx.db.select().from(shopperMessages).where(eq(shopperMessages.shopperId, shopperId)).orderBy(asc(shopperMessages.id));
  return rows.filter((r) => r.kind.startsWith(kindPrefix));
}

/** Status code and problem code of a response. */
export const outcome = (res: { statusCode: number; json(): { code?: string } }) => (res.statusCode < 300 ? res.statusCode : `${res.statusCode} ${res.json().code}`);
