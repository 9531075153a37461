import { describe, expect, it } from 'vitest';
import { flatFeeTemplate, quoteOrderShipping, slowest, type ShippingLine } from './shipping-order.rules.ts';
import type { FeeTemplate } from './shipping-fee.rules.ts';

const byWeight: FeeTemplate = {
  chargeBy: 'weight',
  defaultRule: { firstUnits: 1000, firstFee: 1500, additionalUnits: 1000, additionalFee: 500 },
  regionRules: [],
  freeShipping: [],
  excludedRegions: [{ province: '西藏自治区' }],
  deliveryDays: { minDays: 3, maxDays: 5 },
  regionDeliveryDays: [],
};
const figures: FeeTemplate = {
  chargeBy: 'piece',
  defaultRule: { firstUnits: 1, firstFee: 800, additionalUnits: 1, additionalFee: 200 },
  regionRules: [],
  freeShipping: [{ minAmount: 9900 }],
  excludedRegions: [],
  deliveryDays: { minDays: 1, maxDays: 7 },
  regionDeliveryDays: [],
};
const templates = new Map([['heavy', byWeight], ['figures', figures], ['flat', flatFeeTemplate({ flatFee: 1000, freeThreshold: 9900 })]]);
const keyOf = (productId: number) => (productId === 1 ? 'heavy' : productId === 2 ? 'figures' : 'flat');
const SH = { province: '上海市', city: '上海市' };
const line = (productId: number, quantity: number, unitWeightGrams: number, amount: number): ShippingLine => ({ productId, quantity, unitWeightGrams, amount });

describe('the shipping of an order', () => {
  it('quotes each template group as one parcel and sums them', () => {
    // 2 × 12 kg = 24 kg: ¥15 + 23 × ¥5; figures ¥60 + ¥50 = ¥110 in one group: free; flat ¥10.
    const quote = quoteOrderShipping([line(1, 2, 12_000, 600_000), line(2, 1, 0, 6000), line(2, 1, 0, 5000), line(3, 1, 0, 3000)], keyOf, templates, SH);
    expect(quote).toEqual({ deliverable: true, fee: 1500 + 23 * 500 + 0 + 1000, free: false, deliveryDays: { minDays: 3, maxDays: 7 } });
  });

  it('is free only when every group is', () => {
    expect(quoteOrderShipping([line(2, 2, 0, 10_000), line(3, 1, 0, 10_000)], keyOf, templates, SH)).toMatchObject({ fee: 0, free: true });
    expect(quoteOrderShipping([], keyOf, templates, SH)).toMatchObject({ fee: 0, free: false });
  });

  it('is refused when one group does not deliver there, naming the region', () => {
    expect(quoteOrderShipping([line(2, 1, 0, 100), line(1, 1, 500, 100)], keyOf, templates, { province: '西藏自治区', city: '拉萨市' })).toEqual({ deliverable: false, regionName: '西藏自治区' });
  });

  it('keeps the flat fee’s meaning: once per order, free from the threshold, 0 = never free', () => {
    expect(quoteOrderShipping([line(3, 5, 0, 9899)], keyOf, templates, SH)).toMatchObject({ fee: 1000 });
    expect(quoteOrderShipping([line(3, 5, 0, 9900)], keyOf, templates, SH)).toMatchObject({ fee: 0, free: true });
    const never = new Map([['flat', flatFeeTemplate({ flatFee: 1000, freeThreshold: 0 })]]);
    expect(quoteOrderShipping([line(3, 1, 0, 1_000_000)], () => 'flat', never, SH)).toMatchObject({ fee: 1000 });
  });

  it('takes the slowest bound of each estimate', () => {
    expect(slowest([null, { minDays: 1, maxDays: 9 }, { minDays: 4, maxDays: 5 }])).toEqual({ minDays: 4, maxDays: 9 });
    expect(slowest([null])).toBeNull();
  });
});
