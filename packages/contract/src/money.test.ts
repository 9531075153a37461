import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allocateMinor, formatMinorUnits, memberPriceOf, parseMajorUnits, sumMinor } from './money.ts';

describe('parseMajorUnits / formatMinorUnits', () => {
  it('parses decimal yuan exactly', () => {
    expect(parseMajorUnits('199')).toBe(19900);
    expect(parseMajorUnits('199.9')).toBe(19990);
    expect(parseMajorUnits('0.01')).toBe(1);
    expect(parseMajorUnits(' 12.30 ')).toBe(1230);
  });
  it('refuses anything that is not a plain amount', () => {
    for (const bad of ['', '-1', '1.234', '1e3', 'abc', '１２', '1,000', '.5', '0x10']) {
      expect(() => parseMajorUnits(bad), bad).toThrow(RangeError);
    }
  });
  it('round-trips every amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (minor) => {
        expect(parseMajorUnits(formatMinorUnits(minor))).toBe(minor);
      }),
    );
  });
  it('formats negative amounts with their sign', () => {
    expect(formatMinorUnits(-5)).toBe('-0.05');
    expect(() => formatMinorUnits(0.5)).toThrow(RangeError);
  });
});

describe('allocateMinor', () => {
  it('splits in proportion and keeps every fen', () => {
    expect(allocateMinor(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocateMinor(1000, [3000, 7000])).toEqual([300, 700]);
    expect(allocateMinor(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    expect(allocateMinor(5, [0, 0])).toEqual([3, 2]);
  });
  it('parts always sum to the total and never differ from the exact share by a fen or more', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
        fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 30 }),
        (total, weights) => {
          const parts = allocateMinor(total, weights);
          expect(parts).toHaveLength(weights.length);
          expect(sumMinor(parts)).toBe(total);
          const weightSum = weights.reduce((a, b) => a + b, 0);
          if (weightSum > 0) {
            parts.forEach((part, i) => {
              const exact = (total * weights[i]!) / weightSum;
              expect(Math.abs(part - exact)).toBeLessThan(1);
            });
          }
        },
      ),
    );
  });
  it('refuses bad weights', () => {
    expect(() => allocateMinor(10, [])).toThrow(RangeError);
    expect(() => allocateMinor(10, [-1, 2])).toThrow(RangeError);
    expect(() => allocateMinor(10.5, [1])).toThrow(RangeError);
  });
});

describe('memberPriceOf (会员价)', () => {
  it('takes floor(amount × (1000 − permille) / 1000) off: never below the exact price, less than a fen above it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 1, max: 1000 }), (amount, permille) => {
        const paid = memberPriceOf(amount, permille);
        expect(Number.isSafeInteger(paid)).toBe(true);
        expect(paid * 1000).toBeGreaterThanOrEqual(amount * permille);
        expect(paid * 1000 - amount * permille).toBeLessThan(1000);
      }),
    );
    expect(memberPriceOf(29_900, 980)).toBe(29_302);
    expect(memberPriceOf(999, 950)).toBe(950);
    expect(memberPriceOf(12_345, 1000)).toBe(12_345);
    expect(() => memberPriceOf(100, 0)).toThrow(RangeError);
    expect(() => memberPriceOf(1.5, 900)).toThrow(RangeError);
  });
});
