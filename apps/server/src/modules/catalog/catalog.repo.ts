import { and, asc, count, desc, eq, gte, inArray, lte, ne, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.ts';
import { categories, productImages, products, skus } from './catalog.tables.ts';
import { containsPattern } from '../../platform/like.ts';

/** Catalogue queries. Decides nothing. */

export type ProductRow = typeof products.$inferSelect;
export type NewProductRow = typeof products.$inferInsert;
export type SkuRow = typeof skus.$inferSelect;
export type NewSkuRow = typeof skus.$inferInsert;
export type ImageRow = typeof productImages.$inferSelect;
export type CategoryTableRow = typeof categories.$inferSelect;

// ---------- categories ----------

export function listCategories(db: DbOrTx): Promise<CategoryTableRow[]> {
  return db.select().from(categories).orderBy(asc(categories.id));
}

export async function findCategory(db: DbOrTx, id: number): Promise<CategoryTableRow | undefined> {
  const [row] = await db.select().from(categories).where(eq(categories.id, id)).limit(1);
  return row;
}

export async function insertCategory(tx: DbOrTx, values: typeof categories.$inferInsert): Promise<CategoryTableRow> {
  const [row] = await tx.insert(categories).values(values).returning();
  return row!;
}

export async function updateCategory(tx: DbOrTx, id: number, values: Partial<typeof categories.$inferInsert>): Promise<CategoryTableRow | undefined> {
  const [row] = await tx.update(categories).set(values).where(eq(categories.id, id)).returning();
  return row;
}

export async function deleteCategory(tx: DbOrTx, id: number): Promise<void> {
  await tx.delete(categories).where(eq(categories.id, id));
}

export async function countChildCategories(db: DbOrTx, id: number): Promise<number> {
  const [row] = await db.select({ n: count() }).from(categories).where(eq(categories.parentId, id));
  return row?.n ?? 0;
}

export async function countProductsInCategory(db: DbOrTx, id: number): Promise<number> {
  const [row] = await db.select({ n: count() }).from(products).where(eq(products.categoryId, id));
  return row?.n ?? 0;
}

// ---------- products ----------

export async function findProduct(db: DbOrTx, id: number, options: { lock?: boolean } = {}): Promise<ProductRow | undefined> {
  const query = db.select().from(products).where(eq(products.id, id)).limit(1);
  const [row] = options.lock ? await query.for('update') : await query;
  return row;
}

export function findProductsByCodes(db: DbOrTx, codes: readonly string[]): Promise<ProductRow[]> {
  if (codes.length === 0) return Promise.resolve([]);
  return db.select().from(products).where(inArray(products.code, [...codes]));
}

export async function productCodeOwner(db: DbOrTx, code: string): Promise<number | undefined> {
  const [row] = await db.select({ id: products.id }).from(products).where(eq(products.code, code)).limit(1);
  return row?.id;
}

export async function countProducts(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: count() }).from(products);
  return row?.n ?? 0;
}

export async function insertProduct(tx: DbOrTx, values: NewProductRow): Promise<ProductRow> {
  const [row] = await tx.insert(products).values(values).returning();
  return row!;
}

export async function updateProductRow(tx: DbOrTx, id: number, values: Partial<NewProductRow>): Promise<void> {
  await tx.update(products).set(values).where(eq(products.id, id));
}

export async function deleteProductRow(tx: DbOrTx, id: number): Promise<void> {
  await tx.delete(products).where(eq(products.id, id));
}

export function allProducts(db: DbOrTx): Promise<ProductRow[]> {
  return db.select().from(products).orderBy(asc(products.code));
}

export function existingProductIds(db: DbOrTx, ids: readonly number[]): Promise<{ id: number }[]> {
  return db.select({ id: products.id }).from(products).where(inArray(products.id, [...ids]));
}

export async function setShelf(tx: DbOrTx, ids: readonly number[], onShelf: boolean, now: Date): Promise<number[]> {
  const rows = await tx
    .update(products)
    .set({ onShelf, updatedAt: now })
    .where(and(inArray(products.id, [...ids]), ne(products.onShelf, onShelf)))
    .returning({ id: products.id });
  return rows.map((r) => r.id);
}

export function skusOf(db: DbOrTx, productIds: readonly number[]): Promise<SkuRow[]> {
  if (productIds.length === 0) return Promise.resolve([]);
  return db.select().from(skus).where(inArray(skus.productId, [...productIds])).orderBy(asc(skus.productId), asc(skus.id));
}

export async function insertSku(tx: DbOrTx, values: NewSkuRow): Promise<SkuRow> {
  const [row] = await tx.insert(skus).values(values).returning();
  return row!;
}

export async function updateSkuRow(tx: DbOrTx, id: number, values: Partial<NewSkuRow>): Promise<void> {
  await tx.update(skus).set(values).where(eq(skus.id, id));
}

/** SKUs (of any product) that already use one of these barcodes. */
export function barcodeOwners(db: DbOrTx, barcodes: readonly string[]): Promise<{ barcode: string | null; skuId: number; productId: number }[]> {
  if (barcodes.length === 0) return Promise.resolve([]);
  return db
    .select({ barcode: skus.barcode, skuId: skus.id, productId: skus.productId })
    .from(skus)
    .where(inArray(skus.barcode, [...barcodes]));
}

// ---------- images ----------

export function imagesOf(db: DbOrTx, productIds: readonly number[]): Promise<ImageRow[]> {
  if (productIds.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(productImages)
    .where(inArray(productImages.productId, [...productIds]))
    .orderBy(asc(productImages.productId), asc(productImages.sortOrder), asc(productImages.id));
}

export async function insertImage(tx: DbOrTx, values: typeof productImages.$inferInsert): Promise<ImageRow> {
  const [row] = await tx.insert(productImages).values(values).returning();
  return row!;
}

export async function deleteImageRow(tx: DbOrTx, productId: number, imageId: number): Promise<ImageRow | undefined> {
  const [row] = await tx
    .delete(productImages)
    .where(and(eq(productImages.productId, productId), eq(productImages.id, imageId)))
    .returning();
  return row;
}

export async function setImageSortOrder(tx: DbOrTx, imageId: number, sortOrder: number, now: Date): Promise<void> {
  await tx.update(productImages).set({ sortOrder, updatedAt: now }).where(eq(productImages.id, imageId));
}

// ---------- listings ----------

export interface ProductFilter {
  terms: string[];
  categoryIds?: number[];
  onShelf?: boolean;
  kind?: ProductRow['kind'];
  source?: ProductRow['source'];
  minPrice?: number;
  maxPrice?: number;
}

export type ProductOrder = 'default' | 'relevance' | 'sales' | 'price_asc' | 'price_desc' | 'newest' | 'updated';

function whereOf(filter: ProductFilter): SQL | undefined {
  return and(
    ...filter.terms.map((term) => sql`${products.searchText} ILIKE ${containsPattern(term)}`),
    filter.categoryIds ? inArray(products.categoryId, filter.categoryIds) : undefined,
    filter.onShelf === undefined ? undefined : eq(products.onShelf, filter.onShelf),
    filter.kind ? eq(products.kind, filter.kind) : undefined,
    filter.source ? eq(products.source, filter.source) : undefined,
    filter.minPrice === undefined ? undefined : gte(products.minPriceAmount, filter.minPrice),
    filter.maxPrice === undefined ? undefined : lte(products.minPriceAmount, filter.maxPrice),
  );
}

function orderOf(order: ProductOrder, terms: string[]): SQL[] {
  const newest = [desc(products.createdAt), desc(products.id)];
  switch (order) {
    case 'relevance':
      return [desc(sql`word_similarity(${terms.join(' ')}, ${products.searchText})`), desc(products.sortOrder), ...newest];
    case 'sales':
      return [desc(products.salesCount), ...newest];
    case 'price_asc':
      return [asc(products.minPriceAmount), ...newest];
    case 'price_desc':
      return [desc(products.minPriceAmount), ...newest];
    case 'newest':
      return newest;
    case 'updated':
      return [desc(products.updatedAt), desc(products.id)];
    default:
      return [desc(products.sortOrder), ...newest];
  }
}

const mainImageUrl = sql<string | null>`(SELECT pi.url FROM product_images pi WHERE pi.product_id = products.id ORDER BY pi.sort_order, pi.id LIMIT 1)`;

export async function listProducts(db: DbOrTx, filter: ProductFilter, order: ProductOrder, page: { page: number; pageSize: number }) {
  const where = whereOf(filter);
  const [items, [totals]] = await Promise.all([
    db
      .select({
        id: products.id,
        code: products.code,
        title: products.title,
        subtitle: products.subtitle,
        brand: products.brand,
        categoryId: products.categoryId,
        kind: products.kind,
        source: products.source,
        onShelf: products.onShelf,
        sortOrder: products.sortOrder,
        salesCount: products.salesCount,
        minPrice: products.minPriceAmount,
        maxPrice: products.maxPriceAmount,
        updatedAt: products.updatedAt,
        mainImageUrl,
      })
      .from(products)
      .where(where)
      .orderBy(...orderOf(order, filter.terms))
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize),
    db.select({ total: count() }).from(products).where(where),
  ]);
  return { items, total: totals?.total ?? 0 };
}
