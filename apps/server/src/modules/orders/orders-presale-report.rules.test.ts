import { describe, expect, it } from 'vitest';
import { conversionOf, fillDays, judgedUnits, localDate, minTargetStatus, reminderCounts, reminderKey, tierStatus } from './orders-presale-report.rules.ts';

const open = { settledAt: null, settlementOutcome: null, settledUnits: null };
const settled = (outcome: 'succeeded' | 'failed', units: number) => ({ settledAt: new Date('2026-11-25T02:00:00Z'), settlementOutcome: outcome, settledUnits: units });

describe('presale report rules (spec §6)', () => {
  it('conversion deposit → balance is balances ÷ deposits in basis points rounded down, and as text; none without deposits', () => {
    expect(conversionOf(2, 3)).toEqual({ basisPoints: 6666, percent: '66.66%' });
    expect(conversionOf(1, 1)).toEqual({ basisPoints: 10_000, percent: '100.00%' });
    expect(conversionOf(1, 20)).toEqual({ basisPoints: 500, percent: '5.00%' });
    expect(conversionOf(0, 7)).toEqual({ basisPoints: 0, percent: '0.00%' });
    expect(conversionOf(0, 0)).toEqual({ basisPoints: null, percent: null });
  });

  it('judges tiers and the minimum target on the live paid units until settlement, then on the settled units', () => {
    expect(judgedUnits(open, 7)).toBe(7);
    expect(judgedUnits(settled('succeeded', 4), 2)).toBe(4);
    const tiers = [
      { deposits: 3, balanceOff: 1_000 },
      { deposits: 10, balanceOff: 2_000 },
    ];
    expect(tierStatus(tiers, open, 2)).toEqual({ units: 2, settled: false, reached: null, next: { tier: tiers[0], depositsNeeded: 1 } });
    expect(tierStatus(tiers, settled('succeeded', 4), 4)).toEqual({ units: 4, settled: true, reached: tiers[0], next: { tier: tiers[1], depositsNeeded: 6 } });
    expect(tierStatus(tiers, open, 12)).toMatchObject({ reached: tiers[1], next: null });
    expect(tierStatus([], open, 12)).toMatchObject({ reached: null, next: null });
  });

  it('minimum target: none, pending, reached while open, then the settlement outcome', () => {
    expect(minTargetStatus(null, open, 3)).toBeNull();
    expect(minTargetStatus(5, open, 3)).toEqual({ target: 5, units: 3, unitsNeeded: 2, status: 'pending' });
    expect(minTargetStatus(5, open, 6)).toEqual({ target: 5, units: 6, unitsNeeded: 0, status: 'reached' });
    expect(minTargetStatus(5, settled('failed', 3), 3)).toMatchObject({ status: 'failed', unitsNeeded: 2 });
    expect(minTargetStatus(5, settled('succeeded', 5), 5)).toMatchObject({ status: 'succeeded' });
  });

  it('lists the campaign reminders in order with zeros, then other keys seen, then none', () => {
    expect(reminderKey({ kind: 'window_open' })).toBe('window_open');
    expect(reminderKey({ kind: 'before_close', hours: 24 })).toBe('before_close:24');
    const counted = new Map([
      ['before_close:24', 2],
      ['before_close:6', 1],
      ['none', 3],
    ]);
    expect(reminderCounts([{ kind: 'window_open' }, { kind: 'before_close', hours: 24 }], counted)).toEqual([
      { key: 'window_open', balancePayments: 0 },
      { key: 'before_close:24', balancePayments: 2 },
      { key: 'before_close:6', balancePayments: 1 },
      { key: 'none', balancePayments: 3 },
    ]);
    expect(reminderCounts([], new Map())).toEqual([{ key: 'none', balancePayments: 0 }]);
  });

  it('takes the calendar day in the shop time zone', () => {
    expect(localDate(new Date('2026-11-23T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-24');
    expect(localDate(new Date('2026-11-23T16:30:00Z'), 'UTC')).toBe('2026-11-23');
    expect(localDate(new Date('2026-11-23T03:00:00Z'), 'America/Los_Angeles')).toBe('2026-11-22');
  });

  it('fills missing days with zeros, sums rows of one day, accumulates units, across a month end', () => {
    const series = fillDays({ from: '2026-11-29', to: '2026-12-02' }, [
      { date: '2026-11-29', ordersPlaced: 2, unitsOrdered: 3 },
      { date: '2026-11-29', depositsPaid: 1, depositAmount: 10_000 },
      { date: '2026-12-01', ordersPlaced: 1, unitsOrdered: 2, balancesPaid: 1, balanceAmount: 64_000 },
      { date: '2026-12-02', forfeits: 1, forfeitedAmount: 10_000 },
    ]);
    expect(series.map((d) => d.date)).toEqual(['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02']);
    expect(series[0]).toEqual({
      date: '2026-11-29',
      ordersPlaced: 2,
      unitsOrdered: 3,
      depositsPaid: 1,
      depositAmount: 10_000,
      balancesPaid: 0,
      balanceAmount: 0,
      forfeits: 0,
      forfeitedAmount: 0,
      cumulativeUnits: 3,
    });
    expect(series[1]).toMatchObject({ ordersPlaced: 0, cumulativeUnits: 3 });
    expect(series[2]).toMatchObject({ balancesPaid: 1, balanceAmount: 64_000, cumulativeUnits: 5 });
    expect(series[3]).toMatchObject({ forfeits: 1, forfeitedAmount: 10_000, cumulativeUnits: 5 });
  });

  it('stretches the range to a later day with events, and has no days for a campaign not started', () => {
    const series = fillDays({ from: '2026-11-23', to: '2026-11-24' }, [{ date: '2026-11-25', forfeits: 1, forfeitedAmount: 5_000 }]);
    expect(series.map((d) => d.date)).toEqual(['2026-11-23', '2026-11-24', '2026-11-25']);
    expect(fillDays(null, [])).toEqual([]);
    expect(fillDays({ from: '2026-11-23', to: '2026-11-22' }, []).map((d) => d.date)).toEqual(['2026-11-23']);
  });
});
