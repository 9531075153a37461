import { describe, expect, it } from 'vitest';
import { fenToInput, formatYuan, parseIntInput, parsePercentInput, parseYuanInput } from '../src/utils/money.ts';

describe('yuan input → fen', () => {
  it('parses exactly, without floating point', () => {
    expect(parseYuanInput('199.9')).toBe(19990);
    expect(parseYuanInput('0.29')).toBe(29);
    expect(parseYuanInput('1.1')).toBe(110);
    expect(parseYuanInput('4.35')).toBe(435); // 4.35 * 100 = 434.99999999999994 as a float
    expect(parseYuanInput(' 12 ')).toBe(1200);
    expect(parseYuanInput('¥1,299.00')).toBe(129900);
  });
  it('says empty and invalid apart', () => {
    expect(parseYuanInput('')).toBeNull();
    expect(parseYuanInput(undefined)).toBeNull();
    expect(parseYuanInput('1.005')).toBeUndefined();
    expect(parseYuanInput('-1')).toBeUndefined();
    expect(parseYuanInput('abc')).toBeUndefined();
    expect(parseYuanInput('1e3')).toBeUndefined();
  });
  it('round-trips fen through the input text', () => {
    for (const fen of [0, 1, 10, 99, 100, 12345, 99999999]) expect(parseYuanInput(fenToInput(fen))).toBe(fen);
    expect(fenToInput(null)).toBe('');
  });
  it('shows fen as yuan with two decimals', () => {
    expect(formatYuan(19990)).toBe('¥199.90');
    expect(formatYuan(5)).toBe('¥0.05');
    expect(formatYuan(null)).toBe('—');
  });
});

describe('percent and integer inputs', () => {
  it('parses percentages with at most two decimals', () => {
    expect(parsePercentInput('20')).toBe(20);
    expect(parsePercentInput('12.5%')).toBe(12.5);
    expect(parsePercentInput('0.01')).toBe(0.01);
    expect(parsePercentInput('100')).toBe(100);
    expect(parsePercentInput('100.01')).toBeUndefined();
    expect(parsePercentInput('1.234')).toBeUndefined();
    expect(parsePercentInput('')).toBeNull();
  });
  it('parses whole numbers', () => {
    expect(parseIntInput('42')).toBe(42);
    expect(parseIntInput(' -3 ')).toBe(-3);
    expect(parseIntInput('4.2')).toBeUndefined();
    expect(parseIntInput('')).toBeNull();
    expect(parseIntInput(7)).toBe(7);
  });
});
