// Pure rules of points: earning with caps, expiry, and which lots a deduction takes from.
import { wallClock } from '@mall/contract';

/** Points earned on a paid amount: earnPerYuan for each whole yuan (100 fen). */
export function pointsEarned(paidAmount: number, earnPerYuan: number): number {
  if (!Number.isSafeInteger(paidAmount) || paidAmount < 0) throw new RangeError('paid amount must be a non-negative integer');
  return Math.floor(paidAmount / 100) * earnPerYuan;
}

/**
 * What a reversal takes back: at most what the order earned and was not yet reversed (or
 * written off), at most `requested` when given, and never more than the balance holds. The
 * rest is the shortfall, written off and recorded.
 */
export function reversalOf(input: { earned: number; settled: number; balance: number; requested?: number }): { take: number; shortfall: number } {
  const remaining = Math.max(0, input.earned - input.settled);
  const wanted = input.requested === undefined ? remaining : Math.min(Math.max(0, input.requested), remaining);
  const take = Math.min(wanted, Math.max(0, input.balance));
  return { take, shortfall: wanted - take };
}

/** Points an order earns: the rate, × the member multiplier (percent, floored), capped per order and by what is left of the day's cap (0 = no cap). */
export function earnedWithCaps(input: { paidAmount: number; earnPerYuan: number; multiplierPercent: number; maxPerOrder: number; maxPerDay: number; earnedToday: number }): number {
  const base = pointsEarned(input.paidAmount, input.earnPerYuan);
  let points = Math.floor((base * input.multiplierPercent) / 100);
  if (input.maxPerOrder > 0) points = Math.min(points, input.maxPerOrder);
  if (input.maxPerDay > 0) points = Math.min(points, Math.max(0, input.maxPerDay - input.earnedToday));
  return points;
}

export type PointsExpiry = { mode: 'never' } | { mode: 'days'; days: number } | { mode: 'end_of_next_year' };

/** The instant the shop's wall clock in `timeZone` reads y-m-d 00:00. */
function wallMidnight(year: number, month: number, day: number, timeZone: string): Date {
  const guess = Date.UTC(year, month - 1, day);
  const w = wallClock(new Date(guess), timeZone);
  const offset = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - guess;
  return new Date(guess - offset);
}

/**
 * When points added at `now` expire (null: never). 'days': N × 24 h later; 'end_of_next_year':
 * at the first moment of the year after next in the shop's time zone (earned in 2026 → usable
 * through 31 Dec 2027).
 */
export function expiryOf(now: Date, expiry: PointsExpiry, timeZone: string): Date | null {
  if (expiry.mode === 'never') return null;
  if (expiry.mode === 'days') return new Date(now.getTime() + expiry.days * 86_400_000);
  return wallMidnight(wallClock(now, timeZone).year + 2, 1, 1, timeZone);
}

export interface Lot {
  id: number;
  remaining: number;
}

/** Takes `amount` from the lots in the order given (callers sort: the order's own lot, then oldest expiring); what each lot gives. */
export function takeFromLots(lots: readonly Lot[], amount: number): { id: number; take: number }[] {
  const out: { id: number; take: number }[] = [];
  let left = amount;
  for (const lot of lots) {
    if (left <= 0) break;
    const take = Math.min(lot.remaining, left);
    if (take > 0) out.push({ id: lot.id, take });
    left -= take;
  }
  return out;
}
