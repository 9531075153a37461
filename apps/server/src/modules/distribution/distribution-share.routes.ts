import { shareLink, shareQuery } from '@mall/contract';
import { shopperOf, type Auth } from '../../platform/auth.ts';
import type { App } from '../../platform/http.ts';
import type { ShareService } from './distribution-share.service.ts';

/** Share links and posters for signed-in shoppers (their referral code rides along). */
export function shareRoutes(app: App, deps: { auth: Auth; share: ShareService }) {
  const { auth, share } = deps;
  const tags = ['shop: sharing'];
  app.get(
    '/api/share',
    { preHandler: auth.requireShopper(), schema: { tags, summary: 'Share link of an on-shelf product, a presale campaign or the shop itself (type=shop, no id), with my referral code', querystring: shareQuery, response: { 200: shareLink } } },
    async (request) => share.link(shopperOf(request).id, request.query),
  );
  app.get(
    '/api/share/poster.png',
    { preHandler: auth.requireShopper(), schema: { tags, summary: 'Share poster (750×1200 PNG with a QR code of my share link); cached, renders rate-limited', querystring: shareQuery } },
    async (request, reply) => {
      const { png, cached } = await share.poster(shopperOf(request).id, request.query);
      return reply
        .header('content-type', 'image/png')
        .header('cache-control', 'private, max-age=600')
        .header('x-poster-cache', cached ? 'hit' : 'miss')
        .send(png);
    },
  );
}
