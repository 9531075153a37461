import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchProblems, lockedBatchProblems, pickBatch, type BatchShape } from './presale-batches.rules.ts';

const day = (n: number) => new Date(Date.UTC(2026, 11, 1) + n * 86_400_000);
const campaign = { type: 'deposit' as const, startsAt: day(0), endsAt: day(2), quota: 10 };
const batch = (units: number, opens: number, ships: number): BatchShape => ({ units, balanceStartsAt: day(opens), balanceEndsAt: day(opens + 3), shipDate: day(ships) });

describe('分批发货 rules', () => {
  it('accepts no batches, or two or more adding up to the quota in order', () => {
    expect(batchProblems([], campaign, { allowBalanceDuringOrderWindow: false })).toEqual([]);
    expect(batchProblems([batch(4, 2, 8), batch(6, 10, 15)], campaign, { allowBalanceDuringOrderWindow: false })).toEqual([]);
    expect(batchProblems([batch(4, 2, 8), batch(6, 10, 15)], { ...campaign, type: 'full' }, { allowBalanceDuringOrderWindow: false }).map((p) => p.code)).toEqual(['PRESALE_BATCHES_DEPOSIT_ONLY']);
    expect(batchProblems([batch(4, 2, 8), batch(5, 10, 15)], campaign, { allowBalanceDuringOrderWindow: false }).map((p) => p.code)).toEqual(['PRESALE_BATCHES_UNITS']);
  });

  it('lets a batch window open during the order window only when the shop allows it', () => {
    const early = [batch(4, 1, 8), batch(6, 10, 15)];
    expect(batchProblems(early, campaign, { allowBalanceDuringOrderWindow: false }).map((p) => p.path)).toEqual(['batches.0.balanceStartsAt']);
    expect(batchProblems(early, campaign, { allowBalanceDuringOrderWindow: true })).toEqual([]);
  });

  it('once placed, only a later balance close may change', () => {
    const before = [batch(4, 2, 8), batch(6, 10, 15)];
    const extended = [before[0]!, { ...before[1]!, balanceEndsAt: day(20) }];
    expect(lockedBatchProblems(before, extended)).toEqual([]);
    const shortened = [{ ...before[0]!, balanceEndsAt: day(3) }, before[1]!];
    expect(lockedBatchProblems(before, shortened).map((p) => p.path)).toEqual(['batches.0.balanceEndsAt']);
    expect(lockedBatchProblems(before, before.slice(0, 1)).map((p) => p.code)).toEqual(['PRESALE_BATCHES_LOCKED']);
  });

  it('places each order whole in the earliest batch with room; only the last batch can be over-filled, and only when nothing else fits', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 2, maxLength: 5 }), fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 60 }), (sizes, orders) => {
        const batches = sizes.map((units, i) => ({ id: i + 1, seq: i + 1, units, assignedUnits: 0 }));
        for (const units of orders) {
          const picked = pickBatch(batches, units)!;
          const earlierWithRoom = batches.find((b) => b.seq < picked.seq && b.assignedUnits + units <= b.units);
          expect(earlierWithRoom).toBeUndefined();
          if (picked.assignedUnits + units > picked.units) {
            expect(picked.seq).toBe(batches.length);
            expect(batches.every((b) => b.assignedUnits + units > b.units)).toBe(true);
          }
          picked.assignedUnits += units;
        }
        for (const b of batches.slice(0, -1)) expect(b.assignedUnits).toBeLessThanOrEqual(b.units);
      }),
    );
  });
});
