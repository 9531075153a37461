import { z } from 'zod';
import {
  carrier,
  carrierBody,
  carrierList,
  carrierListQuery,
  carrierPatch,
  idParam,
  okSchema,
  productDelivery,
  productDeliveryQuery,
  shippingTemplateInput,
  shippingTemplateList,
  shippingTemplateView,
  templateProductsBody,
} from '@mall/contract';
import type { Auth } from '../../platform/auth.ts';
import { staffContext } from '../../platform/audit.ts';
import type { App } from '../../platform/http.ts';
import type { ShippingService } from './shipping.service.ts';

const productIdsView = z.object({ items: z.array(z.object({ productId: z.number().int(), title: z.string() })) });

/** Logistics: carriers and fee templates for the back office, the product page's delivery quote for the shop. */
export function shippingRoutes(app: App, deps: { auth: Auth; shipping: ShippingService }) {
  const { shipping } = deps;
  app.get(
    '/api/products/:id/delivery',
    { schema: { tags: ['shop: logistics'], summary: 'One unit of the product to a region: fee and estimated days, or not delivered', params: idParam, querystring: productDeliveryQuery, response: { 200: productDelivery } } },
    async (request) => shipping.productDelivery(request.params.id, request.query),
  );
  carrierRoutes(app, deps);
  templateRoutes(app, deps);
}

function carrierRoutes(app: App, { auth, shipping }: { auth: Auth; shipping: ShippingService }) {
  const tags = ['admin: logistics'];
  const manage = auth.requireStaff('logistics.manage');
  // The ship dialog lists carriers: whoever may ship may read them.
  app.get(
    '/api/admin/shipping/carriers',
    { preHandler: auth.requireStaff('orders.ship'), schema: { tags, summary: 'Carriers (active=true for the ship dialog)', querystring: carrierListQuery, response: { 200: carrierList } } },
    async (request) => shipping.carriers.list(request.query.active),
  );
  app.post(
    '/api/admin/shipping/carriers',
    { preHandler: manage, schema: { tags, summary: 'Add a carrier', body: carrierBody, response: { 201: carrier } } },
    async (request, reply) => reply.status(201).send(await shipping.carriers.create(staffContext(request), request.body)),
  );
  app.patch(
    '/api/admin/shipping/carriers/:id',
    { preHandler: manage, schema: { tags, summary: 'Change a carrier (active=false hides it from the ship dialog)', params: idParam, body: carrierPatch, response: { 200: carrier } } },
    async (request) => shipping.carriers.update(staffContext(request), request.params.id, request.body),
  );
}

function templateRoutes(app: App, { auth, shipping }: { auth: Auth; shipping: ShippingService }) {
  const tags = ['admin: logistics'];
  const preHandler = auth.requireStaff('logistics.manage');
  const t = shipping.templates;
  app.get('/api/admin/shipping/templates', { preHandler, schema: { tags, summary: 'Shipping fee templates', response: { 200: shippingTemplateList } } }, async () => t.list());
  app.get(
    '/api/admin/shipping/templates/:id',
    { preHandler, schema: { tags, summary: 'One shipping fee template', params: idParam, response: { 200: shippingTemplateView } } },
    async (request) => t.get(request.params.id),
  );
  app.post(
    '/api/admin/shipping/templates',
    { preHandler, schema: { tags, summary: 'Add a shipping fee template (the first one becomes the default)', body: shippingTemplateInput, response: { 201: shippingTemplateView } } },
    async (request, reply) => reply.status(201).send(await t.create(staffContext(request), request.body)),
  );
  app.put(
    '/api/admin/shipping/templates/:id',
    { preHandler, schema: { tags, summary: 'Replace a shipping fee template', params: idParam, body: shippingTemplateInput, response: { 200: shippingTemplateView } } },
    async (request) => t.replace(staffContext(request), request.params.id, request.body),
  );
  app.post(
    '/api/admin/shipping/templates/:id/default',
    { preHandler, schema: { tags, summary: 'Make this the default template (the one before stops being it)', params: idParam, response: { 200: shippingTemplateView } } },
    async (request) => t.makeDefault(staffContext(request), request.params.id),
  );
  app.delete(
    '/api/admin/shipping/templates/:id',
    { preHandler, schema: { tags, summary: 'Delete a template that is not the default; its products use the default', params: idParam, response: { 200: okSchema } } },
    async (request) => t.remove(staffContext(request), request.params.id),
  );
  app.get(
    '/api/admin/shipping/templates/:id/products',
    { preHandler, schema: { tags, summary: 'Products shipping by this template', params: idParam, response: { 200: productIdsView } } },
    async (request) => t.products(request.params.id),
  );
  app.post(
    '/api/admin/shipping/templates/:id/products',
    { preHandler, schema: { tags, summary: 'Products ship by this template (replacing the one they had)', params: idParam, body: templateProductsBody, response: { 200: productIdsView } } },
    async (request) => t.attach(staffContext(request), request.params.id, request.body.productIds),
  );
  app.delete(
    '/api/admin/shipping/products/:id/template',
    { preHandler, schema: { tags, summary: 'The product goes back to the default template', params: idParam, response: { 200: okSchema } } },
    async (request) => t.detach(staffContext(request), request.params.id),
  );
}
