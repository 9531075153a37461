import type { AdminProduct, AdminProductQuery, CreateProductBody, UpdateProductBody, BulkShelfBody, ProductSortOrderBody } from '@mall/contract';
import { recordAudit, type StaffContext } from '../../platform/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import { inTransaction, type Db, type Tx } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { FileStorage } from '../../platform/storage.ts';
import type { InventoryService } from '../inventory/index.ts';
import * as repo from './catalog.repo.ts';
import { applySkuPatches, descendantIds, searchTerms } from './catalog.rules.ts';
import { loadAdminProduct, PRODUCT, skuDraftOf } from './catalog-views.ts';
import {
  applyProductChanges,
  assertBarcodesFree,
  assertCategoryExists,
  assertCodeFree,
  assertMayChangePrices,
  assertValidSkus,
  fieldsOf,
  insertProductDraft,
  mapConstraintError,
  PRODUCT_FIELD_NAMES,
  type ProductDraft,
  type ProductFields,
} from './catalog-product-writer.ts';

export interface ProductDeps {
  db: Db;
  clock: Clock;
  inventory: InventoryService;
  storage: FileStorage;
}

export function draftFromCreateBody(body: CreateProductBody): ProductDraft {
  return {
    ...fieldsOf(body),
    specs: body.specs,
    imageUrls: body.imageUrls,
    skus: body.skus.map((s) => ({
      specValues: s.specValues,
      price: s.price,
      marketPrice: s.marketPrice ?? null,
      weightGrams: s.weightGrams,
      barcode: s.barcode ?? null,
      skuCode: s.skuCode ?? null,
      active: true,
      initialStock: s.initialStock,
      lowStockThreshold: s.lowStockThreshold,
    })),
  };
}

/** Checks and inserts a new product in the caller's transaction; returns its id. */
export async function createProductIn(tx: Tx, deps: ProductDeps, ctx: StaffContext | null, draft: ProductDraft): Promise<number> {
  assertMayChangePrices(ctx);
  assertValidSkus(draft.specs, draft.skus);
  await assertCategoryExists(tx, draft.categoryId);
  await assertCodeFree(tx, draft.code);
  await assertBarcodesFree(tx, draft.skus);
  const product = await insertProductDraft(tx, deps, draft, ctx);
  await recordAudit(tx, deps.clock, ctx, {
    action: 'product.create',
    entityType: 'product',
    entityId: product.id,
    changes: { code: product.code, title: product.title, skus: draft.skus.length },
  });
  return product.id;
}

export function createProductUseCases(deps: ProductDeps) {
  const { db, clock, inventory, storage } = deps;

  async function guarded<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw mapConstraintError(error);
    }
  }

  async function createProduct(ctx: StaffContext | null, body: CreateProductBody, outer?: Tx): Promise<AdminProduct> {
    return guarded(() =>
      inTransaction(db, outer, async (tx) => loadAdminProduct(tx, inventory, await createProductIn(tx, deps, ctx, draftFromCreateBody(body)))),
    );
  }

  async function updateProduct(ctx: StaffContext | null, id: number, body: UpdateProductBody): Promise<AdminProduct> {
    return guarded(() =>
      db.transaction(async (tx) => {
        const before = await repo.findProduct(tx, id, { lock: true });
        if (!before) throw notFound(PRODUCT, id);
        const beforeSkus = await repo.skusOf(tx, [id]);
        const applied = applySkuPatches(beforeSkus.map(skuDraftOf), body.skus ?? []);
        if (applied.pricesChanged) assertMayChangePrices(ctx);
        const specs = body.specs ?? before.specs;
        assertValidSkus(specs, applied.skus, applied.errors);
        const given = Object.fromEntries(PRODUCT_FIELD_NAMES.filter((k) => body[k] !== undefined).map((k) => [k, body[k]]));
        const fields: ProductFields = { ...fieldsOf(before), ...given };
        if (body.categoryId !== undefined) await assertCategoryExists(tx, fields.categoryId);
        if (body.code !== undefined) await assertCodeFree(tx, fields.code, id);
        await assertBarcodesFree(tx, applied.skus, id);
        const changes = await applyProductChanges(tx, deps, before, beforeSkus, { fields, specs, skus: applied.skus }, ctx);
        if (Object.keys(changes).length > 0) {
          await recordAudit(tx, clock, ctx, { action: 'product.update', entityType: 'product', entityId: id, changes });
        }
        return loadAdminProduct(tx, inventory, id);
      }),
    );
  }

  /** Deletes a product that never moved stock beyond its initial count; otherwise 409 PRODUCT_IN_USE. */
  async function deleteProduct(ctx: StaffContext, id: number): Promise<void> {
    const storageKeys = await guarded(() =>
      db.transaction(async (tx) => {
        const product = await repo.findProduct(tx, id, { lock: true });
        if (!product) throw notFound(PRODUCT, id);
        const skuIds = (await repo.skusOf(tx, [id])).map((s) => s.id);
        if (await inventory.hasStockMovements(tx, skuIds)) throw new AppError('PRODUCT_IN_USE');
        const images = await repo.imagesOf(tx, [id]);
        await repo.deleteProductRow(tx, id);
        await recordAudit(tx, clock, ctx, { action: 'product.delete', entityType: 'product', entityId: id, changes: { code: product.code, title: product.title } });
        return images.map((img) => img.storageKey).filter((k): k is string => !!k);
      }),
    );
    for (const key of storageKeys) await storage.delete(key).catch(() => undefined);
  }

  async function assertAllExist(tx: Tx, ids: readonly number[]): Promise<void> {
    const found = new Set((await repo.existingProductIds(tx, ids)).map((r) => r.id));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length > 0) throw notFound(PRODUCT, missing.join(','));
  }

  function assertUnique(ids: readonly number[], path: string): void {
    const seen = new Set<number>();
    const errors = ids.flatMap((id, i) => (seen.has(id) ? [{ path: `${path}.${i}`, message: `${id} is given twice` }] : (seen.add(id), [])));
    if (errors.length > 0) throw new AppError('VALIDATION_FAILED', {}, errors);
  }

  async function bulkShelf(ctx: StaffContext, body: BulkShelfBody): Promise<{ updated: number }> {
    assertUnique(body.ids, 'ids');
    return db.transaction(async (tx) => {
      await assertAllExist(tx, body.ids);
      const updated = await repo.setShelf(tx, body.ids, body.onShelf, clock.now());
      if (updated.length > 0) {
        await recordAudit(tx, clock, ctx, { action: body.onShelf ? 'product.on_shelf' : 'product.off_shelf', entityType: 'product', entityId: null, changes: { ids: updated } });
      }
      return { updated: updated.length };
    });
  }

  async function setSortOrders(ctx: StaffContext, body: ProductSortOrderBody): Promise<{ updated: number }> {
    const ids = body.items.map((item) => item.id);
    assertUnique(ids, 'items');
    return db.transaction(async (tx) => {
      await assertAllExist(tx, ids);
      const now = clock.now();
      for (const item of body.items) await repo.updateProductRow(tx, item.id, { sortOrder: item.sortOrder, updatedAt: now });
      await recordAudit(tx, clock, ctx, { action: 'product.sort', entityType: 'product', entityId: null, changes: { items: body.items } });
      return { updated: body.items.length };
    });
  }

  async function listAdminProducts(query: AdminProductQuery) {
    const terms = searchTerms(query.q);
    const categoryIds = query.categoryId === undefined ? undefined : descendantIds(await repo.listCategories(db), query.categoryId);
    const filter = { terms, categoryIds, onShelf: query.onShelf, kind: query.kind, source: query.source };
    const result = await repo.listProducts(db, filter, terms.length > 0 ? 'relevance' : 'default', query);
    return { ...result, page: query.page, pageSize: query.pageSize };
  }

  const getAdminProduct = (id: number) => loadAdminProduct(db, inventory, id);

  return { createProduct, updateProduct, deleteProduct, bulkShelf, setSortOrders, listAdminProducts, getAdminProduct };
}
