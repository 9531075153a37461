import { createProductBody } from '@mall/contract';
import type { Db } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import type { FileStorage } from '../platform/storage.ts';
import type { CatalogService } from '../modules/catalog/index.ts';
import { DEMO_CATEGORIES, DEMO_PRODUCTS, type DemoProduct } from './catalog-demo.ts';
import { renderProductImage, type ArtSpec } from './demo-images.ts';

export interface SeedDemoCatalogDeps {
  db: Db;
  catalog: CatalogService;
  storage: FileStorage;
  log?: { info(message: string): void };
}

/** The product's two pictures: its own colours, then the same object on the swapped background. */
function artOf(item: DemoProduct, index: number): ArtSpec[] {
  const [from, to] = item.art.background;
  return [
    { ...item.art, seed: index * 2 + 1 },
    { ...item.art, background: [to, from], seed: index * 2 + 2 },
  ];
}

/** Renders (or finds, from an earlier run) the demo pictures in storage; returns their URLs. */
async function ensureImages(storage: FileStorage, item: DemoProduct, index: number): Promise<string[]> {
  const urls: string[] = [];
  for (const [n, art] of artOf(item, index).entries()) {
    const key = `demo/${item.product.code.toLowerCase()}-${n + 1}.png`;
    if (!(await storage.get(key))) await storage.put(key, renderProductImage(art), 'image/png');
    urls.push(storage.urlFor(key));
  }
  return urls;
}

/**
 * Loads the demo catalogue (categories, products, SKUs, stock, pictures) through the catalogue
 * service, in one transaction, when there are no products yet. Does nothing otherwise, and
 * also when another instance seeded at the same moment.
 */
export async function seedDemoCatalog(deps: SeedDemoCatalogDeps): Promise<{ seeded: boolean; products: number }> {
  const { catalog, storage } = deps;
  if ((await catalog.countProducts()) > 0) return { seeded: false, products: 0 };
  const images = new Map<string, string[]>();
  for (const [index, item] of DEMO_PRODUCTS.entries()) images.set(item.product.code, await ensureImages(storage, item, index));
  try {
    await deps.db.transaction(async (tx) => {
      const categoryIds = new Map<string, number>();
      for (const category of DEMO_CATEGORIES) {
        const parentId = category.path.length > 1 ? categoryIds.get(category.path.slice(0, -1).join('/'))! : null;
        const node = await catalog.createCategory(null, { name: category.path.at(-1)!, nameEn: category.nameEn, parentId, sortOrder: category.sortOrder }, tx);
        categoryIds.set(category.path.join('/'), node.id);
      }
      for (const item of DEMO_PRODUCTS) {
        const categoryId = categoryIds.get(item.categoryPath.join('/'));
        if (categoryId === undefined) throw new Error(`demo product ${item.product.code}: no category ${item.categoryPath.join('/')}`);
        const body = createProductBody.parse({ onShelf: true, ...item.product, categoryId, imageUrls: images.get(item.product.code) });
        await catalog.createProduct(null, body, tx);
      }
    });
  } catch (error) {
    if (error instanceof AppError && ['PRODUCT_CODE_TAKEN', 'CATEGORY_NAME_TAKEN'].includes(error.code)) return { seeded: false, products: 0 };
    throw error;
  }
  deps.log?.info(`demo catalogue: ${DEMO_CATEGORIES.length} categories, ${DEMO_PRODUCTS.length} products`);
  return { seeded: true, products: DEMO_PRODUCTS.length };
}
