import { describe, expect, it } from 'vitest';
import { shippingTemplateInput } from './shipping.ts';

const valid = {
  name: ' 全国包邮（偏远地区除外） ',
  chargeBy: 'weight',
  defaultRule: { firstUnits: 1000, firstFee: 1200, additionalUnits: 500, additionalFee: 400 },
  regionRules: [{ regions: [{ province: '新疆维吾尔自治区' }, { province: '广东省', city: '深圳市' }], firstUnits: 1000, firstFee: 2500, additionalUnits: 500, additionalFee: 1000 }],
  freeShipping: [{ minAmount: 9900 }, { minQuantity: 3 }, { regions: [{ province: '新疆维吾尔自治区' }], minAmount: 29900 }, { regions: [{ province: '新疆维吾尔自治区' }], minQuantity: 5 }],
  excludedRegions: [{ province: '西藏自治区' }],
  deliveryDays: { minDays: 2, maxDays: 4 },
  regionDeliveryDays: [{ regions: [{ province: '新疆维吾尔自治区' }], minDays: 5, maxDays: 10 }],
};

const pathsOf = (input: unknown) => {
  const result = shippingTemplateInput.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
};

describe('shipping template schema', () => {
  it('accepts a typical template, normalising the name and filling empty lists', () => {
    const parsed = shippingTemplateInput.parse(valid);
    expect(parsed.name).toBe('全国包邮（偏远地区除外）');
    const minimal = shippingTemplateInput.parse({ name: '按件', chargeBy: 'piece', defaultRule: { firstUnits: 1, firstFee: 1000, additionalUnits: 1, additionalFee: 500 } });
    expect(minimal).toMatchObject({ regionRules: [], freeShipping: [], excludedRegions: [], regionDeliveryDays: [] });
    expect(minimal.deliveryDays).toBeUndefined();
  });

  it.each([
    ['a fee in yuan with decimals', { defaultRule: { ...valid.defaultRule, firstFee: 12.5 } }, 'defaultRule.firstFee'],
    ['a negative fee', { defaultRule: { ...valid.defaultRule, additionalFee: -1 } }, 'defaultRule.additionalFee'],
    ['a block of 0 units', { defaultRule: { ...valid.defaultRule, additionalUnits: 0 } }, 'defaultRule.additionalUnits'],
    ['fractional grams', { defaultRule: { ...valid.defaultRule, firstUnits: 0.5 } }, 'defaultRule.firstUnits'],
    ['an unknown way to charge', { chargeBy: 'volume' }, 'chargeBy'],
    ['no name', { name: '   ' }, 'name'],
    ['a region rule without regions', { regionRules: [{ ...valid.regionRules[0], regions: [] }] }, 'regionRules.0.regions'],
    ['an empty province', { excludedRegions: [{ province: '' }] }, 'excludedRegions.0.province'],
    ['an unknown key in a region', { excludedRegions: [{ province: '西藏自治区', county: 'x' }] }, 'excludedRegions.0'],
    ['a free condition without a threshold', { freeShipping: [{ regions: [{ province: '广东省' }] }] }, 'freeShipping.0.minAmount'],
    ['a free amount in yuan', { freeShipping: [{ minAmount: 99.9 }] }, 'freeShipping.0.minAmount'],
    ['a free quantity of 0', { freeShipping: [{ minQuantity: 0 }] }, 'freeShipping.0.minQuantity'],
    ['delivery days the wrong way round', { deliveryDays: { minDays: 5, maxDays: 2 } }, 'deliveryDays.maxDays'],
    ['a region estimate the wrong way round', { regionDeliveryDays: [{ regions: [{ province: '广东省' }], minDays: 3, maxDays: 1 }] }, 'regionDeliveryDays.0.maxDays'],
    ['a region in two fee rules', { regionRules: [valid.regionRules[0], { ...valid.regionRules[0], regions: [{ province: '广东省', city: '深圳市' }] }] }, 'regionRules.1.regions.0'],
    ['a region twice in one fee rule', { regionRules: [{ ...valid.regionRules[0], regions: [{ province: '广东省' }, { province: ' 广东省' }] }] }, 'regionRules.0.regions.1'],
    ['a fee rule for an excluded province', { regionRules: [{ ...valid.regionRules[0], regions: [{ province: '西藏自治区' }] }] }, 'regionRules.0.regions.0'],
    ['a fee rule for a city of an excluded province', { regionRules: [{ ...valid.regionRules[0], regions: [{ province: '西藏自治区', city: '拉萨市' }] }] }, 'regionRules.0.regions.0'],
    ['free shipping to an excluded region', { freeShipping: [{ regions: [{ province: '西藏自治区' }], minAmount: 0 }] }, 'freeShipping.0.regions.0'],
    ['an estimate for an excluded region', { regionDeliveryDays: [{ regions: [{ province: '西藏自治区' }], minDays: 7, maxDays: 15 }] }, 'regionDeliveryDays.0.regions.0'],
    ['a region excluded twice', { excludedRegions: [{ province: '西藏自治区' }, { province: '西藏自治区' }] }, 'excludedRegions.1'],
  ])('refuses %s, at the field', (_label, change, path) => {
    expect(pathsOf({ ...valid, ...change })).toContain(path);
  });

  it('allows a fee rule for a province one of whose cities is excluded (the exclusion wins there)', () => {
    expect(pathsOf({ ...valid, excludedRegions: [{ province: '广东省', city: '广州市' }], regionRules: [{ ...valid.regionRules[0], regions: [{ province: '广东省' }] }] })).toEqual([]);
  });
});
