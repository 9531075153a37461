import { describe, expect, it } from 'vitest';
import { preorderSettingsInput, type PreorderSettingsInput } from '@mall/contract';
import { AppError } from '../../platform/errors.ts';
import { applicableSetting, assertValidSettings, countryAllowed, nextTermsVersion, preorderableNow, unitsLeft } from './preorders.rules.ts';

const now = new Date('2026-11-23T02:00:00Z');
const input = (over: Record<string, unknown> = {}): PreorderSettingsInput =>
  preorderSettingsInput.parse({ availableAt: '2026-12-10T00:00:00Z', strategy: 'upfront', ...over });
const context = { now, skus: [{ name: '洗碗机', price: 400_000 }], depositCapPercent: 20, canAuthorize: true, productKind: 'physical' };
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof AppError ? error.code : String(error);
  }
  return 'ok';
};

describe('pre-order settings rules', () => {
  it('a SKU’s own setting wins over its product’s', () => {
    expect(applicableSetting('sku', 'product')).toEqual({ setting: 'sku', scope: 'sku' });
    expect(applicableSetting(undefined, 'product')).toEqual({ setting: 'product', scope: 'product' });
    expect(applicableSetting(undefined, undefined)).toBeNull();
  });

  it('is pre-orderable only while sellable stock is 0, pre-orders are on and the cap has room', () => {
    const setting = { enabled: true, cap: 3, countries: [], strategy: 'upfront' as const };
    expect(preorderableNow(setting, 0, 2)).toBe(true);
    expect(preorderableNow(setting, 1, 0)).toBe(false);
    expect(preorderableNow(setting, 0, 3)).toBe(false);
    expect(preorderableNow({ ...setting, cap: null }, 0, 10_000)).toBe(true);
    expect(preorderableNow({ ...setting, enabled: false }, 0, 0)).toBe(false);
    expect(preorderableNow(null, 0, 0)).toBe(false);
    expect(unitsLeft(3, 5)).toBe(0);
    expect(unitsLeft(null, 5)).toBeNull();
  });

  it('allows every country when the list is empty, and says "unknown" for an unknown country', () => {
    expect(countryAllowed([], null)).toBe(true);
    expect(countryAllowed(['CN'], 'CN')).toBe(true);
    expect(countryAllowed(['CN'], 'US')).toBe(false);
    expect(countryAllowed(['CN'], null)).toBeNull();
  });

  it('refuses settings that cannot work, each with its code', () => {
    expect(codeOf(() => assertValidSettings(input(), context))).toBe('ok');
    expect(codeOf(() => assertValidSettings(input({ availableAt: '2026-11-01T00:00:00Z' }), context))).toBe('PREORDER_AVAILABLE_AT_PAST');
    expect(codeOf(() => assertValidSettings(input({ availableAt: '2026-11-01T00:00:00Z', enabled: false }), context))).toBe('ok');
    expect(codeOf(() => assertValidSettings(input({ strategy: 'deposit' }), context))).toBe('PREORDER_DEPOSIT_REQUIRED');
    expect(codeOf(() => assertValidSettings(input({ depositAmount: 100 }), context))).toBe('PREORDER_DEPOSIT_NOT_ALLOWED');
    expect(codeOf(() => assertValidSettings(input({ strategy: 'deposit', depositAmount: 80_000 }), context))).toBe('ok');
    expect(codeOf(() => assertValidSettings(input({ strategy: 'deposit', depositAmount: 80_001 }), context))).toBe('PREORDER_DEPOSIT_OVER_CAP');
    expect(codeOf(() => assertValidSettings(input({ strategy: 'deposit', depositAmount: 80_001, depositRefundable: true }), context))).toBe('ok');
    expect(codeOf(() => assertValidSettings(input({ strategy: 'deposit', depositAmount: 400_000, depositRefundable: true }), context))).toBe('PREORDER_DEPOSIT_INVALID');
    expect(codeOf(() => assertValidSettings(input({ strategy: 'authorize' }), { ...context, canAuthorize: false }))).toBe('PREORDER_AUTHORIZE_UNAVAILABLE');
    expect(codeOf(() => assertValidSettings(input(), { ...context, productKind: 'course' }))).toBe('PREORDER_PRODUCT_KIND');
  });

  it('normalises countries to upper case, once each, and refuses codes that are not ISO countries', () => {
    expect(input({ countries: ['cn', 'HK', 'CN'] }).countries).toEqual(['CN', 'HK']);
    for (const bad of ['XX', 'ZZ', 'EU', 'CHN', '', 'C1']) expect(preorderSettingsInput.safeParse({ availableAt: '2026-12-10T00:00:00Z', strategy: 'upfront', countries: [bad] }).success).toBe(false);
  });

  it('raises the terms version only when what the buyer accepts changed', () => {
    const before = { termsText: 'a', strategy: 'deposit' as const, depositAmount: 100, depositRefundable: false, payDays: 7, termsVersion: 3 };
    expect(nextTermsVersion(undefined, before)).toBe(1);
    expect(nextTermsVersion(before, { ...before })).toBe(3);
    for (const change of [{ termsText: 'b' }, { strategy: 'upfront' as const }, { depositAmount: 200 }, { depositRefundable: true }, { payDays: 3 }]) {
      expect(nextTermsVersion(before, { ...before, ...change })).toBe(4);
    }
  });
});
