import { CATALOG_LIMITS, type ImageOrderBody } from '@mall/contract';
import { recordAudit, type StaffContext } from '../../platform/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { detectImageType, IMAGE_CONTENT_TYPES, randomKey, type FileStorage } from '../../platform/storage.ts';
import * as repo from './catalog.repo.ts';
import { PRODUCT } from './catalog-views.ts';

export interface ImageDeps {
  db: Db;
  clock: Clock;
  storage: FileStorage;
}

const IMAGE = { zh: '商品图片', en: 'Product image' };
/** Content types a client may declare for an image upload; the bytes decide which it is. */
const DECLARABLE = [...Object.values(IMAGE_CONTENT_TYPES), 'image/jpg', 'application/octet-stream'];
const imageView = (row: repo.ImageRow) => ({ id: row.id, url: row.url, sortOrder: row.sortOrder });

export function createImageUseCases(deps: ImageDeps) {
  const { db, clock, storage } = deps;

  /**
   * Stores an uploaded image and appends it to the product's images. The type comes from
   * the file's own bytes; the declared type must be one we accept (or say nothing: octet-stream).
   */
  async function addProductImage(ctx: StaffContext, productId: number, file: { data: Buffer; declaredType: string }) {
    const type = detectImageType(file.data);
    const declared = file.declaredType.toLowerCase();
    if (!type || !(DECLARABLE.includes(declared))) throw new AppError('IMAGE_TYPE_UNSUPPORTED');
    if (!(await repo.findProduct(db, productId))) throw notFound(PRODUCT, productId);
    const stored = await storage.put(randomKey(`products/${productId}`, type === 'jpeg' ? 'jpg' : type), file.data, IMAGE_CONTENT_TYPES[type]);
    try {
      return await db.transaction(async (tx) => {
        const product = await repo.findProduct(tx, productId, { lock: true });
        if (!product) throw notFound(PRODUCT, productId);
        const images = await repo.imagesOf(tx, [productId]);
        if (images.length >= CATALOG_LIMITS.imagesMax) throw new AppError('IMAGE_LIMIT_REACHED', { max: CATALOG_LIMITS.imagesMax });
        const now = clock.now();
        const sortOrder = images.reduce((max, img) => Math.max(max, img.sortOrder + 1), 0);
        const row = await repo.insertImage(tx, { productId, url: stored.url, storageKey: stored.key, sortOrder, createdAt: now, updatedAt: now });
        await repo.updateProductRow(tx, productId, { updatedAt: now });
        await recordAudit(tx, clock, ctx, { action: 'product.image.add', entityType: 'product', entityId: productId, changes: { imageId: row.id, url: row.url, type } });
        return imageView(row);
      });
    } catch (error) {
      await storage.delete(stored.key).catch(() => undefined);
      throw error;
    }
  }

  async function deleteProductImage(ctx: StaffContext, productId: number, imageId: number): Promise<void> {
    const row = await db.transaction(async (tx) => {
      if (!(await repo.findProduct(tx, productId, { lock: true }))) throw notFound(PRODUCT, productId);
      const deleted = await repo.deleteImageRow(tx, productId, imageId);
      if (!deleted) throw notFound(IMAGE, imageId);
      await repo.updateProductRow(tx, productId, { updatedAt: clock.now() });
      await recordAudit(tx, clock, ctx, { action: 'product.image.delete', entityType: 'product', entityId: productId, changes: { imageId, url: deleted.url } });
      return deleted;
    });
    if (row.storageKey) await storage.delete(row.storageKey).catch(() => undefined);
  }

  /** Reorders a product's images; the list must name each of its images exactly once. */
  async function reorderProductImages(ctx: StaffContext, productId: number, body: ImageOrderBody) {
    return db.transaction(async (tx) => {
      if (!(await repo.findProduct(tx, productId, { lock: true }))) throw notFound(PRODUCT, productId);
      const images = await repo.imagesOf(tx, [productId]);
      const current = new Set(images.map((img) => img.id));
      const given = new Set(body.imageIds);
      if (given.size !== body.imageIds.length || given.size !== current.size || body.imageIds.some((id) => !current.has(id))) {
        throw new AppError('VALIDATION_FAILED', {}, [{ path: 'imageIds', message: `must list each of the product's images once: ${[...current].join(', ')}` }]);
      }
      const now = clock.now();
      for (const [i, id] of body.imageIds.entries()) await repo.setImageSortOrder(tx, id, i, now);
      await repo.updateProductRow(tx, productId, { updatedAt: now });
      await recordAudit(tx, clock, ctx, { action: 'product.image.reorder', entityType: 'product', entityId: productId, changes: { imageIds: body.imageIds } });
      return { items: (await repo.imagesOf(tx, [productId])).map(imageView) };
    });
  }

  return { addProductImage, deleteProductImage, reorderProductImages };
}
