// Never oversold under concurrency: many transactions at once on the real PostgreSQL (a pool
// of 20 connections, so they truly overlap) and on PGlite.
import { and, eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { createStockedProduct, expectStockExplained } from './inventory-fixtures.ts';
import { AppError } from '../src/platform/errors.ts';
import { stockLedger, stockReservations } from '../src/modules/inventory/inventory.tables.ts';
import { outbox } from '../src/platform/platform.tables.ts';
import { staffNotifications } from '../src/modules/notifications/notifications.tables.ts';

/** A small deterministic generator, so a failure can be replayed. */
function seeded(seed: number) {
  let state = seed;
  return (max: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state % max;
  };
}

/** Runs a promise and returns null on success or the AppError code; anything else (a deadlock, a 500) is rethrown. */
async function outcome(work: Promise<unknown>): Promise<string | null> {
  try {
    await work;
    return null;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

describeEachDatabase('inventory under concurrency', (ctx) => {
  const inv = () => ctx().services.inventory;
  const reserveInTx = (refId: string, lines: { skuId: number; quantity: number }[]) =>
    ctx().db.transaction((tx) => inv().reserve(tx, { refType: 'order', refId, lines, actor: 'load' }));

  const expectConsistent = (skuId: number) => expectStockExplained(ctx(), skuId);

  it('never oversells: 240 concurrent reservations of one SKU with 50 on hand', async () => {
    const p = await createStockedProduct(ctx(), [{ onHand: 50 }]);
    const skuId = p.skuIds[0]!;
    const random = seeded(7);
    const requests = Array.from({ length: 240 }, (_, i) => ({ refId: `burst-${i}`, quantity: 1 + random(3) }));
    const results = await Promise.all(requests.map((r) => outcome(reserveInTx(r.refId, [{ skuId, quantity: r.quantity }]))));
    const succeeded = requests.filter((_, i) => results[i] === null);
    const failed = requests.filter((_, i) => results[i] !== null);
    expect(new Set(results.filter((r) => r !== null))).toEqual(new Set(['INSUFFICIENT_STOCK']));
    const reservedBySuccesses = succeeded.reduce((sum, r) => sum + r.quantity, 0);
    const row = await expectConsistent(skuId);
    expect(row.reserved).toBe(reservedBySuccesses);
    expect(row.reserved).toBeLessThanOrEqual(50);
    expect(row.onHand).toBe(50);
    // Stock only went down, so each refusal saw less than it asked for: what is left is below the smallest refused quantity.
    expect(row.onHand - row.reserved).toBeLessThan(Math.min(...failed.map((r) => r.quantity)));
    const reserveRows = await ctx().db.select({ refId: stockLedger.refId }).from(stockLedger).where(and(eq(stockLedger.skuId, skuId), eq(stockLedger.movement, 'reserve')));
    expect(reserveRows.map((r) => r.refId).sort()).toEqual(succeeded.map((r) => r.refId).sort());
  });

  it('stays consistent with reservations, double releases, commits, adjustments and stocktakes all at once', async () => {
    const p = await createStockedProduct(ctx(), [{ onHand: 40 }, { onHand: 40 }, { onHand: 40 }]);
    const random = seeded(11);
    const lines = () => {
      const picked = p.skuIds.filter(() => random(2) === 0);
      const skus = picked.length > 0 ? picked : [p.skuIds[random(3)]!];
      return skus.map((skuId) => ({ skuId, quantity: 1 + random(3) })).reverse(); // callers' order does not matter
    };
    const first = await Promise.all(Array.from({ length: 60 }, (_, i) => outcome(reserveInTx(`mix-${i}`, lines()))));
    expect(first.every((r) => r === null || r === 'INSUFFICIENT_STOCK')).toBe(true);

    const work: Promise<string | null>[] = [];
    for (let i = 0; i < 30; i++) {
      const release = () => ctx().db.transaction((tx) => inv().release(tx, { refType: 'order', refId: `mix-${i}`, reason: 'timeout', actor: 'sweeper' }));
      work.push(outcome(release()), outcome(release()));
    }
    for (let i = 30; i < 45; i++) work.push(outcome(ctx().db.transaction((tx) => inv().commit(tx, { refType: 'order', refId: `mix-${i}`, actor: 'shipping' }))));
    for (let i = 60; i < 140; i++) work.push(outcome(reserveInTx(`mix-${i}`, lines())));
    for (let i = 0; i < 40; i++) {
      const delta = random(2) === 0 ? 1 + random(5) : -(1 + random(5));
      work.push(outcome(inv().adjust(undefined, { skuId: p.skuIds[random(3)]!, delta, reason: 'correction', actor: 'staff' })));
    }
    for (let i = 0; i < 5; i++) {
      work.push(outcome(inv().stocktake(undefined, { actor: 'staff', lines: p.skuIds.map((skuId) => ({ skuId, countedOnHand: 30 + random(20) })) })));
    }
    const results = await Promise.all(work);
    const allowed = new Set([null, 'INSUFFICIENT_STOCK', 'STOCK_BELOW_RESERVED', 'STOCK_NEGATIVE', 'STOCKTAKE_BELOW_RESERVED']);
    expect(results.filter((r) => !allowed.has(r))).toEqual([]);
    for (const skuId of p.skuIds) await expectConsistent(skuId);
    for (let i = 0; i < 30; i++) {
      const held = await ctx().db.select().from(stockReservations).where(eq(stockReservations.refId, `mix-${i}`));
      const releases = await ctx().db.select().from(stockLedger).where(and(eq(stockLedger.refId, `mix-${i}`), eq(stockLedger.movement, 'release')));
      expect(held.every((r) => r.status === 'released')).toBe(true);
      expect(releases.length).toBe(held.length); // released once, though asked twice at the same moment
    }
  });

  it('raises exactly one low-stock alert when many concurrent orders cross the threshold', async () => {
    const p = await createStockedProduct(ctx(), [{ onHand: 100, threshold: 40 }], '盲盒 系列一');
    const skuId = p.skuIds[0]!;
    const results = await Promise.all(Array.from({ length: 90 }, (_, i) => outcome(reserveInTx(`crowd-${i}`, [{ skuId, quantity: 1 }]))));
    expect(results.every((r) => r === null)).toBe(true);
    const row = await expectConsistent(skuId);
    expect(row).toMatchObject({ reserved: 90, lowStockAlerted: true });
    const queued = await ctx().db.select().from(outbox).where(and(eq(outbox.topic, 'inventory.low_stock'), sql`${outbox.payload}->>'skuId' = ${String(skuId)}`));
    expect(queued).toHaveLength(1);
    expect(queued[0]!.payload).toMatchObject({ skuId, sellable: 39, threshold: 40 });
    await ctx().jobs.drain();
    const notes = await ctx()
      .db.select()
      .from(staffNotifications)
      .where(and(eq(staffNotifications.kind, 'low_stock'), sql`${staffNotifications.data}->>'skuId' = ${String(skuId)}`));
    expect(notes).toHaveLength(1);
    expect(notes[0]!.data).toMatchObject({ skuId, productId: p.productId, productTitle: '盲盒 系列一', sellable: 39, threshold: 40 });
  });
});
