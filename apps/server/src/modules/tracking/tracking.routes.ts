import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { trackingPushResult } from '@mall/contract';
import type { Clock } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import type { App } from '../../platform/http.ts';
import type { TrackingService } from './tracking.service.ts';
import { parseTrackingPush, verifyTrackingPush } from './tracking-webhook.ts';

/** Largest push accepted; a carrier sends a few KB. */
const PUSH_BODY_LIMIT = 64 * 1024;

/** Pushed tracking events from a carrier or aggregator. Public: trust comes from the signature. */
export function trackingRoutes(app: App, deps: { tracking: TrackingService; clock: Clock; webhookSecret: string | null }) {
  const { tracking, clock, webhookSecret } = deps;
  // The body is kept as it came (for this route only): the signature is over the exact bytes.
  app.register(async (scope: FastifyInstance) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: PUSH_BODY_LIMIT }, (_request, body, done) => done(null, body));
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/logistics/tracking/webhook',
      {
        bodyLimit: PUSH_BODY_LIMIT,
        schema: {
          tags: ['logistics'],
          summary: 'Pushed tracking events of a parcel (signed; a replay is stored once)',
          description:
            'JSON body { carrierCode, trackingNo, events: [{ eventKey, status, description, location?, occurredAt }] }. Headers: x-tracking-timestamp (unix seconds, within 5 minutes) and x-tracking-signature: hex HMAC-SHA256 of `${timestamp}.${rawBody}`.',
          response: { 200: trackingPushResult },
        },
      },
      async (request) => {
        if (!webhookSecret) throw new AppError('TRACKING_WEBHOOK_DISABLED');
        const rawBody = typeof request.body === 'string' ? request.body : '';
        verifyTrackingPush(webhookSecret, request.headers, rawBody, clock.now());
        return tracking.receivePush(parseTrackingPush(rawBody));
      },
    );
  });
}
