// Model-based property test: random sequences of stock operations against a simple model.
// After every sequence the database agrees with the model, the ledger sums explain the
// numbers, and exactly the model's number of low-stock alerts were delivered.
import fc from 'fast-check';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { createStockedProduct, expectStockExplained } from './inventory-fixtures.ts';
import { AppError } from '../src/platform/errors.ts';
import { staffNotifications } from '../src/modules/notifications/notifications.tables.ts';

type Command =
  | { kind: 'reserve'; ref: number; lines: { sku: number; quantity: number }[] }
  | { kind: 'release'; ref: number }
  | { kind: 'commit'; ref: number; sku?: number }
  | { kind: 'adjust'; sku: number; delta: number }
  | { kind: 'stocktake'; lines: { sku: number; counted: number }[] }
  | { kind: 'threshold'; sku: number; threshold: number };

const SKUS = 3;
const sku = fc.integer({ min: 0, max: SKUS - 1 });
const ref = fc.integer({ min: 0, max: 5 });
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('reserve' as const), ref, lines: fc.array(fc.record({ sku, quantity: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('release' as const), ref }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('commit' as const), ref, sku: fc.option(sku, { nil: undefined }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('adjust' as const), sku, delta: fc.integer({ min: -10, max: 10 }).filter((d) => d !== 0) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('stocktake' as const), lines: fc.uniqueArray(fc.record({ sku, counted: fc.integer({ min: 0, max: 25 }) }), { selector: (l) => l.sku, minLength: 1, maxLength: SKUS }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('threshold' as const), sku, threshold: fc.integer({ min: 0, max: 10 }) }) },
);
const start = fc.array(fc.record({ onHand: fc.integer({ min: 0, max: 20 }), threshold: fc.integer({ min: 0, max: 8 }) }), { minLength: SKUS, maxLength: SKUS });

interface SkuModel {
  onHand: number;
  reserved: number;
  threshold: number;
  alerted: boolean;
}

/** The stock rules, stated as plainly as possible. Returns the error code the service must give, or null. */
class Model {
  skus: SkuModel[];
  held = new Map<string, { quantity: number; status: 'held' | 'released' | 'committed' }>();
  alerts = 0;
  constructor(initial: { onHand: number; threshold: number }[]) {
    this.skus = initial.map((s) => ({ onHand: s.onHand, reserved: 0, threshold: s.threshold, alerted: s.threshold > 0 && s.onHand < s.threshold }));
  }
  private move(i: number, dOnHand: number, dReserved: number) {
    const s = this.skus[i]!;
    s.onHand += dOnHand;
    s.reserved += dReserved;
    const low = s.threshold > 0 && s.onHand - s.reserved < s.threshold;
    if (low && !s.alerted) this.alerts++;
    s.alerted = low;
  }
  apply(c: Command): string | null {
    switch (c.kind) {
      case 'reserve': {
        const merged = new Map<number, number>();
        for (const l of c.lines) merged.set(l.sku, (merged.get(l.sku) ?? 0) + l.quantity);
        const lines = [...merged].sort((a, b) => a[0] - b[0]);
        for (const [i, q] of lines) {
          const existing = this.held.get(`${c.ref}:${i}`);
          if (existing && (existing.status !== 'held' || existing.quantity !== q)) return 'RESERVATION_CONFLICT';
          if (!existing && this.skus[i]!.onHand - this.skus[i]!.reserved < q) return 'INSUFFICIENT_STOCK';
        }
        for (const [i, q] of lines) {
          if (this.held.has(`${c.ref}:${i}`)) continue;
          this.held.set(`${c.ref}:${i}`, { quantity: q, status: 'held' });
          this.move(i, 0, q);
        }
        return null;
      }
      case 'release':
      case 'commit':
        for (let i = 0; i < SKUS; i++) {
          const r = this.held.get(`${c.ref}:${i}`);
          if (!r || r.status !== 'held' || (c.kind === 'commit' && c.sku !== undefined && c.sku !== i)) continue;
          r.status = c.kind === 'release' ? 'released' : 'committed';
          this.move(i, c.kind === 'commit' ? -r.quantity : 0, -r.quantity);
        }
        return null;
      case 'adjust': {
        const s = this.skus[c.sku]!;
        if (s.onHand + c.delta < 0) return 'STOCK_NEGATIVE';
        if (s.onHand + c.delta < s.reserved) return 'STOCK_BELOW_RESERVED';
        this.move(c.sku, c.delta, 0);
        return null;
      }
      case 'stocktake': {
        if (c.lines.some((l) => l.counted < this.skus[l.sku]!.reserved)) return 'STOCKTAKE_BELOW_RESERVED';
        for (const l of c.lines) if (l.counted !== this.skus[l.sku]!.onHand) this.move(l.sku, l.counted - this.skus[l.sku]!.onHand, 0);
        return null;
      }
      case 'threshold': {
        const s = this.skus[c.sku]!;
        s.threshold = c.threshold;
        s.alerted = c.threshold > 0 && s.onHand - s.reserved < c.threshold;
        return null;
      }
    }
  }
}

describeEachDatabase('inventory ledger and model', (ctx) => {
  let run = 0;

  async function execute(c: Command, skuIds: number[], prefix: string): Promise<void> {
    const inv = ctx().services.inventory;
    const refId = `${prefix}-${'ref' in c ? c.ref : ''}`;
    const actor = 'model';
    switch (c.kind) {
      case 'reserve':
        await ctx().db.transaction((tx) => inv.reserve(tx, { refType: 'order', refId, actor, lines: c.lines.map((l) => ({ skuId: skuIds[l.sku]!, quantity: l.quantity })) }));
        return;
      case 'release':
        await ctx().db.transaction((tx) => inv.release(tx, { refType: 'order', refId, reason: 'cancel', actor }));
        return;
      case 'commit':
        await ctx().db.transaction((tx) => inv.commit(tx, { refType: 'order', refId, actor, skuIds: c.sku === undefined ? undefined : [skuIds[c.sku]!] }));
        return;
      case 'adjust':
        await inv.adjust(undefined, { skuId: skuIds[c.sku]!, delta: c.delta, reason: 'correction', actor });
        return;
      case 'stocktake':
        await inv.stocktake(undefined, { actor, lines: c.lines.map((l) => ({ skuId: skuIds[l.sku]!, countedOnHand: l.counted })) });
        return;
      case 'threshold':
        await inv.setThreshold(undefined, { skuId: skuIds[c.sku]!, threshold: c.threshold, actor });
        return;
    }
  }

  it('keeps the database equal to the model and the ledger explaining every number', async () => {
    await fc.assert(
      fc.asyncProperty(start, fc.array(command, { minLength: 1, maxLength: 25 }), async (initial, commands) => {
        const prefix = `m${run++}`;
        const p = await createStockedProduct(ctx(), initial);
        const model = new Model(initial);
        for (const c of commands) {
          const expected = model.apply(c);
          const outcome = await execute(c, p.skuIds, prefix).then(
            () => null,
            (error: unknown) => {
              if (error instanceof AppError) return error.code;
              throw error;
            },
          );
          expect(outcome, JSON.stringify(c)).toBe(expected);
        }
        for (const [i, skuId] of p.skuIds.entries()) {
          const row = await expectStockExplained(ctx(), skuId);
          const m = model.skus[i]!;
          expect({ onHand: row.onHand, reserved: row.reserved, alerted: row.lowStockAlerted }).toEqual({ onHand: m.onHand, reserved: m.reserved, alerted: m.alerted });
        }
        await ctx().jobs.drain();
        const notes = await ctx()
          .db.select({ id: staffNotifications.id })
          .from(staffNotifications)
          .where(and(eq(staffNotifications.kind, 'low_stock'), inArray(sql<number>`(${staffNotifications.data}->>'skuId')::int`, p.skuIds)));
        expect(notes.length).toBe(model.alerts);
      }),
      { numRuns: 25 },
    );
  });
});
