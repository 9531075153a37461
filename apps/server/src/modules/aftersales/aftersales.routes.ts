import {
  aftersalesAdminListQuery,
  aftersalesApplyInput,
  aftersalesApproveInput,
  aftersalesEligibility,
  aftersalesListQuery,
  aftersalesNoteInput,
  aftersalesPage,
  aftersalesReceiveInput,
  aftersalesPhotoView,
  aftersalesRejectInput,
  aftersalesShipmentInput,
  aftersalesTicketDetail,
  idParam,
} from '@mall/contract';
import type { App } from '../../platform/http.ts';
import { shopperOf, type Auth } from '../../platform/auth.ts';
import { staffContext } from '../../platform/audit.ts';
import type { Idempotency } from '../../platform/idempotency.ts';
import { AppError } from '../../platform/errors.ts';
import type { AfterSalesService } from './aftersales.service.ts';

interface Deps {
  auth: Auth;
  idempotency: Idempotency;
  aftersales: AfterSalesService;
}

export function aftersalesRoutes(app: App, deps: Deps) {
  shopperRoutes(app, deps);
  staffRoutes(app, deps);
}

function shopperRoutes(app: App, { auth, idempotency, aftersales }: Deps) {
  const tags = ['shop: after-sales'];
  const shopper = auth.requireShopper();
  const detail = { 200: aftersalesTicketDetail };

  app.get(
    '/api/orders/:id/aftersales-eligibility',
    { preHandler: shopper, schema: { tags, summary: 'Which lines and quantities of my order may be applied for, and why not', params: idParam, response: { 200: aftersalesEligibility } } },
    async (request) => aftersales.eligibility(shopperOf(request).id, request.params.id),
  );
  app.post(
    '/api/aftersales/photos',
    {
      preHandler: shopper,
      schema: { tags, summary: 'Upload a photo for an application (multipart field "file"; PNG, JPEG, WebP or GIF)', consumes: ['multipart/form-data'], response: { 201: aftersalesPhotoView } },
    },
    async (request, reply) => {
      if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
      const file = await request.file();
      if (!file) throw new AppError('IMAGE_MISSING');
      const data = await file.toBuffer();
      reply.status(201);
      return aftersales.uploadPhoto(shopperOf(request).id, { data, declaredType: file.mimetype });
    },
  );
  app.post(
    '/api/aftersales',
    { preHandler: shopper, schema: { tags, summary: 'Apply for after-sales on lines of my paid order; honours Idempotency-Key', body: aftersalesApplyInput, response: { 201: aftersalesTicketDetail } } },
    async (request, reply) => {
      const body = await idempotency.run(request, reply, 'aftersales.apply', async (tx) => ({
        status: 201,
        body: aftersalesTicketDetail.encode(await aftersales.apply(tx, shopperOf(request).id, request.body)),
      }));
      return aftersalesTicketDetail.decode(body);
    },
  );
  app.get(
    '/api/aftersales',
    { preHandler: shopper, schema: { tags, summary: 'My after-sales tickets, newest first', querystring: aftersalesListQuery, response: { 200: aftersalesPage } } },
    async (request) => aftersales.listMine(shopperOf(request).id, request.query),
  );
  app.get(
    '/api/aftersales/:id',
    { preHandler: shopper, schema: { tags, summary: 'One of my tickets with its history and progress', params: idParam, response: detail } },
    async (request) => aftersales.getMine(shopperOf(request).id, request.params.id),
  );
  app.post(
    '/api/aftersales/:id/return-shipment',
    { preHandler: shopper, schema: { tags, summary: 'Tell the shop how the goods were sent back', params: idParam, body: aftersalesShipmentInput, response: detail } },
    async (request) => aftersales.returnShipment(shopperOf(request).id, request.params.id, request.body),
  );
  app.post(
    '/api/aftersales/:id/withdraw',
    { preHandler: shopper, schema: { tags, summary: 'Withdraw my application (before the goods are received)', params: idParam, response: detail } },
    async (request) => aftersales.withdraw(shopperOf(request).id, request.params.id),
  );
}

function staffRoutes(app: App, { auth, idempotency, aftersales }: Deps) {
  const tags = ['admin: after-sales'];
  const read = auth.requireStaff('aftersales.read');
  const handle = auth.requireStaff('aftersales.handle');
  const detail = { 200: aftersalesTicketDetail };

  app.get(
    '/api/admin/aftersales',
    { preHandler: read, schema: { tags, summary: 'Tickets by status, type, order no., date', querystring: aftersalesAdminListQuery, response: { 200: aftersalesPage } } },
    async (request) => aftersales.listAll(request.query),
  );
  app.get(
    '/api/admin/aftersales/:id',
    { preHandler: read, schema: { tags, summary: 'A ticket with its history and refunds', params: idParam, response: detail } },
    async (request) => aftersales.getForStaff(request.params.id),
  );
  app.post(
    '/api/admin/aftersales/:id/approve',
    {
      preHandler: handle,
      schema: { tags, summary: 'Approve: a refund only is refunded now, a return or exchange awaits the goods; honours Idempotency-Key', params: idParam, body: aftersalesApproveInput, response: detail },
    },
    async (request, reply) => {
      const body = await idempotency.run(request, reply, 'aftersales.approve', async (tx) => ({
        status: 200,
        body: aftersalesTicketDetail.encode(await aftersales.approve(tx, staffContext(request), request.params.id, request.body)),
      }));
      return aftersalesTicketDetail.decode(body);
    },
  );
  app.post(
    '/api/admin/aftersales/:id/reject',
    { preHandler: handle, schema: { tags, summary: 'Reject an application or refuse returned goods, with a reason', params: idParam, body: aftersalesRejectInput, response: detail } },
    async (request) => aftersales.reject(staffContext(request), request.params.id, request.body.reason),
  );
  app.post(
    '/api/admin/aftersales/:id/receive',
    {
      preHandler: handle,
      schema: { tags, summary: 'Confirm receipt of the returned goods; restock (default true) puts them back on hand', params: idParam, body: aftersalesReceiveInput.optional(), response: detail },
    },
    async (request) => aftersales.receive(staffContext(request), request.params.id, request.body ?? { note: '', restock: true }),
  );
  app.post(
    '/api/admin/aftersales/:id/refund',
    {
      preHandler: handle,
      schema: { tags, summary: 'Refund a received return through the original payment; honours Idempotency-Key', params: idParam, body: aftersalesNoteInput.optional(), response: detail },
    },
    async (request, reply) => {
      const body = await idempotency.run(request, reply, 'aftersales.refund', async (tx) => ({
        status: 200,
        body: aftersalesTicketDetail.encode(await aftersales.refund(tx, staffContext(request), request.params.id, request.body?.note ?? '')),
      }));
      return aftersalesTicketDetail.decode(body);
    },
  );
  app.post(
    '/api/admin/aftersales/:id/retry-refund',
    {
      preHandler: handle,
      schema: { tags, summary: 'Refund again what is still unrefunded of a ticket whose refund failed; honours Idempotency-Key', params: idParam, body: aftersalesNoteInput.optional(), response: detail },
    },
    async (request, reply) => {
      const body = await idempotency.run(request, reply, 'aftersales.retry_refund', async (tx) => ({
        status: 200,
        body: aftersalesTicketDetail.encode(await aftersales.retryRefund(tx, staffContext(request), request.params.id, request.body?.note ?? '')),
      }));
      return aftersalesTicketDetail.decode(body);
    },
  );
  app.post(
    '/api/admin/aftersales/:id/ship-exchange',
    { preHandler: handle, schema: { tags, summary: 'Ship the replacement of a received exchange; takes it out of stock', params: idParam, body: aftersalesShipmentInput, response: detail } },
    async (request) => aftersales.shipExchange(staffContext(request), request.params.id, request.body),
  );
}
