import { describe, expect, it } from 'vitest';
import { shippingTemplateInput } from '@mall/contract';
import { assertTemplateRegionsReal, templateRegionErrors } from './shipping-template.rules.ts';

const parse = (lists: Record<string, unknown>) =>
  shippingTemplateInput.parse({ name: '模板', chargeBy: 'piece', defaultRule: { firstUnits: 1, firstFee: 1000, additionalUnits: 1, additionalFee: 500 }, ...lists });

describe('regions named by a shipping template', () => {
  it('accepts real provinces, cities of their province, municipalities and county-level groupings', () => {
    const template = parse({
      regionRules: [{ regions: [{ province: '新疆维吾尔自治区' }, { province: '广东省', city: '深圳市' }, { province: '北京市', city: '北京市' }], firstUnits: 1, firstFee: 2000, additionalUnits: 1, additionalFee: 1000 }],
      freeShipping: [{ regions: [{ province: '湖北省', city: '省直辖县' }], minAmount: 9900 }, { minQuantity: 3 }],
      excludedRegions: [{ province: '西藏自治区' }],
      regionDeliveryDays: [{ regions: [{ province: '海南省' }], minDays: 3, maxDays: 6 }],
    });
    expect(templateRegionErrors(template)).toEqual([]);
    expect(() => assertTemplateRegionsReal(template)).not.toThrow();
  });

  it('names every region that is not real, at its field', () => {
    const template = parse({
      regionRules: [{ regions: [{ province: '广东省' }, { province: '新疆' }], firstUnits: 1, firstFee: 2000, additionalUnits: 1, additionalFee: 1000 }],
      freeShipping: [{ regions: [{ province: '北京市', city: '深圳市' }], minAmount: 9900 }],
      excludedRegions: [{ province: '火星省' }],
      regionDeliveryDays: [{ regions: [{ province: '广东省', city: '广州市' }, { province: '广东省', city: '杭州市' }], minDays: 1, maxDays: 2 }],
    });
    expect(templateRegionErrors(template)).toEqual([
      { path: 'regionRules.0.regions.1.province', message: expect.any(String), code: 'SHIPPING_REGION_UNKNOWN', params: { region: '新疆' } },
      { path: 'freeShipping.0.regions.0.city', message: expect.any(String), code: 'SHIPPING_REGION_UNKNOWN', params: { region: '北京市/深圳市' } },
      { path: 'regionDeliveryDays.0.regions.1.city', message: expect.any(String), code: 'SHIPPING_REGION_UNKNOWN', params: { region: '广东省/杭州市' } },
      { path: 'excludedRegions.0.province', message: expect.any(String), code: 'SHIPPING_REGION_UNKNOWN', params: { region: '火星省' } },
    ]);
    expect(() => assertTemplateRegionsReal(template)).toThrow(expect.objectContaining({ code: 'SHIPPING_TEMPLATE_REGION_INVALID', status: 422 }));
  });
});
