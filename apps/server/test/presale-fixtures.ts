// Helpers for the presale suites: campaign bodies relative to the test clock, creation through the API, row reads.
import { eq, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { TestContext } from './harness.ts';
import { createProduct, type Headers } from './catalog-fixtures.ts';
import { presaleBuyerUnits, presaleCampaigns, presaleItems } from '../src/modules/presale/presale.tables.ts';
import { DAY, HOUR } from '../src/platform/clock.ts';

export { DAY, HOUR };

export const iso = (ctx: TestContext, offsetMs: number) => new Date(ctx.clock.now().getTime() + offsetMs).toISOString();

/** A product with one SKU of this price (on the shelf unless told), returning ids. */
export async function presaleProduct(ctx: TestContext, headers: Headers, options: { price?: number; stock?: number; onShelf?: boolean; overrides?: Record<string, unknown> } = {}) {
  const product = await createProduct(ctx, headers, {
    onShelf: options.onShelf ?? true,
    skus: [{ specValues: {}, price: options.price ?? 100_000, initialStock: options.stock ?? 0 }],
    ...options.overrides,
  });
  return { productId: product.id as number, skuId: product.skus[0].id as number, price: options.price ?? 100_000 };
}

/**
 * A deposit campaign body: orders open in a day for a week, the balance window opens when orders
 * close and lasts three days, shipping a month from now. Items default to one SKU.
 */
export function depositBody(ctx: TestContext, skuId: number, overrides: Record<string, unknown> = {}) {
  return {
    type: 'deposit',
    name: '限定手办预售',
    rulesText: '预计发货时间见页面；定金不退。',
    termsText: '定金一经支付不予退还。',
    startsAt: iso(ctx, DAY),
    endsAt: iso(ctx, 8 * DAY),
    balanceStartsAt: iso(ctx, 8 * DAY),
    balanceEndsAt: iso(ctx, 11 * DAY),
    ship: { kind: 'date', shipDate: iso(ctx, 30 * DAY) },
    items: [{ skuId, presalePrice: 80_000, deposit: 10_000, quota: 50, perBuyerLimit: 2 }],
    ...overrides,
  };
}

export function fullBody(ctx: TestContext, skuId: number, overrides: Record<string, unknown> = {}) {
  return {
    type: 'full',
    name: '全款预售',
    startsAt: iso(ctx, DAY),
    endsAt: iso(ctx, 8 * DAY),
    ship: { kind: 'days_after_paid', shipDays: 15 },
    items: [{ skuId, presalePrice: 90_000, quota: 20, perBuyerLimit: 3 }],
    ...overrides,
  };
}

export const post = (ctx: TestContext, url: string, headers: Headers, payload: unknown) => ctx.app.inject({ method: 'POST', url, headers, payload: payload as never });
export const patch = (ctx: TestContext, url: string, headers: Headers, payload: unknown) => ctx.app.inject({ method: 'PATCH', url, headers, payload: payload as never });
export const get = (ctx: TestContext, url: string, headers?: Headers) => ctx.app.inject({ method: 'GET', url, headers });

export async function createCampaign(ctx: TestContext, headers: Headers, body: Record<string, unknown>) {
  const res = await post(ctx, '/api/admin/presale/campaigns', headers, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

export async function campaignRow(ctx: TestContext, id: number) {
  const [row] = await ctx.db.select().from(presaleCampaigns).where(eq(presaleCampaigns.id, id));
  return row!;
}

export async function itemRows(ctx: TestContext, campaignId: number) {
  return ctx.db.select().from(presaleItems).where(eq(presaleItems.campaignId, campaignId)).orderBy(presaleItems.id);
}

export async function buyerUnits(ctx: TestContext, itemId: number) {
  return ctx.db.select().from(presaleBuyerUnits).where(eq(presaleBuyerUnits.itemId, itemId));
}

export async function countCampaigns(ctx: TestContext) {
  const [row] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(presaleCampaigns);
  return row!.n;
}

/** Units held through the service, as the orders side will do inside its transaction. */
export function hold(ctx: TestContext, input: { itemId: number; shopperId: number; quantity: number }) {
  return ctx.db.transaction((tx) => ctx.services.presale.holdUnits(tx, input));
}

export function release(ctx: TestContext, input: { itemId: number; shopperId: number; quantity: number }) {
  return ctx.db.transaction((tx) => ctx.services.presale.releaseUnits(tx, input));
}
