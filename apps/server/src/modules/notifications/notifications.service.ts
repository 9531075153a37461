import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import { ROLE_PERMISSIONS, type PageQuery, type Permission } from '@mall/contract';
import type { Clock } from '../../platform/clock.ts';
import type { Db, DbOrTx } from '../../platform/db.ts';
import { notFound } from '../../platform/errors.ts';
import type { StaffActor } from '../../platform/auth.ts';
import { shopperMessages, staffNotifications } from './notifications.tables.ts';

export interface NewStaffNotification {
  kind: string;
  permission: Permission;
  titleZh: string;
  titleEn: string;
  data: Record<string, unknown>;
}

export interface NewShopperMessage {
  shopperId: number;
  /** e.g. 'order.placed', 'order.paid', 'order.shipped', 'aftersales.updated' */
  kind: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  /** Same key for the same shopper ⇒ stored (and sent) once. */
  dedupeKey?: string;
}

export function createNotificationService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function notifyStaff(tx: DbOrTx, notification: NewStaffNotification) {
    const [row] = await tx.insert(staffNotifications).values({ ...notification, createdAt: clock.now() }).returning();
    return row!;
  }

  function visibleTo(actor: StaffActor) {
    return inArray(staffNotifications.permission, [...ROLE_PERMISSIONS[actor.role]]);
  }

  async function listForStaff(actor: StaffActor, query: PageQuery & { unreadOnly?: boolean }) {
    const where = and(visibleTo(actor), query.unreadOnly ? isNull(staffNotifications.readAt) : undefined);
    const [items, [totals]] = await Promise.all([
      db
        .select()
        .from(staffNotifications)
        .where(where)
        .orderBy(desc(staffNotifications.createdAt), desc(staffNotifications.id))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize),
      db.select({ total: count() }).from(staffNotifications).where(where),
    ]);
    const [unread] = await db
      .select({ n: count() })
      .from(staffNotifications)
      .where(and(visibleTo(actor), isNull(staffNotifications.readAt)));
    return { items, total: totals?.total ?? 0, unread: unread?.n ?? 0, page: query.page, pageSize: query.pageSize };
  }

  async function markRead(actor: StaffActor, id: number) {
    const [row] = await db
      .update(staffNotifications)
      .set({ readAt: clock.now(), readBy: actor.username })
      .where(and(eq(staffNotifications.id, id), visibleTo(actor)))
      .returning();
    if (!row) throw notFound({ zh: '通知', en: 'Notification' }, id);
    return row;
  }

  /**
   * Puts a message in the shopper's message centre, in the caller's transaction, at most once
   * per dedupeKey. Returns false when a message with that key was already there.
   */
  async function notifyShopper(tx: DbOrTx, message: NewShopperMessage): Promise<boolean> {
    const rows = await tx
      .insert(shopperMessages)
      .values({ ...message, dedupeKey: message.dedupeKey ?? null, createdAt: clock.now() })
      .onConflictDoNothing()
      .returning({ id: shopperMessages.id });
    return rows.length > 0;
  }

  return { notifyStaff, listForStaff, markRead, notifyShopper };
}

export type NotificationService = ReturnType<typeof createNotificationService>;
