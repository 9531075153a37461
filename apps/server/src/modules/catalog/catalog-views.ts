import type { AdminProduct, ShopProductDetail } from '@mall/contract';
import type { DbOrTx } from '../../platform/db.ts';
import { notFound } from '../../platform/errors.ts';
import type { InventoryService } from '../inventory/index.ts';
import * as repo from './catalog.repo.ts';
import { categoryPath, type SkuDraft } from './catalog.rules.ts';

/** Read models: a product as staff and as shoppers see it. */

export const PRODUCT = { zh: '商品', en: 'Product' };
export const CATEGORY = { zh: '分类', en: 'Category' };

export function skuDraftOf(row: repo.SkuRow): SkuDraft & { id: number } {
  return {
    id: row.id,
    specValues: row.specValues,
    price: row.priceAmount,
    marketPrice: row.marketPriceAmount,
    weightGrams: row.weightGrams,
    barcode: row.barcode,
    skuCode: row.skuCode,
    active: row.active,
  };
}

export async function loadAdminProduct(db: DbOrTx, inventory: InventoryService, id: number): Promise<AdminProduct> {
  const product = await repo.findProduct(db, id);
  if (!product) throw notFound(PRODUCT, id);
  const [skuRows, images, categoryRows] = [await repo.skusOf(db, [id]), await repo.imagesOf(db, [id]), await repo.listCategories(db)];
  const stock = await inventory.sellableBySkuIds(
    db,
    skuRows.map((s) => s.id),
  );
  return {
    id: product.id,
    code: product.code,
    title: product.title,
    subtitle: product.subtitle,
    description: product.description,
    brand: product.brand,
    categoryId: product.categoryId,
    categoryPath: categoryPath(categoryRows, product.categoryId),
    kind: product.kind,
    source: product.source,
    afterSalesAllowed: product.afterSalesAllowed,
    warrantyText: product.warrantyText,
    specs: product.specs,
    onShelf: product.onShelf,
    sortOrder: product.sortOrder,
    salesCount: product.salesCount,
    currency: product.currency,
    minPrice: product.minPriceAmount,
    maxPrice: product.maxPriceAmount,
    skus: skuRows.map((s) => ({ ...skuDraftOf(s), stock: stock.get(s.id) ?? 0 })),
    images: images.map((img) => ({ id: img.id, url: img.url, sortOrder: img.sortOrder })),
    createdAt: product.createdAt,
    updatedAt: product.updatedAt,
  };
}

/** An on-shelf product for shoppers; anything else is "not found". */
export async function loadShopProduct(db: DbOrTx, inventory: InventoryService, id: number): Promise<ShopProductDetail> {
  const product = await repo.findProduct(db, id);
  if (!product || !product.onShelf) throw notFound(PRODUCT, id);
  const [skuRows, images, categoryRows] = [await repo.skusOf(db, [id]), await repo.imagesOf(db, [id]), await repo.listCategories(db)];
  const active = skuRows.filter((s) => s.active);
  const stock = await inventory.sellableBySkuIds(
    db,
    active.map((s) => s.id),
  );
  return {
    id: product.id,
    title: product.title,
    subtitle: product.subtitle,
    description: product.description,
    brand: product.brand,
    kind: product.kind,
    afterSalesAllowed: product.afterSalesAllowed,
    warrantyText: product.warrantyText,
    specs: product.specs,
    categoryPath: categoryPath(categoryRows, product.categoryId),
    minPrice: product.minPriceAmount,
    maxPrice: product.maxPriceAmount,
    salesCount: product.salesCount,
    images: images.map((img) => ({ id: img.id, url: img.url })),
    skus: active.map((s) => ({
      id: s.id,
      specValues: s.specValues,
      price: s.priceAmount,
      marketPrice: s.marketPriceAmount,
      stock: Math.max(0, stock.get(s.id) ?? 0),
    })),
  };
}
