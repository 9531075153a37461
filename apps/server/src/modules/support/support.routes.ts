import {
  faqArticle,
  faqArticleBody,
  faqArticleList,
  faqArticlePatch,
  faqArticleQuery,
  faqCategory,
  faqCategoryBody,
  faqCategoryList,
  faqCategoryPatch,
  faqSearchQuery,
  faqSearchResult,
  faqShopArticle,
  faqShopArticleList,
  faqShopCategoryList,
  helpfulVoteBody,
  idParam,
  okSchema,
  productWarranty,
  servicePoint,
  servicePointAdminQuery,
  servicePointBody,
  servicePointList,
  servicePointPatch,
  servicePointSearchQuery,
  servicePointSearchResult,
  warrantyAttachBody,
  warrantyPolicy,
  warrantyPolicyBody,
  warrantyPolicyList,
  warrantyPolicyPatch,
  warrantyProducts,
} from '@mall/contract';
import { shopperOf, type Auth } from '../../platform/auth.ts';
import { staffContext } from '../../platform/audit.ts';
import type { App } from '../../platform/http.ts';
import type { FaqService } from './support-faq.service.ts';
import type { ServicePointService } from './support-points.service.ts';
import type { WarrantyService } from './support-warranty.service.ts';

export interface SupportDeps {
  auth: Auth;
  faq: FaqService;
  warranty: WarrantyService;
  servicePoints: ServicePointService;
}

/** Customer-service information: FAQ, warranty policies and the repair network, for the shop and the back office. */
export function supportRoutes(app: App, deps: SupportDeps) {
  shopSupportRoutes(app, deps);
  adminFaqRoutes(app, deps);
  adminWarrantyRoutes(app, deps);
  adminServicePointRoutes(app, deps);
}

function shopSupportRoutes(app: App, { auth, faq, warranty, servicePoints }: SupportDeps) {
  const tags = ['shop: customer service'];
  app.get('/api/support/faq/categories', { schema: { tags, summary: 'Visible FAQ categories', response: { 200: faqShopCategoryList } } }, async () => faq.shopCategories());
  app.get(
    '/api/support/faq/articles',
    { schema: { tags, summary: 'Published FAQ articles, optionally of one category', querystring: faqArticleQuery, response: { 200: faqShopArticleList } } },
    async (request) => faq.shopArticles(request.query.categoryId),
  );
  app.get(
    '/api/support/faq/search',
    { schema: { tags, summary: 'Search FAQ: every space-separated term in the title or text; title hits first', querystring: faqSearchQuery, response: { 200: faqSearchResult } } },
    async (request) => faq.search(request.query.q),
  );
  app.get(
    '/api/support/faq/articles/:id',
    { schema: { tags, summary: 'One published FAQ article, with my vote when signed in', params: idParam, response: { 200: faqShopArticle } } },
    async (request) => faq.shopArticle(request.params.id, request.actor?.kind === 'shopper' ? request.actor.id : null),
  );
  app.put(
    '/api/support/faq/articles/:id/vote',
    { preHandler: auth.requireShopper(), schema: { tags, summary: 'Was this helpful: one vote per shopper, may be changed', params: idParam, body: helpfulVoteBody, response: { 200: faqShopArticle } } },
    async (request) => faq.vote(shopperOf(request).id, request.params.id, request.body.vote),
  );
  app.get(
    '/api/products/:id/warranty',
    { schema: { tags, summary: "The product's warranty policy (404 when it has none)", params: idParam, response: { 200: productWarranty } } },
    async (request) => warranty.ofProduct(request.params.id),
  );
  app.get(
    '/api/support/service-points',
    {
      schema: {
        tags,
        summary: 'Service points by region (province, city, district; wider when none) and/or keyword',
        querystring: servicePointSearchQuery,
        response: { 200: servicePointSearchResult },
      },
    },
    async (request) => servicePoints.search(request.query),
  );
}

function adminFaqRoutes(app: App, { auth, faq }: SupportDeps) {
  const tags = ['admin: customer service'];
  const preHandler = auth.requireStaff('support.manage');
  app.get('/api/admin/support/faq/categories', { preHandler, schema: { tags, summary: 'FAQ categories', response: { 200: faqCategoryList } } }, async () => faq.listCategories(false));
  app.post(
    '/api/admin/support/faq/categories',
    { preHandler, schema: { tags, summary: 'Add an FAQ category', body: faqCategoryBody, response: { 201: faqCategory } } },
    async (request, reply) => reply.status(201).send(await faq.createCategory(staffContext(request), request.body)),
  );
  app.patch(
    '/api/admin/support/faq/categories/:id',
    { preHandler, schema: { tags, summary: 'Change an FAQ category', params: idParam, body: faqCategoryPatch, response: { 200: faqCategory } } },
    async (request) => faq.updateCategory(staffContext(request), request.params.id, request.body),
  );
  app.delete(
    '/api/admin/support/faq/categories/:id',
    { preHandler, schema: { tags, summary: 'Delete an empty FAQ category', params: idParam, response: { 200: okSchema } } },
    async (request) => faq.removeCategory(staffContext(request), request.params.id),
  );
  app.get(
    '/api/admin/support/faq/articles',
    { preHandler, schema: { tags, summary: 'FAQ articles', querystring: faqArticleQuery, response: { 200: faqArticleList } } },
    async (request) => faq.listArticles(request.query.categoryId),
  );
  app.get(
    '/api/admin/support/faq/articles/:id',
    { preHandler, schema: { tags, summary: 'One FAQ article', params: idParam, response: { 200: faqArticle } } },
    async (request) => faq.getArticle(request.params.id),
  );
  app.post(
    '/api/admin/support/faq/articles',
    { preHandler, schema: { tags, summary: 'Add an FAQ article (body sanitised)', body: faqArticleBody, response: { 201: faqArticle } } },
    async (request, reply) => reply.status(201).send(await faq.createArticle(staffContext(request), request.body)),
  );
  app.patch(
    '/api/admin/support/faq/articles/:id',
    { preHandler, schema: { tags, summary: 'Change an FAQ article (body sanitised)', params: idParam, body: faqArticlePatch, response: { 200: faqArticle } } },
    async (request) => faq.updateArticle(staffContext(request), request.params.id, request.body),
  );
  app.delete(
    '/api/admin/support/faq/articles/:id',
    { preHandler, schema: { tags, summary: 'Delete an FAQ article and its votes', params: idParam, response: { 200: okSchema } } },
    async (request) => faq.removeArticle(staffContext(request), request.params.id),
  );
}

function adminWarrantyRoutes(app: App, { auth, warranty }: SupportDeps) {
  const tags = ['admin: customer service'];
  const preHandler = auth.requireStaff('support.manage');
  const base = '/api/admin/support/warranty-policies';
  app.get(base, { preHandler, schema: { tags, summary: 'Warranty policies', response: { 200: warrantyPolicyList } } }, async () => warranty.list());
  app.get(`${base}/:id`, { preHandler, schema: { tags, summary: 'One warranty policy', params: idParam, response: { 200: warrantyPolicy } } }, async (request) =>
    warranty.get(request.params.id),
  );
  app.post(
    base,
    { preHandler, schema: { tags, summary: 'Add a warranty policy (terms sanitised)', body: warrantyPolicyBody, response: { 201: warrantyPolicy } } },
    async (request, reply) => reply.status(201).send(await warranty.create(staffContext(request), request.body)),
  );
  app.patch(
    `${base}/:id`,
    { preHandler, schema: { tags, summary: 'Change a warranty policy', params: idParam, body: warrantyPolicyPatch, response: { 200: warrantyPolicy } } },
    async (request) => warranty.update(staffContext(request), request.params.id, request.body),
  );
  app.delete(
    `${base}/:id`,
    { preHandler, schema: { tags, summary: 'Delete a warranty policy no product carries', params: idParam, response: { 200: okSchema } } },
    async (request) => warranty.remove(staffContext(request), request.params.id),
  );
  app.get(
    `${base}/:id/products`,
    { preHandler, schema: { tags, summary: 'Products carrying the policy', params: idParam, response: { 200: warrantyProducts } } },
    async (request) => warranty.products(request.params.id),
  );
  app.post(
    `${base}/:id/products`,
    { preHandler, schema: { tags, summary: 'Attach the policy to products (replacing their previous one)', params: idParam, body: warrantyAttachBody, response: { 200: warrantyProducts } } },
    async (request) => warranty.attach(staffContext(request), request.params.id, request.body.productIds),
  );
  app.delete(
    '/api/admin/support/product-warranties/:id',
    { preHandler, schema: { tags, summary: "Detach a product's warranty policy (id: the product)", params: idParam, response: { 200: okSchema } } },
    async (request) => warranty.detach(staffContext(request), request.params.id),
  );
}

function adminServicePointRoutes(app: App, { auth, servicePoints }: SupportDeps) {
  const tags = ['admin: customer service'];
  const preHandler = auth.requireStaff('support.manage');
  const base = '/api/admin/support/service-points';
  app.get(
    base,
    { preHandler, schema: { tags, summary: 'Service points, by keyword and province', querystring: servicePointAdminQuery, response: { 200: servicePointList } } },
    async (request) => servicePoints.list(request.query),
  );
  app.get(`${base}/:id`, { preHandler, schema: { tags, summary: 'One service point', params: idParam, response: { 200: servicePoint } } }, async (request) =>
    servicePoints.get(request.params.id),
  );
  app.post(
    base,
    { preHandler, schema: { tags, summary: 'Add a service point (region checked against the divisions)', body: servicePointBody, response: { 201: servicePoint } } },
    async (request, reply) => reply.status(201).send(await servicePoints.create(staffContext(request), request.body)),
  );
  app.patch(
    `${base}/:id`,
    { preHandler, schema: { tags, summary: 'Change a service point', params: idParam, body: servicePointPatch, response: { 200: servicePoint } } },
    async (request) => servicePoints.update(staffContext(request), request.params.id, request.body),
  );
  app.delete(`${base}/:id`, { preHandler, schema: { tags, summary: 'Delete a service point', params: idParam, response: { 200: okSchema } } }, async (request) =>
    servicePoints.remove(staffContext(request), request.params.id),
  );
}

