import { describe, expect, it } from 'vitest';
import { formatTime, toZonedWall, zonedWallToIso } from '../src/utils/time.ts';

describe('shop time zone', () => {
  it('turns a Shanghai wall-clock time into the UTC instant', () => {
    expect(zonedWallToIso('2026-11-23T08:00:00', 'Asia/Shanghai')).toBe('2026-11-23T00:00:00.000Z');
    expect(zonedWallToIso('2026-11-23 00:30', 'Asia/Shanghai')).toBe('2026-11-22T16:30:00.000Z');
  });
  it('shows an instant in the shop zone whatever the browser zone is', () => {
    expect(toZonedWall('2026-11-22T16:30:00.000Z', 'Asia/Shanghai')).toBe('2026-11-23T00:30:00');
    expect(formatTime('2026-11-22T16:30:00.000Z', 'Asia/Shanghai')).toBe('2026-11-23 00:30');
    expect(formatTime(null)).toBe('—');
  });
  it('round-trips across a daylight-saving change', () => {
    for (const wall of ['2026-03-08T01:30:00', '2026-03-08T03:30:00', '2026-07-01T12:00:00', '2026-11-01T00:30:00']) {
      expect(toZonedWall(zonedWallToIso(wall, 'America/New_York'), 'America/New_York')).toBe(wall);
    }
    expect(zonedWallToIso('2026-07-01T12:00:00', 'America/New_York')).toBe('2026-07-01T16:00:00.000Z');
  });
  it('refuses what is not a date', () => {
    expect(() => zonedWallToIso('tomorrow', 'Asia/Shanghai')).toThrow(RangeError);
  });
});
