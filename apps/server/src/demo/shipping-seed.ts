import { count } from 'drizzle-orm';
import type { ShippingTemplate, ShopSettings } from '@mall/contract';
import type { Db } from '../platform/db.ts';
import { demoOwnerContext } from './demo-owner.ts';
import { categories, products } from '../modules/catalog/index.ts';
import { carriers, type ShippingService } from '../modules/shipping/index.ts';

const FAR_WEST = [{ province: '新疆维吾尔自治区' }, { province: '西藏自治区' }];

/** Three real carriers with their public tracking pages. */
const CARRIERS = [
  { name: '顺丰速运', code: 'SF', trackingUrl: 'https://www.sf-express.com/chn/sc/waybill/waybill-detail/{trackingNo}', active: true },
  { name: '京东物流', code: 'JD', trackingUrl: 'https://www.jdl.com/orderSearch/?waybillCodes={trackingNo}', active: true },
  { name: '中通快递', code: 'ZTO', trackingUrl: 'https://www.zto.com/GuestService/Bill?txtBill={trackingNo}', active: true },
];

const APPLIANCE_CATEGORIES = ['电视', '冰箱', '洗衣机', '空调', '厨房电器'];
const FIGURE_CATEGORIES = ['手办', '景品', '盲盒', '模型'];

/** The flat fee of the settings as the default template: ¥10 an order, free from the threshold. */
const defaultTemplate = (shipping: ShopSettings['shipping']): ShippingTemplate => ({
  name: '默认运费',
  chargeBy: 'piece',
  defaultRule: { firstUnits: 1, firstFee: shipping.flatFee, additionalUnits: 1, additionalFee: 0 },
  regionRules: [],
  freeShipping: shipping.freeThreshold > 0 ? [{ minAmount: shipping.freeThreshold }] : [],
  excludedRegions: [],
  deliveryDays: { minDays: 2, maxDays: 5 },
  regionDeliveryDays: [{ regions: FAR_WEST, minDays: 6, maxDays: 12 }],
});

/** 大家电 by weight: first 5 kg ¥30, each further kg ¥2; 新疆/西藏 ¥80 + ¥8/kg; 阿里地区 not delivered. */
const APPLIANCES: ShippingTemplate = {
  name: '大家电（按重量）',
  chargeBy: 'weight',
  defaultRule: { firstUnits: 5000, firstFee: 3000, additionalUnits: 1000, additionalFee: 200 },
  regionRules: [{ regions: FAR_WEST, firstUnits: 5000, firstFee: 8000, additionalUnits: 1000, additionalFee: 800 }],
  freeShipping: [],
  excludedRegions: [{ province: '西藏自治区', city: '阿里地区' }],
  deliveryDays: { minDays: 3, maxDays: 5 },
  regionDeliveryDays: [
    { regions: [{ province: '广东省' }, { province: '上海市' }, { province: '北京市' }], minDays: 2, maxDays: 3 },
    { regions: FAR_WEST, minDays: 7, maxDays: 15 },
  ],
};

/**
 * 手办 by piece: ¥10 an order, free from ¥99 — the flat fee's amounts, so orders of figures cost
 * what they did — but 新疆/西藏 ¥20 + ¥5 a piece, free from ¥299, and faster estimates.
 */
const FIGURES: ShippingTemplate = {
  name: '手办模玩（满99包邮）',
  chargeBy: 'piece',
  defaultRule: { firstUnits: 1, firstFee: 1000, additionalUnits: 1, additionalFee: 0 },
  regionRules: [{ regions: FAR_WEST, firstUnits: 1, firstFee: 2000, additionalUnits: 1, additionalFee: 500 }],
  freeShipping: [{ minAmount: 9900 }, { regions: FAR_WEST, minAmount: 29900 }],
  excludedRegions: [],
  deliveryDays: { minDays: 1, maxDays: 3 },
  regionDeliveryDays: [{ regions: FAR_WEST, minDays: 5, maxDays: 10 }],
};

/** The products in these categories or under them. */
async function productsUnder(db: Db, names: string[]): Promise<number[]> {
  const all = await db.select({ id: categories.id, name: categories.name, parentId: categories.parentId }).from(categories);
  const byId = new Map(all.map((c) => [c.id, c]));
  const inside = (id: number | null): boolean => {
    const category = id === null ? undefined : byId.get(id);
    return category !== undefined && (names.includes(category.name) || inside(category.parentId));
  };
  const rows = await db.select({ id: products.id, categoryId: products.categoryId }).from(products);
  return rows.filter((p) => inside(p.categoryId)).map((p) => p.id);
}

/**
 * Demo logistics: three carriers; the flat fee as the default template, a by-weight template for
 * the appliances and a free-from-¥99 one for the figures. Once, when there are no carriers yet.
 */
export async function seedDemoShipping(deps: { db: Db; shipping: ShippingService; settings: { get(): Promise<ShopSettings> } }): Promise<boolean> {
  const { db, shipping } = deps;
  const [existing] = await db.select({ n: count() }).from(carriers);
  if ((existing?.n ?? 0) > 0) return false;
  const ctx = await demoOwnerContext(db);
  if (!ctx) return false;
  for (const carrier of CARRIERS) await shipping.carriers.create(ctx, carrier);
  const flat = await shipping.templates.create(ctx, defaultTemplate((await deps.settings.get()).shipping));
  if (!flat.isDefault) await shipping.templates.makeDefault(ctx, flat.id);
  for (const [template, names] of [[APPLIANCES, APPLIANCE_CATEGORIES], [FIGURES, FIGURE_CATEGORIES]] as const) {
    const created = await shipping.templates.create(ctx, template);
    const productIds = await productsUnder(db, names);
    if (productIds.length > 0) await shipping.templates.attach(ctx, created.id, productIds);
  }
  return true;
}
