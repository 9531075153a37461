import { sql } from 'drizzle-orm';
import { bigserial, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
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
