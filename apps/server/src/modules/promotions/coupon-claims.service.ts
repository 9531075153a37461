// Shopper use cases of coupons: what can be claimed, claiming, my coupons.
import type { MyCouponsQuery, ShopperCouponView } from '@mall/contract';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import * as repo from './coupons.repo.ts';
import { claimRefusal, validityFor } from './coupons.rules.ts';
import { heldCouponView, termsOf, validityOf } from './promotions.views.ts';
import { COUPON_TEMPLATE } from './coupon-templates.service.ts';

export function createCouponClaimUseCases(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  /** Templates shoppers can claim now; with how many I hold when signed in. */
  async function available(shopperId: number | null) {
    const now = clock.now();
    const templates = await repo.listClaimableTemplates(db, now);
    const held = shopperId ? await repo.heldCounts(db, shopperId, templates.map((t) => t.id)) : new Map<number, number>();
    return {
      items: templates.map((t) => {
        const claimedByMe = held.get(t.id) ?? 0;
        return {
          templateId: t.id,
          name: t.name,
          description: t.description,
          ...termsOf(t),
          validity: validityOf(t),
          remaining: t.totalQuantity - t.claimedCount,
          perShopperLimit: t.perShopperLimit,
          claimedByMe,
          canClaim: claimRefusal(t, now, claimedByMe) === null,
        };
      }),
    };
  }

  /**
   * Claims one coupon. The template row is locked for the claim, so concurrent claims queue:
   * neither the total quantity nor the per-shopper limit can be exceeded.
   */
  async function claim(shopperId: number, templateId: number): Promise<ShopperCouponView> {
    return db.transaction(async (tx) => {
      const template = await repo.findTemplate(tx, templateId, true);
      if (!template) throw notFound(COUPON_TEMPLATE, templateId);
      const now = clock.now();
      const mine = (await repo.heldCounts(tx, shopperId, [templateId])).get(templateId) ?? 0;
      const refusal = claimRefusal(template, now, mine);
      if (refusal) throw new AppError(refusal, { name: template.name, remaining: 0, limit: template.perShopperLimit });
      if (!(await repo.addClaimed(tx, templateId, 1, now))) throw new AppError('COUPON_SOLD_OUT', { name: template.name, remaining: 0 });
      const [coupon] = await repo.insertShopperCoupons(tx, [{ templateId, shopperId, ...validityFor(template, now), source: 'claim', claimedAt: now }]);
      return heldCouponView({ coupon: coupon!, template }, now);
    });
  }

  async function listMine(shopperId: number, query: MyCouponsQuery) {
    const now = clock.now();
    const { items, total } = await repo.listHeldCoupons(db, shopperId, query.status, now, query);
    return { items: items.map((row) => heldCouponView(row, now)), total, page: query.page, pageSize: query.pageSize };
  }

  return { available, claim, listMine };
}
