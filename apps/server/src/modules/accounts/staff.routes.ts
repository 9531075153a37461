import {
  auditLogQuery,
  auditPage,
  changeOwnPasswordBody,
  createStaffBody,
  idParam,
  okSchema,
  resetPasswordBody,
  staffListQuery,
  staffLoginBody,
  staffMe,
  staffMember,
  staffPage,
  staffSession,
  updateStaffBody,
} from '@mall/contract';
import { staffOf, type Auth } from '../../platform/auth.ts';
import { staffContext } from '../../platform/audit.ts';
import type { App } from '../../platform/http.ts';
import type { AccountsService } from './accounts.service.ts';
import { requestMeta } from './shopper-auth.routes.ts';

/** Staff sign-in and own account. */
export function staffAuthRoutes(app: App, deps: { auth: Auth; accounts: AccountsService }) {
  const { auth } = deps;
  const service = deps.accounts.staffAuth;
  const tags = ['admin: auth'];

  app.post(
    '/api/admin/auth/login',
    { schema: { tags, summary: 'Staff sign-in', body: staffLoginBody, response: { 200: staffSession } } },
    async (request, reply) => {
      const session = await service.login(request.body, requestMeta(request));
      auth.setSessionCookie(reply, 'staff', session.token, session.expiresAt);
      return session;
    },
  );

  app.post('/api/admin/auth/logout', { schema: { tags, summary: 'Staff sign-out (ends this session)', response: { 200: okSchema } } }, async (request, reply) => {
    const result = await service.logout(request.actor?.kind === 'staff' ? request.sessionTokenHash : null);
    auth.clearSessionCookie(reply, 'staff');
    return result;
  });

  app.get(
    '/api/admin/me',
    { preHandler: auth.requireStaff(), schema: { tags, summary: 'Who I am and what I may do', response: { 200: staffMe } } },
    async (request) => service.me(staffOf(request)),
  );

  app.post(
    '/api/admin/me/password',
    {
      preHandler: auth.requireStaff(),
      schema: { tags, summary: 'Change my password (ends my other sessions; returns a new one)', body: changeOwnPasswordBody, response: { 200: staffSession } },
    },
    async (request, reply) => {
      const session = await service.changeOwnPassword(staffContext(request), request.body, requestMeta(request));
      auth.setSessionCookie(reply, 'staff', session.token, session.expiresAt);
      return session;
    },
  );
}

/** Staff management (owner) and the audit log. */
export function staffAdminRoutes(app: App, deps: { auth: Auth; accounts: AccountsService }) {
  const { auth } = deps;
  const service = deps.accounts.staffAdmin;
  const tags = ['admin: staff'];
  const manage = auth.requireStaff('staff.manage');

  app.get(
    '/api/admin/staff',
    { preHandler: manage, schema: { tags, summary: 'Staff accounts', querystring: staffListQuery, response: { 200: staffPage } } },
    async (request) => service.list(request.query),
  );

  app.post(
    '/api/admin/staff',
    { preHandler: manage, schema: { tags, summary: 'Create a staff account', body: createStaffBody, response: { 201: staffMember } } },
    async (request, reply) => reply.status(201).send(await service.create(staffContext(request), request.body)),
  );

  app.patch(
    '/api/admin/staff/:id',
    {
      preHandler: manage,
      schema: { tags, summary: 'Rename, change role, disable or enable a staff account', params: idParam, body: updateStaffBody, response: { 200: staffMember } },
    },
    async (request) => service.update(staffContext(request), request.params.id, request.body),
  );

  app.post(
    '/api/admin/staff/:id/password',
    {
      preHandler: manage,
      schema: { tags, summary: "Reset a staff member's password (ends their sessions)", params: idParam, body: resetPasswordBody, response: { 200: staffMember } },
    },
    async (request) => service.resetPassword(staffContext(request), request.params.id, request.body),
  );

  app.get(
    '/api/admin/audit-log',
    {
      preHandler: auth.requireStaff('audit.read'),
      schema: { tags: ['admin: audit'], summary: 'Audit log, newest first', querystring: auditLogQuery, response: { 200: auditPage } },
    },
    async (request) => service.auditLog(request.query),
  );
}
