// Pure rules of points.

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
