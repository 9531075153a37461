// What shoppers see: the presale zone, a campaign, and the campaign covering a product.
import type { PageQuery, PresaleCampaignShopView } from '@mall/contract';
import { notFound } from '../../platform/errors.ts';
import type { PresaleDeps } from './presale.deps.ts';
import * as repo from './presale.repo.ts';
import { presaleStatus } from './presale.rules.ts';
import { CAMPAIGN, shopViews } from './presale.views.ts';

/**
 * Products in a campaign are shown here whether or not they are on the shelf: an off-shelf
 * product in a presale is reachable only through the presale zone and its campaign pages.
 */
export function createShopUseCases(deps: Pick<PresaleDeps, 'db' | 'clock'>) {
  const { db, clock } = deps;

  /** 预售专区: active campaigns (closing soonest first), then upcoming ones (opening soonest first). */
  async function presaleZone(query: PageQuery) {
    const now = clock.now();
    const { items, total } = await repo.listOpenCampaigns(db, query, now);
    return { items: await shopViews(db, items, now), total, page: query.page, pageSize: query.pageSize };
  }

  /** Any campaign by id, ended ones included (links to it keep working and show it has ended). */
  async function shopCampaign(id: number): Promise<PresaleCampaignShopView> {
    const now = clock.now();
    const campaign = await repo.findCampaign(db, id);
    if (!campaign) throw notFound(CAMPAIGN, id);
    return (await shopViews(db, [campaign], now))[0]!;
  }

  /** The campaign covering the product's SKUs, active first, else the next upcoming one; only that product's items. */
  async function productPresale(productId: number): Promise<PresaleCampaignShopView> {
    const now = clock.now();
    const rows = (await repo.openCampaignsOfProduct(db, productId, now)).map((r) => r.campaign);
    const chosen = rows.find((c) => presaleStatus(c, now) === 'active') ?? rows[0];
    if (!chosen) throw notFound({ zh: '该商品的预售活动', en: 'Presale campaign for this product' }, productId);
    return (await shopViews(db, [chosen], now, productId))[0]!;
  }

  return { presaleZone, shopCampaign, productPresale };
}
