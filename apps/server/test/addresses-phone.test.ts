import { describe, expect, it } from 'vitest';
import { createAddressBody, normalisePhone, normaliseText } from '@mall/contract';

describe('address input normalisation', () => {
  it('accepts mainland mobiles with or without +86 and separators', () => {
    for (const input of ['13812345678', '+8613812345678', '86 138 1234 5678', '138-1234-5678', '１３８１２３４５６７８', '+86-138-1234-5678']) {
      expect(normalisePhone(input), input).toBe('13812345678');
    }
  });

  it('accepts landlines with area code, 3 digits for 010/02x and 4 otherwise, with an extension', () => {
    expect(normalisePhone('010-12345678')).toBe('010-12345678');
    expect(normalisePhone('01012345678')).toBe('010-12345678');
    expect(normalisePhone('(021) 6123 4567')).toBe('021-61234567');
    expect(normalisePhone('0755-8765432')).toBe('0755-8765432');
    expect(normalisePhone('075587654321')).toBe('0755-87654321');
    expect(normalisePhone('0571-88888888-123')).toBe('0571-88888888-123');
    expect(normalisePhone('+86 0755 87654321')).toBe('0755-87654321');
  });

  it('refuses anything else', () => {
    for (const input of ['', '12345678901', '1381234567', '138123456789', '23812345678', '12345', '010-123456', '010-0234567', 'abc', '0755-123456789', '+1 4155550100']) {
      expect(normalisePhone(input), input).toBeUndefined();
    }
  });

  it('trims text and collapses inner white space', () => {
    expect(normaliseText('  朝阳区 \n 建国路\t 88 号  ')).toBe('朝阳区 建国路 88 号');
  });

  it('counts characters as people do (a supplementary-plane character counts once)', () => {
    const base = { receiver: '𠮷'.repeat(20), phone: '13812345678', province: '北京市', city: '北京市', district: '朝阳区', detail: '建国路 88 号' };
    expect(createAddressBody.safeParse(base).success).toBe(true);
    expect(createAddressBody.safeParse({ ...base, receiver: '𠮷'.repeat(21) }).success).toBe(false);
  });
});
