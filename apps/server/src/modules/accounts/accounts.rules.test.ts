import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  IDENTIFIER_THROTTLE,
  IP_THROTTLE,
  THROTTLE_LOOKBACK_MS,
  leavesNoActiveOwner,
  lockedUntil,
  nicknameForEmail,
  nicknameForPhone,
  otpSendVerdict,
  otpState,
  secondsUntil,
  throttleVerdict,
} from './accounts.rules.ts';

const T0 = Date.parse('2026-11-23T02:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms);
const MIN = 60_000;

describe('lockedUntil', () => {
  it('sets no lock below the failure count', () => {
    expect(lockedUntil([at(0), at(1), at(2), at(3)], IDENTIFIER_THROTTLE)).toBeNull();
  });

  it('locks for 15 minutes from the 5th failure within 15 minutes', () => {
    const failures = [at(0), at(1 * MIN), at(2 * MIN), at(3 * MIN), at(14 * MIN)];
    expect(lockedUntil(failures, IDENTIFIER_THROTTLE)).toEqual(at(29 * MIN));
  });

  it('sets no lock when the failures are spread wider than the window', () => {
    const failures = [at(0), at(4 * MIN), at(8 * MIN), at(12 * MIN), at(16 * MIN)];
    expect(lockedUntil(failures, IDENTIFIER_THROTTLE)).toBeNull();
  });

  it('ignores order and takes the latest lock', () => {
    const failures = [at(20 * MIN), at(0), at(21 * MIN), at(1), at(22 * MIN), at(2), at(23 * MIN), at(3), at(24 * MIN), at(4)];
    expect(lockedUntil(failures, IDENTIFIER_THROTTLE)).toEqual(at(39 * MIN));
  });

  it('property: whenever it locks, maxFailures failures lie within the window before the lock start', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 60 * MIN }), { maxLength: 40 }), (offsets) => {
        const until = lockedUntil(offsets.map(at), IDENTIFIER_THROTTLE);
        const sorted = [...offsets].sort((a, b) => a - b);
        const windows = sorted.filter((_, i) => i >= 4 && sorted[i]! - sorted[i - 4]! <= IDENTIFIER_THROTTLE.windowMs);
        if (windows.length === 0) return until === null;
        return until !== null && until.getTime() === T0 + Math.max(...windows) + IDENTIFIER_THROTTLE.lockMs;
      }),
    );
  });

  it('the lookback covers every lock that can still be running', () => {
    expect(THROTTLE_LOOKBACK_MS).toBeGreaterThanOrEqual(IDENTIFIER_THROTTLE.windowMs + IDENTIFIER_THROTTLE.lockMs);
    expect(THROTTLE_LOOKBACK_MS).toBeGreaterThanOrEqual(IP_THROTTLE.windowMs + IP_THROTTLE.lockMs);
  });
});

describe('throttleVerdict', () => {
  const five = [at(0), at(1000), at(2000), at(3000), at(4000)];

  it('allows with fewer than 5 identifier failures and fewer than 30 IP failures', () => {
    expect(throttleVerdict({ identifierFailures: five.slice(0, 4), ipFailures: Array(29).fill(at(0)), now: at(5000) })).toEqual({ allowed: true });
  });

  it('refuses the 6th attempt for the identifier, with the seconds left', () => {
    expect(throttleVerdict({ identifierFailures: five, ipFailures: five, now: at(5000) })).toEqual({
      allowed: false,
      scope: 'identifier',
      retryAfterSeconds: 15 * 60 - 1,
    });
  });

  it('releases exactly when the lock ends', () => {
    expect(throttleVerdict({ identifierFailures: five, ipFailures: [], now: at(4000 + 15 * MIN - 1) }).allowed).toBe(false);
    expect(throttleVerdict({ identifierFailures: five, ipFailures: [], now: at(4000 + 15 * MIN) })).toEqual({ allowed: true });
  });

  it('refuses an IP after 30 failures in 15 minutes, whatever the identifier', () => {
    const ip = Array.from({ length: 30 }, (_, i) => at(i * 1000));
    expect(throttleVerdict({ identifierFailures: [], ipFailures: ip, now: at(31_000) })).toMatchObject({ allowed: false, scope: 'ip' });
    expect(throttleVerdict({ identifierFailures: [], ipFailures: ip.slice(1), now: at(31_000) })).toEqual({ allowed: true });
  });

  it('reports the longer of two locks', () => {
    const ip = Array.from({ length: 30 }, (_, i) => at(10 * MIN + i));
    expect(throttleVerdict({ identifierFailures: five, ipFailures: ip, now: at(11 * MIN) })).toMatchObject({ allowed: false, scope: 'ip' });
  });
});

describe('otpSendVerdict', () => {
  it('allows the first send', () => {
    expect(otpSendVerdict([], at(0))).toEqual({ allowed: true });
  });

  it('refuses a resend within 60 seconds, and allows it at 60 seconds', () => {
    expect(otpSendVerdict([at(0)], at(59_000))).toEqual({ allowed: false, reason: 'too_soon', retryAfterSeconds: 1 });
    expect(otpSendVerdict([at(0)], at(10_000))).toEqual({ allowed: false, reason: 'too_soon', retryAfterSeconds: 50 });
    expect(otpSendVerdict([at(0)], at(60_000))).toEqual({ allowed: true });
  });

  it('allows at most 10 sends in a rolling day', () => {
    const ten = Array.from({ length: 10 }, (_, i) => at(i * 2 * MIN));
    const verdict = otpSendVerdict(ten, at(30 * MIN));
    expect(verdict).toEqual({ allowed: false, reason: 'daily_limit', retryAfterSeconds: 24 * 3600 - 30 * 60 });
    expect(otpSendVerdict(ten, at(24 * 60 * MIN))).toEqual({ allowed: true });
    expect(otpSendVerdict(ten.slice(1), at(30 * MIN))).toEqual({ allowed: true });
  });

  it('property: never allows a send within 60 s of the last, nor an 11th in a day', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 48 * 60 * MIN }), { maxLength: 30 }), fc.integer({ min: 0, max: 48 * 60 * MIN }), (offsets, nowOffset) => {
        const past = offsets.filter((o) => o <= nowOffset);
        const verdict = otpSendVerdict(past.map(at), at(nowOffset));
        const inDay = past.filter((o) => o > nowOffset - 24 * 60 * MIN);
        const tooSoon = past.some((o) => nowOffset - o < 60_000);
        const expectAllowed = !tooSoon && inDay.length < 10;
        return verdict.allowed === expectAllowed;
      }),
    );
  });
});

describe('otpState', () => {
  const live = { expiresAt: at(5 * MIN), consumedAt: null, attempts: 0 };
  it('is live until it expires', () => {
    expect(otpState(live, at(0))).toBe('live');
    expect(otpState(live, at(5 * MIN - 1))).toBe('live');
    expect(otpState(live, at(5 * MIN))).toBe('expired');
  });
  it('is used once consumed, and dead after 5 wrong tries', () => {
    expect(otpState({ ...live, consumedAt: at(1) }, at(2))).toBe('used');
    expect(otpState({ ...live, attempts: 4 }, at(0))).toBe('live');
    expect(otpState({ ...live, attempts: 5 }, at(0))).toBe('dead');
  });
});

describe('leavesNoActiveOwner', () => {
  const owner = { role: 'owner' as const, active: true };
  it('refuses demoting or disabling the last active owner', () => {
    expect(leavesNoActiveOwner(owner, { role: 'operator' }, 0)).toBe(true);
    expect(leavesNoActiveOwner(owner, { active: false }, 0)).toBe(true);
  });
  it('allows it when another active owner remains, and allows harmless changes', () => {
    expect(leavesNoActiveOwner(owner, { role: 'operator' }, 1)).toBe(false);
    expect(leavesNoActiveOwner(owner, { role: 'owner', active: true }, 0)).toBe(false);
    expect(leavesNoActiveOwner(owner, {}, 0)).toBe(false);
    expect(leavesNoActiveOwner({ role: 'owner', active: false }, { role: 'operator' }, 0)).toBe(false);
    expect(leavesNoActiveOwner({ role: 'warehouse', active: true }, { active: false }, 0)).toBe(false);
  });
});

describe('nicknames and seconds', () => {
  it('names phone sign-ups 用户 + last four digits', () => {
    expect(nicknameForPhone('+8613812345678')).toBe('用户5678');
  });
  it('names e-mail sign-ups by the local part, at most 30 characters', () => {
    expect(nicknameForEmail('li.lei@example.com')).toBe('li.lei');
    expect(nicknameForEmail(`${'x'.repeat(64)}@example.com`)).toHaveLength(30);
  });
  it('rounds seconds up, at least 1', () => {
    expect(secondsUntil(at(1001), at(0))).toBe(2);
    expect(secondsUntil(at(0), at(0))).toBe(1);
  });
});
