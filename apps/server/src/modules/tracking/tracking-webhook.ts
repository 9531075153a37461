// Verifying a pushed tracking notice: HMAC-SHA256 over `${timestamp}.${rawBody}`, compared in
// constant time, with the timestamp fresh against the server's clock; then the body parsed.
import crypto from 'node:crypto';
import { TRACKING_WEBHOOK_HEADERS, TRACKING_WEBHOOK_MAX_SKEW_SECONDS, trackingPushInput, type TrackingPushInput } from '@mall/contract';
import { AppError } from '../../platform/errors.ts';

type Headers = Record<string, string | string[] | undefined>;
const headerOf = (headers: Headers, name: string) => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

export function signTrackingPush(secret: string, timestamp: string, rawBody: string): string {
  return crypto.createHmac('sha256', secret).update(`${timestamp}.${rawBody}`, 'utf8').digest('hex');
}

/** Throws TRACKING_TIMESTAMP_STALE or TRACKING_SIGNATURE_INVALID unless the push is fresh and signed with the secret. */
export function verifyTrackingPush(secret: string, headers: Headers, rawBody: string, now: Date): void {
  const timestamp = headerOf(headers, TRACKING_WEBHOOK_HEADERS.timestamp) ?? '';
  const seconds = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : NaN;
  if (!Number.isFinite(seconds) || Math.abs(now.getTime() / 1000 - seconds) > TRACKING_WEBHOOK_MAX_SKEW_SECONDS) {
    throw new AppError('TRACKING_TIMESTAMP_STALE', { maxSkewSeconds: TRACKING_WEBHOOK_MAX_SKEW_SECONDS });
  }
  const given = (headerOf(headers, TRACKING_WEBHOOK_HEADERS.signature) ?? '').replace(/^sha256=/, '');
  const expected = Buffer.from(signTrackingPush(secret, timestamp, rawBody), 'hex');
  const actual = /^[0-9a-f]{64}$/i.test(given) ? Buffer.from(given, 'hex') : Buffer.alloc(0);
  if (actual.length !== expected.length || !crypto.timingSafeEqual(actual, expected)) throw new AppError('TRACKING_SIGNATURE_INVALID');
}

/** The verified body as a push: not JSON is MALFORMED_BODY, the wrong shape VALIDATION_FAILED naming the fields. */
export function parseTrackingPush(rawBody: string): TrackingPushInput {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new AppError('MALFORMED_BODY');
  }
  const parsed = trackingPushInput.safeParse(json);
  if (!parsed.success) {
    throw new AppError(
      'VALIDATION_FAILED',
      {},
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  return parsed.data;
}
