import { describe, expect, it } from 'vitest';
import { assertRoomForAddress, defaultChange, isDefaultOnCreate } from './addresses.rules.ts';

describe('address book rules', () => {
  it('allows 20 addresses', () => {
    expect(() => assertRoomForAddress(19)).not.toThrow();
    expect(() => assertRoomForAddress(20)).toThrow(expect.objectContaining({ code: 'ADDRESS_LIMIT_REACHED', params: { max: 20 } }));
  });

  it('makes the first address the default, later ones only when asked', () => {
    expect(isDefaultOnCreate(0, undefined)).toBe(true);
    expect(isDefaultOnCreate(0, false)).toBe(true);
    expect(isDefaultOnCreate(3, undefined)).toBe(false);
    expect(isDefaultOnCreate(3, true)).toBe(true);
  });

  it('never leaves a shopper without a default by unsetting it', () => {
    expect(defaultChange(false, true)).toBe('set');
    expect(defaultChange(true, true)).toBe('keep');
    expect(defaultChange(false, false)).toBe('keep');
    expect(defaultChange(true, undefined)).toBe('keep');
    expect(() => defaultChange(true, false)).toThrow(expect.objectContaining({ code: 'ADDRESS_DEFAULT_REQUIRED' }));
  });
});
