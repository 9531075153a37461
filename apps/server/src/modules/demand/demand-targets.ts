// What a subscription waits for: products and SKUs from the catalog, campaigns from the presale module.
import { eq, inArray } from 'drizzle-orm';
import type { DemandTarget } from '@mall/contract';
import type { DbOrTx } from '../../platform/db.ts';
import { products, skus } from '../catalog/index.ts';
import { skuTitle, type SkuAvailability } from './demand.rules.ts';

/** A campaign as "notify me" needs it. */
export interface DemandCampaign {
  id: number;
  name: string;
  startsAt: Date;
  endsAt: Date;
  /** Set when the merchant ended it early. */
  endedEarlyAt: Date | null;
}

/** Reads of presale campaigns (an adapter over the presale module's index). */
export interface CampaignReads {
  findCampaigns(tx: DbOrTx, ids: readonly number[]): Promise<DemandCampaign[]>;
  /** The SKUs (and their products) in these campaigns. */
  campaignItems(tx: DbOrTx, campaignIds: readonly number[]): Promise<{ campaignId: number; productId: number; skuId: number }[]>;
  /** Campaigns whose order window is open at `now` (started, not ended, not ended early). */
  campaignsOpenAt(tx: DbOrTx, now: Date): Promise<DemandCampaign[]>;
}

export interface TargetInfo {
  title: string;
  productId: number | null;
  skuId: number | null;
  campaignId: number | null;
}

export const targetKey = (target: DemandTarget, id: number) => `${target}:${id}`;

/** Titles and links of many targets at once; a target that no longer exists is absent. */
export async function describeTargets(tx: DbOrTx, refs: readonly { target: DemandTarget; targetId: number }[], campaigns?: CampaignReads): Promise<Map<string, TargetInfo>> {
  const ids = (target: DemandTarget) => [...new Set(refs.filter((r) => r.target === target).map((r) => r.targetId))];
  const result = new Map<string, TargetInfo>();
  const productIds = ids('product');
  if (productIds.length > 0) {
    const rows = await tx.select({ id: products.id, title: products.title }).from(products).where(inArray(products.id, productIds));
    for (const row of rows) result.set(targetKey('product', row.id), { title: row.title, productId: row.id, skuId: null, campaignId: null });
  }
  const skuIds = ids('sku');
  if (skuIds.length > 0) {
    for (const row of await skuRows(tx, skuIds)) {
      result.set(targetKey('sku', row.skuId), { title: skuTitle(row.productTitle, row.specValues), productId: row.productId, skuId: row.skuId, campaignId: null });
    }
  }
  const campaignIds = ids('campaign');
  if (campaignIds.length > 0 && campaigns) {
    for (const c of await campaigns.findCampaigns(tx, campaignIds)) result.set(targetKey('campaign', c.id), { title: c.name, productId: null, skuId: null, campaignId: c.id });
  }
  return result;
}

export async function skuRows(tx: DbOrTx, skuIds: readonly number[]) {
  if (skuIds.length === 0) return [];
  return tx
    .select({ skuId: skus.id, productId: skus.productId, productTitle: products.title, specValues: skus.specValues, active: skus.active, onShelf: products.onShelf })
    .from(skus)
    .innerJoin(products, eq(products.id, skus.productId))
    .where(inArray(skus.id, [...skuIds]));
}

/** The product (title, shelf) and its SKUs, or undefined when there is no such product. */
export async function productWithSkus(tx: DbOrTx, productId: number) {
  const [product] = await tx.select({ id: products.id, title: products.title, onShelf: products.onShelf }).from(products).where(eq(products.id, productId));
  if (!product) return undefined;
  const rows = await tx.select({ skuId: skus.id, active: skus.active, specValues: skus.specValues }).from(skus).where(eq(skus.productId, productId));
  return { ...product, skus: rows };
}

export type SellableReader = (tx: DbOrTx, skuIds: readonly number[]) => Promise<Map<number, number>>;

/** Whether each SKU could be bought right now. */
export async function availability(
  tx: DbOrTx,
  sellable: SellableReader,
  rows: readonly { skuId: number; active: boolean; onShelf: boolean }[],
): Promise<SkuAvailability[]> {
  const stock = await sellable(tx, rows.map((r) => r.skuId));
  return rows.map((r) => ({ onShelf: r.onShelf, active: r.active, sellable: stock.get(r.skuId) ?? 0 }));
}
