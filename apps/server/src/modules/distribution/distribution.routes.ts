import { z } from 'zod';
import {
  commissionAdminList,
  commissionAdminQuery,
  commissionList,
  commissionQuery,
  distributionApplyBody,
  distributorAdminQuery,
  distributorList,
  distributorReviewBody,
  distributorRolesBody,
  distributorView,
  idParam,
  myDistribution,
  productCommissionRate,
  productCommissionRateBody,
  withdrawalAdminList,
  withdrawalBody,
  withdrawalList,
  withdrawalMarkFailedBody,
  withdrawalMarkPaidBody,
  withdrawalQuery,
  withdrawalView,
  type DistributorStatus,
} from '@mall/contract';
import { shopperOf, type Auth } from '../../platform/auth.ts';
import { staffContext } from '../../platform/audit.ts';
import type { App } from '../../platform/http.ts';
import type { createIdempotency } from '../../platform/idempotency.ts';
import type { CommissionService } from './distribution-commissions.service.ts';
import type { DistributorService } from './distributors.service.ts';
import type { WithdrawalService } from './distribution-withdrawals.service.ts';

export interface DistributionDeps {
  auth: Auth;
  idempotency: ReturnType<typeof createIdempotency>;
  distributors: DistributorService;
  commissions: CommissionService;
  withdrawals: WithdrawalService;
}

/** 推广中心 (shopper) and 分销 (back office): distributors, commissions, withdrawals. */
export function distributionRoutes(app: App, deps: DistributionDeps) {
  shopperDistributionRoutes(app, deps);
  adminDistributionRoutes(app, deps);
}

function shopperDistributionRoutes(app: App, { auth, idempotency, distributors, commissions, withdrawals }: DistributionDeps) {
  const tags = ['shop: distribution'];
  const preHandler = auth.requireShopper();
  app.post(
    '/api/distribution/apply',
    { preHandler, schema: { tags, summary: 'Apply to be a distributor (approved at once when the shop needs no review)', body: distributionApplyBody, response: { 201: distributorView } } },
    async (request, reply) => reply.status(201).send(await distributors.apply(shopperOf(request).id, request.body)),
  );
  app.get('/api/distribution/me', { preHandler, schema: { tags, summary: 'My distributor status, balances and team', response: { 200: myDistribution } } }, async (request) =>
    distributors.me(shopperOf(request).id),
  );
  app.get(
    '/api/distribution/commissions',
    { preHandler, schema: { tags, summary: 'My commissions, newest first (buyers masked)', querystring: commissionQuery, response: { 200: commissionList } } },
    async (request) => commissions.list({ ...request.query, beneficiaryId: shopperOf(request).id }),
  );
  app.get(
    '/api/distribution/withdrawals',
    { preHandler, schema: { tags, summary: 'My withdrawals, newest first', querystring: withdrawalQuery, response: { 200: withdrawalList } } },
    async (request) => withdrawals.list({ ...request.query, shopperId: shopperOf(request).id }),
  );
  app.post(
    '/api/distribution/withdrawals',
    { preHandler, schema: { tags, summary: 'Request a withdrawal (Idempotency-Key): available → frozen; one open request at a time', body: withdrawalBody, response: { 201: withdrawalView } } },
    async (request, reply) =>
      idempotency.run(request, reply, 'distribution.withdraw', async (tx) => ({ status: 201, body: await withdrawals.request(tx, shopperOf(request).id, request.body) })),
  );
}

const reviewActions: Record<string, DistributorStatus> = { approve: 'approved', reject: 'rejected', disable: 'disabled', enable: 'approved' };

function adminDistributionRoutes(app: App, { auth, distributors, commissions, withdrawals }: DistributionDeps) {
  const tags = ['admin: distribution'];
  const preHandler = auth.requireStaff('distribution.manage');
  app.get(
    '/api/admin/distribution/distributors',
    { preHandler, schema: { tags, summary: 'Distributors, newest applications first', querystring: distributorAdminQuery, response: { 200: distributorList } } },
    async (request) => distributors.list(request.query),
  );
  app.post(
    '/api/admin/distribution/distributors/:id/:action',
    {
      preHandler,
      schema: {
        tags,
        summary: 'Approve, reject, disable or re-enable a distributor (id = shopper id)',
        params: idParam.extend({ action: z.enum(['approve', 'reject', 'disable', 'enable']) }),
        body: distributorReviewBody.optional(),
        response: { 200: distributorView },
      },
    },
    async (request) => distributors.review(staffContext(request), request.params.id, reviewActions[request.params.action]!, request.body?.note ?? ''),
  );
  app.put(
    '/api/admin/distribution/distributors/:id/roles',
    { preHandler, schema: { tags, summary: 'Set the agent dividend and regional agent role', params: idParam, body: distributorRolesBody, response: { 200: distributorView } } },
    async (request) => distributors.setRoles(staffContext(request), request.params.id, request.body),
  );
  app.get(
    '/api/admin/distribution/commissions',
    { preHandler, schema: { tags, summary: 'Commissions, newest first, with the totals pending, settled and clawed back', querystring: commissionAdminQuery, response: { 200: commissionAdminList } } },
    async (request) => commissions.listForStaff(request.query),
  );
  app.get(
    '/api/admin/distribution/withdrawals',
    { preHandler, schema: { tags, summary: "Withdrawals, newest first, with the distributor's real name and a flag when the payee's name differs", querystring: withdrawalQuery, response: { 200: withdrawalAdminList } } },
    async (request) => withdrawals.listForStaff(request.query),
  );
  app.post(
    '/api/admin/distribution/withdrawals/:id/approve',
    { preHandler, schema: { tags, summary: 'Approve a withdrawal: paid out through the payment provider (sandbox, Alipay) or, without one, left for a manual payout', params: idParam, body: distributorReviewBody.optional(), response: { 200: withdrawalView } } },
    async (request) => withdrawals.approve(staffContext(request), request.params.id, request.body?.note ?? ''),
  );
  app.post(
    '/api/admin/distribution/withdrawals/:id/reject',
    { preHandler, schema: { tags, summary: 'Reject a withdrawal: the money returns to available', params: idParam, body: distributorReviewBody.optional(), response: { 200: withdrawalView } } },
    async (request) => withdrawals.reject(staffContext(request), request.params.id, request.body?.note ?? ''),
  );
  app.post(
    '/api/admin/distribution/withdrawals/:id/mark-paid',
    { preHandler, schema: { tags, summary: '标记已打款: record a manual payout staff made themselves (reference required)', params: idParam, body: withdrawalMarkPaidBody, response: { 200: withdrawalView } } },
    async (request) => withdrawals.markPaid(staffContext(request), request.params.id, request.body),
  );
  app.post(
    '/api/admin/distribution/withdrawals/:id/mark-failed',
    { preHandler, schema: { tags, summary: '打款失败: a manual payout failed; the money returns to available (reason required)', params: idParam, body: withdrawalMarkFailedBody, response: { 200: withdrawalView } } },
    async (request) => withdrawals.markFailed(staffContext(request), request.params.id, request.body),
  );
  app.put(
    '/api/admin/distribution/products/:id/rate',
    { preHandler, schema: { tags, summary: "Set a product's level 1 / level 2 commission rates (per mille)", params: idParam, body: productCommissionRateBody, response: { 200: productCommissionRate } } },
    async (request) => distributors.setProductRate(staffContext(request), request.params.id, request.body),
  );
}
