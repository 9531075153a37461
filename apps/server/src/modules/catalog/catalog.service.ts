import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db.ts';
import type { FileStorage } from '../../platform/storage.ts';
import type { InventoryService } from '../inventory/index.ts';
import * as repo from './catalog.repo.ts';
import { createCategoryUseCases } from './catalog-categories.service.ts';
import { createProductUseCases } from './catalog-products.service.ts';
import { createShopUseCases } from './catalog-shop.service.ts';
import { createImageUseCases } from './catalog-images.service.ts';
import { createCsvUseCases } from './catalog-csv.service.ts';

export interface CatalogDeps {
  db: Db;
  clock: Clock;
  inventory: InventoryService;
  storage: FileStorage;
}

/** The catalogue's use cases: categories, products, images, CSV, and the shopper's view. */
export function createCatalogService(deps: CatalogDeps) {
  const categories = createCategoryUseCases(deps);
  return {
    ...categories,
    ...createProductUseCases(deps),
    ...createShopUseCases(deps),
    ...createImageUseCases(deps),
    ...createCsvUseCases({ ...deps, ensureCategoryPath: categories.ensureCategoryPath }),
    /** How many products exist (on or off the shelf). */
    countProducts: () => repo.countProducts(deps.db),
  };
}

export type CatalogService = ReturnType<typeof createCatalogService>;
