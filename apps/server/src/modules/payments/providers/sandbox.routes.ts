// The sandbox gateway's hosted pay page: GET shows it, POST …/pay or …/fail is the payer's choice.
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { paymentNoParam } from '@mall/contract';
import type { App } from '../../../platform/http.ts';
import type { Db } from '../../../platform/db.ts';
import type { SettingsService } from '../../settings/index.ts';
import type { SandboxGateway } from './sandbox.gateway.ts';
import { messagePage, payPage, SANDBOX_PAGE_CSP } from './sandbox.page.ts';

/** Test and demo knobs on the payer's choice: how many notices to send (0 = lose it), and how late. */
const settleQuery = z.object({
  notices: z.coerce.number().int().min(0).max(5).default(1),
  delaySeconds: z.coerce.number().int().min(0).max(86_400).default(0),
});

export function sandboxRoutes(app: App, deps: { db: Db; gateway: SandboxGateway; settings: SettingsService }) {
  const { gateway } = deps;
  app.register(async (plain: FastifyInstance) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    // The page's buttons post ordinary forms.
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_request, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
    scope.addHook('onSend', async (_request, reply) => {
      reply.header('content-security-policy', SANDBOX_PAGE_CSP).header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    });
    const HTML = 'text/html; charset=utf-8';

    scope.get(
      '/pay/sandbox/:paymentNo',
      { schema: { hide: true, params: paymentNoParam } },
      async (request, reply) => {
        const trade = await gateway.findTrade(request.params.paymentNo);
        reply.type(HTML);
        if (!trade) return reply.status(404).send(messagePage('交易不存在', 'No such payment'));
        const settings = await deps.settings.get(deps.db);
        return payPage({
          shopName: settings.shopName,
          subject: trade.subject,
          amount: trade.amount,
          paymentNo: trade.outTradeNo,
          captureMode: trade.captureMode,
          status: gateway.effectiveStatus(trade),
          expiresAt: trade.expiresAt,
        });
      },
    );

    scope.post(
      '/pay/sandbox/:paymentNo/:outcome',
      { schema: { hide: true, params: paymentNoParam.extend({ outcome: z.enum(['pay', 'fail']) }), querystring: settleQuery } },
      async (request, reply) => {
        const { notices, delaySeconds } = request.query;
        const settled = await gateway.settle(request.params.paymentNo, request.params.outcome, { copies: notices, delayMs: delaySeconds * 1000 });
        if (settled.result === 'unknown') return reply.status(404).type(HTML).send(messagePage('交易不存在', 'No such payment'));
        if (settled.result === 'not_payable') {
          return reply.status(409).type(HTML).send(messagePage('该交易已处理或已关闭', 'This payment was already handled or is closed', settled.trade!.returnUrl));
        }
        return reply.redirect(settled.trade!.returnUrl, 303);
      },
    );
  });
}
