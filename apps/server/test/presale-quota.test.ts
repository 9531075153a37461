// The quota is a hard limit and the per-buyer limit holds, under any concurrency (spec §2): many
// transactions at once on the real PostgreSQL (a pool of 20 connections, so they truly overlap) and on PGlite.
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { buyerUnits, createCampaign, depositBody, hold, itemRows, presaleProduct, release } from './presale-fixtures.ts';
import { AppError } from '../src/platform/errors.ts';
import { presaleItems } from '../src/modules/presale/presale.tables.ts';

/** A small deterministic generator, so a failure can be replayed. */
function seeded(seed: number) {
  let state = seed;
  return (max: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state % max;
  };
}

/** null on success, else the AppError (anything else — a deadlock, a check violation — is rethrown). */
async function outcome(work: Promise<unknown>): Promise<AppError | null> {
  try {
    await work;
    return null;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
}

describeEachDatabase('presale quota and per-buyer limit', (ctx) => {
  async function campaignWith(quota: number, perBuyerLimit: number) {
    const staff = await ctx().staffSession('owner');
    const p = await presaleProduct(ctx(), staff.headers);
    const c = await createCampaign(ctx(), staff.headers, depositBody(ctx(), p.skuId, { items: [{ skuId: p.skuId, presalePrice: 80_000, deposit: 10_000, quota, perBuyerLimit }] }));
    return c.items[0].id as number;
  }

  it('holds within the quota and the limit, refuses beyond them with what is left, and releases never below zero', async () => {
    const itemId = await campaignWith(3, 2);
    const [a, b] = [await ctx().shopperSession(), await ctx().shopperSession()];
    const held = await hold(ctx(), { itemId, shopperId: a.id, quantity: 2 });
    expect(held).toMatchObject({ buyerUnits: 2, item: { id: itemId, soldUnits: 2, presalePrice: 80_000, depositAmount: 10_000 } });
    expect(held.item.firstHeldAt).toEqual(ctx().clock.now());
    const limit = await outcome(hold(ctx(), { itemId, shopperId: a.id, quantity: 1 }));
    expect(limit).toMatchObject({ code: 'PRESALE_LIMIT_REACHED', params: { limit: 2, remaining: 0 } });
    expect(limit!.message).toBe('Limited to 2 per buyer; you may still take 0');
    const soldOut = await outcome(hold(ctx(), { itemId, shopperId: b.id, quantity: 2 }));
    expect(soldOut).toMatchObject({ code: 'PRESALE_SOLD_OUT', params: { left: 1 } });
    const over = await outcome(hold(ctx(), { itemId, shopperId: b.id, quantity: 3 }));
    expect(over?.code).toBe('PRESALE_SOLD_OUT');
    expect((await itemRows(ctx(), (await ctx().db.select().from(presaleItems).where(sql`id = ${itemId}`))[0]!.campaignId))[0]!.soldUnits).toBe(2);

    await release(ctx(), { itemId, shopperId: a.id, quantity: 1 });
    expect((await hold(ctx(), { itemId, shopperId: a.id, quantity: 1 })).buyerUnits).toBe(2);
    await release(ctx(), { itemId, shopperId: a.id, quantity: 5 });
    const [row] = await ctx().db.select().from(presaleItems).where(sql`id = ${itemId}`);
    expect(row!.soldUnits).toBe(0);
    expect((await buyerUnits(ctx(), itemId)).map((r) => r.units)).toEqual([0]);
    // The campaign keeps its frozen mark even when every unit went back.
    expect(row!.firstHeldAt).not.toBeNull();
  });

  it('is all or nothing even when the caller catches the refusal and goes on with its transaction', async () => {
    const itemId = await campaignWith(10, 2);
    const buyer = await ctx().shopperSession();
    await hold(ctx(), { itemId, shopperId: buyer.id, quantity: 2 });
    await ctx().db.transaction(async (tx) => {
      const refused = await outcome(ctx().services.presale.holdUnits(tx, { itemId, shopperId: buyer.id, quantity: 1 }));
      expect(refused?.code).toBe('PRESALE_LIMIT_REACHED');
    });
    const [row] = await ctx().db.select().from(presaleItems).where(sql`id = ${itemId}`);
    expect(row!.soldUnits).toBe(2);
  });

  it('refuses nonsense quantities and unknown items with clear codes', async () => {
    const itemId = await campaignWith(10, 2);
    const buyer = await ctx().shopperSession();
    for (const quantity of [0, -1, 1.5, Number.NaN, 10_000_000]) {
      expect((await outcome(hold(ctx(), { itemId, shopperId: buyer.id, quantity })))?.code).toBe('VALIDATION_FAILED');
    }
    expect((await outcome(hold(ctx(), { itemId: 99_999_999, shopperId: buyer.id, quantity: 1 })))?.code).toBe('NOT_FOUND');
    expect((await outcome(release(ctx(), { itemId: 99_999_999, shopperId: buyer.id, quantity: 1 })))?.code).toBe('NOT_FOUND');
  });

  it('No oversell, ever, under any concurrency: quota 50, 300 concurrent holds by 60 buyers with a limit of 2', async () => {
    const itemId = await campaignWith(50, 2);
    const buyers = await Promise.all(Array.from({ length: 60 }, () => ctx().shopperSession()));
    const random = seeded(11);
    const requests = Array.from({ length: 300 }, (_, i) => ({ shopperId: buyers[i % 60]!.id, quantity: 1 + random(2) }));
    const results = await Promise.all(requests.map((r) => outcome(hold(ctx(), { itemId, ...r }))));

    const codes = new Set(results.filter((r) => r !== null).map((r) => r!.code));
    expect([...codes].every((c) => c === 'PRESALE_SOLD_OUT' || c === 'PRESALE_LIMIT_REACHED'), [...codes].join()).toBe(true);
    const [item] = await ctx().db.select().from(presaleItems).where(sql`id = ${itemId}`);
    const succeeded = requests.filter((_, i) => results[i] === null);
    const soldBySuccesses = succeeded.reduce((sum, r) => sum + r.quantity, 0);
    expect(item!.soldUnits).toBeLessThanOrEqual(50);
    expect(item!.soldUnits).toBe(soldBySuccesses);
    const units = await buyerUnits(ctx(), itemId);
    expect(units.reduce((sum, r) => sum + r.units, 0)).toBe(item!.soldUnits);
    for (const row of units) {
      expect(row.units).toBeLessThanOrEqual(2);
      expect(row.units).toBe(succeeded.filter((r) => r.shopperId === row.shopperId).reduce((sum, r) => sum + r.quantity, 0));
    }
    // Demand far exceeded the quota: it is sold out, except perhaps a unit nobody could still take.
    expect(item!.soldUnits).toBeGreaterThanOrEqual(49);
  });

  it('stays exact with holds and releases of many buyers racing each other', async () => {
    const itemId = await campaignWith(30, 3);
    const buyers = await Promise.all(Array.from({ length: 20 }, () => ctx().shopperSession()));
    // Each buyer first holds 2, then concurrently: more holds, and releases of what they hold.
    await Promise.all(buyers.slice(0, 15).map((b) => hold(ctx(), { itemId, shopperId: b.id, quantity: 2 })));
    const random = seeded(5);
    const ops = Array.from({ length: 200 }, (_, i) => {
      const shopperId = buyers[random(20)]!.id;
      return i % 3 === 0 ? release(ctx(), { itemId, shopperId, quantity: 1 }) : hold(ctx(), { itemId, shopperId, quantity: 1 });
    });
    const results = await Promise.all(ops.map(outcome));
    expect(results.every((r) => r === null || r.code === 'PRESALE_SOLD_OUT' || r.code === 'PRESALE_LIMIT_REACHED')).toBe(true);
    const [item] = await ctx().db.select().from(presaleItems).where(sql`id = ${itemId}`);
    const units = await buyerUnits(ctx(), itemId);
    expect(item!.soldUnits).toBeLessThanOrEqual(30);
    expect(units.reduce((sum, r) => sum + r.units, 0)).toBe(item!.soldUnits);
    expect(units.every((r) => r.units >= 0 && r.units <= 3)).toBe(true);
  });
});
