import type { SpecDimension } from '@mall/contract';
import type { DbOrTx } from '../../platform/db.ts';
import type { FieldError } from '../../platform/errors.ts';
import * as repo from './catalog.repo.ts';
import { specKeyOf, validateSkus, validateSpecs, type CategoryRow, type SkuDraft } from './catalog.rules.ts';
import { rowPath, type CsvProduct } from './catalog-csv.ts';
import { fieldsOf, PRODUCT_FIELD_NAMES, type ProductFields } from './catalog-product-writer.ts';
import { skuDraftOf } from './catalog-views.ts';

/** What an import would do to each product, worked out without writing anything. */

export interface PlannedProduct {
  action: 'create' | 'update' | 'unchanged';
  code: string;
  existing?: repo.ProductRow;
  existingSkus: repo.SkuRow[];
  existingImages: repo.ImageRow[];
  fields: ProductFields;
  /** A category path still to be created; categoryId is then set when applying. */
  pendingCategoryPath?: string[];
  specs: SpecDimension[];
  skus: SkuDraft[];
  imageUrls?: string[];
  pricesChanged: boolean;
}

export interface ImportPlan {
  products: PlannedProduct[];
  categoriesToCreate: string[];
  errors: FieldError[];
  pricesChanged: boolean;
}

const DEFAULT_FIELDS: Omit<ProductFields, 'code' | 'title'> = {
  subtitle: '',
  description: '',
  brand: '',
  categoryId: null,
  kind: 'physical',
  source: 'own',
  afterSalesAllowed: true,
  warrantyText: '',
  onShelf: false,
  sortOrder: 0,
};

/** Existing dimensions keep their order and values; new ones and new values are appended. */
export function mergeSpecs(existing: readonly SpecDimension[], given: readonly SpecDimension[]): SpecDimension[] {
  const sameNames = existing.length === given.length && given.every((g) => existing.some((e) => e.name === g.name));
  if (!sameNames) return given.map((d) => ({ name: d.name, values: [...d.values] }));
  return existing.map((e) => {
    const g = given.find((d) => d.name === e.name)!;
    return { name: e.name, values: [...e.values, ...g.values.filter((v) => !e.values.includes(v))] };
  });
}

function resolveCategory(rows: readonly CategoryRow[], path: readonly string[]): { id?: number; missingFrom?: number } {
  let parentId: number | null = null;
  for (const [depth, name] of path.entries()) {
    const found = rows.find((r) => r.parentId === parentId && r.name === name);
    if (!found) return { missingFrom: depth };
    parentId = found.id;
  }
  return { id: parentId ?? undefined };
}

/** The SKU list after the import: file rows matched to existing SKUs by spec values, the rest deactivated. */
function planSkus(p: CsvProduct, existingSkus: readonly repo.SkuRow[], fail: (row: number, column: string, message: string) => void) {
  const byKey = new Map(existingSkus.map((s) => [s.specKey, s]));
  const seen = new Map<string, number>();
  const skus: SkuDraft[] = [];
  const rowOfIndex: number[] = [];
  let pricesChanged = false;
  for (const c of p.skus) {
    const key = specKeyOf(c.specValues);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      fail(c.row, 'specs', `same specs as row ${earlier}`);
      continue;
    }
    seen.set(key, c.row);
    const match = byKey.get(key);
    const base: SkuDraft = match ? skuDraftOf(match) : { specValues: c.specValues, price: c.price, marketPrice: null, weightGrams: 0, barcode: null, skuCode: null, active: true, initialStock: c.stock ?? 0 };
    const next: SkuDraft = {
      ...base,
      price: c.price,
      marketPrice: c.marketPrice === undefined ? base.marketPrice : c.marketPrice,
      weightGrams: c.weightGrams ?? base.weightGrams,
      barcode: c.barcode === undefined ? base.barcode : c.barcode,
      skuCode: c.skuCode === undefined ? base.skuCode : c.skuCode,
      active: true,
    };
    if (!match || next.price !== base.price || next.marketPrice !== base.marketPrice) pricesChanged = true;
    skus.push(next);
    rowOfIndex.push(c.row);
  }
  for (const s of existingSkus) {
    if (!seen.has(s.specKey)) {
      skus.push({ ...skuDraftOf(s), active: false });
      rowOfIndex.push(p.rows[0]!);
    }
  }
  return { skus, rowOfIndex, pricesChanged };
}

const CSV_COLUMN_OF: Record<string, string> = { specValues: 'specs', price: 'price', marketPrice: 'market_price', barcode: 'barcode' };

function skusChanged(before: readonly repo.SkuRow[], after: readonly SkuDraft[]): boolean {
  if (after.some((s) => s.id === undefined)) return true;
  const byId = new Map(before.map((s) => [s.id, skuDraftOf(s)]));
  return after.some((s) => JSON.stringify({ ...byId.get(s.id!), id: s.id }) !== JSON.stringify({ ...s, id: s.id }));
}

interface PlanScope {
  fail(row: number, column: string, message: string): void;
  categoryRows: CategoryRow[];
  categoriesToCreate: Set<string>;
  /** Barcodes the file gives to active SKUs, with their first row and product. */
  barcodeRows: Map<string, { row: number; code: string }>;
}

/** The category id of a path, or the path to create (its missing levels noted in the scope). */
function planCategory(scope: PlanScope, path: string[] | null | undefined, current: number | null) {
  if (path === undefined) return { categoryId: current };
  if (path === null) return { categoryId: null };
  const found = resolveCategory(scope.categoryRows, path);
  if (found.id !== undefined) return { categoryId: found.id };
  for (let depth = found.missingFrom!; depth < path.length; depth++) scope.categoriesToCreate.add(path.slice(0, depth + 1).join('/'));
  return { categoryId: null, pendingCategoryPath: path };
}

function planProduct(scope: PlanScope, p: CsvProduct, existing: repo.ProductRow | undefined, existingSkus: repo.SkuRow[], existingImages: repo.ImageRow[]): PlannedProduct {
  const given = Object.fromEntries(Object.entries(p.fields).filter(([, v]) => v !== undefined));
  const fields: ProductFields = { ...(existing ? fieldsOf(existing) : { ...DEFAULT_FIELDS, title: '' }), ...given, code: p.code };
  const { categoryId, pendingCategoryPath } = planCategory(scope, p.categoryPath, fields.categoryId);
  fields.categoryId = categoryId;
  const specs = existing ? mergeSpecs(existing.specs, p.specs) : p.specs;
  const { skus, rowOfIndex, pricesChanged } = planSkus(p, existingSkus, scope.fail);
  for (const e of [...validateSpecs(specs), ...validateSkus(specs, skus)]) {
    const [, index, field] = /^skus\.(\d+)\.?(\w*)/.exec(e.path) ?? [];
    const row = index === undefined ? p.rows[0]! : (rowOfIndex[Number(index)] ?? p.rows[0]!);
    scope.fail(row, CSV_COLUMN_OF[field ?? ''] ?? 'specs', e.message);
  }
  skus.forEach((s, i) => {
    if (!s.barcode || !s.active) return;
    const other = scope.barcodeRows.get(s.barcode);
    if (other && other.code !== p.code) scope.fail(rowOfIndex[i]!, 'barcode', `barcode ${s.barcode} is also on row ${other.row}`);
    scope.barcodeRows.set(s.barcode, { row: rowOfIndex[i]!, code: p.code });
  });
  const imagesChanged = p.imageUrls !== undefined && JSON.stringify(p.imageUrls) !== JSON.stringify(existingImages.map((i) => i.url));
  const changed =
    !existing ||
    pendingCategoryPath !== undefined ||
    imagesChanged ||
    PRODUCT_FIELD_NAMES.some((k) => fields[k] !== existing[k]) ||
    JSON.stringify(specs) !== JSON.stringify(existing.specs) ||
    skusChanged(existingSkus, skus);
  const action = !existing ? 'create' : changed ? 'update' : 'unchanged';
  return { action, code: p.code, existing, existingSkus, existingImages, fields, pendingCategoryPath, specs, skus, imageUrls: p.imageUrls, pricesChanged };
}

/** Works out every product of the file against the database, collecting every problem by row. */
export async function planImport(tx: DbOrTx, products: readonly CsvProduct[]): Promise<ImportPlan> {
  const errors: FieldError[] = [];
  const existingByCode = new Map((await repo.findProductsByCodes(tx, products.map((p) => p.code))).map((r) => [r.code, r]));
  const ids = [...existingByCode.values()].map((r) => r.id);
  // One after another: a transaction's connection runs one query at a time.
  const [allSkus, allImages, categoryRows] = [await repo.skusOf(tx, ids), await repo.imagesOf(tx, ids), await repo.listCategories(tx)];
  const scope: PlanScope = {
    fail: (row, column, message) => errors.push({ path: rowPath(row, column), message }),
    categoryRows,
    categoriesToCreate: new Set(),
    barcodeRows: new Map(),
  };
  const planned = products.map((p) => {
    const existing = existingByCode.get(p.code);
    const skusOfIt = existing ? allSkus.filter((s) => s.productId === existing.id) : [];
    const imagesOfIt = existing ? allImages.filter((i) => i.productId === existing.id) : [];
    return planProduct(scope, p, existing, skusOfIt, imagesOfIt);
  });
  // A barcode already on a product outside this file cannot be taken by the file.
  for (const owner of await repo.barcodeOwners(tx, [...scope.barcodeRows.keys()])) {
    const used = scope.barcodeRows.get(owner.barcode!);
    if (used && !ids.includes(owner.productId)) scope.fail(used.row, 'barcode', `barcode ${owner.barcode} belongs to another product`);
  }
  return { products: planned, categoriesToCreate: [...scope.categoriesToCreate], errors, pricesChanged: planned.some((p) => p.pricesChanged) };
}
