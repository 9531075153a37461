import crypto from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { TestContext } from './harness.ts';
import { auditLog } from '../src/platform/platform.tables.ts';

export type Headers = { authorization: string };

let n = 0;
/** A code, barcode or name no other test in the file uses. */
export const uniq = (prefix = 'T') => `${prefix}-${(n++).toString(36)}${crypto.randomBytes(3).toString('hex')}`;

export function productBody(overrides: Record<string, unknown> = {}) {
  return {
    code: uniq('P'),
    title: '测试商品',
    onShelf: true,
    skus: [{ specValues: {}, price: 10_000, initialStock: 5 }],
    ...overrides,
  };
}

/** Creates a product through the API and returns its admin view. */
export async function createProduct(ctx: TestContext, headers: Headers, overrides: Record<string, unknown> = {}) {
  const res = await ctx.app.inject({ method: 'POST', url: '/api/admin/products', headers, payload: productBody(overrides) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

export async function createCategory(ctx: TestContext, headers: Headers, name: string, parentId: number | null = null) {
  const res = await ctx.app.inject({ method: 'POST', url: '/api/admin/categories', headers, payload: { name, parentId } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; name: string };
}

export async function auditRows(ctx: TestContext, action: string, entityId?: number | string) {
  return ctx.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), entityId === undefined ? undefined : eq(auditLog.entityId, String(entityId))));
}

export async function countRows(ctx: TestContext, table: 'products' | 'skus' | 'categories' | 'product_images' | 'stock_levels' | 'audit_log') {
  const [row] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(sql.raw(table));
  return row!.n;
}

/** A tiny valid PNG (1×1). */
export const PNG_1x1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);

/** A multipart/form-data body with one file field. */
export function multipart(field: string, filename: string, contentType: string, data: Buffer) {
  const boundary = `----mall${crypto.randomBytes(8).toString('hex')}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, data, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
