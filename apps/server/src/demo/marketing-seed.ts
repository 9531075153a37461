import { count, inArray } from 'drizzle-orm';
import type { Db } from '../platform/db.ts';
import type { Clock } from '../platform/clock.ts';
import { demoOwnerContext } from './demo-owner.ts';
import { DAY } from '../platform/clock.ts';
import { categories } from '../modules/catalog/index.ts';
import type { PromotionService } from '../modules/promotions/index.ts';
import { couponTemplates, promotions } from '../modules/promotions/promotions.tables.ts';

/**
 * Demo marketing, so the demo checkout shows a real breakdown: a full-reduction promotion on
 * everything, a new-shopper coupon, and an appliance discount coupon. Created once, by the demo
 * owner (so the audit log shows who), only when the shop has no promotions and no coupons yet.
 */
const APPLIANCE_CATEGORIES = ['电视', '冰箱', '洗衣机', '空调', '厨房电器'];

export async function seedDemoMarketing(deps: { db: Db; clock: Clock; promotions: PromotionService }): Promise<boolean> {
  const { db, clock } = deps;
  const [existing] = await db.select({ n: count() }).from(promotions);
  const [existingCoupons] = await db.select({ n: count() }).from(couponTemplates);
  if ((existing?.n ?? 0) > 0 || (existingCoupons?.n ?? 0) > 0) return false;
  const ctx = await demoOwnerContext(db);
  if (!ctx) return false;
  const now = clock.now();
  const applianceCategoryIds = (await db.select({ id: categories.id }).from(categories).where(inArray(categories.name, APPLIANCE_CATEGORIES))).map((c) => c.id);

  await deps.promotions.createPromotion(ctx, {
    name: '双十二 满300减30 满600减80',
    description: '全场商品参与，按最高档位减',
    kind: 'full_reduction',
    tiers: [
      { threshold: 30000, amount: 3000 },
      { threshold: 60000, amount: 8000 },
    ],
    payPercent: null,
    productIds: [],
    categoryIds: [],
    startsAt: now,
    endsAt: new Date(now.getTime() + 60 * DAY),
    active: true,
  });
  await deps.promotions.createCouponTemplate(ctx, {
    name: '新人券 满100减10',
    description: '新用户专享，每人限领一张',
    kind: 'fixed',
    amount: 1000,
    payPercent: null,
    maxDiscount: null,
    threshold: 10000,
    productIds: [],
    categoryIds: [],
    validity: { kind: 'days', days: 30 },
    totalQuantity: 10000,
    perShopperLimit: 1,
    claimable: true,
    active: true,
  });
  if (applianceCategoryIds.length > 0) {
    await deps.promotions.createCouponTemplate(ctx, {
      name: '家电 9折券 最多减200',
      description: '家用电器类商品可用',
      kind: 'percent',
      amount: null,
      payPercent: 90,
      maxDiscount: 20000,
      threshold: 0,
      productIds: [],
      categoryIds: applianceCategoryIds,
      validity: { kind: 'fixed', from: now, until: new Date(now.getTime() + 60 * DAY) },
      totalQuantity: 500,
      perShopperLimit: 2,
      claimable: true,
      active: true,
    });
  }
  return true;
}
