// What a share link or poster shows of a product or a presale campaign (read-only).
import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.ts';
import { productImages, products } from '../catalog/index.ts';
import { presaleCampaigns, presaleItems } from '../presale/index.ts';

export interface ShareImage {
  url: string;
  storageKey: string | null;
}

async function firstImage(db: DbOrTx, productId: number): Promise<ShareImage | null> {
  const [row] = await db
    .select({ url: productImages.url, storageKey: productImages.storageKey })
    .from(productImages)
    .where(eq(productImages.productId, productId))
    .orderBy(asc(productImages.sortOrder), asc(productImages.id))
    .limit(1);
  return row ?? null;
}

/** An on-shelf product: title, lowest price and first image; undefined when unknown or off the shelf. */
export async function sharedProduct(db: DbOrTx, productId: number) {
  const [row] = await db
    .select({ id: products.id, title: products.title, priceAmount: products.minPriceAmount })
    .from(products)
    .where(and(eq(products.id, productId), eq(products.onShelf, true)));
  return row && { ...row, image: await firstImage(db, row.id) };
}

/** A campaign with its first item (lowest id): what its share link opens and its poster shows. */
export async function sharedCampaign(db: DbOrTx, campaignId: number) {
  const [row] = await db
    .select({
      id: presaleCampaigns.id,
      name: presaleCampaigns.name,
      type: presaleCampaigns.type,
      depositKind: presaleCampaigns.depositKind,
      startsAt: presaleCampaigns.startsAt,
      endsAt: presaleCampaigns.endsAt,
      endedEarlyAt: presaleCampaigns.endedEarlyAt,
      balanceStartsAt: presaleCampaigns.balanceStartsAt,
      productId: presaleItems.productId,
      presalePrice: presaleItems.presalePrice,
      depositAmount: presaleItems.depositAmount,
      depositValue: presaleItems.depositValue,
      productTitle: products.title,
    })
    .from(presaleCampaigns)
    .innerJoin(presaleItems, eq(presaleItems.campaignId, presaleCampaigns.id))
    .innerJoin(products, eq(products.id, presaleItems.productId))
    .where(eq(presaleCampaigns.id, campaignId))
    .orderBy(asc(presaleItems.id))
    .limit(1);
  return row && { ...row, image: await firstImage(db, row.productId) };
}
