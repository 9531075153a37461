import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { utc } from '../../platform/columns.ts';

/** In-app messages for the back office (low stock now; more kinds come with orders). */
export const staffNotifications = pgTable(
  'staff_notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    /** Only staff whose role has this permission see the notification. */
    permission: text('permission').notNull(),
    titleZh: text('title_zh').notNull(),
    titleEn: text('title_en').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    createdAt: utc('created_at').notNull(),
    readAt: utc('read_at'),
    readBy: text('read_by'),
  },
  (t) => [index('staff_notifications_unread_idx').on(t.createdAt).where(sql`read_at IS NULL`)],
);

/** The shopper's message centre (站内信). E-mail and SMS copies leave through the outbox. */
export const shopperMessages = pgTable(
  'shopper_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    shopperId: integer('shopper_id').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** Where the message leads, e.g. { orderId: 12 }. */
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    /** Makes a message idempotent: the same key for the same shopper is stored once. */
    dedupeKey: text('dedupe_key'),
    createdAt: utc('created_at').notNull(),
    readAt: utc('read_at'),
  },
  (t) => [
    index('shopper_messages_shopper_idx').on(t.shopperId, t.createdAt),
    uniqueIndex('shopper_messages_dedupe_uq').on(t.shopperId, t.dedupeKey),
  ],
);
