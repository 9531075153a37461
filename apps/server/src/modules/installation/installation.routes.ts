import {
  idParam,
  installationAdminPage,
  installationAdminQuery,
  installationAppointment,
  installationBookBody,
  installationCancelBody,
  installationChangeBody,
  installationCompleteBody,
  installationConfirmBody,
  installationProductBody,
  installationProductList,
  installationRescheduleBody,
  installationShopperCancelBody,
  installationSlots,
  installationSlotsQuery,
  okSchema,
  orderInstallation,
  productInstallation,
} from '@mall/contract';
import { shopperOf, type Auth } from '../../platform/auth.ts';
import { staffContext } from '../../platform/audit.ts';
import type { App } from '../../platform/http.ts';
import type { InstallationService } from './installation.service.ts';

export interface InstallationRouteDeps {
  auth: Auth;
  installation: InstallationService;
}

/** Delivery-and-installation appointments: the product page, the shopper's order, and the back office. */
export function installationRoutes(app: App, deps: InstallationRouteDeps) {
  shopRoutes(app, deps);
  adminRoutes(app, deps);
}

function shopRoutes(app: App, { auth, installation }: InstallationRouteDeps) {
  const tags = ['shop: installation'];
  const preHandler = auth.requireShopper();
  app.get(
    '/api/products/:id/installation',
    { schema: { tags, summary: 'Whether the product comes with delivery and installation (送装一体), and its note', params: idParam, response: { 200: productInstallation } } },
    async (request) => installation.ofProduct(request.params.id),
  );
  app.get(
    '/api/installation/slots',
    {
      preHandler,
      schema: { tags, summary: 'Offered installation slots with places left; with orderId (mine), marks the slot its appointment holds', querystring: installationSlotsQuery, response: { 200: installationSlots } },
    },
    async (request) => installation.slots(shopperOf(request).id, request.query.orderId),
  );
  const base = '/api/orders/:id/installation';
  app.get(
    base,
    { preHandler, schema: { tags, summary: "My order's installation: whether it is offered or may be booked, and the appointment", params: idParam, response: { 200: orderInstallation } } },
    async (request) => installation.ofOrder(shopperOf(request).id, request.params.id),
  );
  app.post(
    base,
    { preHandler, schema: { tags, summary: 'Book an installation slot for my order (one live appointment per order)', params: idParam, body: installationBookBody, response: { 201: installationAppointment } } },
    async (request, reply) => reply.status(201).send(await installation.book(shopperOf(request).id, request.params.id, request.body)),
  );
  app.patch(
    base,
    { preHandler, schema: { tags, summary: 'Change the slot or contact while the appointment is still requested', params: idParam, body: installationChangeBody, response: { 200: installationAppointment } } },
    async (request) => installation.change(shopperOf(request).id, request.params.id, request.body),
  );
  app.post(
    `${base}/cancel`,
    { preHandler, schema: { tags, summary: 'Cancel the appointment while it is still requested', params: idParam, body: installationShopperCancelBody, response: { 200: installationAppointment } } },
    async (request) => installation.cancelByShopper(shopperOf(request).id, request.params.id),
  );
}

function adminRoutes(app: App, { auth, installation }: InstallationRouteDeps) {
  const tags = ['admin: installation'];
  const preHandler = auth.requireStaff('installation.manage');
  const products = '/api/admin/installation/products';
  app.get(products, { preHandler, schema: { tags, summary: 'Products that come with installation', response: { 200: installationProductList } } }, async () => installation.listProducts());
  app.put(
    `${products}/:id`,
    { preHandler, schema: { tags, summary: 'Mark a product as coming with installation, with a note (id: the product)', params: idParam, body: installationProductBody, response: { 200: productInstallation } } },
    async (request) => installation.markProduct(staffContext(request), request.params.id, request.body.note),
  );
  app.delete(
    `${products}/:id`,
    { preHandler, schema: { tags, summary: 'Stop offering installation with a product', params: idParam, response: { 200: okSchema } } },
    async (request) => installation.unmarkProduct(staffContext(request), request.params.id),
  );
  const base = '/api/admin/installation/appointments';
  app.get(
    base,
    { preHandler, schema: { tags, summary: 'Appointments by slot day range, status and order number', querystring: installationAdminQuery, response: { 200: installationAdminPage } } },
    async (request) => installation.list(request.query),
  );
  app.post(
    `${base}/:id/confirm`,
    { preHandler, schema: { tags, summary: 'Confirm a requested appointment (optionally moving its slot)', params: idParam, body: installationConfirmBody, response: { 200: installationAppointment } } },
    async (request) => installation.confirm(staffContext(request), request.params.id, request.body),
  );
  app.post(
    `${base}/:id/reschedule`,
    { preHandler, schema: { tags, summary: 'Move a confirmed appointment to another slot', params: idParam, body: installationRescheduleBody, response: { 200: installationAppointment } } },
    async (request) => installation.reschedule(staffContext(request), request.params.id, request.body),
  );
  app.post(
    `${base}/:id/complete`,
    { preHandler, schema: { tags, summary: 'Mark a confirmed appointment done (the order must have shipped)', params: idParam, body: installationCompleteBody, response: { 200: installationAppointment } } },
    async (request) => installation.complete(staffContext(request), request.params.id, request.body),
  );
  app.post(
    `${base}/:id/cancel`,
    { preHandler, schema: { tags, summary: 'Cancel an appointment with a reason', params: idParam, body: installationCancelBody, response: { 200: installationAppointment } } },
    async (request) => installation.cancel(staffContext(request), request.params.id, request.body.reason),
  );
}
