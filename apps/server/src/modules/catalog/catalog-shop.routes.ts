import { categoryTree, idParam, shopProductDetail, shopProductPage, shopProductQuery } from '@mall/contract';
import type { App } from '../../platform/http.ts';
import type { CatalogService } from './catalog.service.ts';

/** The shopper's catalogue: no sign-in needed; off-shelf products do not exist here. */
export function catalogShopRoutes(app: App, deps: { catalog: CatalogService }) {
  const { catalog } = deps;
  const tags = ['shop: catalog'];
  app.get('/api/categories', { schema: { tags, summary: 'Category tree', response: { 200: categoryTree } } }, async () => catalog.categoryTree());
  app.get(
    '/api/products',
    {
      schema: {
        tags,
        summary: 'On-shelf products: word search (q), category with subcategories, price range in fen, sort',
        querystring: shopProductQuery,
        response: { 200: shopProductPage },
      },
    },
    async (request) => catalog.listShopProducts(request.query),
  );
  app.get(
    '/api/products/:id',
    { schema: { tags, summary: 'An on-shelf product with SKUs, prices and stock', params: idParam, response: { 200: shopProductDetail } } },
    async (request) => catalog.getShopProduct(request.params.id),
  );
}
