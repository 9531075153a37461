import { describe, expect, it } from 'vitest';
import { areaCodeOf, areaList, namesOfPicked, regionLabel } from '../src/utils/regions.ts';

describe('address regions', () => {
  it('finds the district code of real, nested names', () => {
    expect(areaCodeOf({ province: '广东省', city: '深圳市', district: '南山区' })).toBe('440305');
    expect(areaCodeOf({ province: '北京市', city: '北京市', district: '朝阳区' })).toBe('110105');
    expect(areaCodeOf({ province: '湖北省', city: '省直辖县', district: '仙桃市' })).toBe('429004');
    expect(areaCodeOf({ province: '吉林省', city: '长春市', district: '朝阳区' })).toMatch(/^2201/);
  });

  it('answers no code for names that are not real or not nested', () => {
    expect(areaCodeOf({ province: '北京市', city: '深圳市', district: '南山区' })).toBe('');
    expect(areaCodeOf({ province: '广东省', city: '深圳市', district: '朝阳区' })).toBe('');
    expect(areaCodeOf({ province: '', city: '', district: '' })).toBe('');
  });

  it('reads the confirmed columns of the picker, and nothing when a column is empty', () => {
    const picked = ['440000', '440300', '440305'].map((value, i) => ({ value, text: [areaList.province_list, areaList.city_list, areaList.county_list][i]![value] }));
    expect(namesOfPicked(picked)).toEqual({ province: '广东省', city: '深圳市', district: '南山区' });
    expect(namesOfPicked([picked[0], picked[1], { text: '请选择', value: '' }])).toBeUndefined();
    expect(namesOfPicked([picked[0], picked[1]])).toBeUndefined();
  });

  it('labels a municipality once', () => {
    expect(regionLabel({ province: '北京市', city: '北京市', district: '朝阳区' })).toBe('北京市 朝阳区');
    expect(regionLabel({ province: '广东省', city: '深圳市', district: '南山区' })).toBe('广东省 深圳市 南山区');
  });
});
