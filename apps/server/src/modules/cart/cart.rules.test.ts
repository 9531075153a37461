import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { addedQuantity, assertRoomForLine, lineProblem, planMerge, type StoredLine } from './cart.rules.ts';

const line = (id: number, skuId: number, quantity: number, addedAt = id, selected = true): StoredLine => ({ id, skuId, quantity, selected, addedAt: new Date(addedAt * 1000) });

const lines = (idBase: number) =>
  fc
    .uniqueArray(fc.record({ skuId: fc.integer({ min: 1, max: 40 }), quantity: fc.integer({ min: 1, max: 99 }), selected: fc.boolean(), at: fc.nat(1000) }), {
      selector: (l) => l.skuId,
      maxLength: 30,
    })
    .map((rows) => rows.map((r, i) => line(idBase + i, r.skuId, r.quantity, r.at, r.selected)));

describe('planMerge', () => {
  it('adds quantities of the same SKU and caps them at the per-line maximum', () => {
    const plan = planMerge([line(1, 10, 5, 1, false), line(2, 11, 1)], [line(3, 10, 98), line(4, 12, 2)]);
    expect(plan.updates).toEqual([{ id: 1, quantity: 99, selected: true }]);
    expect(plan.inserts).toEqual([{ skuId: 12, quantity: 2, selected: true, addedAt: new Date(4000) }]);
    expect(plan).toMatchObject({ capped: 1, dropped: 0 });
  });

  it('keeps the newest guest lines when the cart runs out of room', () => {
    const plan = planMerge([line(1, 1, 1)], [line(2, 2, 1, 10), line(3, 3, 1, 30), line(4, 4, 1, 20)], { quantityPerLineMax: 99, linesMax: 3 });
    expect(plan.inserts.map((l) => l.skuId)).toEqual([3, 4]);
    expect(plan.dropped).toBe(1);
  });

  it('never exceeds the limits and accounts for every guest line (property)', () => {
    fc.assert(
      fc.property(lines(1), lines(1000), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 99 }), (target, guest, linesMax, quantityPerLineMax) => {
        const limits = { linesMax: Math.max(linesMax, target.length), quantityPerLineMax };
        const clamp = (l: StoredLine) => ({ ...l, quantity: Math.min(l.quantity, quantityPerLineMax) });
        const plan = planMerge(target.map(clamp), guest, limits);
        expect(target.length + plan.inserts.length).toBeLessThanOrEqual(limits.linesMax);
        expect(plan.updates.length + plan.inserts.length + plan.dropped).toBe(guest.length);
        const targetBySku = new Map(target.map((l) => [l.skuId, clamp(l)]));
        for (const u of plan.updates) {
          const before = target.find((l) => l.id === u.id)!;
          const incoming = guest.find((g) => g.skuId === before.skuId)!;
          expect(u.quantity).toBe(Math.min(targetBySku.get(before.skuId)!.quantity + incoming.quantity, quantityPerLineMax));
        }
        for (const i of plan.inserts) {
          expect(targetBySku.has(i.skuId)).toBe(false);
          expect(i.quantity).toBeGreaterThanOrEqual(1);
          expect(i.quantity).toBeLessThanOrEqual(quantityPerLineMax);
        }
      }),
    );
  });
});

describe('cart limits and line problems', () => {
  it('refuses a line above 99 and a 101st line', () => {
    expect(addedQuantity(90, 9)).toBe(99);
    expect(() => addedQuantity(90, 10)).toThrow(AppError);
    expect(() => assertRoomForLine(99)).not.toThrow();
    expect(() => assertRoomForLine(100)).toThrow(expect.objectContaining({ code: 'CART_FULL' }));
  });

  it('puts shelf and SKU state before stock', () => {
    const sku = { title: 't', onShelf: true, active: true };
    expect(lineProblem(undefined, 1, 10)).toBe('PRODUCT_GONE');
    expect(lineProblem({ ...sku, onShelf: false, active: false }, 1, 0)).toBe('PRODUCT_OFF_SHELF');
    expect(lineProblem({ ...sku, active: false }, 1, 0)).toBe('SKU_INACTIVE');
    expect(lineProblem(sku, 1, 0)).toBe('OUT_OF_STOCK');
    expect(lineProblem(sku, 3, 2)).toBe('STOCK_SHORT');
    expect(lineProblem(sku, 2, 2)).toBeNull();
  });
});
