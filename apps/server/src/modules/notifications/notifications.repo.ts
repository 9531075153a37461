// Queries of the message centre (shopper_messages) and the back-office notifications. Decides nothing.
import { and, count, desc, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import type { Permission } from '@mall/contract';
import type { DbOrTx } from '../../platform/db.ts';
import { shopperMessages, staffNotifications } from './notifications.tables.ts';

export interface Page {
  page: number;
  pageSize: number;
}

// ---- back office ----

export async function insertStaffNotification(db: DbOrTx, values: typeof staffNotifications.$inferInsert) {
  const [row] = await db.insert(staffNotifications).values(values).returning();
  return row!;
}

function staffWhere(permissions: readonly Permission[], unreadOnly?: boolean): SQL | undefined {
  return and(inArray(staffNotifications.permission, [...permissions]), unreadOnly ? isNull(staffNotifications.readAt) : undefined);
}

export async function listStaffNotifications(db: DbOrTx, permissions: readonly Permission[], query: Page & { unreadOnly?: boolean }) {
  const where = staffWhere(permissions, query.unreadOnly);
  const items = await db
    .select()
    .from(staffNotifications)
    .where(where)
    .orderBy(desc(staffNotifications.createdAt), desc(staffNotifications.id))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const [totals] = await db.select({ n: count() }).from(staffNotifications).where(where);
  return { items, total: totals?.n ?? 0 };
}

export async function countUnreadStaffNotifications(db: DbOrTx, permissions: readonly Permission[]): Promise<number> {
  const [row] = await db.select({ n: count() }).from(staffNotifications).where(staffWhere(permissions, true));
  return row?.n ?? 0;
}

export async function markStaffNotificationRead(db: DbOrTx, id: number, permissions: readonly Permission[], readAt: Date, readBy: string) {
  const [row] = await db
    .update(staffNotifications)
    .set({ readAt, readBy })
    .where(and(eq(staffNotifications.id, id), staffWhere(permissions)))
    .returning();
  return row;
}

export async function markAllStaffNotificationsRead(db: DbOrTx, permissions: readonly Permission[], readAt: Date, readBy: string): Promise<number> {
  const rows = await db
    .update(staffNotifications)
    .set({ readAt, readBy })
    .where(staffWhere(permissions, true))
    .returning({ id: staffNotifications.id });
  return rows.length;
}

// ---- shopper message centre ----

/** Inserts a message; undefined when the shopper already has one with that dedupe key. */
export async function insertShopperMessage(db: DbOrTx, values: typeof shopperMessages.$inferInsert) {
  const [row] = await db.insert(shopperMessages).values(values).onConflictDoNothing().returning();
  return row;
}

function shopperWhere(shopperId: number, unreadOnly?: boolean): SQL | undefined {
  return and(eq(shopperMessages.shopperId, shopperId), unreadOnly ? isNull(shopperMessages.readAt) : undefined);
}

export async function listShopperMessages(db: DbOrTx, shopperId: number, query: Page & { unreadOnly?: boolean }) {
  const where = shopperWhere(shopperId, query.unreadOnly);
  const items = await db
    .select()
    .from(shopperMessages)
    .where(where)
    .orderBy(desc(shopperMessages.createdAt), desc(shopperMessages.id))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const [totals] = await db.select({ n: count() }).from(shopperMessages).where(where);
  return { items, total: totals?.n ?? 0 };
}

export async function countUnreadShopperMessages(db: DbOrTx, shopperId: number): Promise<number> {
  const [row] = await db.select({ n: count() }).from(shopperMessages).where(shopperWhere(shopperId, true));
  return row?.n ?? 0;
}

export async function findShopperMessage(db: DbOrTx, shopperId: number, id: number) {
  const [row] = await db
    .select()
    .from(shopperMessages)
    .where(and(eq(shopperMessages.id, id), eq(shopperMessages.shopperId, shopperId)))
    .limit(1);
  return row;
}

/** Marks one of the shopper's messages read if it was unread; undefined when it was not (or is not theirs). */
export async function markShopperMessageRead(db: DbOrTx, shopperId: number, id: number, readAt: Date) {
  const [row] = await db
    .update(shopperMessages)
    .set({ readAt })
    .where(and(eq(shopperMessages.id, id), shopperWhere(shopperId, true)))
    .returning();
  return row;
}

export async function markAllShopperMessagesRead(db: DbOrTx, shopperId: number, readAt: Date): Promise<number> {
  const rows = await db
    .update(shopperMessages)
    .set({ readAt })
    .where(shopperWhere(shopperId, true))
    .returning({ id: shopperMessages.id });
  return rows.length;
}
