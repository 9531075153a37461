// Test helpers for "notify me": shelved products, restocks, campaigns, and the shopper's messages.
import { and, asc, eq, inArray, like } from 'drizzle-orm';
import { expect } from 'vitest';
import { products } from '../src/modules/catalog/index.ts';
import { demandSubscriptions } from '../src/modules/demand/demand.tables.ts';
import { shopperMessages } from '../src/modules/notifications/notifications.tables.ts';
import { presaleCampaigns, presaleItems } from '../src/modules/presale/index.ts';
import type { TestContext } from './harness.ts';
import { createStockedProduct, type StockFixture } from './inventory-fixtures.ts';

export type Headers = { authorization: string };

/** A product on shelf with one SKU per entry of `onHand`. */
export async function shelvedProduct(ctx: TestContext, onHand: number[], title?: string): Promise<StockFixture> {
  const fixture = await createStockedProduct(ctx, onHand.map((n) => ({ onHand: n })), title);
  await ctx.db.update(products).set({ onShelf: true }).where(eq(products.id, fixture.productId));
  return fixture;
}

export async function restock(ctx: TestContext, skuId: number, delta: number) {
  return ctx.services.inventory.adjust(undefined, { skuId, delta, reason: delta > 0 ? 'restock' : 'damage', actor: 'test' });
}

export async function subscribe(ctx: TestContext, headers: Headers, target: string, targetId: number, expected = 201) {
  const res = await ctx.app.inject({ method: 'POST', url: '/api/notify-me', headers, payload: { target, targetId } });
  expect(res.statusCode, res.body).toBe(expected);
  return res.json() as { id: number; status: string; subscribedAt: string; notifiedAt: string | null };
}

/** The shopper's messages of one kind (demand.*), oldest first. */
export async function demandMessages(ctx: TestContext, shopperId: number, kind?: string) {
  return ctx.db
    .select()
    .from(shopperMessages)
    .where(and(eq(shopperMessages.shopperId, shopperId), kind ? eq(shopperMessages.kind, kind) : like(shopperMessages.kind, 'demand.%')))
    .orderBy(asc(shopperMessages.id));
}

export async function subscriptionRows(ctx: TestContext, ids: number[]) {
  return ctx.db.select().from(demandSubscriptions).where(inArray(demandSubscriptions.id, ids)).orderBy(asc(demandSubscriptions.id));
}

/** A full-payment presale campaign on these SKUs, written straight into the presale tables. */
export async function createCampaign(
  ctx: TestContext,
  input: { name: string; startsAt: Date; endsAt: Date; items: { productId: number; skuId: number }[] },
): Promise<number> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [campaign] = await tx
      .insert(presaleCampaigns)
      .values({ type: 'full', name: input.name, startsAt: input.startsAt, endsAt: input.endsAt, shipKind: 'days_after_paid', shipDays: 7, createdAt: now, updatedAt: now })
      .returning({ id: presaleCampaigns.id });
    for (const item of input.items) {
      await tx.insert(presaleItems).values({ campaignId: campaign!.id, ...item, presalePrice: 5_000, quota: 10, perBuyerLimit: 2, createdAt: now, updatedAt: now });
    }
    return campaign!.id;
  });
}
