import { describe, expect, it } from 'vitest';
import { addressRegionErrors, assertRealRegion, assertRoomForAddress, defaultChange, isDefaultOnCreate } from './addresses.rules.ts';

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

  describe('regions of mainland addresses', () => {
    const cn = (province: string, city: string, district: string) => ({ country: 'CN', province, city, district });
    const paths = (region: ReturnType<typeof cn>) => addressRegionErrors(region).map((e) => e.path);

    it.each([
      ['a province, city and district', cn('广东省', '深圳市', '南山区')],
      ['a municipality, which is its own city', cn('北京市', '北京市', '朝阳区')],
      ['a municipality with districts', cn('上海市', '上海市', '浦东新区')],
      ['Chongqing, whose counties sit under the pseudo-city 县', cn('重庆市', '县', '城口县')],
      ['a county-level city directly under a province (省直辖县)', cn('湖北省', '省直辖县', '仙桃市')],
      ['the same in Hainan', cn('海南省', '省直辖县', '琼海市')],
      ['a county-level city directly under an autonomous region', cn('新疆维吾尔自治区', '自治区直辖县级行政区划', '石河子市')],
      ['a prefecture-level city without districts, by its towns', cn('广东省', '东莞市', '虎门镇')],
      ['an autonomous prefecture', cn('湖北省', '恩施土家族苗族自治州', '恩施市')],
    ])('accepts %s', (_label, region) => {
      expect(addressRegionErrors(region)).toEqual([]);
      expect(() => assertRealRegion(region)).not.toThrow();
    });

    it.each([
      ['a made-up province', cn('火星省', '深圳市', '南山区'), ['province']],
      ['a province without its suffix', cn('广东', '深圳市', '南山区'), ['province']],
      ['a city of another province', cn('北京市', '深圳市', '南山区'), ['city']],
      ['a municipality spelled as a city elsewhere', cn('北京市', '上海市', '朝阳区'), ['city']],
      ['a district of another city', cn('广东省', '广州市', '南山区'), ['district']],
      ['a same-named district of another city', cn('吉林省', '吉林市', '朝阳区'), ['district']],
      ['a county-level city put under the wrong province', cn('湖南省', '省直辖县', '仙桃市'), ['city']],
      ['a county-level city given as the city', cn('湖北省', '仙桃市', '仙桃市'), ['city']],
    ])('refuses %s', (_label, region, expected) => {
      expect(paths(region)).toEqual(expected);
      expect(() => assertRealRegion(region)).toThrow(expect.objectContaining({ code: 'ADDRESS_REGION_INVALID', status: 422 }));
    });

    it('names the field, its rule and the names given', () => {
      expect(addressRegionErrors(cn('北京市', '深圳市', '南山区'))).toEqual([
        { path: 'city', message: expect.stringContaining('深圳市'), code: 'ADDRESS_CITY_UNKNOWN', params: { province: '北京市', city: '深圳市', district: '南山区' } },
      ]);
    });

    it('leaves addresses in other countries as free text', () => {
      expect(addressRegionErrors({ country: 'US', province: 'California', city: 'San Francisco', district: 'SoMa' })).toEqual([]);
      expect(addressRegionErrors({ country: 'HK', province: '香港', city: '九龙', district: '油尖旺' })).toEqual([]);
    });
  });
});
