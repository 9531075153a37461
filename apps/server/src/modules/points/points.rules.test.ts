import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { pointsEarned, reversalOf } from './points.rules.ts';

describe('pointsEarned', () => {
  it.each([
    { paid: 0, rate: 1, points: 0 },
    { paid: 99, rate: 1, points: 0 },
    { paid: 100, rate: 1, points: 1 },
    { paid: 19_999, rate: 1, points: 199 },
    { paid: 19_999, rate: 3, points: 597 },
    { paid: 50_000, rate: 0, points: 0 },
  ])('$paid fen at $rate per yuan earns $points', ({ paid, rate, points }) => {
    expect(pointsEarned(paid, rate)).toBe(points);
  });
  it('refuses negative or fractional amounts', () => {
    expect(() => pointsEarned(-1, 1)).toThrow(RangeError);
    expect(() => pointsEarned(1.5, 1)).toThrow(RangeError);
  });
});

describe('reversalOf', () => {
  it.each([
    { name: 'all that was earned', input: { earned: 100, settled: 0, balance: 500 }, take: 100, shortfall: 0 },
    { name: 'part of it', input: { earned: 100, settled: 0, balance: 500, requested: 30 }, take: 30, shortfall: 0 },
    { name: 'no more than remains', input: { earned: 100, settled: 80, balance: 500, requested: 50 }, take: 20, shortfall: 0 },
    { name: 'what the balance holds', input: { earned: 100, settled: 0, balance: 40 }, take: 40, shortfall: 60 },
    { name: 'nothing when all is settled', input: { earned: 100, settled: 100, balance: 40 }, take: 0, shortfall: 0 },
    { name: 'nothing for a negative request', input: { earned: 100, settled: 0, balance: 40, requested: -5 }, take: 0, shortfall: 0 },
  ])('takes $name', ({ input, take, shortfall }) => {
    expect(reversalOf(input)).toEqual({ take, shortfall });
  });
  it('never takes more than the balance, nor settles more than was earned', () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.nat(10_000), fc.nat(10_000), fc.option(fc.integer({ min: -100, max: 20_000 }), { nil: undefined }), (earned, settled, balance, requested) => {
        const r = reversalOf({ earned, settled, balance, requested });
        expect(r.take).toBeGreaterThanOrEqual(0);
        expect(r.shortfall).toBeGreaterThanOrEqual(0);
        expect(r.take).toBeLessThanOrEqual(balance);
        expect(settled + r.take + r.shortfall).toBeLessThanOrEqual(Math.max(settled, earned));
      }),
    );
  });
});
