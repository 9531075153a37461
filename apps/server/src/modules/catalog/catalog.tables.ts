import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, serial, text, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { createdUpdated } from '../../platform/columns.ts';

export const categories = pgTable(
  'categories',
  {
    id: serial('id').primaryKey(),
    parentId: integer('parent_id').references((): AnyPgColumn => categories.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    nameEn: text('name_en'),
    iconUrl: text('icon_url'),
    sortOrder: integer('sort_order').notNull().default(0),
    ...createdUpdated(),
  },
  (t) => [
    index('categories_parent_idx').on(t.parentId),
    /** Sibling names are unique, so a path like 手办/景品 names one category. */
    uniqueIndex('categories_sibling_name_uq').on(sql`coalesce(${t.parentId}, 0)`, t.name),
  ],
);

/** A product (SPU). Prices and stock live on its SKUs. */
export const products = pgTable(
  'products',
  {
    id: serial('id').primaryKey(),
    /** The merchant's own product number (商品编码), the key for CSV import. */
    code: text('code').notNull(),
    title: text('title').notNull(),
    subtitle: text('subtitle').notNull().default(''),
    description: text('description').notNull().default(''),
    brand: text('brand').notNull().default(''),
    categoryId: integer('category_id').references(() => categories.id, { onDelete: 'restrict' }),
    kind: text('kind', { enum: ['physical', 'virtual', 'course'] }).notNull().default('physical'),
    source: text('source', { enum: ['own', 'supplier'] }).notNull().default('own'),
    afterSalesAllowed: boolean('after_sales_allowed').notNull().default(true),
    warrantyText: text('warranty_text').notNull().default(''),
    /** Spec dimensions and their values in display order, e.g. [{ name: '颜色', values: ['白', '黑'] }]. */
    specs: jsonb('specs').$type<{ name: string; values: string[] }[]>().notNull().default([]),
    onShelf: boolean('on_shelf').notNull().default(false),
    sortOrder: integer('sort_order').notNull().default(0),
    /** Units sold, kept by orders; drives "sort by sales". */
    salesCount: integer('sales_count').notNull().default(0),
    currency: text('currency').notNull().default('CNY'),
    /** Lowest SKU price, kept by the catalog service for price filters and sorting. */
    minPriceAmount: bigint('min_price_amount', { mode: 'number' }).notNull().default(0),
    maxPriceAmount: bigint('max_price_amount', { mode: 'number' }).notNull().default(0),
    /** Title, subtitle, brand and code in one lower-cased text for trigram search. */
    searchText: text('search_text').notNull().default(''),
    ...createdUpdated(),
  },
  (t) => [
    uniqueIndex('products_code_uq').on(t.code),
    index('products_category_idx').on(t.categoryId),
    index('products_listing_idx').on(t.onShelf, t.sortOrder),
    index('products_price_idx').on(t.onShelf, t.minPriceAmount),
    index('products_search_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
    check('products_price_ck', sql`${t.minPriceAmount} >= 0 AND ${t.maxPriceAmount} >= ${t.minPriceAmount}`),
  ],
);

export const productImages = pgTable(
  'product_images',
  {
    id: serial('id').primaryKey(),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    /** Key in the file storage, when the image was uploaded here. */
    storageKey: text('storage_key'),
    sortOrder: integer('sort_order').notNull().default(0),
    ...createdUpdated(),
  },
  (t) => [index('product_images_product_idx').on(t.productId, t.sortOrder)],
);

export const skus = pgTable(
  'skus',
  {
    id: serial('id').primaryKey(),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    /** Spec values by dimension name, e.g. { 颜色: '白' }; {} for a single-SKU product. */
    specValues: jsonb('spec_values').$type<Record<string, string>>().notNull(),
    /** Canonical text of specValues (dimensions sorted by name), unique per product. */
    specKey: text('spec_key').notNull(),
    skuCode: text('sku_code'),
    /** bigint: prices go up to MAX_UNIT_PRICE, beyond a 32-bit integer. */
    priceAmount: bigint('price_amount', { mode: 'number' }).notNull(),
    marketPriceAmount: bigint('market_price_amount', { mode: 'number' }),
    weightGrams: integer('weight_grams').notNull().default(0),
    barcode: text('barcode'),
    active: boolean('active').notNull().default(true),
    ...createdUpdated(),
  },
  (t) => [
    uniqueIndex('skus_product_spec_uq').on(t.productId, t.specKey),
    uniqueIndex('skus_barcode_uq').on(t.barcode),
    index('skus_product_idx').on(t.productId),
    check('skus_price_ck', sql`${t.priceAmount} >= 0 AND (${t.marketPriceAmount} IS NULL OR ${t.marketPriceAmount} >= 0)`),
    check('skus_weight_ck', sql`${t.weightGrams} >= 0`),
  ],
);
