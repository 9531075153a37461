import { pointsAccountPage, pointsAdjustInput, pointsAdjustResult, pointsLedgerQuery, pointsShopperParam } from '@mall/contract';
import type { App } from '../../platform/http.ts';
import { shopperOf, type Auth } from '../../platform/auth.ts';
import { staffContext } from '../../platform/audit.ts';
import type { PointsService } from './points.service.ts';

export function pointsRoutes(app: App, deps: { auth: Auth; points: PointsService }) {
  const { auth, points } = deps;
  app.get(
    '/api/me/points',
    {
      preHandler: auth.requireShopper(),
      schema: { tags: ['shop: points'], summary: 'My points balance and ledger, newest first', querystring: pointsLedgerQuery, response: { 200: pointsAccountPage } },
    },
    async (request) => points.account(shopperOf(request).id, request.query),
  );
  const tags = ['admin: points'];
  const manage = auth.requireStaff('marketing.manage');
  app.get(
    '/api/admin/points/:shopperId',
    { preHandler: manage, schema: { tags, summary: "A shopper's points balance and ledger", params: pointsShopperParam, querystring: pointsLedgerQuery, response: { 200: pointsAccountPage } } },
    async (request) => points.accountForStaff(request.params.shopperId, request.query),
  );
  app.post(
    '/api/admin/points/:shopperId/adjust',
    {
      preHandler: manage,
      schema: { tags, summary: "Add or remove a shopper's points, with a reason (audited)", params: pointsShopperParam, body: pointsAdjustInput, response: { 200: pointsAdjustResult } },
    },
    async (request) => points.adjust(staffContext(request), request.params.shopperId, request.body),
  );
}
