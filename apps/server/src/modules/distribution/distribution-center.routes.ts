import { promoProductList, promoProductQuery, teamMemberList, teamQuery } from '@mall/contract';
import { shopperOf, type Auth } from '../../platform/auth.ts';
import type { App } from '../../platform/http.ts';
import type { DistributionCenterService } from './distribution-center.service.ts';

/** 推广中心 lists of an approved distributor (403 DISTRIBUTOR_REQUIRED for anyone else). */
export function distributionCenterRoutes(app: App, deps: { auth: Auth; center: DistributionCenterService }) {
  const { auth, center } = deps;
  const tags = ['shop: distribution'];
  const preHandler = auth.requireShopper();
  app.get(
    '/api/distribution/center/products',
    {
      preHandler,
      schema: { tags, summary: 'On-shelf products to promote, with the estimated level-1 commission of one unit at the current price', querystring: promoProductQuery, response: { 200: promoProductList } },
    },
    async (request) => center.products(shopperOf(request).id, request.query),
  );
  app.get(
    '/api/distribution/center/team',
    { preHandler, schema: { tags, summary: 'My team: shoppers bound to me (level 1) or to them (level 2), masked, with what I earned through each', querystring: teamQuery, response: { 200: teamMemberList } } },
    async (request) => center.team(shopperOf(request).id, request.query),
  );
}
