// 推广中心 use cases of an approved distributor: products to promote with what one sale earns, and my team.
import type { PromoProduct, PromoProductQuery, TeamMember, TeamQuery } from '@mall/contract';
import type { Db } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { allocate, maskName } from './distribution-commissions.rules.ts';
import type { SettingsService } from './distribution-deps.ts';
import { promoProducts, teamMembers } from './distribution-center.repo.ts';
import { findDistributor } from './distribution.repo.ts';

/** What one unit at `price` earns level 1 at `permille`: the planner's own allocation of a one-line order. */
export function estimatedLevel1Commission(price: number, permille: number): number {
  return allocate([{ base: price, permille }]).total;
}

export function createDistributionCenterService(deps: { db: Db; settings: SettingsService }) {
  const { db, settings } = deps;

  async function requireApproved(shopperId: number) {
    const distributor = await findDistributor(db, shopperId);
    if (distributor?.status !== 'approved') throw new AppError('DISTRIBUTOR_REQUIRED');
  }

  async function products(shopperId: number, query: PromoProductQuery) {
    await requireApproved(shopperId);
    const shop = await settings.get(db);
    const { rows, total } = await promoProducts(db, { ...query, defaultLevel1Permille: shop.distributors.level1Permille });
    const items: PromoProduct[] = rows.map((r) => ({ ...r, estimatedCommission: estimatedLevel1Commission(r.priceAmount, r.level1Permille) }));
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  async function team(shopperId: number, query: TeamQuery) {
    await requireApproved(shopperId);
    const { rows, total } = await teamMembers(db, shopperId, query.level, query.page, query.pageSize);
    const items: TeamMember[] = rows.map((r) => ({
      nickname: maskName(r.nickname ?? ''),
      boundAt: r.boundAt.toISOString(),
      isDistributor: r.distributorStatus === 'approved',
      earnedAmount: r.earned,
    }));
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  return { products, team };
}

export type DistributionCenterService = ReturnType<typeof createDistributionCenterService>;
