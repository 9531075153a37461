// Pure presale rules: windows, status, deposits, prices, quotas, freezing, and an order line's amounts.
import type { DepositKind, ErrorCode, PresaleStatus, PresaleTier, PresaleType } from '@mall/contract';

export interface RuleProblem {
  code: ErrorCode;
  path: string;
  message: string;
  params?: Record<string, unknown>;
}

const problem = (code: ErrorCode, path: string, message: string, params?: Record<string, unknown>): RuleProblem => ({ code, path, message, params });

export type Ship = { kind: 'date'; shipDate: Date } | { kind: 'days_after_paid'; shipDays: number };

export interface Windows {
  type: PresaleType;
  startsAt: Date;
  endsAt: Date;
  balanceStartsAt: Date | null;
  balanceEndsAt: Date | null;
}

// ---------- status ----------

/** The moment the campaign stops taking orders: its end, or an earlier early end. */
export function effectiveEnd(c: { endsAt: Date; endedEarlyAt: Date | null }): Date {
  return c.endedEarlyAt && c.endedEarlyAt < c.endsAt ? c.endedEarlyAt : c.endsAt;
}

/** Status follows the clock: upcoming → active → ended; an early end ends it at once. */
export function presaleStatus(c: { startsAt: Date; endsAt: Date; endedEarlyAt: Date | null }, now: Date): PresaleStatus {
  if (effectiveEnd(c) <= now) return 'ended';
  return now < c.startsAt ? 'upcoming' : 'active';
}

/** What a countdown counts to: the opening of an upcoming campaign, the close of an active one. */
export function countdownOf(c: { startsAt: Date; endsAt: Date; endedEarlyAt: Date | null }, now: Date): { kind: 'starts' | 'ends'; at: Date } | null {
  const status = presaleStatus(c, now);
  if (status === 'upcoming') return { kind: 'starts', at: c.startsAt };
  if (status === 'active') return { kind: 'ends', at: effectiveEnd(c) };
  return null;
}

/** Two order windows [start, end) overlap. */
export function windowsOverlap(a: { startsAt: Date; endsAt: Date }, b: { startsAt: Date; endsAt: Date }): boolean {
  return a.startsAt < b.endsAt && b.startsAt < a.endsAt;
}

// ---------- windows ----------

/**
 * startsAt < endsAt; a new campaign must not have ended already. Deposit type: a balance window
 * with balanceStartsAt < balanceEndsAt, opening at or after the order window's end unless the
 * shop allows it earlier (never before the order window opens), closing after the order window.
 * Full type: no balance window.
 */
export function windowProblems(w: Windows, opts: { allowBalanceDuringOrderWindow: boolean; now?: Date }): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const code = 'PRESALE_WINDOW_INVALID' as const;
  if (!(w.startsAt < w.endsAt)) problems.push(problem(code, 'endsAt', 'the order window must end after it starts'));
  if (opts.now && !(w.endsAt > opts.now)) problems.push(problem(code, 'endsAt', 'the order window must end in the future'));
  if (w.type === 'full') {
    if (w.balanceStartsAt) problems.push(problem(code, 'balanceStartsAt', 'a full-payment campaign has no balance window'));
    if (w.balanceEndsAt) problems.push(problem(code, 'balanceEndsAt', 'a full-payment campaign has no balance window'));
    return problems;
  }
  if (!w.balanceStartsAt) problems.push(problem(code, 'balanceStartsAt', 'a deposit campaign needs a balance window'));
  if (!w.balanceEndsAt) problems.push(problem(code, 'balanceEndsAt', 'a deposit campaign needs a balance window'));
  if (!w.balanceStartsAt || !w.balanceEndsAt) return problems;
  if (!(w.balanceStartsAt < w.balanceEndsAt)) problems.push(problem(code, 'balanceEndsAt', 'the balance window must end after it starts'));
  if (opts.allowBalanceDuringOrderWindow) {
    if (w.balanceStartsAt < w.startsAt) problems.push(problem(code, 'balanceStartsAt', 'the balance window cannot open before the order window'));
  } else if (w.balanceStartsAt < w.endsAt) {
    problems.push(problem(code, 'balanceStartsAt', 'the balance window opens when the order window has closed (the shop does not allow it earlier)'));
  }
  if (w.balanceEndsAt <= w.endsAt) problems.push(problem(code, 'balanceEndsAt', 'the balance window must close after the order window'));
  return problems;
}

/** A fixed estimated ship date cannot be before the order window opens. */
export function shipProblems(ship: Ship, startsAt: Date, path = 'ship.shipDate'): RuleProblem[] {
  if (ship.kind === 'date' && ship.shipDate < startsAt) return [problem('PRESALE_WINDOW_INVALID', path, 'the ship date cannot be before the order window opens')];
  return [];
}

export function sameShip(a: Ship, b: Ship): boolean {
  if (a.kind === 'date' && b.kind === 'date') return a.shipDate.getTime() === b.shipDate.getTime();
  if (a.kind === 'days_after_paid' && b.kind === 'days_after_paid') return a.shipDays === b.shipDays;
  return false;
}

// ---------- deposits and item terms ----------

/** percent (two decimals at most) of a price, in whole fen, rounded down so a deposit at the cap never exceeds it. */
export function depositFromPercent(price: number, percent: number): number {
  const hundredths = Math.round(percent * 100);
  return Math.floor((price * hundredths) / 10_000);
}

export interface ItemTerms {
  presalePrice: number;
  deposit: number | null;
  depositValue: number | null;
  quota: number;
  perBuyerLimit: number;
}

export interface DepositGiven {
  deposit?: number;
  depositPercent?: number;
  depositValue?: number;
}

/**
 * The deposit and deposit value an item ends up with. Deposit type: the deposit given as an
 * amount or as a percentage of the presale price (else the current one); the deposit value given,
 * else the current one if it was raised above the deposit, else the deposit. Full type: none,
 * and any deposit field given is a problem.
 */
export function resolveDeposit(
  type: PresaleType,
  presalePrice: number,
  given: DepositGiven,
  current: { deposit: number | null; depositValue: number | null } | null,
  path: string,
): { deposit: number | null; depositValue: number | null; problems: RuleProblem[] } {
  const code = 'PRESALE_DEPOSIT_INVALID' as const;
  if (type === 'full') {
    const extra = (['deposit', 'depositPercent', 'depositValue'] as const).filter((k) => given[k] !== undefined);
    return { deposit: null, depositValue: null, problems: extra.map((k) => problem(code, `${path}.${k}`, 'a full-payment campaign has no deposit')) };
  }
  if (given.deposit !== undefined && given.depositPercent !== undefined) {
    return { deposit: null, depositValue: null, problems: [problem(code, `${path}.deposit`, 'give the deposit as an amount or as a percentage, not both')] };
  }
  const deposit = given.deposit ?? (given.depositPercent !== undefined ? depositFromPercent(presalePrice, given.depositPercent) : (current?.deposit ?? null));
  if (deposit === null) return { deposit: null, depositValue: null, problems: [problem(code, `${path}.deposit`, 'a deposit campaign needs a deposit (amount or percentage)')] };
  const raised = current && current.depositValue !== null && current.depositValue !== current.deposit ? current.depositValue : null;
  const depositValue = given.depositValue ?? raised ?? deposit;
  return { deposit, depositValue, problems: [] };
}

/**
 * 0 < deposit ≤ presale price; an earnest deposit (定金) at most capPercent % of the presale price;
 * deposit ≤ deposit value ≤ presale price; 0 < presale price ≤ regular price; quota and limit
 * positive, limit ≤ quota.
 */
export function itemTermsProblems(input: {
  path: string;
  type: PresaleType;
  depositKind: DepositKind | null;
  capPercent: number;
  regularPrice: number;
  terms: ItemTerms;
}): RuleProblem[] {
  const { path, terms: t } = input;
  const problems: RuleProblem[] = [];
  if (!(t.presalePrice > 0)) problems.push(problem('VALIDATION_FAILED', `${path}.presalePrice`, 'the presale price must be above 0'));
  if (t.presalePrice > input.regularPrice) {
    problems.push(problem('PRESALE_PRICE_ABOVE_REGULAR', `${path}.presalePrice`, `must not be above the regular price ${input.regularPrice}`, { regular: input.regularPrice }));
  }
  if (input.type === 'deposit' && t.deposit !== null) {
    const dv = t.depositValue ?? t.deposit;
    if (!(t.deposit > 0)) problems.push(problem('PRESALE_DEPOSIT_INVALID', `${path}.deposit`, 'the deposit must be above 0'));
    else if (t.deposit > t.presalePrice) problems.push(problem('PRESALE_DEPOSIT_INVALID', `${path}.deposit`, 'the deposit cannot exceed the presale price'));
    else if (input.depositKind !== 'prepayment' && t.deposit * 100 > input.capPercent * t.presalePrice) {
      problems.push(problem('PRESALE_DEPOSIT_ABOVE_CAP', `${path}.deposit`, `an earnest deposit may be at most ${input.capPercent}% of the presale price`, { cap: input.capPercent }));
    }
    if (dv < t.deposit || dv > t.presalePrice) problems.push(problem('PRESALE_DEPOSIT_INVALID', `${path}.depositValue`, 'the deposit value must be between the deposit and the presale price'));
  }
  if (!(t.quota > 0)) problems.push(problem('PRESALE_QUOTA_INVALID', `${path}.quota`, 'the presale quantity must be at least 1'));
  if (!(t.perBuyerLimit > 0)) problems.push(problem('PRESALE_QUOTA_INVALID', `${path}.perBuyerLimit`, 'the per-buyer limit must be at least 1'));
  else if (t.quota > 0 && t.perBuyerLimit > t.quota) problems.push(problem('PRESALE_QUOTA_INVALID', `${path}.perBuyerLimit`, 'the per-buyer limit cannot exceed the presale quantity'));
  return problems;
}

/** Supplier products (供应商商品) and course products (课程类商品) cannot join a presale. */
export function productProblems(p: { kind: string; source: string; title: string }, path: string): RuleProblem[] {
  if (p.source === 'supplier') return [problem('PRESALE_SUPPLIER_PRODUCT', path, 'supplier products cannot join a presale', { title: p.title })];
  if (p.kind === 'course') return [problem('PRESALE_COURSE_PRODUCT', path, 'course products cannot join a presale', { title: p.title })];
  return [];
}

// ---------- tiers (阶梯) ----------

/** Deposit type only; deposits strictly rising from tier to tier, each tier taking off more than the one before. */
export function tierProblems(type: PresaleType, tiers: readonly PresaleTier[]): RuleProblem[] {
  if (tiers.length === 0) return [];
  if (type === 'full') return [problem('PRESALE_TIERS_INVALID', 'tiers', 'price tiers are for deposit campaigns')];
  const problems: RuleProblem[] = [];
  tiers.forEach((t, i) => {
    if (!(t.balanceOff > 0)) problems.push(problem('PRESALE_TIERS_INVALID', `tiers.${i}.balanceOff`, 'must be above 0'));
    const prev = tiers[i - 1];
    if (prev && !(t.deposits > prev.deposits)) problems.push(problem('PRESALE_TIERS_INVALID', `tiers.${i}.deposits`, 'must rise from tier to tier'));
    if (prev && !(t.balanceOff > prev.balanceOff)) problems.push(problem('PRESALE_TIERS_INVALID', `tiers.${i}.balanceOff`, 'must rise from tier to tier'));
  });
  return problems;
}

/** The tier reached with this many deposits paid (the best one whose threshold is met), or null. */
export function tierReached(tiers: readonly PresaleTier[], depositsPaid: number): PresaleTier | null {
  let reached: PresaleTier | null = null;
  for (const t of tiers) if (depositsPaid >= t.deposits && (!reached || t.balanceOff > reached.balanceOff)) reached = t;
  return reached;
}

/** The next tier above what is reached and how many more deposits it needs, or null at the top. */
export function nextTier(tiers: readonly PresaleTier[], depositsPaid: number): { tier: PresaleTier; depositsNeeded: number } | null {
  const above = tiers.filter((t) => t.deposits > depositsPaid).sort((a, b) => a.deposits - b.deposits)[0];
  return above ? { tier: above, depositsNeeded: above.deposits - depositsPaid } : null;
}

// ---------- freezing ----------

export interface FreezeShape extends Windows {
  depositKind: DepositKind | null;
  tiers: readonly PresaleTier[];
  ship: Ship;
  /** Item terms by SKU id. */
  items: ReadonlyMap<number, ItemTerms>;
}

const sameTime = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);
/** `after` contains `before` (a missing bound counts as unchanged only if both are missing). */
const extends_ = (before: { s: Date | null; e: Date | null }, after: { s: Date | null; e: Date | null }) =>
  before.s === null || before.e === null ? sameTime(before.s, after.s) && sameTime(before.e, after.e) : !!after.s && !!after.e && after.s <= before.s && after.e >= before.e;

/**
 * The balance window closes no earlier; it opens no later, except to follow an extended order
 * window (it may open when the extended order window closes).
 */
function balanceExtended(before: Windows, after: Windows): boolean {
  if (!before.balanceStartsAt || !before.balanceEndsAt) return sameTime(before.balanceStartsAt, after.balanceStartsAt) && sameTime(before.balanceEndsAt, after.balanceEndsAt);
  if (!after.balanceStartsAt || !after.balanceEndsAt) return false;
  const latestStart = Math.max(before.balanceStartsAt.getTime(), after.endsAt.getTime());
  return after.balanceStartsAt.getTime() <= latestStart && after.balanceEndsAt >= before.balanceEndsAt;
}

/**
 * Once a campaign has orders: its type, deposit kind, tiers and its items' prices and deposits
 * are frozen, items cannot leave; windows may only be extended (the balance window may open
 * later only to follow an extended order window); quota only raised; the ship date
 * moves only through the ship-date change (which tells the buyers). New SKUs may still join.
 */
export function frozenChangeProblems(before: FreezeShape, after: FreezeShape, pathOf: (skuId: number) => string = (id) => `skus.${id}`): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const frozen = (path: string, what: string) => problems.push(problem('PRESALE_CAMPAIGN_FROZEN', path, `${what} cannot change once the campaign has orders`));
  if (before.type !== after.type) frozen('type', 'the type');
  if (before.depositKind !== after.depositKind) frozen('depositKind', 'the deposit kind');
  if (JSON.stringify(before.tiers) !== JSON.stringify(after.tiers)) frozen('tiers', 'the price tiers');
  if (!extends_({ s: before.startsAt, e: before.endsAt }, { s: after.startsAt, e: after.endsAt })) {
    problems.push(problem('PRESALE_WINDOW_SHORTENED', after.startsAt > before.startsAt ? 'startsAt' : 'endsAt', 'the order window may only be extended'));
  }
  if (!balanceExtended(before, after)) {
    const endsEarlier = !!before.balanceEndsAt && (!after.balanceEndsAt || after.balanceEndsAt < before.balanceEndsAt);
    problems.push(problem('PRESALE_WINDOW_SHORTENED', endsEarlier ? 'balanceEndsAt' : 'balanceStartsAt', 'the balance window may only be extended'));
  }
  if (!sameShip(before.ship, after.ship)) problems.push(problem('PRESALE_SHIP_CHANGE_REQUIRED', 'ship', 'use the ship-date change'));
  for (const [skuId, b] of before.items) {
    const a = after.items.get(skuId);
    if (!a) {
      frozen(`removeSkuIds`, `the items (SKU ${skuId})`);
      continue;
    }
    if (a.presalePrice !== b.presalePrice || a.deposit !== b.deposit || a.depositValue !== b.depositValue) frozen(pathOf(skuId), `the price and deposit of SKU ${skuId}`);
    if (a.quota < b.quota) problems.push(problem('PRESALE_QUOTA_LOWERED', `${pathOf(skuId)}.quota`, 'the quota may only be raised'));
  }
  return problems;
}

// ---------- an order line's amounts ----------

function assertAmounts(values: Record<string, number>): void {
  for (const [name, v] of Object.entries(values)) if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative integer, got ${v}`);
}

/** deposit = deposit × qty. */
export function depositDue(deposit: number, quantity: number): number {
  assertAmounts({ deposit, quantity });
  return deposit * quantity;
}

export interface BalanceInput {
  presalePrice: number;
  depositValue: number;
  quantity: number;
  shipping: number;
  coupon: number;
  points: number;
  /** Fen off each unit's balance from the tier reached when the order window closed (0 if none). */
  tierOff?: number;
}

export interface BalanceBreakdown {
  goods: number;
  depositCredit: number;
  tierDiscount: number;
  shipping: number;
  /** The coupon and points actually applied (capped at what is left to pay). */
  coupon: number;
  points: number;
  balance: number;
}

/**
 * balance = presale price × qty − deposit value × qty − tier discount + shipping − coupon − points,
 * never below zero: a discount larger than what is left is capped at it (the coupon first, then points).
 */
export function balanceDue(input: BalanceInput): BalanceBreakdown {
  const tierOff = input.tierOff ?? 0;
  assertAmounts({ ...input, tierOff });
  const goods = input.presalePrice * input.quantity;
  const depositCredit = Math.min(input.depositValue * input.quantity, goods);
  const tierDiscount = Math.min(tierOff * input.quantity, goods - depositCredit);
  const base = goods - depositCredit - tierDiscount + input.shipping;
  const coupon = Math.min(input.coupon, base);
  const points = Math.min(input.points, base - coupon);
  return { goods, depositCredit, tierDiscount, shipping: input.shipping, coupon, points, balance: base - coupon - points };
}

/** Full type: one payment of presale price × qty + shipping − coupon − points, never below zero. */
export function fullAmountDue(input: Omit<BalanceInput, 'depositValue' | 'tierOff'>): Omit<BalanceBreakdown, 'depositCredit' | 'tierDiscount'> {
  const b = balanceDue({ ...input, depositValue: 0, tierOff: 0 });
  return { goods: b.goods, shipping: b.shipping, coupon: b.coupon, points: b.points, balance: b.balance };
}

/** The estimated ship date shown on an order: the fixed date, or N days after it was fully paid (null before). */
export function estimatedShipDate(ship: Ship, fullyPaidAt: Date | null): Date | null {
  if (ship.kind === 'date') return ship.shipDate;
  return fullyPaidAt ? new Date(fullyPaidAt.getTime() + ship.shipDays * 86_400_000) : null;
}
