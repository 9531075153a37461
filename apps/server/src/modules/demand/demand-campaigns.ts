// Presale campaigns as "notify me" reads them, over the tables the presale module exports for reading.
import { and, asc, gt, inArray, isNull, lte, or } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.ts';
import { presaleCampaigns as campaigns, presaleItems as items } from '../presale/index.ts';
import type { CampaignReads, DemandCampaign } from './demand-targets.ts';

/** A function, not a constant: no table is touched while modules are still loading (import cycles). */
const columns = () => ({ id: campaigns.id, name: campaigns.name, startsAt: campaigns.startsAt, endsAt: campaigns.endsAt, endedEarlyAt: campaigns.endedEarlyAt });

export const presaleCampaignReads: CampaignReads = {
  async findCampaigns(tx: DbOrTx, ids: readonly number[]): Promise<DemandCampaign[]> {
    if (ids.length === 0) return [];
    return tx.select(columns()).from(campaigns).where(inArray(campaigns.id, [...ids]));
  },

  async campaignItems(tx: DbOrTx, campaignIds: readonly number[]) {
    if (campaignIds.length === 0) return [];
    return tx
      .select({ campaignId: items.campaignId, productId: items.productId, skuId: items.skuId })
      .from(items)
      .where(inArray(items.campaignId, [...campaignIds]))
      .orderBy(asc(items.id));
  },

  async campaignsOpenAt(tx: DbOrTx, now: Date): Promise<DemandCampaign[]> {
    return tx
      .select(columns())
      .from(campaigns)
      .where(and(lte(campaigns.startsAt, now), gt(campaigns.endsAt, now), or(isNull(campaigns.endedEarlyAt), gt(campaigns.endedEarlyAt, now))))
      .orderBy(asc(campaigns.startsAt), asc(campaigns.id));
  },
};
