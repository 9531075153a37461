import { eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.ts';
import { productImages, products, skus } from './catalog.tables.ts';
import { listCategories } from './catalog.repo.ts';
import { categoryPath } from './catalog.rules.ts';

/** A SKU with what a cart or an order line shows of its product, as it is now. */
export interface SkuForSale {
  skuId: number;
  productId: number;
  title: string;
  /** The product's first image. */
  imageUrl: string | null;
  specValues: Record<string, string>;
  skuCode: string | null;
  /** Unit price, fen. */
  price: number;
  currency: string;
  kind: 'physical' | 'virtual' | 'course';
  categoryId: number | null;
  /** The product's category and all its ancestors (for promotions scoped by category). */
  categoryIds: number[];
  weightGrams: number;
  afterSalesAllowed: boolean;
  onShelf: boolean;
  /** The SKU itself is sold (not deactivated). */
  active: boolean;
}

/**
 * SKUs by id with their product's title, first image, shelf state and current price, whether on
 * the shelf or not (callers decide what off-shelf or inactive means for them). Unknown ids are
 * simply absent from the map. Reads in `db` (pass the caller's transaction).
 */
export async function skusForSale(db: DbOrTx, skuIds: readonly number[]): Promise<Map<number, SkuForSale>> {
  const result = new Map<number, SkuForSale>();
  const ids = [...new Set(skuIds)];
  if (ids.length === 0) return result;
  const rows = await db
    .select({
      skuId: skus.id,
      productId: products.id,
      title: products.title,
      imageUrl: sql<string | null>`(SELECT pi.url FROM ${productImages} pi WHERE pi.product_id = ${products.id} ORDER BY pi.sort_order, pi.id LIMIT 1)`,
      specValues: skus.specValues,
      skuCode: skus.skuCode,
      price: skus.priceAmount,
      currency: products.currency,
      kind: products.kind,
      categoryId: products.categoryId,
      weightGrams: skus.weightGrams,
      afterSalesAllowed: products.afterSalesAllowed,
      onShelf: products.onShelf,
      active: skus.active,
    })
    .from(skus)
    .innerJoin(products, eq(products.id, skus.productId))
    .where(inArray(skus.id, ids));
  const tree = rows.some((r) => r.categoryId !== null) ? await listCategories(db) : [];
  for (const row of rows) result.set(row.skuId, { ...row, categoryIds: categoryPath(tree, row.categoryId).map((c) => c.id) });
  return result;
}
