import { z } from 'zod';

/**
 * Money is always an integer count of minor units (fen for CNY). These helpers are the only
 * place that converts between decimal strings and minor units, and the only place that splits
 * an amount.
 */
export const MAX_UNIT_PRICE = 100_000_000_00; // ¥100,000,000.00, far above any real price
export const CURRENCIES = ['CNY'] as const;
export type Currency = (typeof CURRENCIES)[number];

export const moneyAmount = z
  .number()
  .int('amount must be an integer number of minor units (fen)')
  .min(0)
  .max(MAX_UNIT_PRICE);

const DECIMAL = /^(\d{1,12})(?:\.(\d{1,2}))?$/;

/** "199.9" → 19990. Throws RangeError on anything that is not a plain non-negative decimal. */
export function parseMajorUnits(text: string): number {
  const match = DECIMAL.exec(text.trim());
  if (!match) throw new RangeError(`not a money amount: ${JSON.stringify(text)}`);
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? '').padEnd(2, '0'));
  const minor = whole * 100 + fraction;
  if (!Number.isSafeInteger(minor)) throw new RangeError('amount too large');
  return minor;
}

/** 19990 → "199.90" (no currency sign; negative amounts keep their sign). */
export function formatMinorUnits(minor: number): string {
  assertMinor(minor);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function assertMinor(value: number): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not an integer amount: ${value}`);
}

export function sumMinor(values: readonly number[]): number {
  let total = 0;
  for (const v of values) {
    assertMinor(v);
    total += v;
  }
  assertMinor(total);
  return total;
}

/**
 * Splits `total` across `weights` in proportion, by largest remainder, so the parts are
 * integers that always add up to exactly `total`. Ties go to the earlier weight.
 */
export function allocateMinor(total: number, weights: readonly number[]): number[] {
  assertMinor(total);
  if (weights.length === 0) throw new RangeError('no weights to allocate over');
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0)) throw new RangeError('weights must be non-negative integers');
  const weightSum = sumMinor(weights);
  if (weightSum === 0) {
    const even = weights.map(() => 1);
    return allocateMinor(total, even);
  }
  const sign = total < 0 ? -1 : 1;
  const abs = Math.abs(total);
  const exact = weights.map((w) => (BigInt(abs) * BigInt(w)) as bigint);
  const parts = exact.map((e) => Number(e / BigInt(weightSum)));
  const remainders = exact.map((e, i) => ({ i, r: Number(e % BigInt(weightSum)) }));
  let left = abs - sumMinor(parts);
  remainders.sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of remainders) {
    if (left === 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    left -= 1;
  }
  return parts.map((p) => p * sign);
}

/**
 * What a member pays for goods worth `amount` fen at their level's `discountPermille` ‰ (会员价):
 * the discount is floor(amount × (1000 − permille) / 1000), as the pricing function takes it.
 */
export function memberPriceOf(amount: number, discountPermille: number): number {
  assertMinor(amount);
  if (!Number.isInteger(discountPermille) || discountPermille < 1 || discountPermille > 1000) throw new RangeError(`not a discount in per mille: ${discountPermille}`);
  return amount - Number((BigInt(amount) * BigInt(1000 - discountPermille)) / 1000n);
}
