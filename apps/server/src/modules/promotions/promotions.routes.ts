import { activePromotionList, idParam, okSchema, pricingRulesView, promotionInput, promotionListQuery, promotionPage, promotionPatch, promotionView } from '@mall/contract';
import type { App } from '../../platform/http.ts';
import type { Auth } from '../../platform/auth.ts';
import { staffContext } from '../../platform/audit.ts';
import type { PromotionService } from './promotions.service.ts';

export function promotionRoutes(app: App, deps: { auth: Auth; promotions: PromotionService }) {
  const { auth, promotions } = deps;
  const tags = ['admin: promotions'];
  const manage = auth.requireStaff('marketing.manage');

  app.get(
    '/api/admin/promotions',
    { preHandler: manage, schema: { tags, summary: 'Full-reduction and discount promotions', querystring: promotionListQuery, response: { 200: promotionPage } } },
    async (request) => promotions.listPromotions(request.query),
  );
  app.post(
    '/api/admin/promotions',
    { preHandler: manage, schema: { tags, summary: 'Create a promotion', body: promotionInput, response: { 201: promotionView } } },
    async (request, reply) => {
      reply.status(201);
      return promotions.createPromotion(staffContext(request), request.body);
    },
  );
  app.get(
    '/api/admin/promotions/:id',
    { preHandler: manage, schema: { tags, summary: 'A promotion', params: idParam, response: { 200: promotionView } } },
    async (request) => promotions.getPromotion(request.params.id),
  );
  app.patch(
    '/api/admin/promotions/:id',
    { preHandler: manage, schema: { tags, summary: 'Edit a promotion', params: idParam, body: promotionPatch, response: { 200: promotionView } } },
    async (request) => promotions.updatePromotion(staffContext(request), request.params.id, request.body),
  );
  app.delete(
    '/api/admin/promotions/:id',
    { preHandler: manage, schema: { tags, summary: 'Delete a promotion (orders keep their price breakdown)', params: idParam, response: { 200: okSchema } } },
    async (request) => {
      await promotions.deletePromotion(staffContext(request), request.params.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/promotions/active',
    { schema: { tags: ['shop: promotions'], summary: 'Promotions running now', response: { 200: activePromotionList } } },
    async () => promotions.activePromotions(),
  );
  app.get(
    '/api/pricing/rules',
    { schema: { tags: ['shop: promotions'], summary: 'The fixed order of pricing steps and the stacking rules, in words', response: { 200: pricingRulesView } } },
    async () => promotions.pricingRules(),
  );
}
