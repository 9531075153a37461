import type { ShopProductQuery } from '@mall/contract';
import type { Db } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import type { InventoryService } from '../inventory/index.ts';
import * as repo from './catalog.repo.ts';
import { descendantIds, searchTerms } from './catalog.rules.ts';
import { loadShopProduct } from './catalog-views.ts';

export interface ShopDeps {
  db: Db;
  inventory: InventoryService;
}

/** What shoppers see: on-shelf products only, everywhere. */
export function createShopUseCases(deps: ShopDeps) {
  const { db, inventory } = deps;

  async function listShopProducts(query: ShopProductQuery) {
    if (query.minPrice !== undefined && query.maxPrice !== undefined && query.minPrice > query.maxPrice) {
      throw new AppError('VALIDATION_FAILED', {}, [{ path: 'minPrice', message: 'must not be above maxPrice' }]);
    }
    const terms = searchTerms(query.q);
    const categoryIds = query.categoryId === undefined ? undefined : descendantIds(await repo.listCategories(db), query.categoryId);
    const order = query.sort === 'default' && terms.length > 0 ? 'relevance' : query.sort;
    const filter = { terms, categoryIds, onShelf: true, minPrice: query.minPrice, maxPrice: query.maxPrice };
    const { items, total } = await repo.listProducts(db, filter, order, query);
    return {
      items: items.map((p) => ({
        id: p.id,
        title: p.title,
        subtitle: p.subtitle,
        brand: p.brand,
        categoryId: p.categoryId,
        kind: p.kind,
        minPrice: p.minPrice,
        maxPrice: p.maxPrice,
        salesCount: p.salesCount,
        mainImageUrl: p.mainImageUrl,
      })),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  const getShopProduct = (id: number) => loadShopProduct(db, inventory, id);

  return { listShopProducts, getShopProduct };
}
