import { ACCOUNT_LIMITS, type StaffRole } from '@mall/contract';
import { DAY, MINUTE } from '../../platform/clock.ts';

/** Pure rules of sign-in: throttling, one-time codes, owners. No I/O, no clock of their own. */

export interface ThrottlePolicy {
  /** This many failures within `windowMs` ... */
  maxFailures: number;
  windowMs: number;
  /** ... lock further attempts for this long after the failure that reached the count. */
  lockMs: number;
}

export const IDENTIFIER_THROTTLE: ThrottlePolicy = { maxFailures: 5, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };
export const IP_THROTTLE: ThrottlePolicy = { maxFailures: 30, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };

/** How far back failures can matter: a lock ending after now started at most this long ago. */
export const THROTTLE_LOOKBACK_MS = Math.max(
  IDENTIFIER_THROTTLE.windowMs + IDENTIFIER_THROTTLE.lockMs,
  IP_THROTTLE.windowMs + IP_THROTTLE.lockMs,
);

/**
 * When the lock set off by these failures ends, or null if they set none off. A lock starts at any
 * failure that is the `maxFailures`-th within `windowMs` and lasts `lockMs`; the latest end wins.
 */
export function lockedUntil(failures: readonly Date[], policy: ThrottlePolicy): Date | null {
  if (policy.maxFailures < 1 || failures.length < policy.maxFailures) return null;
  const times = failures.map((d) => d.getTime()).sort((a, b) => a - b);
  let end: number | null = null;
  for (let i = policy.maxFailures - 1; i < times.length; i++) {
    const first = times[i - policy.maxFailures + 1]!;
    const last = times[i]!;
    if (last - first <= policy.windowMs) end = Math.max(end ?? 0, last + policy.lockMs);
  }
  return end === null ? null : new Date(end);
}

/** Whole seconds until `until` (at least 1), for Retry-After. */
export function secondsUntil(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
}

export type ThrottleVerdict = { allowed: true } | { allowed: false; scope: 'identifier' | 'ip'; retryAfterSeconds: number };

/**
 * May a sign-in attempt go ahead? Refused while either the identifier or the client IP is locked
 * (whichever lock lasts longer is reported).
 */
export function throttleVerdict(input: {
  identifierFailures: readonly Date[];
  ipFailures: readonly Date[];
  now: Date;
  identifierPolicy?: ThrottlePolicy;
  ipPolicy?: ThrottlePolicy;
}): ThrottleVerdict {
  const { now } = input;
  const locks: { scope: 'identifier' | 'ip'; until: Date | null }[] = [
    { scope: 'identifier', until: lockedUntil(input.identifierFailures, input.identifierPolicy ?? IDENTIFIER_THROTTLE) },
    { scope: 'ip', until: lockedUntil(input.ipFailures, input.ipPolicy ?? IP_THROTTLE) },
  ];
  let worst: { scope: 'identifier' | 'ip'; until: Date } | null = null;
  for (const lock of locks) {
    if (lock.until && lock.until.getTime() > now.getTime() && (!worst || lock.until > worst.until)) {
      worst = { scope: lock.scope, until: lock.until };
    }
  }
  return worst ? { allowed: false, scope: worst.scope, retryAfterSeconds: secondsUntil(worst.until, now) } : { allowed: true };
}

export interface OtpSendPolicy {
  resendMs: number;
  maxPerDay: number;
  dayMs: number;
}

export const OTP_SEND_POLICY: OtpSendPolicy = {
  resendMs: ACCOUNT_LIMITS.otpResendSeconds * 1000,
  maxPerDay: ACCOUNT_LIMITS.otpMaxSendsPerDay,
  dayMs: DAY,
};

/** Sends from one IP address, to any phones: no spacing, at most N in a rolling hour. */
export const OTP_IP_SEND_POLICY: OtpSendPolicy = {
  resendMs: 0,
  maxPerDay: ACCOUNT_LIMITS.otpMaxSendsPerIpPerHour,
  dayMs: 3_600_000,
};

/**
 * May another code be sent to a phone that was sent codes at `previous` times? Not sooner than
 * `resendMs` after the last one, and at most `maxPerDay` in any rolling day.
 */
export function otpSendVerdict(
  previous: readonly Date[],
  now: Date,
  policy: OtpSendPolicy = OTP_SEND_POLICY,
): { allowed: true } | { allowed: false; reason: 'too_soon' | 'daily_limit'; retryAfterSeconds: number } {
  const nowMs = now.getTime();
  const inDay = previous.map((d) => d.getTime()).filter((t) => t > nowMs - policy.dayMs && t <= nowMs).sort((a, b) => a - b);
  let until = 0;
  let reason: 'too_soon' | 'daily_limit' = 'too_soon';
  const last = inDay[inDay.length - 1];
  if (last !== undefined && nowMs - last < policy.resendMs) until = last + policy.resendMs;
  if (inDay.length >= policy.maxPerDay) {
    // The send that must age out of the rolling day before another is allowed.
    const freeing = inDay[inDay.length - policy.maxPerDay]! + policy.dayMs;
    if (freeing > until) {
      until = freeing;
      reason = 'daily_limit';
    }
  }
  return until > nowMs ? { allowed: false, reason, retryAfterSeconds: secondsUntil(new Date(until), now) } : { allowed: true };
}

export type OtpState = 'live' | 'expired' | 'used' | 'dead';

/** A code works once, until it expires, and dies after `maxAttempts` wrong tries. */
export function otpState(
  code: { expiresAt: Date; consumedAt: Date | null; attempts: number },
  now: Date,
  maxAttempts: number = ACCOUNT_LIMITS.otpMaxAttempts,
): OtpState {
  if (code.consumedAt) return 'used';
  if (code.attempts >= maxAttempts) return 'dead';
  if (code.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'live';
}

/** 用户 + the last four digits of the phone, as shops name new phone sign-ups. */
export function nicknameForPhone(phone: string): string {
  return `用户${phone.replace(/\D/g, '').slice(-4)}`;
}

/** The part of an e-mail address before the @, as a first nickname (at most 30 characters). */
export function nicknameForEmail(email: string): string {
  const local = email.split('@')[0]?.trim() ?? '';
  return [...(local || email)].slice(0, 30).join('');
}

/**
 * Would changing this staff member leave the shop with no active owner? `otherActiveOwners`
 * counts active owners other than the target.
 */
export function leavesNoActiveOwner(
  target: { role: StaffRole; active: boolean },
  change: { role?: StaffRole; active?: boolean },
  otherActiveOwners: number,
): boolean {
  const wasActiveOwner = target.role === 'owner' && target.active;
  const isActiveOwner = (change.role ?? target.role) === 'owner' && (change.active ?? target.active);
  return wasActiveOwner && !isActiveOwner && otherActiveOwners === 0;
}
