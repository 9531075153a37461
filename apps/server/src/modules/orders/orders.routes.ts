import {
  cancelOrderInput,
  checkoutPreview,
  checkoutPreviewInput,
  idParam,
  orderDetail,
  orderListQuery,
  orderPage,
  payOrderInput,
  payOrderResult,
  placeOrderInput,
} from '@mall/contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../platform/http.ts';
import { shopperOf, type Auth } from '../../platform/auth.ts';
import type { Idempotency, IdempotentResult } from '../../platform/idempotency.ts';
import { AppError, problemFor } from '../../platform/errors.ts';
import type { OrderService } from './orders.service.ts';

export interface OrderRouteDeps {
  auth: Auth;
  idempotency: Idempotency;
  orders: OrderService;
}

/** A problem with the extension members a client needs to act on it (the new breakdown, the SKU). */
function sendProblemWithDetails(reply: FastifyReply, request: FastifyRequest, error: AppError) {
  const problem = problemFor(error, request);
  const extra: Record<string, unknown> = {};
  if (error.code === 'PRICE_CHANGED') Object.assign(extra, { totalAmount: error.params.totalAmount, breakdown: error.params.breakdown });
  if (error.code === 'INSUFFICIENT_STOCK' || error.code === 'CHECKOUT_ITEM_UNAVAILABLE') extra.skuId = error.params.skuId;
  return reply.status(problem.status).type('application/problem+json; charset=utf-8').send({ ...problem, ...extra });
}

type DetailBody = ReturnType<typeof orderDetail.encode>;

const idempotencyKeyOf = (request: FastifyRequest): string => {
  const header = request.headers['idempotency-key'];
  const key = Array.isArray(header) ? header[0] : header;
  if (key === undefined || key === '') throw new AppError('IDEMPOTENCY_KEY_REQUIRED');
  return key;
};

/** The shopper's side: checkout, their orders, paying, cancelling, confirming receipt. */
export function orderRoutes(app: App, deps: OrderRouteDeps) {
  const { auth, idempotency, orders } = deps;
  const preHandler = auth.requireShopper();
  const tags = ['shop: orders'];

  app.post(
    '/api/checkout/preview',
    { preHandler, schema: { tags, summary: 'Price breakdown and problems of a checkout, writing nothing', body: checkoutPreviewInput, response: { 200: checkoutPreview } } },
    async (request) => orders.preview(shopperOf(request).id, request.body),
  );
  app.post(
    '/api/orders',
    {
      preHandler,
      schema: {
        tags,
        summary: 'Place an order (Idempotency-Key header required: a retry returns the same order)',
        body: placeOrderInput,
        response: { 200: orderDetail, 201: orderDetail },
      },
    },
    async (request, reply) => {
      const key = idempotencyKeyOf(request);
      const shopperId = shopperOf(request).id;
      try {
        const body = await idempotency.run<DetailBody>(request, reply, 'orders.place', async (tx, answer) => {
          // The answer is stored before the order's last writes (the contended quota), see place().
          let result: IdempotentResult<DetailBody> | undefined;
          await orders.place(tx, shopperId, key, request.body, async ({ created, detail }) => {
            result = { status: created ? 201 : 200, body: orderDetail.encode(detail) };
            await answer(result);
          });
          return result!;
        });
        return orderDetail.decode(body);
      } catch (error) {
        if (error instanceof AppError && ['PRICE_CHANGED', 'INSUFFICIENT_STOCK', 'CHECKOUT_ITEM_UNAVAILABLE'].includes(error.code)) {
          return sendProblemWithDetails(reply, request, error);
        }
        throw error;
      }
    },
  );
  app.get(
    '/api/orders',
    { preHandler, schema: { tags, summary: 'My orders, newest first, with counts per status', querystring: orderListQuery, response: { 200: orderPage } } },
    async (request) => orders.listOwn(shopperOf(request).id, request.query),
  );
  app.get(
    '/api/orders/:id',
    { preHandler, schema: { tags, summary: 'One of my orders in full, with what I may do now', params: idParam, response: { 200: orderDetail } } },
    async (request) => orders.getForShopper(shopperOf(request).id, request.params.id),
  );
  app.post(
    '/api/orders/:id/payments',
    {
      preHandler,
      schema: { tags, summary: 'Pay an unpaid order: a pay page URL or app parameters', params: idParam, body: payOrderInput, response: { 201: payOrderResult } },
    },
    async (request, reply) => {
      const result = await orders.pay(shopperOf(request).id, request.params.id, request.body.provider, request.ip);
      return reply.status(201).send(result);
    },
  );
  app.post(
    '/api/orders/:id/cancel',
    { preHandler, schema: { tags, summary: 'Cancel an unpaid order', params: idParam, body: cancelOrderInput.nullish(), response: { 200: orderDetail } } },
    async (request) => {
      const shopperId = shopperOf(request).id;
      await orders.cancel(shopperId, request.params.id, request.body?.reason);
      return orders.getForShopper(shopperId, request.params.id);
    },
  );
  app.post(
    '/api/orders/:id/confirm-receipt',
    { preHandler, schema: { tags, summary: 'Confirm a shipped order was received: it completes', params: idParam, response: { 200: orderDetail } } },
    async (request) => {
      const shopperId = shopperOf(request).id;
      await orders.confirmReceipt(shopperId, request.params.id);
      return orders.getForShopper(shopperId, request.params.id);
    },
  );
}
