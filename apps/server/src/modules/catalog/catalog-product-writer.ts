import { roleAllows, type ProductKind, type ProductSource, type SpecDimension } from '@mall/contract';
import type { StaffContext } from '../../platform/audit.ts';
import { diffFields } from '../../platform/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import { pgConstraint, pgErrorCode, PG_FOREIGN_KEY_VIOLATION, PG_UNIQUE_VIOLATION, type DbOrTx } from '../../platform/db.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import type { InventoryService } from '../inventory/index.ts';
import * as repo from './catalog.repo.ts';
import { skuDraftOf } from './catalog-views.ts';
import { buildSearchText, priceRange, sanitizeDescription, specKeyOf, validateSkus, validateSpecs, type SkuDraft } from './catalog.rules.ts';

/** The writes a product create, update and CSV import share: checks, rows, stock, derived columns. */

export interface WriterDeps {
  clock: Clock;
  inventory: InventoryService;
}

export interface ProductFields {
  code: string;
  title: string;
  subtitle: string;
  description: string;
  brand: string;
  categoryId: number | null;
  kind: ProductKind;
  source: ProductSource;
  afterSalesAllowed: boolean;
  warrantyText: string;
  onShelf: boolean;
  sortOrder: number;
}

export interface ProductDraft extends ProductFields {
  specs: SpecDimension[];
  skus: SkuDraft[];
  imageUrls: string[];
}

export const PRODUCT_FIELD_NAMES = [
  'code', 'title', 'subtitle', 'description', 'brand', 'categoryId', 'kind', 'source', 'afterSalesAllowed', 'warrantyText', 'onShelf', 'sortOrder',
] as const satisfies readonly (keyof ProductFields)[];

/** Just the product fields of a row or a draft. */
export function fieldsOf(source: ProductFields): ProductFields {
  return Object.fromEntries(PRODUCT_FIELD_NAMES.map((k) => [k, source[k]])) as unknown as ProductFields;
}

export function assertValidSkus(specs: readonly SpecDimension[], skus: readonly SkuDraft[], extra: FieldError[] = []): void {
  const errors = [...extra, ...validateSpecs(specs), ...validateSkus(specs, skus)];
  if (errors.length > 0) throw new AppError('VALIDATION_FAILED', {}, errors);
}

/** Setting or changing a price needs 'catalog.price' (system work, ctx null, may). */
export function assertMayChangePrices(ctx: StaffContext | null): void {
  if (ctx && !roleAllows(ctx.actor.role, 'catalog.price')) throw new AppError('FORBIDDEN', { permission: 'catalog.price' });
}

export async function assertCategoryExists(db: DbOrTx, categoryId: number | null): Promise<void> {
  if (categoryId === null) return;
  if (!(await repo.findCategory(db, categoryId))) {
    throw new AppError('VALIDATION_FAILED', {}, [{ path: 'categoryId', message: `no category ${categoryId}` }]);
  }
}

export async function assertCodeFree(db: DbOrTx, code: string, productId?: number): Promise<void> {
  const owner = await repo.productCodeOwner(db, code);
  if (owner !== undefined && owner !== productId) throw new AppError('PRODUCT_CODE_TAKEN', { code });
}

export async function assertBarcodesFree(db: DbOrTx, skus: readonly SkuDraft[], productId?: number): Promise<void> {
  const barcodes = skus.map((s) => s.barcode).filter((b): b is string => !!b);
  const taken = (await repo.barcodeOwners(db, barcodes)).find((o) => o.productId !== productId);
  if (taken) throw new AppError('BARCODE_TAKEN', { barcode: taken.barcode });
}

function derivedColumns(fields: ProductFields, skus: readonly SkuDraft[]) {
  const range = priceRange(skus);
  return { minPriceAmount: range.min, maxPriceAmount: range.max, searchText: buildSearchText(fields) };
}

function skuColumns(sku: SkuDraft) {
  return {
    specValues: sku.specValues,
    specKey: specKeyOf(sku.specValues),
    skuCode: sku.skuCode,
    priceAmount: sku.price,
    marketPriceAmount: sku.marketPrice,
    weightGrams: sku.weightGrams,
    barcode: sku.barcode,
    active: sku.active,
  };
}

async function insertSkuWithStock(tx: DbOrTx, deps: WriterDeps, productId: number, sku: SkuDraft, ctx: StaffContext | null): Promise<void> {
  const now = deps.clock.now();
  const row = await repo.insertSku(tx, { productId, ...skuColumns(sku), createdAt: now, updatedAt: now });
  await deps.inventory.initializeStock(tx, row.id, {
    onHand: sku.initialStock ?? 0,
    lowStockThreshold: sku.lowStockThreshold,
    actor: ctx?.actor.username ?? 'system',
  });
}

/** Inserts a checked product with its SKUs, their stock and its images (by URL). */
export async function insertProductDraft(tx: DbOrTx, deps: WriterDeps, draft: ProductDraft, ctx: StaffContext | null): Promise<repo.ProductRow> {
  const now = deps.clock.now();
  const fields: ProductFields = { ...fieldsOf(draft), description: sanitizeDescription(draft.description) };
  const product = await repo.insertProduct(tx, { ...fields, specs: draft.specs, ...derivedColumns(fields, draft.skus), createdAt: now, updatedAt: now });
  for (const sku of draft.skus) await insertSkuWithStock(tx, deps, product.id, sku, ctx);
  for (const [i, url] of draft.imageUrls.entries()) {
    await repo.insertImage(tx, { productId: product.id, url, storageKey: null, sortOrder: i, createdAt: now, updatedAt: now });
  }
  return product;
}

const skuChanged = (a: SkuDraft, b: SkuDraft) => JSON.stringify(skuColumns(a)) !== JSON.stringify(skuColumns(b));

/**
 * Writes a product's new fields, specs and SKU list (existing SKUs keep their ids; those
 * without an id are new). Returns what changed, for the audit row.
 */
export async function applyProductChanges(
  tx: DbOrTx,
  deps: WriterDeps,
  before: repo.ProductRow,
  beforeSkus: readonly repo.SkuRow[],
  next: { fields: ProductFields; specs: SpecDimension[]; skus: SkuDraft[] },
  ctx: StaffContext | null,
): Promise<Record<string, unknown>> {
  const now = deps.clock.now();
  const fields = { ...next.fields, description: sanitizeDescription(next.fields.description) };
  const changes: Record<string, unknown> = diffFields({ ...fieldsOf(before), specs: before.specs } as Record<string, unknown>, { ...fields, specs: next.specs });
  const byId = new Map(beforeSkus.map((s) => [s.id, s]));
  const changed = next.skus.filter((s) => s.id !== undefined && skuChanged(s, skuDraftOf(byId.get(s.id)!)));
  const added = next.skus.filter((s) => s.id === undefined);
  // Park changed SKUs' unique columns first, so two SKUs may swap spec values or barcodes.
  for (const sku of changed) await repo.updateSkuRow(tx, sku.id!, { specKey: `~${sku.id}`, barcode: null });
  for (const sku of changed) await repo.updateSkuRow(tx, sku.id!, { ...skuColumns(sku), updatedAt: now });
  for (const sku of added) await insertSkuWithStock(tx, deps, before.id, sku, ctx);
  if (changed.length > 0) {
    changes.skusChanged = changed.map((s) => ({ id: s.id, ...diffFields(skuColumns(skuDraftOf(byId.get(s.id!)!)), skuColumns(s)) }));
  }
  if (added.length > 0) changes.skusAdded = added.map((s) => ({ specValues: s.specValues, price: s.price }));
  await repo.updateProductRow(tx, before.id, { ...fields, specs: next.specs, ...derivedColumns(fields, next.skus), updatedAt: now });
  return changes;
}

/** Turns a unique or foreign-key violation that slipped past the checks (a race) into its 409. */
export function mapConstraintError(error: unknown): unknown {
  const code = pgErrorCode(error);
  if (code === PG_FOREIGN_KEY_VIOLATION) return new AppError('PRODUCT_IN_USE');
  if (code !== PG_UNIQUE_VIOLATION) return error;
  const detail = String((error as { detail?: unknown }).detail ?? (error as { cause?: { detail?: unknown } }).cause?.detail ?? '');
  const value = /=\((?:.*, )?(.*)\)/.exec(detail)?.[1] ?? '';
  switch (pgConstraint(error)) {
    case 'products_code_uq':
      return new AppError('PRODUCT_CODE_TAKEN', { code: value });
    case 'skus_barcode_uq':
      return new AppError('BARCODE_TAKEN', { barcode: value });
    case 'categories_sibling_name_uq':
      return new AppError('CATEGORY_NAME_TAKEN', { name: value });
    default:
      return new AppError('CONFLICT');
  }
}
