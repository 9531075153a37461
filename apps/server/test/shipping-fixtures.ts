import { expect } from 'vitest';
import type { TestContext } from './harness.ts';
import { call, type Buyer, type Headers } from './orders-fixtures.ts';

export const XINJIANG = '新疆维吾尔自治区';
export const TIBET = '西藏自治区';

/** ¥10 once per order, free from ¥99: the flat fee as a template. */
export const flatTemplate = (name = '默认运费') => ({
  name,
  chargeBy: 'piece',
  defaultRule: { firstUnits: 1, firstFee: 1000, additionalUnits: 1, additionalFee: 0 },
  freeShipping: [{ minAmount: 9900 }],
  deliveryDays: { minDays: 2, maxDays: 4 },
});

/** 大家电 by weight: first kg ¥15, each further kg ¥5; 新疆 ¥30 + ¥15/kg and 7–12 days; 西藏 not delivered. */
export const applianceTemplate = (name = '大家电') => ({
  name,
  chargeBy: 'weight',
  defaultRule: { firstUnits: 1000, firstFee: 1500, additionalUnits: 1000, additionalFee: 500 },
  regionRules: [{ regions: [{ province: XINJIANG }], firstUnits: 1000, firstFee: 3000, additionalUnits: 1000, additionalFee: 1500 }],
  excludedRegions: [{ province: TIBET }],
  deliveryDays: { minDays: 3, maxDays: 5 },
  regionDeliveryDays: [{ regions: [{ province: XINJIANG }], minDays: 7, maxDays: 12 }],
});

/** 手办 by piece: ¥8 the first, ¥2 each more, free from ¥99, 1–3 days. */
export const figureTemplate = (name = '手办') => ({
  name,
  chargeBy: 'piece',
  defaultRule: { firstUnits: 1, firstFee: 800, additionalUnits: 1, additionalFee: 200 },
  freeShipping: [{ minAmount: 9900 }],
  deliveryDays: { minDays: 1, maxDays: 3 },
});

export async function createTemplate(ctx: TestContext, headers: Headers, body: Record<string, unknown>) {
  const res = await call(ctx, 'POST', '/api/admin/shipping/templates', headers, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; isDefault: boolean };
}

export async function attach(ctx: TestContext, headers: Headers, templateId: number, productIds: number[]) {
  const res = await call(ctx, 'POST', `/api/admin/shipping/templates/${templateId}/products`, headers, { productIds });
  expect(res.statusCode, res.body).toBe(200);
}

/** A shopper whose only address is in this province and city. */
export async function buyerIn(ctx: TestContext, province: string, city: string, district: string): Promise<Buyer> {
  const session = await ctx.shopperSession();
  const res = await call(ctx, 'POST', '/api/me/addresses', session.headers, { receiver: '王五', phone: '13912345678', province, city, district, detail: '人民路 1 号' });
  expect(res.statusCode, res.body).toBe(201);
  return { ...session, addressId: res.json().id };
}
