import { z } from 'zod';
import type { ErrorSpec } from './errors-common.ts';
import { timestamp } from './common.ts';

export const trackingErrors = {
  TRACKING_CARRIER_UNKNOWN: {
    status: 422,
    zh: '物流公司编码 {code} 不存在或已停用',
    en: 'Carrier code {code} is unknown or no longer active',
  },
  TRACKING_SIGNATURE_INVALID: { status: 401, zh: '物流推送签名无效', en: 'The tracking push signature is invalid' },
  TRACKING_TIMESTAMP_STALE: {
    status: 401,
    zh: '物流推送的时间戳已过期或无效（须在 {maxSkewSeconds} 秒以内）',
    en: 'The tracking push timestamp is missing, invalid or older than {maxSkewSeconds} seconds',
  },
  TRACKING_PARCEL_UNKNOWN: {
    status: 404,
    zh: '没有物流公司 {carrierCode} 运单号 {trackingNo} 的包裹',
    en: 'No parcel with carrier {carrierCode} and tracking number {trackingNo}',
  },
  TRACKING_WEBHOOK_DISABLED: { status: 503, zh: '物流推送未配置', en: 'Tracking pushes are not configured' },
} as const satisfies Record<string, ErrorSpec>;

/** A parcel's latest tracking status: shipped (no event yet) … delivered; exception is a side state. */
export const TRACKING_STATUSES = ['shipped', 'in_transit', 'out_for_delivery', 'delivered', 'exception'] as const;
export type TrackingStatus = (typeof TRACKING_STATUSES)[number];
/** What one tracking event says happened: collected (揽收) … delivered (签收), or an exception (异常). */
export const TRACKING_EVENT_STATUSES = ['collected', 'in_transit', 'out_for_delivery', 'delivered', 'exception'] as const;
export type TrackingEventStatus = (typeof TRACKING_EVENT_STATUSES)[number];

/** Signature headers of a tracking push: HMAC-SHA256 (hex) over `${timestamp}.${rawBody}`. */
export const TRACKING_WEBHOOK_HEADERS = { timestamp: 'x-tracking-timestamp', signature: 'x-tracking-signature' } as const;
/** How far a push's timestamp (unix seconds) may be from the server's clock. */
export const TRACKING_WEBHOOK_MAX_SKEW_SECONDS = 300;

export const trackingEventView = z.object({
  status: z.enum(TRACKING_EVENT_STATUSES),
  description: z.string(),
  location: z.string().nullable(),
  occurredAt: timestamp,
});
export type TrackingEventView = z.output<typeof trackingEventView>;

/** One event of a push; `eventKey` is the provider's id for it (the same key twice is stored once). */
export const trackingPushEvent = z.strictObject({
  eventKey: z.string().trim().min(1).max(100),
  status: z.enum(TRACKING_EVENT_STATUSES),
  description: z.string().trim().min(1).max(500),
  location: z.string().trim().max(100).nullish(),
  occurredAt: z.iso.datetime({ offset: true }),
});

export const trackingPushInput = z.strictObject({
  carrierCode: z.string().trim().min(1).max(20),
  trackingNo: z.string().trim().min(1).max(40),
  events: z.array(trackingPushEvent).min(1).max(100),
});
export type TrackingPushInput = z.output<typeof trackingPushInput>;

export const trackingPushResult = z.object({
  shipmentId: z.number().int(),
  /** Events stored by this push; a replay stores none. */
  applied: z.number().int(),
  duplicates: z.number().int(),
  trackingStatus: z.enum(TRACKING_STATUSES),
});
export type TrackingPushResult = z.output<typeof trackingPushResult>;
