import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { earnedWithCaps, expiryOf, pointsEarned, reversalOf, takeFromLots } from './points.rules.ts';

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

describe('points lots, expiry and caps', () => {
  it('takes from the lots in order, never more than each holds', () => {
    expect(takeFromLots([{ id: 1, remaining: 30 }, { id: 2, remaining: 50 }], 60)).toEqual([{ id: 1, take: 30 }, { id: 2, take: 30 }]);
    expect(takeFromLots([{ id: 1, remaining: 30 }], 100)).toEqual([{ id: 1, take: 30 }]);
    fc.assert(
      fc.property(fc.array(fc.record({ id: fc.nat(), remaining: fc.nat({ max: 1000 }) })), fc.nat({ max: 5000 }), (lots, amount) => {
        const takes = takeFromLots(lots, amount);
        const total = takes.reduce((s, t) => s + t.take, 0);
        expect(total).toBe(Math.min(amount, lots.reduce((s, l) => s + l.remaining, 0)));
      }),
    );
  });

  it('expires never, N days later, or at the start of the year after next in the shop time zone', () => {
    const now = new Date('2026-12-31T17:00:00Z'); // 2027-01-01 01:00 in Shanghai
    expect(expiryOf(now, { mode: 'never' }, 'Asia/Shanghai')).toBeNull();
    expect(expiryOf(now, { mode: 'days', days: 30 }, 'Asia/Shanghai')).toEqual(new Date('2027-01-30T17:00:00Z'));
    expect(expiryOf(now, { mode: 'end_of_next_year' }, 'Asia/Shanghai')).toEqual(new Date('2028-12-31T16:00:00Z'));
    expect(expiryOf(new Date('2026-06-01T00:00:00Z'), { mode: 'end_of_next_year' }, 'Asia/Shanghai')).toEqual(new Date('2027-12-31T16:00:00Z'));
  });

  it('applies the multiplier, then the order cap, then what is left of the day', () => {
    const base = { paidAmount: 100_000, earnPerYuan: 1, multiplierPercent: 200, maxPerOrder: 0, maxPerDay: 0, earnedToday: 0 };
    expect(earnedWithCaps(base)).toBe(2_000);
    expect(earnedWithCaps({ ...base, multiplierPercent: 150, paidAmount: 101 })).toBe(1);
    expect(earnedWithCaps({ ...base, maxPerOrder: 500 })).toBe(500);
    expect(earnedWithCaps({ ...base, maxPerDay: 800, earnedToday: 500 })).toBe(300);
    expect(earnedWithCaps({ ...base, maxPerDay: 800, earnedToday: 900 })).toBe(0);
  });
});
