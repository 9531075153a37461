import {
  claimableCouponList,
  couponTemplateInput,
  couponTemplateListQuery,
  couponTemplatePage,
  couponTemplatePatch,
  couponTemplateView,
  idParam,
  issueCouponsInput,
  issueCouponsResult,
  myCouponsQuery,
  okSchema,
  shopperCouponPage,
  shopperCouponView,
  templateIdParam,
} from '@mall/contract';
import type { App } from '../../platform/http.ts';
import { shopperOf, type Auth } from '../../platform/auth.ts';
import { staffContext } from '../../platform/audit.ts';
import type { PromotionService } from './promotions.service.ts';

export function couponRoutes(app: App, deps: { auth: Auth; promotions: PromotionService }) {
  const { auth, promotions } = deps;
  const tags = ['admin: coupons'];
  const manage = auth.requireStaff('marketing.manage');

  app.get(
    '/api/admin/coupon-templates',
    { preHandler: manage, schema: { tags, summary: 'Coupon templates with claimed and used counts', querystring: couponTemplateListQuery, response: { 200: couponTemplatePage } } },
    async (request) => promotions.listCouponTemplates(request.query),
  );
  app.post(
    '/api/admin/coupon-templates',
    { preHandler: manage, schema: { tags, summary: 'Create a coupon template', body: couponTemplateInput, response: { 201: couponTemplateView } } },
    async (request, reply) => {
      reply.status(201);
      return promotions.createCouponTemplate(staffContext(request), request.body);
    },
  );
  app.get(
    '/api/admin/coupon-templates/:id',
    { preHandler: manage, schema: { tags, summary: 'A coupon template', params: idParam, response: { 200: couponTemplateView } } },
    async (request) => promotions.getCouponTemplate(request.params.id),
  );
  app.patch(
    '/api/admin/coupon-templates/:id',
    {
      preHandler: manage,
      schema: { tags, summary: 'Edit a coupon template (terms are fixed once claimed)', params: idParam, body: couponTemplatePatch, response: { 200: couponTemplateView } },
    },
    async (request) => promotions.updateCouponTemplate(staffContext(request), request.params.id, request.body),
  );
  app.delete(
    '/api/admin/coupon-templates/:id',
    { preHandler: manage, schema: { tags, summary: 'Delete a coupon template nobody claimed', params: idParam, response: { 200: okSchema } } },
    async (request) => {
      await promotions.deleteCouponTemplate(staffContext(request), request.params.id);
      return { ok: true as const };
    },
  );
  app.post(
    '/api/admin/coupon-templates/:id/issue',
    {
      preHandler: manage,
      schema: { tags, summary: 'Give one coupon to each of these shoppers (all or nothing)', params: idParam, body: issueCouponsInput, response: { 201: issueCouponsResult } },
    },
    async (request, reply) => {
      reply.status(201);
      return promotions.issueCoupons(staffContext(request), request.params.id, request.body);
    },
  );

  const shopTags = ['shop: coupons'];
  app.get(
    '/api/coupons/available',
    { schema: { tags: shopTags, summary: 'Coupons that can be claimed now (with mine when signed in)', response: { 200: claimableCouponList } } },
    async (request) => promotions.claimableCoupons(request.actor?.kind === 'shopper' ? request.actor.id : null),
  );
  app.post(
    '/api/coupons/:templateId/claim',
    { preHandler: auth.requireShopper(), schema: { tags: shopTags, summary: 'Claim a coupon', params: templateIdParam, response: { 201: shopperCouponView } } },
    async (request, reply) => {
      reply.status(201);
      return promotions.claimCoupon(shopperOf(request).id, request.params.templateId);
    },
  );
  app.get(
    '/api/me/coupons',
    { preHandler: auth.requireShopper(), schema: { tags: shopTags, summary: 'My coupons by status: unused, used or expired', querystring: myCouponsQuery, response: { 200: shopperCouponPage } } },
    async (request) => promotions.myCoupons(shopperOf(request).id, request.query),
  );
}
