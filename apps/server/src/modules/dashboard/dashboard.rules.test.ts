import { describe, expect, it } from 'vitest';
import { averageOrderValue, fillSeries, localDate, periodOf, seriesTotals, startOfLocalDay, statusCounts } from './dashboard.rules.ts';

describe('dashboard rules', () => {
  it('a day starts at its own midnight in the zone, daylight saving included', () => {
    expect(startOfLocalDay('2026-11-24', 'Asia/Shanghai').toISOString()).toBe('2026-11-23T16:00:00.000Z');
    expect(startOfLocalDay('2026-11-24', 'UTC').toISOString()).toBe('2026-11-24T00:00:00.000Z');
    // New York: EDT (−4) until 1 November 2026, EST (−5) from then.
    expect(startOfLocalDay('2026-11-01', 'America/New_York').toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(startOfLocalDay('2026-11-02', 'America/New_York').toISOString()).toBe('2026-11-02T05:00:00.000Z');
    expect(startOfLocalDay('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
  });

  it('the period is the last N days up to today in the zone', () => {
    const now = new Date('2026-11-23T16:30:00.000Z');
    expect(localDate(now, 'Asia/Shanghai')).toBe('2026-11-24');
    const p = periodOf(now, 7, 'Asia/Shanghai');
    expect(p).toEqual({
      from: '2026-11-18',
      to: '2026-11-24',
      dates: ['2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23', '2026-11-24'],
      since: new Date('2026-11-17T16:00:00.000Z'),
    });
    expect(periodOf(new Date('2027-01-02T00:00:00Z'), 30, 'UTC').from).toBe('2026-12-04');
  });

  it('fills missing days, sums rows of a day, drops days outside, and totals', () => {
    const series = fillSeries(
      ['2026-11-23', '2026-11-24'],
      [
        { date: '2026-11-24', received: 100, refunded: 30 },
        { date: '2026-11-24', ordersPlaced: 2, ordersPaid: 1 },
        { date: '2026-11-22', received: 999 },
      ],
    );
    expect(series).toEqual([
      { date: '2026-11-23', received: 0, refunded: 0, net: 0, ordersPlaced: 0, ordersPaid: 0 },
      { date: '2026-11-24', received: 100, refunded: 30, net: 70, ordersPlaced: 2, ordersPaid: 1 },
    ]);
    expect(seriesTotals(series)).toEqual({ received: 100, refunded: 30, net: 70, ordersPlaced: 2, ordersPaid: 1 });
  });

  it('average order value rounds to the fen; status counts have every status', () => {
    expect(averageOrderValue(82_000, 3)).toBe(27_333);
    expect(averageOrderValue(5, 2)).toBe(3);
    expect(averageOrderValue(0, 0)).toBeNull();
    const counts = statusCounts([{ status: 'shipped', count: 2 }, { status: 'bogus', count: 9 }]);
    expect(counts.shipped).toBe(2);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(2);
  });
});
