// Pure rules of pre-order settings: which one applies to a SKU, whether a SKU can be pre-ordered
// now, the cap, the countries, and what a valid setting is.
import { formatMinorUnits, type PreorderSettingsInput, type PreorderStrategy } from '@mall/contract';
import { AppError } from '../../platform/errors.ts';

export interface SettingLike {
  enabled: boolean;
  cap: number | null;
  countries: readonly string[];
  strategy: PreorderStrategy;
}

/** A SKU's own setting wins over its product's. */
export function applicableSetting<S>(own: S | undefined, product: S | undefined): { setting: S; scope: 'sku' | 'product' } | null {
  if (own) return { setting: own, scope: 'sku' };
  if (product) return { setting: product, scope: 'product' };
  return null;
}

/** Units that may still be pre-ordered under the cap (never below 0); null when there is no cap. */
export function unitsLeft(cap: number | null, openUnits: number): number | null {
  return cap === null ? null : Math.max(0, cap - openUnits);
}

/**
 * A SKU is pre-orderable when pre-orders are on, nothing is sellable (spec §5: only when sellable
 * stock is 0) and the cap leaves room.
 */
export function preorderableNow(setting: SettingLike | null, sellable: number, openUnits: number): boolean {
  if (!setting?.enabled || sellable > 0) return false;
  const left = unitsLeft(setting.cap, openUnits);
  return left === null || left > 0;
}

/** Whether the country may pre-order: every country when the list is empty; null when the country is unknown. */
export function countryAllowed(countries: readonly string[], country: string | null): boolean | null {
  if (countries.length === 0) return true;
  if (country === null) return null;
  return countries.includes(country);
}

export interface SkuForSettings {
  name: string;
  price: number;
}

/**
 * Refuses a setting that cannot work: an expected date already past, a deposit missing, given
 * without the deposit strategy, not below every covered SKU's price, or (when non-refundable,
 * i.e. earnest money) above the shop's deposit cap; the authorize strategy when no payment
 * method of the shop can authorise; a course product.
 */
export function assertValidSettings(
  input: PreorderSettingsInput,
  context: { now: Date; skus: readonly SkuForSettings[]; depositCapPercent: number; canAuthorize: boolean; productKind: string },
): void {
  if (context.productKind === 'course') throw new AppError('PREORDER_PRODUCT_KIND');
  if (input.enabled && input.availableAt.getTime() <= context.now.getTime()) throw new AppError('PREORDER_AVAILABLE_AT_PAST');
  const deposit = input.depositAmount ?? null;
  if (input.strategy === 'deposit' && deposit === null) throw new AppError('PREORDER_DEPOSIT_REQUIRED');
  if (input.strategy !== 'deposit' && deposit !== null) throw new AppError('PREORDER_DEPOSIT_NOT_ALLOWED');
  if (input.strategy === 'authorize' && !context.canAuthorize) throw new AppError('PREORDER_AUTHORIZE_UNAVAILABLE');
  if (deposit === null) return;
  for (const sku of context.skus) {
    if (deposit >= sku.price) throw new AppError('PREORDER_DEPOSIT_INVALID', { sku: sku.name, deposit: formatMinorUnits(deposit), price: formatMinorUnits(sku.price) });
    const max = Math.floor((sku.price * context.depositCapPercent) / 100);
    if (!input.depositRefundable && deposit > max) {
      throw new AppError('PREORDER_DEPOSIT_OVER_CAP', { sku: sku.name, cap: context.depositCapPercent, max: formatMinorUnits(max) });
    }
  }
}

export interface TermsFields {
  termsText: string;
  strategy: PreorderStrategy;
  depositAmount: number | null;
  depositRefundable: boolean;
  payDays: number;
}

/** The terms version after a change: up by one when anything a buyer accepts changed. */
export function nextTermsVersion(before: (TermsFields & { termsVersion: number }) | undefined, after: TermsFields): number {
  if (!before) return 1;
  const changed =
    before.termsText !== after.termsText ||
    before.strategy !== after.strategy ||
    before.depositAmount !== after.depositAmount ||
    before.depositRefundable !== after.depositRefundable ||
    before.payDays !== after.payDays;
  return changed ? before.termsVersion + 1 : before.termsVersion;
}
