import { describe, expect, it } from 'vitest';
import type { PriceBreakdown } from '@mall/contract';
import { amountsForShipping, withShippingFee } from './orders-shipping.ts';

const breakdown: PriceBreakdown = {
  currency: 'CNY',
  goodsAmount: 20_000,
  promotionDiscount: 1000,
  couponDiscount: 500,
  pointsDiscount: 300,
  pointsUsed: 30,
  shippingFee: 0,
  totalAmount: 18_200,
  lines: [
    { step: 'goods', label: '商品金额', labelEn: 'Goods', amount: 20_000 },
    { step: 'shipping', label: '满99元包邮', labelEn: 'Free shipping over ¥99', amount: 0, ref: { type: 'shipping' } },
  ],
  perLine: [
    { skuId: 1, quantity: 1, unitPrice: 15_000, goodsAmount: 15_000, promotionDiscount: 1000, couponDiscount: 500, pointsDiscount: 300, payAmount: 13_200 },
    { skuId: 2, quantity: 1, unitPrice: 5_000, goodsAmount: 5_000, promotionDiscount: 0, couponDiscount: 0, pointsDiscount: 0, payAmount: 5_000 },
  ],
  notices: [],
};

describe('template shipping in the breakdown', () => {
  it('replaces the shipping line and adds the fee to the total', () => {
    const priced = withShippingFee(breakdown, { fee: 1500, free: false, deliveryDays: null });
    expect(priced).toMatchObject({ shippingFee: 1500, totalAmount: 19_700 });
    expect(priced.lines.filter((l) => l.step === 'shipping')).toEqual([{ step: 'shipping', label: '运费', labelEn: 'Shipping', amount: 1500, ref: { type: 'shipping' } }]);
    expect(withShippingFee(priced, { fee: 0, free: true, deliveryDays: null })).toMatchObject({ shippingFee: 0, totalAmount: 18_200 });
  });

  it('compares thresholds with the goods after promotions and coupon, not points', () => {
    expect(amountsForShipping(breakdown)).toEqual(new Map([[1, 13_500], [2, 5_000]]));
  });
});
