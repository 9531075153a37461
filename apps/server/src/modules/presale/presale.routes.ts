import {
  idParam,
  presaleBatchesInput,
  presaleCampaignDetail,
  presaleCampaignInput,
  presaleCampaignListQuery,
  presaleCampaignPage,
  presaleCampaignPatch,
  presaleCampaignShopView,
  presaleShipDateChangeInput,
  presaleZonePage,
  presaleZoneQuery,
} from '@mall/contract';
import type { App } from '../../platform/http.ts';
import type { Auth } from '../../platform/auth.ts';
import { staffContext } from '../../platform/audit.ts';
import type { PresaleService } from './presale.service.ts';

export function presaleRoutes(app: App, deps: { auth: Auth; presale: PresaleService }) {
  const { auth, presale } = deps;
  const tags = ['admin: presale'];
  const manage = auth.requireStaff('marketing.manage');
  const base = '/api/admin/presale/campaigns';

  app.post(base, { preHandler: manage, schema: { tags, summary: 'Create a presale campaign with its items', body: presaleCampaignInput, response: { 201: presaleCampaignDetail } } }, async (request, reply) => {
    reply.status(201);
    return presale.createCampaign(staffContext(request), request.body);
  });
  app.get(
    base,
    { preHandler: manage, schema: { tags, summary: 'Presale campaigns (filter by status, type, name), with sold/quota per item', querystring: presaleCampaignListQuery, response: { 200: presaleCampaignPage } } },
    async (request) => presale.listCampaigns(request.query),
  );
  app.get(`${base}/:id`, { preHandler: manage, schema: { tags, summary: 'A campaign with its items and ship-date history', params: idParam, response: { 200: presaleCampaignDetail } } }, async (request) =>
    presale.getCampaign(request.params.id),
  );
  app.patch(
    `${base}/:id`,
    {
      preHandler: manage,
      schema: {
        tags,
        summary: 'Edit a campaign; once it has orders, prices, deposits and type are frozen, windows may only be extended and quota raised',
        params: idParam,
        body: presaleCampaignPatch,
        response: { 200: presaleCampaignDetail },
      },
    },
    async (request) => presale.updateCampaign(staffContext(request), request.params.id, request.body),
  );
  app.post(`${base}/:id/end`, { preHandler: manage, schema: { tags, summary: 'End the order window now', params: idParam, response: { 200: presaleCampaignDetail } } }, async (request) =>
    presale.endCampaign(staffContext(request), request.params.id),
  );
  app.post(
    `${base}/:id/ship-date`,
    {
      preHandler: manage,
      schema: { tags, summary: 'Move the estimated ship date, with a reason and optional compensation; buyers are told', params: idParam, body: presaleShipDateChangeInput, response: { 200: presaleCampaignDetail } },
    },
    async (request) => presale.changeShipDate(staffContext(request), request.params.id, request.body),
  );

  app.put(
    `${base}/:id/batches`,
    {
      preHandler: manage,
      schema: {
        tags,
        summary: '分批发货: set the batches (units, balance window, ship date each); once a deposit is placed only balance windows may be extended',
        params: idParam,
        body: presaleBatchesInput,
        response: { 200: presaleCampaignDetail },
      },
    },
    async (request) => presale.setBatches(staffContext(request), request.params.id, request.body),
  );

  const shopTags = ['shop: presale'];
  app.get('/api/presale', { schema: { tags: shopTags, summary: 'The presale zone: active and upcoming campaigns', querystring: presaleZoneQuery, response: { 200: presaleZonePage } } }, async (request) =>
    presale.presaleZone(request.query),
  );
  app.get('/api/presale/campaigns/:id', { schema: { tags: shopTags, summary: 'A presale campaign', params: idParam, response: { 200: presaleCampaignShopView } } }, async (request) =>
    presale.shopCampaign(request.params.id),
  );
  app.get(
    '/api/products/:id/presale',
    { schema: { tags: shopTags, summary: "The active or upcoming campaign covering the product's SKUs (its items only), or 404", params: idParam, response: { 200: presaleCampaignShopView } } },
    async (request) => presale.productPresale(request.params.id),
  );
}
