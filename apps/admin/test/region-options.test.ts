import { describe, expect, it } from 'vitest';
import { mainlandRegions, regionCascaderOptions, regionPath } from '../src/utils/region-options.ts';

const SMALL = {
  province_list: { '440000': '广东省', '110000': '北京市' },
  city_list: { '440300': '深圳市', '110100': '北京市', '440100': '广州市' },
  county_list: { '440305': '南山区', '440106': '天河区', '110105': '朝阳区', '440303': '罗湖区' },
};

describe('regionCascaderOptions', () => {
  it('nests cities under their province and districts under their city, by code, named for their values', () => {
    const options = regionCascaderOptions(SMALL);
    expect(options).toEqual([
      { value: '北京市', label: '北京市', children: [{ value: '北京市', label: '北京市', children: [{ value: '朝阳区', label: '朝阳区' }] }] },
      {
        value: '广东省',
        label: '广东省',
        children: [
          { value: '广州市', label: '广州市', children: [{ value: '天河区', label: '天河区' }] },
          { value: '深圳市', label: '深圳市', children: [{ value: '罗湖区', label: '罗湖区' }, { value: '南山区', label: '南山区' }] },
        ],
      },
    ]);
  });

  it('leaves a division without children a leaf (no empty children list the cascader would open)', () => {
    const options = regionCascaderOptions({ province_list: { '710000': '台湾省' }, city_list: {}, county_list: {} });
    expect(options).toEqual([{ value: '台湾省', label: '台湾省' }]);
  });

  it('covers the whole mainland data: 3 levels everywhere, e.g. 广东省 深圳市 南山区', () => {
    const all = mainlandRegions();
    expect(all.length).toBeGreaterThanOrEqual(31);
    const shenzhen = all.find((p) => p.value === '广东省')?.children?.find((c) => c.value === '深圳市');
    expect(shenzhen?.children?.map((d) => d.value)).toContain('南山区');
    expect(all.every((p) => p.children?.every((c) => (c.children?.length ?? 0) > 0))).toBe(true);
    expect(mainlandRegions()).toBe(all);
  });
});

describe('regionPath', () => {
  it('is the names in order, or nothing without a province', () => {
    expect(regionPath({ province: '广东省', city: '深圳市', district: '南山区' })).toEqual(['广东省', '深圳市', '南山区']);
    expect(regionPath({ province: '', city: '', district: '' })).toEqual([]);
  });
});
