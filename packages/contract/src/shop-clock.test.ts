import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shopDay, shopTime, wallClock } from './shop-clock.ts';

describe('the shop wall clock', () => {
  it('reads a moment in the shop zone, across the day boundary', () => {
    const at = new Date('2026-11-23T16:30:05Z');
    expect(shopDay(at, 'Asia/Shanghai')).toBe('2026-11-24');
    expect(shopDay(at, 'UTC')).toBe('2026-11-23');
    expect(shopTime(at, 'Asia/Shanghai')).toBe('2026-11-24 00:30');
    expect(shopTime(at, 'Asia/Shanghai', true)).toBe('2026-11-24 00:30:05');
    expect(wallClock(at, 'America/New_York')).toEqual({ year: 2026, month: 11, day: 23, hour: 11, minute: 30, second: 5 });
  });

  it('agrees with UTC arithmetic for a fixed-offset zone', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
        const shifted = new Date(ms + 8 * 3_600_000);
        expect(shopDay(new Date(ms), 'Asia/Shanghai')).toBe(shifted.toISOString().slice(0, 10));
      }),
    );
  });
});
