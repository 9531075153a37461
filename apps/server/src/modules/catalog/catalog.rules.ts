import sanitizeHtml from 'sanitize-html';
import { CATALOG_LIMITS, MAX_UNIT_PRICE, type CategoryNode, type SpecDimension, type SkuPatch } from '@mall/contract';
import type { FieldError } from '../../platform/errors.ts';

/** Pure catalogue rules: SKU/spec consistency, prices, search text, category trees. */

export interface SkuDraft {
  id?: number;
  specValues: Record<string, string>;
  price: number;
  marketPrice: number | null;
  weightGrams: number;
  barcode: string | null;
  skuCode: string | null;
  active: boolean;
  initialStock?: number;
  lowStockThreshold?: number;
}

/** Characters that separate specs in the CSV (颜色:白;尺寸:L) and so may not appear in them. */
const SPEC_FORBIDDEN = /[:;|=]/;

/** Canonical, order-independent text of a SKU's spec values: unique per product. */
export function specKeyOf(specValues: Record<string, string>): string {
  const entries = Object.entries(specValues).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(entries);
}

export function validateSpecs(specs: readonly SpecDimension[]): FieldError[] {
  const errors: FieldError[] = [];
  if (specs.length > CATALOG_LIMITS.specDimensionsMax) errors.push({ path: 'specs', message: `at most ${CATALOG_LIMITS.specDimensionsMax} spec dimensions` });
  const names = new Set<string>();
  specs.forEach((dim, i) => {
    if (names.has(dim.name)) errors.push({ path: `specs.${i}.name`, message: `duplicate spec name "${dim.name}"` });
    names.add(dim.name);
    if (SPEC_FORBIDDEN.test(dim.name)) errors.push({ path: `specs.${i}.name`, message: 'must not contain : ; | =' });
    if (dim.values.length === 0) errors.push({ path: `specs.${i}.values`, message: 'needs at least one value' });
    const values = new Set<string>();
    dim.values.forEach((value, j) => {
      if (values.has(value)) errors.push({ path: `specs.${i}.values.${j}`, message: `duplicate value "${value}"` });
      values.add(value);
      if (SPEC_FORBIDDEN.test(value)) errors.push({ path: `specs.${i}.values.${j}`, message: 'must not contain : ; | =' });
    });
  });
  return errors;
}

/** Whether one SKU's spec values name exactly the product's dimensions, each with one of its values. */
export function specMismatch(specs: readonly SpecDimension[], specValues: Record<string, string>): string | undefined {
  const keys = Object.keys(specValues);
  if (specs.length === 0) return keys.length === 0 ? undefined : 'a product without specs takes {} as spec values';
  for (const dim of specs) {
    const value = specValues[dim.name];
    if (value === undefined) return `missing a value for "${dim.name}"`;
    if (!dim.values.includes(value)) return `"${value}" is not a value of "${dim.name}"`;
  }
  const unknown = keys.find((key) => !specs.some((dim) => dim.name === key));
  return unknown === undefined ? undefined : `"${unknown}" is not a spec of this product`;
}

/**
 * The whole set of a product's SKUs against its specs: active SKUs match the dimensions
 * exactly, no spec combination twice, prices in range, barcodes unique, at least one active.
 */
export function validateSkus(specs: readonly SpecDimension[], skus: readonly SkuDraft[]): FieldError[] {
  const errors: FieldError[] = [];
  const active = skus.filter((s) => s.active);
  if (active.length === 0) errors.push({ path: 'skus', message: 'a product needs at least one active SKU' });
  if (active.length > CATALOG_LIMITS.skusMax) errors.push({ path: 'skus', message: `at most ${CATALOG_LIMITS.skusMax} SKUs` });
  if (specs.length === 0 && active.length > 1) errors.push({ path: 'skus', message: 'a product without specs has exactly one SKU' });
  const seenKeys = new Map<string, number>();
  const seenBarcodes = new Map<string, number>();
  skus.forEach((sku, i) => {
    const at = (field: string) => `skus.${i}${field ? `.${field}` : ''}`;
    if (sku.active) {
      const mismatch = specMismatch(specs, sku.specValues);
      if (mismatch) errors.push({ path: at('specValues'), message: mismatch });
    }
    const key = specKeyOf(sku.specValues);
    const first = seenKeys.get(key);
    if (first !== undefined) errors.push({ path: at('specValues'), message: `same spec values as skus.${first}` });
    else seenKeys.set(key, i);
    if (!isMoney(sku.price)) errors.push({ path: at('price'), message: `must be an integer from 0 to ${MAX_UNIT_PRICE} fen` });
    if (sku.marketPrice !== null && !isMoney(sku.marketPrice)) errors.push({ path: at('marketPrice'), message: `must be an integer from 0 to ${MAX_UNIT_PRICE} fen` });
    if (sku.barcode) {
      const other = seenBarcodes.get(sku.barcode);
      if (other !== undefined) errors.push({ path: at('barcode'), message: `same barcode as skus.${other}` });
      else seenBarcodes.set(sku.barcode, i);
    }
  });
  return errors;
}

const isMoney = (value: number) => Number.isSafeInteger(value) && value >= 0 && value <= MAX_UNIT_PRICE;

export interface SkuApplyResult {
  skus: SkuDraft[];
  errors: FieldError[];
  /** Whether any price or market price is set anew (new SKUs count). */
  pricesChanged: boolean;
}

function patchedSku(before: SkuDraft, patch: SkuPatch): SkuDraft {
  return {
    ...before,
    specValues: patch.specValues ?? before.specValues,
    price: patch.price ?? before.price,
    marketPrice: patch.marketPrice === undefined ? before.marketPrice : patch.marketPrice,
    weightGrams: patch.weightGrams ?? before.weightGrams,
    barcode: patch.barcode === undefined ? before.barcode : patch.barcode,
    skuCode: patch.skuCode === undefined ? before.skuCode : patch.skuCode,
    active: patch.active ?? before.active,
  };
}

/** Applies update-request SKU entries (by id: change; without id: add) to a product's SKUs. */
export function applySkuPatches(existing: readonly (SkuDraft & { id: number })[], patches: readonly SkuPatch[]): SkuApplyResult {
  const skus: SkuDraft[] = existing.map((s) => ({ ...s }));
  const errors: FieldError[] = [];
  let pricesChanged = false;
  const touched = new Set<number>();
  for (const [i, patch] of patches.entries()) {
    const at = (field: string) => `skus.${i}.${field}`;
    if (patch.id !== undefined) {
      const index = skus.findIndex((s) => s.id === patch.id);
      if (index < 0 || touched.has(patch.id)) {
        errors.push({ path: at('id'), message: index < 0 ? `SKU ${patch.id} is not a SKU of this product` : `SKU ${patch.id} is given twice` });
        continue;
      }
      touched.add(patch.id);
      const before = skus[index]!;
      const after = patchedSku(before, patch);
      if (after.price !== before.price || after.marketPrice !== before.marketPrice) pricesChanged = true;
      skus[index] = after;
      continue;
    }
    if (patch.price === undefined) errors.push({ path: at('price'), message: 'a new SKU needs a price' });
    if (patch.specValues === undefined) errors.push({ path: at('specValues'), message: 'a new SKU needs spec values ({} without specs)' });
    if (patch.price === undefined || patch.specValues === undefined) continue;
    pricesChanged = true;
    skus.push({
      ...patchedSku({ specValues: {}, price: 0, marketPrice: null, weightGrams: 0, barcode: null, skuCode: null, active: true }, patch),
      initialStock: patch.initialStock ?? 0,
      lowStockThreshold: patch.lowStockThreshold,
    });
  }
  return { skus, errors, pricesChanged };
}

/** Lowest and highest price over active SKUs (0/0 when there are none). */
export function priceRange(skus: readonly Pick<SkuDraft, 'price' | 'active'>[]): { min: number; max: number } {
  const prices = skus.filter((s) => s.active).map((s) => s.price);
  if (prices.length === 0) return { min: 0, max: 0 };
  return { min: Math.min(...prices), max: Math.max(...prices) };
}

/** What word search matches against: title, subtitle, brand and code, lower-cased. */
export function buildSearchText(p: { title: string; subtitle: string; brand: string; code: string }): string {
  return [p.title, p.subtitle, p.brand, p.code]
    .map((s) => s.trim())
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
}

/** A search box's text as lower-cased terms (every one must match), at most 8. */
export function searchTerms(q: string | undefined): string[] {
  if (!q) return [];
  const terms = q.toLowerCase().split(/\s+/u).filter(Boolean);
  return [...new Set(terms)].slice(0, 8);
}

/** Escapes LIKE wildcards so a term matches literally (backslash is PostgreSQL's LIKE escape). */
const DESCRIPTION_HTML: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'hr', 'div', 'span', 'strong', 'b', 'em', 'i', 'u', 's', 'del', 'sub', 'sup', 'h1', 'h2', 'h3', 'h4',
    'ul', 'ol', 'li', 'blockquote', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
  ],
  allowedAttributes: { a: ['href', 'title', 'target', 'rel'], img: ['src', 'alt', 'width', 'height'], '*': ['style'] },
  allowedStyles: {
    '*': {
      'text-align': [/^(left|right|center|justify)$/],
      color: [/^#[0-9a-f]{3,8}$/i, /^rgba?\([\d\s.,%]+\)$/i],
      'font-weight': [/^(bold|normal|\d{3})$/],
    },
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer', target: '_blank' }) },
};

/** Rich-text descriptions keep basic formatting, links and images; scripts, handlers and the like go. */
export function sanitizeDescription(html: string): string {
  return sanitizeHtml(html, DESCRIPTION_HTML).trim();
}

// ---------- categories ----------

export type CategoryRow = Omit<CategoryNode, 'children'>;

const bySortOrder = (a: CategoryRow, b: CategoryRow) => b.sortOrder - a.sortOrder || a.id - b.id;

export function buildCategoryTree(rows: readonly CategoryRow[]): CategoryNode[] {
  const children = new Map<number | null, CategoryRow[]>();
  for (const row of rows) {
    const list = children.get(row.parentId) ?? [];
    list.push(row);
    children.set(row.parentId, list);
  }
  const build = (parentId: number | null, seen: Set<number>): CategoryNode[] =>
    (children.get(parentId) ?? [])
      .filter((row) => !seen.has(row.id))
      .sort(bySortOrder)
      .map((row) => ({ ...row, children: build(row.id, new Set([...seen, row.id])) }));
  return build(null, new Set());
}

/** The category and all categories below it. */
export function descendantIds(rows: readonly CategoryRow[], rootId: number): number[] {
  const result = [rootId];
  const seen = new Set(result);
  for (let i = 0; i < result.length; i++) {
    for (const row of rows) {
      if (row.parentId === result[i] && !seen.has(row.id)) {
        seen.add(row.id);
        result.push(row.id);
      }
    }
  }
  return result;
}

/** Moving `id` under `newParentId` would make a loop (itself or one of its descendants). */
export function wouldCreateCycle(rows: readonly CategoryRow[], id: number, newParentId: number | null): boolean {
  if (newParentId === null) return false;
  return descendantIds(rows, id).includes(newParentId);
}

/** From the root down to the category, e.g. [手办, 比例手办]. */
export function categoryPath(rows: readonly CategoryRow[], id: number | null): { id: number; name: string }[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const path: { id: number; name: string }[] = [];
  let current = id === null ? undefined : byId.get(id);
  while (current && path.length < 50) {
    path.unshift({ id: current.id, name: current.name });
    current = current.parentId === null ? undefined : byId.get(current.parentId);
  }
  return path;
}
