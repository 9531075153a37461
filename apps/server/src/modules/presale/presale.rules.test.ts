import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  balanceDue,
  countdownOf,
  depositDue,
  depositFromPercent,
  estimatedShipDate,
  frozenChangeProblems,
  fullAmountDue,
  itemTermsProblems,
  nextTier,
  presaleStatus,
  productProblems,
  resolveDeposit,
  tierProblems,
  tierReached,
  windowProblems,
  windowsOverlap,
  type FreezeShape,
  type ItemTerms,
} from './presale.rules.ts';

const t = (iso: string) => new Date(`2026-12-${iso}:00.000Z`);
const codes = (problems: { code: string }[]) => problems.map((p) => p.code);
const paths = (problems: { path: string }[]) => problems.map((p) => p.path);

describe('status follows the clock', () => {
  const c = { startsAt: t('01T00:00'), endsAt: t('08T00:00'), endedEarlyAt: null };
  it('Status follows the clock: upcoming → active → ended', () => {
    expect(presaleStatus(c, new Date(t('01T00:00').getTime() - 1))).toBe('upcoming');
    expect(presaleStatus(c, t('01T00:00'))).toBe('active');
    expect(presaleStatus(c, new Date(t('08T00:00').getTime() - 1))).toBe('active');
    expect(presaleStatus(c, t('08T00:00'))).toBe('ended');
  });
  it('the merchant can also end it early: ended from that moment, even before it started', () => {
    expect(presaleStatus({ ...c, endedEarlyAt: t('03T00:00') }, t('03T00:00'))).toBe('ended');
    expect(presaleStatus({ ...c, endedEarlyAt: t('03T00:00') }, t('02T00:00'))).toBe('active');
    expect(presaleStatus({ ...c, endedEarlyAt: t('01T00:00') }, new Date(t('01T00:00').getTime() - 1000))).toBe('upcoming');
  });
  it('countdown targets: the opening of an upcoming campaign, the (early) close of an active one, none once ended', () => {
    expect(countdownOf(c, t('01T00:00'))).toEqual({ kind: 'ends', at: c.endsAt });
    expect(countdownOf(c, new Date(0))).toEqual({ kind: 'starts', at: c.startsAt });
    expect(countdownOf({ ...c, endedEarlyAt: t('05T00:00') }, t('02T00:00'))).toEqual({ kind: 'ends', at: t('05T00:00') });
    expect(countdownOf(c, t('09T00:00'))).toBeNull();
  });
  it("One SKU is in at most one campaign whose order window overlaps another's: windows are half-open", () => {
    const a = { startsAt: t('01T00:00'), endsAt: t('08T00:00') };
    expect(windowsOverlap(a, { startsAt: t('07T00:00'), endsAt: t('09T00:00') })).toBe(true);
    expect(windowsOverlap(a, { startsAt: t('08T00:00'), endsAt: t('09T00:00') })).toBe(false);
    expect(windowsOverlap(a, { startsAt: t('02T00:00'), endsAt: t('03T00:00') })).toBe(true);
  });
});

describe('windows', () => {
  const deposit = { type: 'deposit' as const, startsAt: t('01T00:00'), endsAt: t('08T00:00'), balanceStartsAt: t('08T00:00'), balanceEndsAt: t('11T00:00') };
  const strict = { allowBalanceDuringOrderWindow: false };
  it('Validation: startsAt < endsAt', () => {
    expect(windowProblems({ ...deposit, endsAt: deposit.startsAt, balanceStartsAt: t('09T00:00') }, strict)).toContainEqual(expect.objectContaining({ code: 'PRESALE_WINDOW_INVALID', path: 'endsAt' }));
    expect(windowProblems(deposit, strict)).toEqual([]);
    expect(paths(windowProblems(deposit, { ...strict, now: t('08T00:00') }))).toEqual(['endsAt']);
  });
  it('for deposit type balanceStartsAt < balanceEndsAt, balanceStartsAt >= endsAt by default', () => {
    expect(paths(windowProblems({ ...deposit, balanceEndsAt: t('08T00:00') }, strict))).toEqual(['balanceEndsAt', 'balanceEndsAt']);
    expect(paths(windowProblems({ ...deposit, balanceStartsAt: t('07T00:00') }, strict))).toEqual(['balanceStartsAt']);
    expect(paths(windowProblems({ ...deposit, balanceStartsAt: null, balanceEndsAt: null }, strict))).toEqual(['balanceStartsAt', 'balanceEndsAt']);
  });
  it('a shop setting may allow the balance window to open while orders are still taken (not before they open)', () => {
    const open = { allowBalanceDuringOrderWindow: true };
    expect(windowProblems({ ...deposit, balanceStartsAt: t('07T00:00') }, open)).toEqual([]);
    expect(paths(windowProblems({ ...deposit, balanceStartsAt: new Date(0) }, open))).toEqual(['balanceStartsAt']);
    expect(paths(windowProblems({ ...deposit, balanceStartsAt: t('07T00:00'), balanceEndsAt: t('08T00:00') }, open))).toEqual(['balanceEndsAt']);
  });
  it('full type has no balance window', () => {
    expect(paths(windowProblems({ ...deposit, type: 'full' }, strict))).toEqual(['balanceStartsAt', 'balanceEndsAt']);
    expect(windowProblems({ ...deposit, type: 'full', balanceStartsAt: null, balanceEndsAt: null }, strict)).toEqual([]);
  });
});

describe('deposits and item terms', () => {
  const terms = (over: Partial<ItemTerms> = {}): ItemTerms => ({ presalePrice: 80_000, deposit: 10_000, depositValue: 10_000, quota: 10, perBuyerLimit: 2, ...over });
  const check = (over: Partial<ItemTerms> = {}, kind: 'earnest' | 'prepayment' = 'earnest', cap = 20) =>
    itemTermsProblems({ path: 'items.0', type: 'deposit', depositKind: kind, capPercent: cap, regularPrice: 100_000, terms: terms(over) });

  it('the deposit may be set as a percentage: whole fen, rounded down, so a deposit at the cap never exceeds it', () => {
    expect(depositFromPercent(80_001, 12.5)).toBe(10_000);
    expect(depositFromPercent(999, 20)).toBe(199);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000_000 }), fc.integer({ min: 1, max: 10_000 }), (price, hundredths) => {
        const percent = hundredths / 100;
        const d = depositFromPercent(price, percent);
        return Number.isSafeInteger(d) && d >= 0 && d * 10_000 <= price * hundredths && (d + 1) * 10_000 > price * hundredths;
      }),
    );
  });
  it('an amount or a percentage, not both; kept when not given; the deposit value follows the deposit unless raised', () => {
    expect(resolveDeposit('deposit', 80_000, { depositPercent: 10 }, null, 'i')).toMatchObject({ deposit: 8_000, depositValue: 8_000, problems: [] });
    expect(codes(resolveDeposit('deposit', 80_000, { deposit: 1, depositPercent: 10 }, null, 'i').problems)).toEqual(['PRESALE_DEPOSIT_INVALID']);
    expect(codes(resolveDeposit('deposit', 80_000, {}, null, 'i').problems)).toEqual(['PRESALE_DEPOSIT_INVALID']);
    expect(resolveDeposit('deposit', 80_000, { deposit: 9_000 }, { deposit: 8_000, depositValue: 8_000 }, 'i')).toMatchObject({ deposit: 9_000, depositValue: 9_000 });
    expect(resolveDeposit('deposit', 80_000, { deposit: 9_000 }, { deposit: 8_000, depositValue: 12_000 }, 'i')).toMatchObject({ deposit: 9_000, depositValue: 12_000 });
    expect(resolveDeposit('deposit', 80_000, {}, { deposit: 8_000, depositValue: 12_000 }, 'i')).toMatchObject({ deposit: 8_000, depositValue: 12_000 });
    expect(resolveDeposit('full', 80_000, {}, { deposit: 8_000, depositValue: 8_000 }, 'i')).toMatchObject({ deposit: null, depositValue: null, problems: [] });
    expect(paths(resolveDeposit('full', 80_000, { deposit: 1, depositValue: 2 }, null, 'i').problems)).toEqual(['i.deposit', 'i.depositValue']);
  });
  it('0 < deposit', () => {
    expect(codes(check({ deposit: 0, depositValue: 0 }))).toEqual(['PRESALE_DEPOSIT_INVALID']);
  });
  it('Deposit cap: an earnest deposit may not exceed the cap percent of the presale price; a prepayment is not capped', () => {
    expect(check({ deposit: 16_000, depositValue: 16_000 })).toEqual([]);
    expect(check({ deposit: 16_001, depositValue: 16_001 })).toEqual([expect.objectContaining({ code: 'PRESALE_DEPOSIT_ABOVE_CAP', params: { cap: 20 } })]);
    expect(check({ deposit: 30_000, depositValue: 30_000 }, 'prepayment')).toEqual([]);
    expect(check({ deposit: 30_000, depositValue: 30_000 }, 'earnest', 40)).toEqual([]);
    expect(codes(check({ deposit: 90_000, depositValue: 90_000 }, 'prepayment'))).toContain('PRESALE_DEPOSIT_INVALID');
  });
  it('deposit value between the deposit and the presale price', () => {
    expect(paths(check({ depositValue: 9_999 }))).toEqual(['items.0.depositValue']);
    expect(paths(check({ depositValue: 80_001 }))).toEqual(['items.0.depositValue']);
    expect(check({ depositValue: 80_000 })).toEqual([]);
  });
  it('presale price not above the product regular price', () => {
    expect(codes(check({ presalePrice: 100_001 }))).toEqual(['PRESALE_PRICE_ABOVE_REGULAR']);
    expect(check({ presalePrice: 100_000 })).toEqual([]);
  });
  it('quota and limit are positive; the limit is not above the quota', () => {
    expect(paths(check({ quota: 0 }))).toEqual(['items.0.quota']);
    expect(paths(check({ perBuyerLimit: 0 }))).toEqual(['items.0.perBuyerLimit']);
    expect(paths(check({ quota: 1, perBuyerLimit: 2 }))).toEqual(['items.0.perBuyerLimit']);
  });
  it('Supplier products and course products cannot join a presale', () => {
    expect(codes(productProblems({ kind: 'physical', source: 'supplier', title: 'x' }, 'p'))).toEqual(['PRESALE_SUPPLIER_PRODUCT']);
    expect(codes(productProblems({ kind: 'course', source: 'own', title: 'x' }, 'p'))).toEqual(['PRESALE_COURSE_PRODUCT']);
    expect(productProblems({ kind: 'virtual', source: 'own', title: 'x' }, 'p')).toEqual([]);
  });
});

describe('tiered presale (阶梯)', () => {
  const tiers = [
    { deposits: 100, balanceOff: 2_000 },
    { deposits: 500, balanceOff: 5_000 },
  ];
  it('the tier reached by deposits paid, and how many deposits the next one needs', () => {
    expect(tierReached(tiers, 99)).toBeNull();
    expect(tierReached(tiers, 100)).toEqual(tiers[0]);
    expect(tierReached(tiers, 10_000)).toEqual(tiers[1]);
    expect(nextTier(tiers, 30)).toEqual({ tier: tiers[0], depositsNeeded: 70 });
    expect(nextTier(tiers, 100)).toEqual({ tier: tiers[1], depositsNeeded: 400 });
    expect(nextTier(tiers, 500)).toBeNull();
  });
  it('tiers rise, and only deposit campaigns have them', () => {
    expect(tierProblems('deposit', tiers)).toEqual([]);
    expect(paths(tierProblems('deposit', [tiers[1]!, tiers[0]!]))).toEqual(['tiers.1.deposits', 'tiers.1.balanceOff']);
    expect(codes(tierProblems('full', tiers))).toEqual(['PRESALE_TIERS_INVALID']);
  });
});

describe('Once a campaign has orders, prices, deposits and type are frozen; windows may be extended and quota raised', () => {
  const item: ItemTerms = { presalePrice: 80_000, deposit: 10_000, depositValue: 10_000, quota: 10, perBuyerLimit: 2 };
  const before: FreezeShape = {
    type: 'deposit',
    depositKind: 'earnest',
    startsAt: t('01T00:00'),
    endsAt: t('08T00:00'),
    balanceStartsAt: t('08T00:00'),
    balanceEndsAt: t('11T00:00'),
    tiers: [],
    ship: { kind: 'days_after_paid', shipDays: 10 },
    items: new Map([[7, item]]),
  };
  const after = (over: Partial<FreezeShape>, itemOver: Partial<ItemTerms> | null = {}) => ({
    ...before,
    ...over,
    items: itemOver === null ? new Map() : new Map([[7, { ...item, ...itemOver }]]),
  });
  it('allows extending windows, raising quota, changing the limit', () => {
    expect(frozenChangeProblems(before, after({ endsAt: t('09T00:00'), balanceStartsAt: t('09T00:00'), balanceEndsAt: t('12T00:00') }, { quota: 20, perBuyerLimit: 1 }))).toEqual([]);
  });
  it('refuses what is frozen', () => {
    expect(codes(frozenChangeProblems(before, after({ type: 'full' })))).toEqual(['PRESALE_CAMPAIGN_FROZEN']);
    expect(codes(frozenChangeProblems(before, after({}, { presalePrice: 70_000 })))).toEqual(['PRESALE_CAMPAIGN_FROZEN']);
    expect(codes(frozenChangeProblems(before, after({}, { depositValue: 12_000 })))).toEqual(['PRESALE_CAMPAIGN_FROZEN']);
    expect(codes(frozenChangeProblems(before, after({}, null)))).toEqual(['PRESALE_CAMPAIGN_FROZEN']);
    expect(codes(frozenChangeProblems(before, after({}, { quota: 9 })))).toEqual(['PRESALE_QUOTA_LOWERED']);
    expect(codes(frozenChangeProblems(before, after({ endsAt: t('07T00:00') })))).toEqual(['PRESALE_WINDOW_SHORTENED']);
    expect(codes(frozenChangeProblems(before, after({ balanceStartsAt: t('09T00:00') })))).toEqual(['PRESALE_WINDOW_SHORTENED']);
    expect(codes(frozenChangeProblems(before, after({ ship: { kind: 'days_after_paid', shipDays: 11 } })))).toEqual(['PRESALE_SHIP_CHANGE_REQUIRED']);
  });
});

describe('amounts of an order line', () => {
  it('deposit = deposit × qty; balance = presale price × qty − deposit value × qty + shipping − coupon − points', () => {
    expect(depositDue(10_000, 3)).toBe(30_000);
    expect(balanceDue({ presalePrice: 80_000, depositValue: 15_000, quantity: 2, shipping: 1_000, coupon: 2_000, points: 500 })).toEqual({
      goods: 160_000,
      depositCredit: 30_000,
      tierDiscount: 0,
      shipping: 1_000,
      coupon: 2_000,
      points: 500,
      balance: 128_500,
    });
  });
  it('tier discounts are applied to the balance, per unit', () => {
    expect(balanceDue({ presalePrice: 80_000, depositValue: 10_000, quantity: 2, shipping: 0, coupon: 0, points: 0, tierOff: 2_000 }).balance).toBe(136_000);
  });
  it('A discount larger than the balance is capped at it: the balance is never below zero', () => {
    expect(balanceDue({ presalePrice: 10_000, depositValue: 9_000, quantity: 1, shipping: 500, coupon: 5_000, points: 800 })).toMatchObject({ coupon: 1_500, points: 0, balance: 0 });
    fc.assert(
      fc.property(
        fc.record({
          presalePrice: fc.integer({ min: 1, max: 10_000_000 }),
          valueShare: fc.integer({ min: 0, max: 100 }),
          quantity: fc.integer({ min: 1, max: 50 }),
          shipping: fc.integer({ min: 0, max: 100_000 }),
          coupon: fc.integer({ min: 0, max: 100_000_000 }),
          points: fc.integer({ min: 0, max: 100_000_000 }),
          tierOff: fc.integer({ min: 0, max: 10_000_000 }),
        }),
        (r) => {
          const depositValue = Math.floor((r.presalePrice * r.valueShare) / 100);
          const b = balanceDue({ ...r, depositValue });
          const base = b.goods - b.depositCredit - b.tierDiscount + b.shipping;
          return (
            b.balance >= 0 &&
            b.coupon <= r.coupon &&
            b.points <= r.points &&
            b.balance === base - b.coupon - b.points &&
            (b.balance === 0 || (b.coupon === r.coupon && b.points === r.points)) &&
            b.depositCredit + b.tierDiscount <= b.goods
          );
        },
      ),
    );
  });
  it('Full type: one payment of the whole amount; coupons and points apply to it, capped', () => {
    expect(fullAmountDue({ presalePrice: 90_000, quantity: 2, shipping: 1_000, coupon: 5_000, points: 1_000 }).balance).toBe(175_000);
    expect(fullAmountDue({ presalePrice: 100, quantity: 1, shipping: 0, coupon: 5_000, points: 0 })).toMatchObject({ coupon: 100, balance: 0 });
  });
  it('refuses amounts that are not non-negative integers (a caller bug, not input)', () => {
    expect(() => depositDue(-1, 1)).toThrow(RangeError);
    expect(() => balanceDue({ presalePrice: 1.5, depositValue: 0, quantity: 1, shipping: 0, coupon: 0, points: 0 })).toThrow(RangeError);
  });
  it('estimated shipping: a fixed date, or N days after the order is fully paid', () => {
    expect(estimatedShipDate({ kind: 'date', shipDate: t('20T00:00') }, null)).toEqual(t('20T00:00'));
    expect(estimatedShipDate({ kind: 'days_after_paid', shipDays: 15 }, t('01T10:00'))).toEqual(t('16T10:00'));
    expect(estimatedShipDate({ kind: 'days_after_paid', shipDays: 15 }, null)).toBeNull();
  });
});
