import type { FastifyRequest } from 'fastify';
import { loginBody, okSchema, otpLoginBody, otpSendBody, otpSent, registerBody, shopperProfile, shopperSession } from '@mall/contract';
import { shopperOf, type Auth } from '../../platform/auth.ts';
import type { App } from '../../platform/http.ts';
import type { AccountsService } from './accounts.service.ts';
import type { RequestMeta } from './shopper-auth.service.ts';

export const requestMeta = (request: FastifyRequest): RequestMeta => ({
  ip: request.ip ?? null,
  userAgent: request.headers['user-agent'],
  requestId: request.id ?? null,
});

/** Shopper sign-up, sign-in (password or text-message code), sign-out and profile. */
export function shopperAuthRoutes(app: App, deps: { auth: Auth; accounts: AccountsService }) {
  const { auth } = deps;
  const service = deps.accounts.shopperAuth;
  const tags = ['shop: account'];

  app.post(
    '/api/auth/register',
    { schema: { tags, summary: 'Sign up with e-mail and password (signs in)', body: registerBody, response: { 201: shopperSession } } },
    async (request, reply) => {
      const session = await service.register(request.body, requestMeta(request));
      auth.setSessionCookie(reply, 'shopper', session.token, session.expiresAt);
      return reply.status(201).send(session);
    },
  );

  app.post(
    '/api/auth/login',
    { schema: { tags, summary: 'Sign in with e-mail and password', body: loginBody, response: { 200: shopperSession } } },
    async (request, reply) => {
      const session = await service.login(request.body, requestMeta(request));
      auth.setSessionCookie(reply, 'shopper', session.token, session.expiresAt);
      return session;
    },
  );

  app.post(
    '/api/auth/otp',
    { schema: { tags, summary: 'Text a one-time sign-in code to a mainland mobile number', body: otpSendBody, response: { 200: otpSent } } },
    async (request) => service.sendOtp(request.body, requestMeta(request)),
  );

  app.post(
    '/api/auth/otp/login',
    { schema: { tags, summary: 'Sign in with phone and code (creates the account on first sign-in)', body: otpLoginBody, response: { 200: shopperSession } } },
    async (request, reply) => {
      const session = await service.otpLogin(request.body, requestMeta(request));
      auth.setSessionCookie(reply, 'shopper', session.token, session.expiresAt);
      return session;
    },
  );

  app.post('/api/auth/logout', { schema: { tags, summary: 'Sign out (ends this session)', response: { 200: okSchema } } }, async (request, reply) => {
    const result = await service.logout(request.actor?.kind === 'shopper' ? request.sessionTokenHash : null);
    auth.clearSessionCookie(reply, 'shopper');
    return result;
  });

  app.get(
    '/api/me',
    { preHandler: auth.requireShopper(), schema: { tags, summary: 'My profile', response: { 200: shopperProfile } } },
    async (request) => service.profile(shopperOf(request).id),
  );
}
