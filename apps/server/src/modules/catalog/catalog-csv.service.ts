import type { CsvImportResult } from '@mall/contract';
import { recordAudit, type StaffContext } from '../../platform/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db, Tx } from '../../platform/db.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import type { FileStorage } from '../../platform/storage.ts';
import type { InventoryService } from '../inventory/index.ts';
import * as repo from './catalog.repo.ts';
import { categoryPath } from './catalog.rules.ts';
import { parseProductCsv, productsToCsv } from './catalog-csv.ts';
import { planImport, type PlannedProduct } from './catalog-csv-plan.ts';
import { applyProductChanges, assertMayChangePrices, mapConstraintError } from './catalog-product-writer.ts';
import { createProductIn } from './catalog-products.service.ts';

export interface CsvDeps {
  db: Db;
  clock: Clock;
  inventory: InventoryService;
  storage: FileStorage;
  ensureCategoryPath(tx: Tx, ctx: StaffContext | null, names: readonly string[]): Promise<{ id: number; created: string[] }>;
}

const csvInvalid = (errors: FieldError[]) => new AppError('CSV_INVALID', { count: errors.length }, errors);

export function createCsvUseCases(deps: CsvDeps) {
  const { db, clock, inventory, storage } = deps;

  /** Every product (on and off the shelf), one row per active SKU. */
  async function exportCsv(): Promise<string> {
    return db.transaction(async (tx) => {
      const products = await repo.allProducts(tx);
      const ids = products.map((p) => p.id);
      // One after another: a transaction's connection runs one query at a time.
      const [skus, images, categories] = [await repo.skusOf(tx, ids), await repo.imagesOf(tx, ids), await repo.listCategories(tx)];
      const active = skus.filter((s) => s.active);
      const stock = await inventory.sellableBySkuIds(
        tx,
        active.map((s) => s.id),
      );
      return productsToCsv(
        products.map((p) => ({
          ...p,
          categoryPath: categoryPath(categories, p.categoryId)
            .map((c) => c.name)
            .join('/'),
          imageUrls: images.filter((i) => i.productId === p.id).map((i) => i.url),
          skus: active
            .filter((s) => s.productId === p.id)
            .map((s) => ({ ...s, price: s.priceAmount, marketPrice: s.marketPriceAmount, stock: stock.get(s.id) ?? 0 })),
        })),
      );
    });
  }

  /** Replaces a product's images by a list of URLs: kept ones are reordered, others removed or added. */
  async function syncImages(tx: Tx, productId: number, current: readonly repo.ImageRow[], urls: readonly string[]): Promise<string[]> {
    const now = clock.now();
    const unused = [...current];
    for (const [i, url] of urls.entries()) {
      const at = unused.findIndex((img) => img.url === url);
      if (at >= 0) await repo.setImageSortOrder(tx, unused.splice(at, 1)[0]!.id, i, now);
      else await repo.insertImage(tx, { productId, url, storageKey: null, sortOrder: i, createdAt: now, updatedAt: now });
    }
    for (const img of unused) await repo.deleteImageRow(tx, productId, img.id);
    return unused.map((img) => img.storageKey).filter((k): k is string => !!k);
  }

  async function applyOne(tx: Tx, ctx: StaffContext | null, p: PlannedProduct, createdCategories: Set<string>): Promise<string[]> {
    const fields = { ...p.fields };
    if (p.pendingCategoryPath) {
      const ensured = await deps.ensureCategoryPath(tx, ctx, p.pendingCategoryPath);
      fields.categoryId = ensured.id;
      for (const path of ensured.created) createdCategories.add(path);
    }
    if (p.action === 'create') {
      await createProductIn(tx, deps, ctx, { ...fields, specs: p.specs, skus: p.skus, imageUrls: p.imageUrls ?? [] });
      return [];
    }
    const existing = p.existing!;
    const changes = await applyProductChanges(tx, deps, existing, p.existingSkus, { fields, specs: p.specs, skus: p.skus }, ctx);
    const removedKeys = p.imageUrls ? await syncImages(tx, existing.id, p.existingImages, p.imageUrls) : [];
    await recordAudit(tx, clock, ctx, { action: 'product.update', entityType: 'product', entityId: existing.id, changes: { ...changes, via: 'csv import' } });
    return removedKeys;
  }

  /**
   * Imports a product CSV: upsert by code, categories by path, all or nothing. Every bad
   * cell is reported (422 CSV_INVALID, errors at rows.N.column). A dry run writes nothing.
   */
  async function importCsv(ctx: StaffContext | null, text: string, options: { dryRun: boolean }): Promise<CsvImportResult> {
    const parsed = parseProductCsv(text);
    if (parsed.errors.length > 0) throw csvInvalid(parsed.errors);
    let removedKeys: string[] = [];
    const result = await db
      .transaction(async (tx) => {
        const plan = await planImport(tx, parsed.products);
        if (plan.errors.length > 0) throw csvInvalid(plan.errors);
        const toWrite = plan.products.filter((p) => p.action !== 'unchanged');
        if (toWrite.some((p) => p.pricesChanged)) assertMayChangePrices(ctx);
        const createdCategories = new Set<string>();
        if (!options.dryRun) {
          for (const p of toWrite) removedKeys.push(...(await applyOne(tx, ctx, p, createdCategories)));
        }
        const codes = (action: PlannedProduct['action']) => plan.products.filter((p) => p.action === action).map((p) => p.code);
        const report: CsvImportResult = {
          dryRun: options.dryRun,
          created: codes('create'),
          updated: codes('update'),
          unchanged: codes('unchanged'),
          categoriesCreated: options.dryRun ? plan.categoriesToCreate : [...createdCategories],
          rows: parsed.rowCount,
        };
        if (!options.dryRun && toWrite.length > 0) {
          const { created, updated, categoriesCreated, rows } = report;
          await recordAudit(tx, clock, ctx, { action: 'catalog.import', entityType: 'product', entityId: null, changes: { created, updated, categoriesCreated, rows } });
        }
        return report;
      })
      .catch((error: unknown) => {
        removedKeys = [];
        throw mapConstraintError(error);
      });
    for (const key of removedKeys) await storage.delete(key).catch(() => undefined);
    return result;
  }

  return { exportCsv, importCsv };
}
