import { describe, expect, it } from 'vitest';
import { captureReferral, pendingReferral, referralVia, REFERRAL_STORAGE_KEY } from '../src/utils/referral.ts';

function memoryStore() {
  const data = new Map<string, string>();
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
}

describe('referral capture', () => {
  it('keeps a well-formed ref (any case) and hands it to sign-up', () => {
    const store = memoryStore();
    expect(captureReferral({ ref: 'abcdef' }, store)).toBe('ABCDEF');
    expect(store.data.get(REFERRAL_STORAGE_KEY)).toBe('ABCDEF');
    expect(pendingReferral(store)).toBe('ABCDEF');
  });

  it('ignores pages without a ref and malformed codes, keeping the earlier one', () => {
    const store = memoryStore();
    captureReferral({ ref: 'ABCDEF' }, store);
    expect(captureReferral({}, store)).toBeNull();
    expect(captureReferral({ ref: 'A0CDEF' }, store)).toBeNull(); // 0 is never in a code
    expect(captureReferral({ ref: '<script>' }, store)).toBeNull();
    expect(pendingReferral(store)).toBe('ABCDEF');
    expect(captureReferral({ ref: ['XYZ234', 'ABCDEF'] }, store)).toBe('XYZ234');
    expect(pendingReferral(store)).toBe('XYZ234');
  });

  it('survives storage that refuses writes', () => {
    const store = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } };
    expect(captureReferral({ ref: 'ABCDEF' }, store)).toBe('ABCDEF');
    expect(pendingReferral(store)).toBeUndefined();
  });

  it('names what the visitor followed from the path', () => {
    expect(referralVia('/product/12')).toEqual({ type: 'product', id: 12 });
    expect(referralVia('/presale/3')).toEqual({ type: 'presale', id: 3 });
    expect(referralVia('/mine')).toBeUndefined();
  });
});
