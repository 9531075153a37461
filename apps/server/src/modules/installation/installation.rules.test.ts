import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INSTALLATION_STATUSES } from '@mall/contract';
import { AppError } from '../../platform/errors.ts';
import {
  addDays,
  assertBookable,
  assertOffered,
  assertRoom,
  canMove,
  INSTALLATION_ACTIONS,
  offeredDays,
  slotGrid,
  slotKey,
  slotText,
  statusAfter,
  type InstallationAction,
} from './installation.rules.ts';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (error) {
    return error instanceof AppError ? error.code : 'other';
  }
};

describe('installation rules', () => {
  it('moves through the transition table only', () => {
    expect(statusAfter('requested', 'confirm')).toBe('confirmed');
    expect(statusAfter('confirmed', 'complete')).toBe('completed');
    expect(statusAfter('confirmed', 'reschedule')).toBe('confirmed');
    expect(statusAfter('requested', 'shopper_change')).toBe('requested');
    expect(statusAfter('requested', 'shopper_cancel')).toBe('cancelled');
    expect(statusAfter('confirmed', 'staff_cancel')).toBe('cancelled');
    expect(codeOf(() => statusAfter('requested', 'complete'))).toBe('INSTALLATION_STATE_INVALID');
    expect(codeOf(() => statusAfter('completed', 'staff_cancel'))).toBe('INSTALLATION_STATE_INVALID');
    expect(codeOf(() => statusAfter('cancelled', 'confirm'))).toBe('INSTALLATION_STATE_INVALID');
  });

  it('sends the shopper to staff once the appointment is confirmed', () => {
    expect(codeOf(() => statusAfter('confirmed', 'shopper_change'))).toBe('INSTALLATION_ASK_STAFF');
    expect(codeOf(() => statusAfter('confirmed', 'shopper_cancel'))).toBe('INSTALLATION_ASK_STAFF');
    expect(codeOf(() => statusAfter('completed', 'shopper_cancel'))).toBe('INSTALLATION_STATE_INVALID');
  });

  it('never leaves a final status, and every allowed action lands on a status the table allows', () => {
    fc.assert(
      fc.property(fc.constantFrom(...INSTALLATION_STATUSES), fc.constantFrom(...(Object.keys(INSTALLATION_ACTIONS) as InstallationAction[])), (status, action) => {
        const outcome = codeOf(() => statusAfter(status, action));
        if (status === 'completed' || status === 'cancelled') expect(outcome).not.toBeNull();
        if (outcome === null) {
          const to = statusAfter(status, action);
          expect(to === status || canMove(status, to)).toBe(true);
        }
      }),
    );
  });

  it('books only orders that are alive', () => {
    for (const s of ['awaiting_payment', 'awaiting_stock', 'awaiting_shipment', 'shipped'] as const) expect(codeOf(() => assertBookable(s))).toBeNull();
    for (const s of ['completed', 'cancelled', 'closed'] as const) expect(codeOf(() => assertBookable(s))).toBe('INSTALLATION_ORDER_STATE');
  });

  it('offers daysAhead days starting after the lead time, across month ends', () => {
    expect(offeredDays('2026-11-28', { leadDays: 1, daysAhead: 4 })).toEqual(['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02']);
    expect(offeredDays('2028-02-28', { leadDays: 0, daysAhead: 2 })).toEqual(['2028-02-28', '2028-02-29']);
    expect(codeOf(() => assertOffered('2026-11-28', '2026-11-28', { leadDays: 1, daysAhead: 4 }))).toBe('INSTALLATION_SLOT_OUT_OF_RANGE');
    expect(codeOf(() => assertOffered('2026-12-03', '2026-11-28', { leadDays: 1, daysAhead: 4 }))).toBe('INSTALLATION_SLOT_OUT_OF_RANGE');
    expect(codeOf(() => assertOffered('2026-12-02', '2026-11-28', { leadDays: 1, daysAhead: 4 }))).toBeNull();
  });

  it('adds days like a calendar', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3650 }), fc.integer({ min: -400, max: 400 }), (offset, days) => {
        const day = addDays('2025-01-01', offset);
        expect(addDays(addDays(day, days), -days)).toBe(day);
        expect(Date.parse(addDays(day, days)) - Date.parse(day)).toBe(days * 86_400_000);
      }),
    );
  });

  it('counts what is left of each slot and refuses a full one', () => {
    const grid = slotGrid(['2026-11-29'], 2, new Map([[slotKey('2026-11-29', 'morning'), 2], [slotKey('2026-11-29', 'evening'), 1]]), slotKey('2026-11-29', 'evening'));
    expect(grid.map((s) => [s.period, s.remaining, s.mine])).toEqual([
      ['morning', 0, false],
      ['afternoon', 2, false],
      ['evening', 1, true],
    ]);
    expect(codeOf(() => assertRoom('2026-11-29', 'morning', 2, 2))).toBe('INSTALLATION_SLOT_FULL');
    expect(codeOf(() => assertRoom('2026-11-29', 'morning', 2, 1))).toBeNull();
    expect(slotText('2026-11-28', 'morning')).toBe('11月28日 上午');
  });
});
