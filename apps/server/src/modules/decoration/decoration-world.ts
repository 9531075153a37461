import type { PresaleCampaignShopView, ResolvedCampaign } from '@mall/contract';
import type { Db } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import type { CatalogService } from '../catalog/index.ts';
import type { PresaleService } from '../presale/index.ts';
import type { PromotionService } from '../promotions/index.ts';
import * as repo from './decoration.repo.ts';
import type { CouponFacts, ProductFacts, References, World } from './decoration.rules.ts';

export interface WorldDeps {
  db: Db;
  catalog: Pick<CatalogService, 'listShopProducts'>;
  presale: Pick<PresaleService, 'shopCampaign' | 'presaleZone'>;
  promotions: Pick<PromotionService, 'claimableCoupons'>;
}

export function campaignFacts(c: PresaleCampaignShopView): ResolvedCampaign {
  const prices = c.items.map((i) => i.presalePrice);
  return {
    id: c.id,
    name: c.name,
    status: c.status,
    startsAt: c.startsAt,
    endsAt: c.endsAt,
    countdown: c.countdown,
    imageUrl: c.items.find((i) => i.imageUrl)?.imageUrl ?? null,
    fromPrice: prices.length ? Math.min(...prices) : null,
    broken: false,
  };
}

const isNotFound = (error: unknown) => error instanceof AppError && error.code === 'NOT_FOUND';

/** Reads what a page refers to through each module's shopper-facing reads, so the page shows what the shop shows. */
export async function readWorld(deps: WorldDeps, refs: References): Promise<World> {
  const { db } = deps;
  const [products, categories, publishedPages, coupons] = await Promise.all([
    repo.onShelfProducts(db, [...refs.productIds]),
    repo.existingCategories(db, [...refs.categoryIds]),
    repo.publishedSlugs(db, [...refs.pageIds]),
    refs.couponIds.size ? deps.promotions.claimableCoupons(null) : Promise.resolve({ items: [] }),
  ]);
  const categoryProducts = new Map<number, ProductFacts[]>();
  for (const [categoryId, limit] of refs.categoryGrids) {
    if (!categories.has(categoryId)) continue;
    const page = await deps.catalog.listShopProducts({ categoryId, page: 1, pageSize: limit, sort: 'default' });
    categoryProducts.set(
      categoryId,
      page.items.map((p) => ({ id: p.id, title: p.title, minPrice: p.minPrice, maxPrice: p.maxPrice, imageUrl: p.mainImageUrl })),
    );
  }
  const campaigns = new Map<number, ResolvedCampaign>();
  for (const id of refs.campaignIds) {
    try {
      const facts = campaignFacts(await deps.presale.shopCampaign(id));
      // An ended campaign is as good as gone for a page: nothing left to buy.
      if (facts.status !== 'ended') campaigns.set(id, facts);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
  const liveCampaigns = refs.liveLimit ? (await deps.presale.presaleZone({ page: 1, pageSize: refs.liveLimit })).items.map(campaignFacts) : [];
  const couponMap = new Map<number, CouponFacts>();
  for (const c of coupons.items) {
    if (!refs.couponIds.has(c.templateId)) continue;
    couponMap.set(c.templateId, { id: c.templateId, name: c.name, kind: c.kind, amount: c.amount, payPercent: c.payPercent, threshold: c.threshold });
  }
  return { products: new Map(products.map((p) => [p.id, p])), categories, categoryProducts, publishedPages, campaigns, liveCampaigns, coupons: couponMap };
}
