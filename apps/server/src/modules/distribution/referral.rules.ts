// Pure rules of referral codes and bindings.
import { REFERRAL_CODE_ALPHABET, REFERRAL_CODE_LENGTH, type ReferralSettings } from '@mall/contract';

const DAY_MS = 86_400_000;

/** A fresh code from `randomIndex(n)` (0 ≤ i < n), e.g. crypto.randomInt. */
export function makeReferralCode(randomIndex: (n: number) => number): string {
  let code = '';
  for (let i = 0; i < REFERRAL_CODE_LENGTH; i++) code += REFERRAL_CODE_ALPHABET[randomIndex(REFERRAL_CODE_ALPHABET.length)];
  return code;
}

/** A code as typed or carried in a link, in stored form; null when it cannot be one of ours. */
export function normalizeReferralCode(input: string | null | undefined): string | null {
  const code = (input ?? '').trim().toUpperCase();
  if (code.length !== REFERRAL_CODE_LENGTH) return null;
  return [...code].every((c) => REFERRAL_CODE_ALPHABET.includes(c)) ? code : null;
}

/** When a binding made now expires under the shop's rule (null = never). */
export function bindingExpiry(now: Date, settings: Pick<ReferralSettings, 'validDays'>): Date | null {
  return settings.validDays === null ? null : new Date(now.getTime() + settings.validDays * DAY_MS);
}

export interface ExistingBinding {
  referrerId: number;
  expiresAt: Date | null;
}

/** Whether a binding is in force at `at`. */
export const bindingValidAt = (binding: ExistingBinding, at: Date) => binding.expiresAt === null || binding.expiresAt.getTime() > at.getTime();

export type BindingDecision = 'bind' | 'rebind' | 'keep' | 'ignore';

/**
 * What a share link does to `shopperId` (sharer `referrerId`): never self; a new binding when
 * there is none; an existing one is kept unless it expired and the shop allows rebinding.
 */
export function bindingDecision(shopperId: number, referrerId: number, existing: ExistingBinding | undefined, now: Date, settings: Pick<ReferralSettings, 'rebindAllowed'>): BindingDecision {
  if (shopperId === referrerId) return 'ignore';
  if (!existing) return 'bind';
  if (settings.rebindAllowed && !bindingValidAt(existing, now)) return 'rebind';
  return 'keep';
}
