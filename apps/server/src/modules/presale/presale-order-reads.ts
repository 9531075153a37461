// What the orders side reads of campaigns: the open campaign item of each SKU being bought, and a
// campaign with its ship-date history for an order's view.
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.ts';
import { presaleCampaigns, presaleItems } from './presale.tables.ts';
import { effectiveEndSql, findCampaign, shipChangesOf, type CampaignRow, type ItemRow } from './presale.repo.ts';
import { fromStored, shipOf } from './presale.views.ts';
import { batchesOf } from './presale-batches.repo.ts';
import type { Ship } from './presale.rules.ts';

export interface CampaignForOrder {
  id: number;
  name: string;
  type: 'deposit' | 'full';
  depositKind: 'earnest' | 'prepayment' | null;
  termsText: string;
  termsVersion: number;
  startsAt: Date;
  endsAt: Date;
  endedEarlyAt: Date | null;
  balanceStartsAt: Date | null;
  balanceEndsAt: Date | null;
  ship: Ship;
  allowCoupons: boolean;
  allowPoints: boolean;
  distribution: boolean;
  agentDividend: boolean;
  regionalRebate: boolean;
  minTarget: number | null;
  settledAt: Date | null;
  settlementOutcome: 'succeeded' | 'failed' | null;
  tierOff: number;
  /** 分批发货: the order's batch ("seq of of"); its balance window and ship date replace the campaign's above. */
  batch: { id: number; seq: number; of: number } | null;
}

export type ItemForOrder = Pick<ItemRow, 'id' | 'campaignId' | 'productId' | 'skuId' | 'presalePrice' | 'depositAmount' | 'depositValue' | 'quota' | 'perBuyerLimit' | 'soldUnits'>;

export function campaignForOrder(c: CampaignRow): CampaignForOrder {
  return {
    id: c.id,
    name: c.name,
    type: c.type,
    depositKind: c.depositKind,
    termsText: c.termsText,
    termsVersion: c.termsVersion,
    startsAt: c.startsAt,
    endsAt: c.endsAt,
    endedEarlyAt: c.endedEarlyAt,
    balanceStartsAt: c.balanceStartsAt,
    balanceEndsAt: c.balanceEndsAt,
    ship: shipOf(c),
    allowCoupons: c.allowCoupons,
    allowPoints: c.allowPoints,
    distribution: c.distribution,
    agentDividend: c.agentDividend,
    regionalRebate: c.regionalRebate,
    minTarget: c.minTarget,
    settledAt: c.settledAt,
    settlementOutcome: c.settlementOutcome,
    tierOff: c.tierOff,
    batch: null,
  };
}

/**
 * For each SKU in a campaign taking orders now (started, not ended): its item and campaign. One SKU
 * is in at most one campaign whose order window overlaps another's, so there is at most one.
 */
export async function openItemsForSkus(db: DbOrTx, skuIds: readonly number[], now: Date): Promise<Map<number, { item: ItemForOrder; campaign: CampaignForOrder }>> {
  const result = new Map<number, { item: ItemForOrder; campaign: CampaignForOrder }>();
  if (skuIds.length === 0) return result;
  const rows = await db
    .select({ item: presaleItems, campaign: presaleCampaigns })
    .from(presaleItems)
    .innerJoin(presaleCampaigns, eq(presaleCampaigns.id, presaleItems.campaignId))
    .where(and(inArray(presaleItems.skuId, [...skuIds]), lte(presaleCampaigns.startsAt, now), sql`${effectiveEndSql} > ${now.toISOString()}::timestamptz`))
    .orderBy(asc(presaleItems.id));
  for (const row of rows) if (!result.has(row.item.skuId)) result.set(row.item.skuId, { item: row.item, campaign: campaignForOrder(row.campaign) });
  return result;
}

/** The campaign as an order sees it: with `batchId` (分批发货), that batch's balance window and ship date. */
export async function findCampaignForOrder(db: DbOrTx, campaignId: number, batchId: number | null = null): Promise<CampaignForOrder | undefined> {
  const row = await findCampaign(db, campaignId);
  if (!row) return undefined;
  const campaign = campaignForOrder(row);
  if (batchId === null) return campaign;
  const batches = await batchesOf(db, [campaignId]);
  const batch = batches.find((b) => b.id === batchId);
  if (!batch) return campaign;
  return {
    ...campaign,
    balanceStartsAt: batch.balanceStartsAt,
    balanceEndsAt: batch.balanceEndsAt,
    ship: { kind: 'date', shipDate: batch.shipDate },
    batch: { id: batch.id, seq: batch.seq, of: batches.length },
  };
}

/** The ship-date moves an order shows, oldest first: its batch's, or the campaign's own when it has no batch. */
export async function shipHistoryForOrder(db: DbOrTx, campaignId: number, batchSeq: number | null = null) {
  return (await shipChangesOf(db, campaignId))
    .filter((c) => c.batchSeq === batchSeq)
    .map((c) => ({ from: fromStored(c.from), to: fromStored(c.to), reason: c.reason, at: c.at }));
}
