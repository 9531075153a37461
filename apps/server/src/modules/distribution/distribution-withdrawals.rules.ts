// Withdrawal rules (issue 8), pure: which way an approved withdrawal is paid out, who may move
// it where, and when to ask the provider again about a payout still being processed.
import type { PayoutRoute, WithdrawalStatus } from '@mall/contract';

export type PayeeChannel = 'alipay' | 'wechat' | 'bank';
/** Who makes a move: staff in the back office, or the payout provider's answer. */
export type WithdrawalActor = 'staff' | 'provider';

/**
 * Every move a withdrawal can make, and who makes it. A provider route's outcome comes from the
 * provider; a manual payout's outcome is recorded by staff (标记已打款 / 打款失败).
 */
export const WITHDRAWAL_TRANSITIONS: Record<WithdrawalStatus, Partial<Record<WithdrawalStatus, (route: PayoutRoute | null) => WithdrawalActor>>> = {
  requested: { approved: () => 'staff', rejected: () => 'staff' },
  approved: { paid: settlerOf, failed: settlerOf },
  paid: {},
  failed: {},
  rejected: {},
};

function settlerOf(route: PayoutRoute | null): WithdrawalActor {
  return route === 'manual' ? 'staff' : 'provider';
}

/** Why a move is not allowed: the status does not lead there, or someone else makes it. Null when allowed. */
export function withdrawalMoveRefusal(from: WithdrawalStatus, to: WithdrawalStatus, by: WithdrawalActor, route: PayoutRoute | null): 'status' | 'actor' | null {
  const mover = WITHDRAWAL_TRANSITIONS[from]?.[to];
  if (!mover) return 'status';
  return mover(route) === by ? null : 'actor';
}

/** Which providers can pay out right now (configured and able to transfer). */
export interface PayoutAvailability {
  alipay: boolean;
  sandbox: boolean;
}

/**
 * Alipay payees go through Alipay's transfer when it is configured, else the sandbox when it is on;
 * WeChat and bank payees through the sandbox (there is no WeChat login to pay an openid, nor a bank
 * API); otherwise staff pay it themselves (manual). Never a pretend success.
 */
export function payoutRouteFor(channel: PayeeChannel, available: PayoutAvailability): PayoutRoute {
  if (channel === 'alipay' && available.alipay) return 'alipay';
  if (available.sandbox) return 'sandbox';
  return 'manual';
}

export const PAYOUT_FIRST_CHECK_MS = 5 * 60_000;
const PAYOUT_CHECK_MAX_MS = 3_600_000;

/** When to ask again after `checks` unfinished answers: 1, 2, 4, … minutes, at most an hour. */
export function nextPayoutCheck(now: Date, checks: number): Date {
  const wait = Math.min(60_000 * 2 ** Math.max(0, Math.min(checks, 20)), PAYOUT_CHECK_MAX_MS);
  return new Date(now.getTime() + wait);
}
