import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { REFERRAL_CODE_ALPHABET, REFERRAL_CODE_LENGTH } from '@mall/contract';
import { bindingDecision, bindingExpiry, bindingValidAt, makeReferralCode, normalizeReferralCode } from './referral.rules.ts';

const DAY = 86_400_000;
const now = new Date('2026-11-23T02:00:00.000Z');

describe('referral codes', () => {
  it('are made of the unambiguous alphabet and read back in any case', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: REFERRAL_CODE_LENGTH, maxLength: REFERRAL_CODE_LENGTH }), (draws) => {
        let i = 0;
        const code = makeReferralCode((n) => draws[i++]! % n);
        expect(code).toHaveLength(REFERRAL_CODE_LENGTH);
        expect(code).toMatch(/^[2-9A-HJ-NP-Z]+$/);
        expect(normalizeReferralCode(` ${code.toLowerCase()} `)).toBe(code);
      }),
    );
    for (const c of '01OI') expect(REFERRAL_CODE_ALPHABET).not.toContain(c);
  });

  it('reject what cannot be a code', () => {
    for (const bad of [undefined, null, '', 'ABCDE', 'ABCDEFG', 'ABCDE0', 'ABCDEI', '你好你好你好']) expect(normalizeReferralCode(bad)).toBeNull();
  });
});

describe('binding decision', () => {
  const rebind = { rebindAllowed: true };
  const keep = { rebindAllowed: false };
  it('never binds a shopper to themselves', () => {
    expect(bindingDecision(5, 5, undefined, now, rebind)).toBe('ignore');
  });
  it('binds when unbound, keeps a binding in force, rebinds an expired one only when allowed', () => {
    expect(bindingDecision(5, 6, undefined, now, keep)).toBe('bind');
    const forever = { referrerId: 7, expiresAt: null };
    const expired = { referrerId: 7, expiresAt: new Date(now.getTime() - 1) };
    const live = { referrerId: 7, expiresAt: new Date(now.getTime() + DAY) };
    expect(bindingDecision(5, 6, forever, now, rebind)).toBe('keep');
    expect(bindingDecision(5, 6, live, now, rebind)).toBe('keep');
    expect(bindingDecision(5, 6, expired, now, keep)).toBe('keep');
    expect(bindingDecision(5, 6, expired, now, rebind)).toBe('rebind');
  });
  it('expires validDays after binding, or never', () => {
    expect(bindingExpiry(now, { validDays: null })).toBeNull();
    const expiresAt = bindingExpiry(now, { validDays: 30 })!;
    expect(expiresAt.getTime() - now.getTime()).toBe(30 * DAY);
    expect(bindingValidAt({ referrerId: 1, expiresAt }, new Date(expiresAt.getTime() - 1))).toBe(true);
    expect(bindingValidAt({ referrerId: 1, expiresAt }, expiresAt)).toBe(false);
  });
});
