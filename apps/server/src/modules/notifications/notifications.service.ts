import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import { ROLE_PERMISSIONS, type PageQuery, type Permission } from '@mall/contract';
import type { Clock } from '../../platform/clock.ts';
import type { Db, DbOrTx } from '../../platform/db.ts';
import { notFound } from '../../platform/errors.ts';
import type { StaffActor } from '../../platform/auth.ts';
import { staffNotifications } from './notifications.tables.ts';

export interface NewStaffNotification {
  kind: string;
  permission: Permission;
  titleZh: string;
  titleEn: string;
  data: Record<string, unknown>;
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

  return { notifyStaff, listForStaff, markRead };
}

export type NotificationService = ReturnType<typeof createNotificationService>;
