import { z } from 'zod';
import { growthAdjustInput, memberLevel, memberLevelInput, memberLevelList, memberLevelParam, memberListQuery, memberPage, membershipView, memberShopperParam, memberStaffView } from '@mall/contract';
import type { App } from '../../platform/http.ts';
import { shopperOf, type Auth } from '../../platform/auth.ts';
import { staffContext } from '../../platform/audit.ts';
import type { MembersService } from './members.service.ts';

const ok = z.object({ ok: z.literal(true) });

export function membersRoutes(app: App, deps: { auth: Auth; members: MembersService }) {
  const { auth, members } = deps;
  app.get(
    '/api/me/membership',
    { preHandler: auth.requireShopper(), schema: { tags: ['shop: members'], summary: 'My member level, growth, the next level and my level history', response: { 200: membershipView } } },
    async (request) => members.membership(shopperOf(request).id),
  );
  const tags = ['admin: members'];
  const manage = auth.requireStaff('members.manage');
  app.get('/api/admin/members/levels', { preHandler: manage, schema: { tags, summary: 'Member levels by growth threshold', response: { 200: memberLevelList } } }, async () => ({
    items: await members.listLevels(),
  }));
  app.post(
    '/api/admin/members/levels',
    { preHandler: manage, schema: { tags, summary: 'Add a level (the base level, threshold 0, first)', body: memberLevelInput, response: { 200: memberLevel } } },
    async (request) => members.saveLevel(staffContext(request), null, request.body),
  );
  app.put(
    '/api/admin/members/levels/:id',
    { preHandler: manage, schema: { tags, summary: 'Change a level; members follow when next seen', params: memberLevelParam, body: memberLevelInput, response: { 200: memberLevel } } },
    async (request) => members.saveLevel(staffContext(request), request.params.id, request.body),
  );
  app.delete(
    '/api/admin/members/levels/:id',
    { preHandler: manage, schema: { tags, summary: 'Delete a level (the base level only when it is the last)', params: memberLevelParam, response: { 200: ok } } },
    async (request) => {
      await members.deleteLevel(staffContext(request), request.params.id);
      return { ok: true as const };
    },
  );
  app.get(
    '/api/admin/members',
    { preHandler: manage, schema: { tags, summary: 'Members: search by nickname, phone or e-mail, filter by level, biggest spenders or newest first', querystring: memberListQuery, response: { 200: memberPage } } },
    async (request) => members.listMembers(request.query),
  );
  app.get(
    '/api/admin/members/:shopperId',
    { preHandler: manage, schema: { tags, summary: "A shopper's level, growth ledger and level changes", params: memberShopperParam, response: { 200: memberStaffView } } },
    async (request) => members.memberForStaff(request.params.shopperId),
  );
  app.post(
    '/api/admin/members/:shopperId/growth-adjust',
    { preHandler: manage, schema: { tags, summary: "Add or remove a shopper's growth, with a reason (audited)", params: memberShopperParam, body: growthAdjustInput, response: { 200: memberStaffView } } },
    async (request) => members.adjustGrowth(staffContext(request), request.params.shopperId, request.body),
  );
}
