import {
  adminProduct,
  adminProductPage,
  adminProductQuery,
  bulkShelfBody,
  categoryNode,
  categoryTree,
  createCategoryBody,
  createProductBody,
  idParam,
  okSchema,
  productSortOrderBody,
  updateCategoryBody,
  updateProductBody,
  updatedCount,
} from '@mall/contract';
import type { App } from '../../platform/http.ts';
import type { Auth } from '../../platform/auth.ts';
import { staffContext } from '../../platform/audit.ts';
import type { CatalogService } from './catalog.service.ts';
import { catalogFileRoutes } from './catalog-files.routes.ts';
import { catalogShopRoutes } from './catalog-shop.routes.ts';

export interface CatalogRouteDeps {
  auth: Auth;
  catalog: CatalogService;
  /** Largest image or CSV file accepted, in bytes. */
  uploadBytes: number;
}

/** Back-office catalogue: categories and products; plus the shop's and the file routes. */
export function catalogRoutes(app: App, deps: CatalogRouteDeps) {
  const { auth, catalog } = deps;
  const read = auth.requireStaff('catalog.read');
  const write = auth.requireStaff('catalog.write');
  const tags = ['admin: catalog'];

  app.get('/api/admin/categories', { preHandler: read, schema: { tags, summary: 'Category tree', response: { 200: categoryTree } } }, async () =>
    catalog.categoryTree(),
  );
  app.post(
    '/api/admin/categories',
    { preHandler: write, schema: { tags, summary: 'Create a category', body: createCategoryBody, response: { 201: categoryNode } } },
    async (request, reply) => {
      reply.status(201);
      return catalog.createCategory(staffContext(request), request.body);
    },
  );
  app.patch(
    '/api/admin/categories/:id',
    { preHandler: write, schema: { tags, summary: 'Rename or move a category', params: idParam, body: updateCategoryBody, response: { 200: categoryNode } } },
    async (request) => catalog.updateCategory(staffContext(request), request.params.id, request.body),
  );
  app.delete(
    '/api/admin/categories/:id',
    { preHandler: write, schema: { tags, summary: 'Delete an empty category', params: idParam, response: { 200: okSchema } } },
    async (request) => {
      await catalog.deleteCategory(staffContext(request), request.params.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/admin/products',
    { preHandler: read, schema: { tags, summary: 'Products, on and off the shelf', querystring: adminProductQuery, response: { 200: adminProductPage } } },
    async (request) => catalog.listAdminProducts(request.query),
  );
  app.post(
    '/api/admin/products',
    { preHandler: write, schema: { tags, summary: 'Create a product with its SKUs (needs catalog.price too)', body: createProductBody, response: { 201: adminProduct } } },
    async (request, reply) => {
      reply.status(201);
      return catalog.createProduct(staffContext(request), request.body);
    },
  );
  app.get(
    '/api/admin/products/:id',
    { preHandler: read, schema: { tags, summary: 'A product with SKUs, stock and images', params: idParam, response: { 200: adminProduct } } },
    async (request) => catalog.getAdminProduct(request.params.id),
  );
  app.patch(
    '/api/admin/products/:id',
    {
      preHandler: write,
      schema: { tags, summary: 'Change a product; SKUs by id (changing prices needs catalog.price)', params: idParam, body: updateProductBody, response: { 200: adminProduct } },
    },
    async (request) => catalog.updateProduct(staffContext(request), request.params.id, request.body),
  );
  app.delete(
    '/api/admin/products/:id',
    { preHandler: write, schema: { tags, summary: 'Delete a product that never moved stock', params: idParam, response: { 200: okSchema } } },
    async (request) => {
      await catalog.deleteProduct(staffContext(request), request.params.id);
      return { ok: true as const };
    },
  );
  app.post(
    '/api/admin/products/bulk-shelf',
    { preHandler: write, schema: { tags, summary: 'Put products on or off the shelf', body: bulkShelfBody, response: { 200: updatedCount } } },
    async (request) => catalog.bulkShelf(staffContext(request), request.body),
  );
  app.put(
    '/api/admin/products/sort-order',
    { preHandler: write, schema: { tags, summary: 'Set products’ sort order (larger first)', body: productSortOrderBody, response: { 200: updatedCount } } },
    async (request) => catalog.setSortOrders(staffContext(request), request.body),
  );

  catalogFileRoutes(app, deps);
  catalogShopRoutes(app, deps);
}
