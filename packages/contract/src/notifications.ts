import { z } from 'zod';
import type { ErrorSpec } from './errors-common.ts';
import { pageQuery, queryBoolean, timestamp } from './common.ts';

/** The message centre answers unknown or foreign ids with the common NOT_FOUND. */
export const notificationsErrors = {} as const satisfies Record<string, ErrorSpec>;

/**
 * Kinds of shopper messages the mall sends. Modules may send other kinds too (presale adds
 * its own); these are the ones the notification templates build.
 */
export const SHOPPER_MESSAGE_KINDS = [
  'order.placed',
  'order.paid',
  'order.shipped',
  'order.completed',
  'order.cancelled',
  'aftersales.updated',
  'aftersales.refunded',
] as const;
export type ShopperMessageKind = (typeof SHOPPER_MESSAGE_KINDS)[number];

/** A message in the shopper's message centre (站内信). */
export const shopperMessageSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  /** Where the message leads, e.g. { orderId: 12 }. */
  data: z.record(z.string(), z.unknown()),
  createdAt: timestamp,
  readAt: timestamp.nullable(),
});
export type ShopperMessage = z.infer<typeof shopperMessageSchema>;

export const messageListQuery = pageQuery.extend({ unreadOnly: queryBoolean.optional() });
export type MessageListQuery = z.infer<typeof messageListQuery>;

export const shopperMessagePage = z.object({
  items: z.array(shopperMessageSchema),
  total: z.number().int(),
  unread: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const unreadCountSchema = z.object({ unread: z.number().int() });

/** Answer of the read-all endpoints: how many messages were marked read now. */
export const readAllResult = z.object({ updated: z.number().int() });

/** A back-office notification, visible to roles holding its permission. */
export const staffNotificationSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  titleZh: z.string(),
  titleEn: z.string(),
  data: z.record(z.string(), z.unknown()),
  createdAt: timestamp,
  readAt: timestamp.nullable(),
  readBy: z.string().nullable(),
});
export type StaffNotification = z.infer<typeof staffNotificationSchema>;

export const staffNotificationPage = z.object({
  items: z.array(staffNotificationSchema),
  total: z.number().int(),
  unread: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
