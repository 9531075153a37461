import { describe, expect, it } from 'vitest';
import { regionCodesOf, regionNamesOf, regionProblems } from './regions.ts';

describe('Chinese administrative regions', () => {
  it('accepts real, nested names and finds their codes', () => {
    expect(regionProblems({ province: '广东省', city: '深圳市', district: '南山区' })).toEqual([]);
    expect(regionCodesOf({ province: '广东省', city: '深圳市', district: '南山区' })).toEqual({ province: '440000', city: '440300', district: '440305' });
    expect(regionProblems({ province: '北京市', city: '北京市', district: '朝阳区' })).toEqual([]);
    expect(regionProblems({ province: '浙江省' })).toEqual([]);
    expect(regionProblems({ province: ' 浙江省 ', city: '杭州市', district: null })).toEqual([]);
  });

  it('names the field that is wrong and where the name was looked for', () => {
    expect(regionProblems({ province: '火星省' })).toEqual([{ path: 'province', kind: 'unknown', name: '火星省', message: expect.stringContaining('火星省') }]);
    expect(regionProblems({ province: '广东省', city: '杭州市' })).toEqual([expect.objectContaining({ path: 'city', kind: 'unknown', name: '杭州市', within: '广东省' })]);
    expect(regionProblems({ province: '广东省', city: '深圳市', district: '朝阳区' })).toEqual([expect.objectContaining({ path: 'district', within: '深圳市' })]);
    expect(regionProblems({ province: '广东省', district: '南山区' })).toEqual([expect.objectContaining({ path: 'city', kind: 'missing' })]);
  });

  it('keeps a district to its own city when names repeat across the country', () => {
    expect(regionCodesOf({ province: '北京市', city: '北京市', district: '朝阳区' }).district).toBe('110105');
    expect(regionCodesOf({ province: '吉林省', city: '长春市', district: '朝阳区' }).district).toMatch(/^2201/);
  });

  it('turns codes back into names', () => {
    expect(regionNamesOf({ province: '440000', city: '440300', district: '440305' })).toEqual({ province: '广东省', city: '深圳市', district: '南山区' });
    expect(regionNamesOf({ province: '999999' })).toBeUndefined();
  });
});
