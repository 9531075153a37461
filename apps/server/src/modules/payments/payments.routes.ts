import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { PAYMENT_PROVIDERS, adminPaymentListQuery, adminPaymentPage, idParam, paymentDetail, paymentNoParam, shopperPaymentView } from '@mall/contract';
import type { App } from '../../platform/http.ts';
import { shopperOf, type Auth } from '../../platform/auth.ts';
import type { PaymentService } from './payments.service.ts';

/** Largest notice accepted; gateways send a few KB. */
const NOTICE_BODY_LIMIT = 64 * 1024;

export function paymentRoutes(app: App, deps: { auth: Auth; payments: PaymentService }) {
  const { auth, payments } = deps;

  // Gateway notices: the raw body is kept as it came, for the signature check, whatever its type
  // (JSON from WeChat and the sandbox, a form from Alipay). Public: trust comes from the signature.
  app.register(async (scope: FastifyInstance) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: NOTICE_BODY_LIMIT }, (_request, body, done) => done(null, body));
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/payments/notify/:provider',
      {
        bodyLimit: NOTICE_BODY_LIMIT,
        schema: {
          tags: ['payments'],
          summary: 'Asynchronous payment/refund notice from a gateway (signed; answered as the gateway expects)',
          params: z.object({ provider: z.enum(PAYMENT_PROVIDERS) }),
        },
      },
      async (request, reply) => {
        const rawBody = typeof request.body === 'string' ? request.body : '';
        const ack = await payments.handleNotice(request.params.provider, { headers: request.headers, rawBody });
        return reply.status(ack.status).type(ack.contentType).send(ack.body);
      },
    );
  });

  app.get(
    '/api/payments/:paymentNo',
    {
      preHandler: auth.requireShopper(),
      schema: { tags: ['payments'], summary: 'My payment’s status (poll after returning from the pay page)', params: paymentNoParam, response: { 200: shopperPaymentView } },
    },
    async (request) => payments.getForShopper(shopperOf(request).id, request.params.paymentNo),
  );

  const read = auth.requireStaff('orders.read');
  const tags = ['admin: payments'];
  app.get(
    '/api/admin/payments',
    { preHandler: read, schema: { tags, summary: 'Payments, newest first, with filters', querystring: adminPaymentListQuery, response: { 200: adminPaymentPage } } },
    async (request) => payments.listForStaff(request.query),
  );
  app.get(
    '/api/admin/payments/:id',
    { preHandler: read, schema: { tags, summary: 'A payment with its refunds and ledger', params: idParam, response: { 200: paymentDetail } } },
    async (request) => payments.getDetail(request.params.id),
  );
}
