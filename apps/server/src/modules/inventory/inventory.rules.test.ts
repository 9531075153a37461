import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_ON_HAND, MAX_RESERVE_QUANTITY } from '@mall/contract';
import {
  adjustOutcome,
  adjustmentProblems,
  cameBackInStock,
  existingReservationDecision,
  isLowStock,
  lowStockDecision,
  normalizeReserveLines,
  planStocktakeLine,
  skuLabel,
} from './inventory.rules.ts';

describe('low-stock decision', () => {
  it('alerts on the way below the threshold, not at it, and never with threshold 0', () => {
    expect(lowStockDecision(false, 4, 5)).toEqual({ alerted: true, raise: true });
    expect(lowStockDecision(false, 5, 5)).toEqual({ alerted: false, raise: false });
    expect(lowStockDecision(true, 3, 5)).toEqual({ alerted: true, raise: false });
    expect(lowStockDecision(true, 5, 5)).toEqual({ alerted: false, raise: false });
    expect(lowStockDecision(false, -1, 0)).toEqual({ alerted: false, raise: false });
    expect(isLowStock(0, 0)).toBe(false);
  });

  it('raises exactly one alert per crossing from ≥ threshold to < threshold over any sequence', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 30 }), fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 60 }), (threshold, start, path) => {
        let flag = isLowStock(start, threshold);
        let previous = start;
        let raised = 0;
        let crossings = 0;
        for (const sellable of path) {
          const decision = lowStockDecision(flag, sellable, threshold);
          if (decision.raise) raised++;
          if (threshold > 0 && previous >= threshold && sellable < threshold) crossings++;
          flag = decision.alerted;
          previous = sellable;
          expect(flag).toBe(isLowStock(sellable, threshold));
        }
        expect(raised).toBe(crossings);
      }),
    );
  });
});

describe('manual adjustments', () => {
  it('allows exactly the changes that keep reserved ≤ on hand ≤ the maximum', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }), fc.integer({ min: -2000, max: 2000 }), (a, b, delta) => {
        const stock = { onHand: Math.max(a, b), reserved: Math.min(a, b) };
        const after = stock.onHand + delta;
        const outcome = adjustOutcome(stock, delta);
        expect(outcome === 'ok').toBe(after >= stock.reserved && after <= MAX_ON_HAND);
        if (after < 0) expect(outcome).toBe('negative');
        else if (after < stock.reserved) expect(outcome).toBe('below_reserved');
      }),
    );
    expect(adjustOutcome({ onHand: MAX_ON_HAND - 1, reserved: 0 }, 2)).toBe('too_large');
  });

  it('checks the delta against its bounds and its reason', () => {
    expect(adjustmentProblems(5, 'restock')).toEqual([]);
    expect(adjustmentProblems(-5, 'damage')).toEqual([]);
    expect(adjustmentProblems(-5, 'correction')).toEqual([]);
    expect(adjustmentProblems(5, 'correction')).toEqual([]);
    for (const [delta, reason] of [[0, 'correction'], [1.5, 'restock'], [1_000_001, 'restock'], [-5, 'restock'], [-5, 'found'], [5, 'loss'], [Number.NaN, 'correction']] as const) {
      expect(adjustmentProblems(delta, reason)).toHaveLength(1);
    }
  });
});

describe('stocktake lines', () => {
  it('changes on hand by counted − expected, refuses counts below reserved', () => {
    expect(planStocktakeLine({ onHand: 10, reserved: 2 }, 8)).toEqual({ kind: 'change', delta: -2 });
    expect(planStocktakeLine({ onHand: 10, reserved: 2 }, 10)).toEqual({ kind: 'unchanged', delta: 0 });
    expect(planStocktakeLine({ onHand: 10, reserved: 2 }, 2)).toEqual({ kind: 'change', delta: -8 });
    expect(planStocktakeLine({ onHand: 10, reserved: 2 }, 1)).toEqual({ kind: 'below_reserved', delta: -9 });
    fc.assert(
      fc.property(fc.nat(500), fc.nat(500), fc.nat(1000), (a, b, counted) => {
        const stock = { onHand: Math.max(a, b), reserved: Math.min(a, b) };
        const plan = planStocktakeLine(stock, counted);
        expect(stock.onHand + plan.delta).toBe(counted);
        expect(plan.kind === 'below_reserved').toBe(counted < stock.reserved);
      }),
    );
  });
});

describe('reservation lines', () => {
  it('merges lines per SKU and sorts them by SKU id, keeping every unit', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ skuId: fc.integer({ min: 1, max: 8 }), quantity: fc.integer({ min: 1, max: 50 }) }), { minLength: 1, maxLength: 20 }), (lines) => {
        const { lines: merged, problems } = normalizeReserveLines(lines);
        expect(problems).toEqual([]);
        expect(merged.map((l) => l.skuId)).toEqual([...new Set(lines.map((l) => l.skuId))].sort((x, y) => x - y));
        for (const line of merged) {
          expect(line.quantity).toBe(lines.filter((l) => l.skuId === line.skuId).reduce((sum, l) => sum + l.quantity, 0));
        }
      }),
    );
  });

  it('names bad lines', () => {
    expect(normalizeReserveLines([]).problems).toEqual([{ path: 'lines', message: 'must not be empty' }]);
    expect(normalizeReserveLines([{ skuId: 1, quantity: 0 }]).problems[0]!.path).toBe('lines.0.quantity');
    expect(normalizeReserveLines([{ skuId: -1, quantity: 1 }]).problems[0]!.path).toBe('lines.0.skuId');
    expect(normalizeReserveLines([{ skuId: 1, quantity: 2.5 }]).problems).toHaveLength(1);
    const twiceTooMany = normalizeReserveLines([{ skuId: 1, quantity: MAX_RESERVE_QUANTITY }, { skuId: 1, quantity: 1 }]);
    expect(twiceTooMany.problems).toHaveLength(1);
  });

  it('treats a repeat with the same quantity of a held reservation as a retry, anything else as a conflict', () => {
    expect(existingReservationDecision({ status: 'held', quantity: 3 }, 3)).toBe('noop');
    expect(existingReservationDecision({ status: 'held', quantity: 3 }, 4)).toBe('conflict');
    expect(existingReservationDecision({ status: 'released', quantity: 3 }, 3)).toBe('conflict');
    expect(existingReservationDecision({ status: 'committed', quantity: 3 }, 3)).toBe('conflict');
  });
});

describe('sku label', () => {
  it('reads title and spec, else code, else id', () => {
    expect(skuLabel({ skuId: 1, productTitle: '冰箱', specValues: { 颜色: '白', 容量: '500L' } })).toBe('冰箱（白 / 500L）');
    expect(skuLabel({ skuId: 1, productTitle: '冰箱', specValues: {} })).toBe('冰箱');
    expect(skuLabel({ skuId: 1, skuCode: 'F-500' })).toBe('F-500');
    expect(skuLabel({ skuId: 7 })).toBe('SKU 7');
  });
});

describe('back in stock', () => {
  it('is a crossing from no sellable stock to some, never a change within stock or within none', () => {
    expect(cameBackInStock(0, 1)).toBe(true);
    expect(cameBackInStock(0, 50)).toBe(true);
    expect(cameBackInStock(1, 5)).toBe(false);
    expect(cameBackInStock(5, 0)).toBe(false);
    expect(cameBackInStock(0, 0)).toBe(false);
    fc.assert(fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }), (a, b) => cameBackInStock(a, b) === (a === 0 && b > 0)));
  });
});
