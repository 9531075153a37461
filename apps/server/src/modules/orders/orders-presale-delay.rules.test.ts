import { describe, expect, it } from 'vitest';
import { describeShip, hasPaid, isDelay, overdueAfter, reminderKeyOf, reminderKindOf, shipMoment } from './orders-presale-delay.rules.ts';

const DAY = 86_400_000;
const now = new Date('2026-11-23T02:00:00Z');
const date = (iso: string) => ({ kind: 'date' as const, shipDate: iso });
const days = (n: number) => ({ kind: 'days_after_paid' as const, shipDays: n });

describe('balance reminders (spec §3 beyond)', () => {
  it('keys a reminder as window_open or before_close:<hours>, and texts it as the window opening or the deadline coming', () => {
    expect(reminderKeyOf({ kind: 'window_open' })).toBe('window_open');
    expect(reminderKeyOf({ kind: 'before_close', hours: 24 })).toBe('before_close:24');
    expect(reminderKindOf('window_open')).toBe('presale.balance_open');
    expect(reminderKindOf('before_close:1')).toBe('presale.balance_due');
  });
});

describe('ship-date changes (spec §4)', () => {
  it('a later estimate is a delay, an earlier or equal one is not; "N days after paid" counts from the full payment, or from now while unpaid', () => {
    expect(isDelay(date('2026-12-20T00:00:00Z'), date('2027-01-10T00:00:00Z'), null, now)).toBe(true);
    expect(isDelay(date('2027-01-10T00:00:00Z'), date('2026-12-20T00:00:00Z'), null, now)).toBe(false);
    expect(isDelay(days(10), days(10), null, now)).toBe(false);
    expect(isDelay(days(10), days(20), null, now)).toBe(true);
    const paid = new Date('2026-11-01T00:00:00Z');
    // Paid on Nov 1, 30 days → Dec 1; a fixed Dec 10 is later, a fixed Nov 20 earlier.
    expect(isDelay(days(30), date('2026-12-10T00:00:00Z'), paid, now)).toBe(true);
    expect(isDelay(days(30), date('2026-11-20T00:00:00Z'), paid, now)).toBe(false);
    expect(shipMoment(days(2), null, now).getTime()).toBe(now.getTime() + 2 * DAY);
  });

  it('only orders with a payment made are delayed and compensated', () => {
    expect(['awaiting_deposit', 'awaiting_payment', 'awaiting_balance', 'awaiting_shipment'].map((s) => hasPaid(s as never))).toEqual([false, false, true, true]);
  });

  it('describes an estimate in the shop time zone, or as days after paying while not fully paid', () => {
    expect(describeShip(date('2026-12-31T17:00:00Z'), null, 'Asia/Shanghai')).toBe('2027-01-01');
    expect(describeShip(days(15), null, 'Asia/Shanghai')).toBe('付清全款后 15 天内');
    expect(describeShip(days(15), new Date('2026-11-23T02:00:00Z'), 'Asia/Shanghai')).toBe('2026-12-08');
  });
});

describe('merchant default by lateness (spec §3 beyond, art. 587)', () => {
  it('is overdue after the estimated date plus the grace days; "N days after paid" only once fully paid', () => {
    const ship = { kind: 'date' as const, shipDate: new Date('2026-12-01T00:00:00Z') };
    expect(overdueAfter(ship, null, 7)?.toISOString()).toBe('2026-12-08T00:00:00.000Z');
    expect(overdueAfter({ kind: 'days_after_paid', shipDays: 15 }, null, 7)).toBeNull();
    expect(overdueAfter({ kind: 'days_after_paid', shipDays: 15 }, new Date('2026-11-01T00:00:00Z'), 0)?.toISOString()).toBe('2026-11-16T00:00:00.000Z');
  });
});
