import { describe, expect, it } from 'vitest';
import { dateOnly, dateTime, priceRange, remaining, specText, yuan, yuanToFen } from '../src/utils/format.ts';
import { matchSku, valueReachable, depositWord } from '../src/utils/presale.ts';
import { payTestId } from '../src/utils/orders.ts';
import zhCN from '../src/locales/zh-CN.ts';
import en from '../src/locales/en.ts';

describe('money', () => {
  it('formats fen as yuan with two decimals and the ¥ sign', () => {
    expect(yuan(0)).toBe('¥0.00');
    expect(yuan(1)).toBe('¥0.01');
    expect(yuan(129_900)).toBe('¥1299.00');
    expect(yuan(-3_005)).toBe('-¥30.05');
    expect(priceRange(6_900, 6_900)).toBe('¥69.00');
    expect(priceRange(6_900, 82_800)).toBe('¥69.00-¥828.00');
  });
  it('refuses amounts that are not whole fen', () => {
    expect(() => yuan(1.5)).toThrow(RangeError);
  });
  it('reads a typed yuan amount exactly to fen, never through a float', () => {
    expect(yuanToFen('19.99')).toBe(1_999);
    expect(yuanToFen(' ¥0.29 ')).toBe(29);
    expect(yuanToFen('1.005')).toBeNull();
    expect(yuanToFen('abc')).toBeNull();
    expect(yuanToFen('')).toBeNull();
  });
});

describe('time', () => {
  it('shows instants in the shop time zone', () => {
    expect(dateTime('2026-12-03T22:00:00.000Z')).toBe('2026-12-04 06:00');
    expect(dateTime('2026-12-03T22:00:00.000Z', 'UTC')).toBe('2026-12-03 22:00');
    expect(dateOnly('2026-12-31T16:30:00.000Z')).toBe('2027-01-01');
    expect(dateTime(null)).toBe('');
  });
  it('splits the time left into days, hours, minutes and seconds, never below zero', () => {
    expect(remaining(90_061_000, 0)).toEqual({ days: 1, hours: 1, minutes: 1, seconds: 1, total: 90_061_000 });
    expect(remaining(1_000, 5_000)).toEqual({ days: 0, hours: 0, minutes: 0, seconds: 0, total: 0 });
    expect(remaining(1_999, 1_000).seconds).toBe(0);
  });
});

describe('SKU picking', () => {
  const skus = [
    { id: 1, specValues: { 颜色: '红', 尺码: 'S' } },
    { id: 2, specValues: { 颜色: '红', 尺码: 'M' } },
    { id: 3, specValues: { 颜色: '蓝', 尺码: 'M' } },
  ];
  const dims = ['颜色', '尺码'];
  it('finds the SKU once every dimension is chosen', () => {
    expect(matchSku(skus, { 颜色: '蓝', 尺码: 'M' }, dims)?.id).toBe(3);
    expect(matchSku(skus, { 颜色: '蓝' }, dims)).toBeUndefined();
    expect(matchSku(skus, { 颜色: '蓝', 尺码: 'S' }, dims)).toBeUndefined();
    expect(matchSku([{ id: 9, specValues: {} }], {}, [])?.id).toBe(9);
  });
  it('tells which values still lead to a SKU', () => {
    expect(valueReachable(skus, { 颜色: '蓝' }, '尺码', 'S')).toBe(false);
    expect(valueReachable(skus, { 颜色: '蓝' }, '尺码', 'M')).toBe(true);
    expect(valueReachable(skus, { 颜色: '蓝', 尺码: 'M' }, '颜色', '红')).toBe(true);
  });
  it('joins spec values for display', () => {
    expect(specText({ 颜色: '红', 尺码: 'M' })).toBe('红 / M');
    expect(specText({})).toBe('');
  });
});

describe('words', () => {
  const t = (key: string) => (key === 'presale.kindPrepayment' ? '订金' : '定金');
  it('names the deposit 定金 or 订金 by its kind', () => {
    expect(depositWord('earnest', t)).toBe('定金');
    expect(depositWord('prepayment', t)).toBe('订金');
  });
  it('gives each payment stage its own test id', () => {
    expect(payTestId('deposit')).toBe('pay-deposit');
    expect(payTestId('balance')).toBe('pay-balance');
    expect(payTestId('full')).toBe('pay');
  });
  it('has the same keys in both languages', () => {
    const keys = (o: object, prefix = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v as object, `${prefix}${k}.`)));
    expect(keys(en).sort()).toEqual(keys(zhCN).sort());
  });
});
