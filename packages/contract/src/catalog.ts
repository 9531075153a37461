import { z } from 'zod';
import type { ErrorSpec } from './errors-common.ts';
import { pageOf, pageQuery, queryBoolean, timestamp } from './common.ts';
import { moneyAmount } from './money.ts';

export const catalogErrors = {
  CATEGORY_CYCLE: { status: 409, zh: '不能把分类移动到它自己或它的下级分类之下', en: 'A category cannot be moved under itself or one of its descendants' },
  CATEGORY_HAS_CHILDREN: { status: 409, zh: '该分类下还有子分类，不能删除', en: 'The category still has subcategories and cannot be deleted' },
  CATEGORY_HAS_PRODUCTS: { status: 409, zh: '该分类下还有商品，不能删除', en: 'The category still has products and cannot be deleted' },
  CATEGORY_NAME_TAKEN: { status: 409, zh: '同级分类中已有名为「{name}」的分类', en: 'A sibling category is already named "{name}"' },
  PRODUCT_CODE_TAKEN: { status: 409, zh: '商品编码 {code} 已被使用', en: 'Product code {code} is already in use' },
  BARCODE_TAKEN: { status: 409, zh: '条形码 {barcode} 已被其他规格使用', en: 'Barcode {barcode} is already used by another SKU' },
  PRODUCT_IN_USE: { status: 409, zh: '商品已有库存变动或订单，不能删除，请改为下架', en: 'The product has stock movements or orders and cannot be deleted; take it off the shelf instead' },
  IMAGE_TYPE_UNSUPPORTED: { status: 415, zh: '仅支持 PNG、JPEG、WebP、GIF 图片', en: 'Only PNG, JPEG, WebP and GIF images are accepted' },
  IMAGE_MISSING: { status: 400, zh: '请选择要上传的图片文件', en: 'No image file was sent' },
  IMAGE_LIMIT_REACHED: { status: 409, zh: '每个商品最多 {max} 张图片', en: 'A product can have at most {max} images' },
  CSV_INVALID: { status: 422, zh: '导入文件有 {count} 处错误，未导入任何数据', en: 'The import file has {count} errors; nothing was imported' },
} as const satisfies Record<string, ErrorSpec>;

/** Limits shared by the server's rules and the back-office forms. */
export const CATALOG_LIMITS = {
  titleMax: 120,
  subtitleMax: 200,
  descriptionMax: 50_000,
  brandMax: 60,
  codeMax: 64,
  warrantyMax: 2_000,
  categoryNameMax: 30,
  skusMax: 200,
  specDimensionsMax: 5,
  specValuesMax: 50,
  specNameMax: 20,
  specValueMax: 40,
  barcodeMax: 64,
  skuCodeMax: 64,
  imagesMax: 20,
  imageUrlMax: 1_000,
  weightGramsMax: 10_000_000,
  stockMax: 10_000_000,
  bulkMax: 200,
  searchMax: 100,
  csvRowsMax: 5_000,
} as const;

export const PRODUCT_KINDS = ['physical', 'virtual', 'course'] as const;
export type ProductKind = (typeof PRODUCT_KINDS)[number];
export const PRODUCT_SOURCES = ['own', 'supplier'] as const;
export type ProductSource = (typeof PRODUCT_SOURCES)[number];
export const SHOP_PRODUCT_SORTS = ['default', 'sales', 'price_asc', 'price_desc', 'newest'] as const;
export type ShopProductSort = (typeof SHOP_PRODUCT_SORTS)[number];

const L = CATALOG_LIMITS;
const id = z.number().int().positive().max(2_147_483_647);
const sortOrder = z.number().int().min(-1_000_000).max(1_000_000);
const queryId = z.coerce.number().int().positive().max(2_147_483_647);

// ---------- categories ----------

/** Names may not contain '/', which separates the levels of a category path (手办/比例手办). */
const categoryName = z
  .string()
  .trim()
  .min(1)
  .max(L.categoryNameMax)
  .refine((s) => !s.includes('/'), 'must not contain "/"');

export const createCategoryBody = z.object({
  name: categoryName,
  nameEn: z.string().trim().max(60).nullable().optional(),
  parentId: id.nullable().optional(),
  iconUrl: z.string().trim().max(L.imageUrlMax).nullable().optional(),
  sortOrder: sortOrder.optional(),
});
export type CreateCategoryBody = z.infer<typeof createCategoryBody>;

export const updateCategoryBody = createCategoryBody.partial();
export type UpdateCategoryBody = z.infer<typeof updateCategoryBody>;

export interface CategoryNode {
  id: number;
  parentId: number | null;
  name: string;
  nameEn: string | null;
  iconUrl: string | null;
  sortOrder: number;
  children: CategoryNode[];
}

/** A category with its subcategories (sorted by sortOrder, larger first, then id). */
export const categoryNode: z.ZodType<CategoryNode> = z.object({
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  name: z.string(),
  nameEn: z.string().nullable(),
  iconUrl: z.string().nullable(),
  sortOrder: z.number().int(),
  get children() {
    return z.array(categoryNode);
  },
}).meta({ id: 'CategoryNode' }); // recursive: OpenAPI needs it as a named component
export const categoryTree = z.object({ items: z.array(categoryNode) });

export const categoryRef = z.object({ id: z.number().int(), name: z.string() });

// ---------- products ----------

export const specDimension = z.object({
  name: z.string().trim().min(1).max(L.specNameMax),
  values: z.array(z.string().trim().min(1).max(L.specValueMax)).min(1).max(L.specValuesMax),
});
export type SpecDimension = z.infer<typeof specDimension>;

const specValues = z.record(z.string().max(L.specNameMax), z.string().max(L.specValueMax));
const barcode = z.string().trim().regex(/^[0-9A-Za-z-]{1,64}$/, 'letters, digits and "-" only, at most 64');
const skuCode = z.string().trim().min(1).max(L.skuCodeMax);
const weightGrams = z.number().int().min(0).max(L.weightGramsMax);
const stockQuantity = z.number().int().min(0).max(L.stockMax);
export const productCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, "_", "." and "-" only')
  .max(L.codeMax);
/** An image given by address: http(s) or a path on this server (/uploads/...). */
export const imageUrl = z
  .string()
  .trim()
  .max(L.imageUrlMax)
  .refine((s) => /^https?:\/\/[^\s]+$/i.test(s) || /^\/[^\s]*$/.test(s), 'must be an http(s) URL or a path starting with /');

/** A new SKU. Prices are in fen. initialStock and lowStockThreshold go to inventory. */
export const skuInput = z.object({
  specValues: specValues.default({}),
  price: moneyAmount,
  marketPrice: moneyAmount.nullable().optional(),
  weightGrams: weightGrams.default(0),
  barcode: barcode.nullable().optional(),
  skuCode: skuCode.nullable().optional(),
  initialStock: stockQuantity.default(0),
  lowStockThreshold: stockQuantity.optional(),
});
export type SkuInput = z.infer<typeof skuInput>;

/** In a product update: with `id` changes that SKU (active=false deactivates it); without `id` adds one. */
export const skuPatch = z.object({
  id: id.optional(),
  specValues: specValues.optional(),
  price: moneyAmount.optional(),
  marketPrice: moneyAmount.nullable().optional(),
  weightGrams: weightGrams.optional(),
  barcode: barcode.nullable().optional(),
  skuCode: skuCode.nullable().optional(),
  active: z.boolean().optional(),
  initialStock: stockQuantity.optional(),
  lowStockThreshold: stockQuantity.optional(),
});
export type SkuPatch = z.infer<typeof skuPatch>;

const productFields = {
  title: z.string().trim().min(1).max(L.titleMax),
  subtitle: z.string().trim().max(L.subtitleMax),
  /** Rich text (HTML); sanitised on save: basic formatting, links and images only. */
  description: z.string().max(L.descriptionMax),
  brand: z.string().trim().max(L.brandMax),
  categoryId: id.nullable(),
  kind: z.enum(PRODUCT_KINDS),
  source: z.enum(PRODUCT_SOURCES),
  afterSalesAllowed: z.boolean(),
  warrantyText: z.string().trim().max(L.warrantyMax),
  onShelf: z.boolean(),
  /** Larger comes first in listings. */
  sortOrder,
};

export const createProductBody = z.object({
  code: productCode,
  title: productFields.title,
  subtitle: productFields.subtitle.default(''),
  description: productFields.description.default(''),
  brand: productFields.brand.default(''),
  categoryId: productFields.categoryId.default(null),
  kind: productFields.kind.default('physical'),
  source: productFields.source.default('own'),
  afterSalesAllowed: productFields.afterSalesAllowed.default(true),
  warrantyText: productFields.warrantyText.default(''),
  onShelf: productFields.onShelf.default(false),
  sortOrder: productFields.sortOrder.default(0),
  specs: z.array(specDimension).max(L.specDimensionsMax).default([]),
  skus: z.array(skuInput).min(1).max(L.skusMax),
  imageUrls: z.array(imageUrl).max(L.imagesMax).default([]),
});
export type CreateProductBody = z.infer<typeof createProductBody>;

export const updateProductBody = z.object({
  code: productCode.optional(),
  title: productFields.title.optional(),
  subtitle: productFields.subtitle.optional(),
  description: productFields.description.optional(),
  brand: productFields.brand.optional(),
  categoryId: productFields.categoryId.optional(),
  kind: productFields.kind.optional(),
  source: productFields.source.optional(),
  afterSalesAllowed: productFields.afterSalesAllowed.optional(),
  warrantyText: productFields.warrantyText.optional(),
  onShelf: productFields.onShelf.optional(),
  sortOrder: productFields.sortOrder.optional(),
  specs: z.array(specDimension).max(L.specDimensionsMax).optional(),
  skus: z.array(skuPatch).max(L.skusMax).optional(),
});
export type UpdateProductBody = z.infer<typeof updateProductBody>;

export const bulkShelfBody = z.object({
  ids: z.array(id).min(1).max(L.bulkMax),
  onShelf: z.boolean(),
});
export type BulkShelfBody = z.infer<typeof bulkShelfBody>;
export const productSortOrderBody = z.object({
  items: z.array(z.object({ id, sortOrder })).min(1).max(L.bulkMax),
});
export type ProductSortOrderBody = z.infer<typeof productSortOrderBody>;
export const imageOrderBody = z.object({ imageIds: z.array(id).min(1).max(L.imagesMax) });
export type ImageOrderBody = z.infer<typeof imageOrderBody>;
export const imageParams = z.object({ id: queryId, imageId: queryId });
export const updatedCount = z.object({ updated: z.number().int() });

export const productImage = z.object({ id: z.number().int(), url: z.string(), sortOrder: z.number().int() });

export const adminSku = z.object({
  id: z.number().int(),
  specValues: z.record(z.string(), z.string()),
  skuCode: z.string().nullable(),
  price: z.number().int(),
  marketPrice: z.number().int().nullable(),
  weightGrams: z.number().int(),
  barcode: z.string().nullable(),
  active: z.boolean(),
  /** Sellable units (on hand − reserved). */
  stock: z.number().int(),
});

export const adminProduct = z.object({
  id: z.number().int(),
  code: z.string(),
  title: z.string(),
  subtitle: z.string(),
  description: z.string(),
  brand: z.string(),
  categoryId: z.number().int().nullable(),
  categoryPath: z.array(categoryRef),
  kind: z.enum(PRODUCT_KINDS),
  source: z.enum(PRODUCT_SOURCES),
  afterSalesAllowed: z.boolean(),
  warrantyText: z.string(),
  specs: z.array(specDimension),
  onShelf: z.boolean(),
  sortOrder: z.number().int(),
  salesCount: z.number().int(),
  currency: z.string(),
  minPrice: z.number().int(),
  maxPrice: z.number().int(),
  skus: z.array(adminSku),
  images: z.array(productImage),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type AdminProduct = z.infer<typeof adminProduct>;

export const adminProductListItem = z.object({
  id: z.number().int(),
  code: z.string(),
  title: z.string(),
  brand: z.string(),
  categoryId: z.number().int().nullable(),
  kind: z.enum(PRODUCT_KINDS),
  source: z.enum(PRODUCT_SOURCES),
  onShelf: z.boolean(),
  sortOrder: z.number().int(),
  salesCount: z.number().int(),
  minPrice: z.number().int(),
  maxPrice: z.number().int(),
  mainImageUrl: z.string().nullable(),
  updatedAt: timestamp,
});
export const adminProductPage = pageOf(adminProductListItem);

export const adminProductQuery = pageQuery.extend({
  q: z.string().trim().max(L.searchMax).optional(),
  categoryId: queryId.optional(),
  onShelf: queryBoolean.optional(),
  kind: z.enum(PRODUCT_KINDS).optional(),
  source: z.enum(PRODUCT_SOURCES).optional(),
});
export type AdminProductQuery = z.infer<typeof adminProductQuery>;

// ---------- shop ----------

export const shopProductQuery = pageQuery.extend({
  q: z.string().trim().max(L.searchMax).optional(),
  categoryId: queryId.optional(),
  minPrice: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  maxPrice: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  sort: z.enum(SHOP_PRODUCT_SORTS).default('default'),
});
export type ShopProductQuery = z.infer<typeof shopProductQuery>;

export const shopProductListItem = z.object({
  id: z.number().int(),
  title: z.string(),
  subtitle: z.string(),
  brand: z.string(),
  categoryId: z.number().int().nullable(),
  kind: z.enum(PRODUCT_KINDS),
  minPrice: z.number().int(),
  maxPrice: z.number().int(),
  salesCount: z.number().int(),
  mainImageUrl: z.string().nullable(),
});
export const shopProductPage = pageOf(shopProductListItem);

export const shopSku = z.object({
  id: z.number().int(),
  specValues: z.record(z.string(), z.string()),
  price: z.number().int(),
  marketPrice: z.number().int().nullable(),
  /** Units that can be bought now. */
  stock: z.number().int(),
});

export const shopProductDetail = z.object({
  id: z.number().int(),
  title: z.string(),
  subtitle: z.string(),
  description: z.string(),
  brand: z.string(),
  kind: z.enum(PRODUCT_KINDS),
  afterSalesAllowed: z.boolean(),
  warrantyText: z.string(),
  specs: z.array(specDimension),
  categoryPath: z.array(categoryRef),
  minPrice: z.number().int(),
  maxPrice: z.number().int(),
  salesCount: z.number().int(),
  images: z.array(z.object({ id: z.number().int(), url: z.string() })),
  skus: z.array(shopSku),
});
export type ShopProductDetail = z.infer<typeof shopProductDetail>;

// ---------- CSV ----------

/** Columns of the product CSV, one row per SKU. Prices are decimal yuan ("199.00"). */
export const PRODUCT_CSV_COLUMNS = [
  'code',
  'title',
  'subtitle',
  'category',
  'brand',
  'kind',
  'source',
  'after_sales',
  'warranty',
  'on_shelf',
  'sort_order',
  'specs',
  'sku_code',
  'price',
  'market_price',
  'weight_grams',
  'barcode',
  'stock',
  'image_urls',
  'description',
] as const;
export type ProductCsvColumn = (typeof PRODUCT_CSV_COLUMNS)[number];
/** Columns an import file must have; the others may be left out. */
export const PRODUCT_CSV_REQUIRED = ['code', 'title', 'price'] as const;

export const csvImportQuery = z.object({ dryRun: queryBoolean.optional() });
export const csvImportResult = z.object({
  dryRun: z.boolean(),
  created: z.array(z.string()),
  updated: z.array(z.string()),
  unchanged: z.array(z.string()),
  categoriesCreated: z.array(z.string()),
  rows: z.number().int(),
});
export type CsvImportResult = z.infer<typeof csvImportResult>;
