import { describe, expect, it } from 'vitest';
import { errorCatalog, formatErrorMessage, pickLocale } from './errors.ts';

describe('error catalogue', () => {
  it('has a status and both languages for every code', () => {
    for (const [code, spec] of Object.entries(errorCatalog)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(spec.status, code).toBeGreaterThanOrEqual(400);
      expect(spec.status, code).toBeLessThan(600);
      expect(spec.zh.length, code).toBeGreaterThan(0);
      expect(spec.en.length, code).toBeGreaterThan(0);
      const zhParams = [...spec.zh.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const enParams = [...spec.en.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(zhParams, `${code} uses the same placeholders in both languages`).toEqual(enParams);
    }
  });
  it('fills placeholders', () => {
    expect(formatErrorMessage('NOT_FOUND', 'en', { resource: 'Product' })).toBe('Product not found');
    expect(formatErrorMessage('NOT_FOUND', 'zh-CN', { resource: '商品' })).toBe('商品不存在');
  });
  it('picks the language from Accept-Language, Chinese first', () => {
    expect(pickLocale(undefined)).toBe('zh-CN');
    expect(pickLocale('en-US,en;q=0.9')).toBe('en');
    expect(pickLocale('en;q=0.5,zh-CN;q=0.9')).toBe('zh-CN');
    expect(pickLocale('fr-FR')).toBe('zh-CN');
    expect(pickLocale('fr-FR,en;q=0.8')).toBe('en');
  });
});
