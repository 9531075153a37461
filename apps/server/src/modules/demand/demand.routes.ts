import { demandSubscriptionsPage, demandSubscriptionsQuery, idParam, notifyMeInput, notifyMePage, notifyMeSubscription, okSchema, pageQuery, roleAllows, type Permission } from '@mall/contract';
import type { preHandlerAsyncHookHandler } from 'fastify';
import { shopperOf, staffOf, type Auth } from '../../platform/auth.ts';
import { AppError } from '../../platform/errors.ts';
import type { App } from '../../platform/http.ts';
import type { DemandService } from './demand.service.ts';

/** "Notify me" for shoppers, subscriber numbers for staff. */
export function demandRoutes(app: App, deps: { auth: Auth; demand: DemandService }) {
  const { auth, demand } = deps;
  const tags = ['shop: notify me'];
  const preHandler = auth.requireShopper();

  app.post(
    '/api/notify-me',
    {
      preHandler,
      schema: {
        tags,
        summary: 'Remind me when a product or SKU is back in stock or a presale campaign opens (201 new, 200 already subscribed)',
        body: notifyMeInput,
        response: { 200: notifyMeSubscription, 201: notifyMeSubscription },
      },
    },
    async (request, reply) => {
      const { created, subscription } = await demand.subscribe(shopperOf(request).id, request.body);
      return reply.status(created ? 201 : 200).send(subscription);
    },
  );

  app.delete(
    '/api/notify-me/:id',
    { preHandler, schema: { tags, summary: 'Cancel one of my reminders', params: idParam, response: { 200: okSchema } } },
    async (request) => demand.unsubscribe(shopperOf(request).id, request.params.id),
  );

  app.get(
    '/api/me/notify-me',
    { preHandler, schema: { tags, summary: 'My reminders, newest first, with what each waits for and its status', querystring: pageQuery, response: { 200: notifyMePage } } },
    async (request) => demand.listMine(shopperOf(request).id, request.query),
  );

  app.get(
    '/api/admin/demand/subscriptions',
    {
      preHandler: [auth.requireStaff(), requireAnyPermission(['marketing.manage', 'catalog.read'])],
      schema: {
        tags: ['admin: demand'],
        summary: 'Subscribers of one product, SKU or campaign: counts and a page, earliest first',
        querystring: demandSubscriptionsQuery,
        response: { 200: demandSubscriptionsPage },
      },
    },
    async (request) => demand.subscribersOf(request.query),
  );
}

/** Staff holding any one of these permissions may pass. */
function requireAnyPermission(permissions: readonly Permission[]): preHandlerAsyncHookHandler {
  return async function requireAnyPermissionHook(request) {
    const actor = staffOf(request);
    if (!permissions.some((p) => roleAllows(actor.role, p))) throw new AppError('FORBIDDEN', { permission: permissions.join(' | ') });
  };
}
