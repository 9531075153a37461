import {
  adminProductPreorders,
  idParam,
  okSchema,
  preorderOrderView,
  preorderSettingsInput,
  preorderSettingsListQuery,
  preorderSettingsPage,
  preorderSettingsView,
  roleAllows,
  shopProductPreorder,
  type PreorderOrderView,
} from '@mall/contract';
import type { preHandlerAsyncHookHandler } from 'fastify';
import type { App } from '../../platform/http.ts';
import { shopperOf, type Auth } from '../../platform/auth.ts';
import { staffContext } from '../../platform/audit.ts';
import { AppError } from '../../platform/errors.ts';
import type { PreorderService } from './preorders.service.ts';

export interface PreorderRouteDeps {
  auth: Auth;
  preorders: PreorderService;
  /** The pre-order part of the shopper's own order (the orders module keeps it). */
  orders: { preorderOfOrder(shopperId: number, orderId: number): Promise<PreorderOrderView> };
}

export function preorderRoutes(app: App, deps: PreorderRouteDeps) {
  const { auth, preorders, orders } = deps;
  const staff = auth.requireStaff();
  // Pre-order terms are part of the product (catalog) and of selling it (marketing): either may set them.
  const mayManage: preHandlerAsyncHookHandler = async function requirePreorderManager(request) {
    const actor = request.actor;
    if (actor?.kind !== 'staff' || (!roleAllows(actor.role, 'catalog.write') && !roleAllows(actor.role, 'marketing.manage'))) {
      throw new AppError('FORBIDDEN', { permission: 'catalog.write | marketing.manage' });
    }
  };
  const preHandler = [staff, mayManage];
  const tags = ['admin: pre-orders'];
  const productBase = '/api/admin/preorders/products/:id';
  const skuBase = '/api/admin/preorders/skus/:id';

  app.get('/api/admin/preorders', { preHandler, schema: { tags, summary: 'Pre-order settings, by product', querystring: preorderSettingsListQuery, response: { 200: preorderSettingsPage } } }, async (request) =>
    preorders.list(request.query),
  );
  app.get(
    productBase,
    { preHandler, schema: { tags, summary: "A product's pre-order settings and each SKU's stock, pre-ordered units and queue", params: idParam, response: { 200: adminProductPreorders } } },
    async (request) => preorders.adminProduct(request.params.id),
  );
  app.put(
    productBase,
    {
      preHandler,
      schema: { tags, summary: 'Set the pre-order terms of a product (each SKU without its own); applies to new pre-orders', params: idParam, body: preorderSettingsInput, response: { 200: preorderSettingsView } },
    },
    async (request) => preorders.set(staffContext(request), { productId: request.params.id }, request.body),
  );
  app.delete(productBase, { preHandler, schema: { tags, summary: "Remove a product's pre-order setting", params: idParam, response: { 200: okSchema } } }, async (request) =>
    preorders.remove(staffContext(request), { productId: request.params.id }),
  );
  app.put(
    skuBase,
    { preHandler, schema: { tags, summary: 'Set the pre-order terms of one SKU (over its product’s)', params: idParam, body: preorderSettingsInput, response: { 200: preorderSettingsView } } },
    async (request) => preorders.set(staffContext(request), { skuId: request.params.id }, request.body),
  );
  app.delete(skuBase, { preHandler, schema: { tags, summary: "Remove a SKU's own pre-order setting", params: idParam, response: { 200: okSchema } } }, async (request) =>
    preorders.remove(staffContext(request), { skuId: request.params.id }),
  );

  const shopTags = ['shop: pre-orders'];
  app.get(
    '/api/products/:id/preorder',
    {
      schema: {
        tags: shopTags,
        summary: 'Pre-order terms of a product: per SKU whether it can be pre-ordered now (Pre-order / 预订), the date, terms, units left, countries (judged from the IP)',
        params: idParam,
        response: { 200: shopProductPreorder },
      },
    },
    async (request) => preorders.shopProduct(request.params.id, request.ip ?? null),
  );
  app.get(
    '/api/orders/:id/preorder',
    { preHandler: auth.requireShopper(), schema: { tags: shopTags, summary: 'The pre-order part of one of my orders: strategy, queue position, fill, deadline', params: idParam, response: { 200: preorderOrderView } } },
    async (request) => orders.preorderOfOrder(shopperOf(request).id, request.params.id),
  );
}
