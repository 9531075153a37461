// The shopper's message centre (站内信): their own messages only, newest first.
import type { MessageListQuery } from '@mall/contract';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db.ts';
import { notFound } from '../../platform/errors.ts';
import * as repo from './notifications.repo.ts';

const MESSAGE = { zh: '消息', en: 'Message' };

export function createMessageCentre(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function listMessages(shopperId: number, query: MessageListQuery) {
    const { items, total } = await repo.listShopperMessages(db, shopperId, query);
    const unread = await repo.countUnreadShopperMessages(db, shopperId);
    return { items: items.map(view), total, unread, page: query.page, pageSize: query.pageSize };
  }

  async function unreadCount(shopperId: number) {
    return { unread: await repo.countUnreadShopperMessages(db, shopperId) };
  }

  /** Marks one of the shopper's messages read (keeping the first read time); another's id is not found. */
  async function markMessageRead(shopperId: number, id: number) {
    return db.transaction(async (tx) => {
      const row = (await repo.markShopperMessageRead(tx, shopperId, id, clock.now())) ?? (await repo.findShopperMessage(tx, shopperId, id));
      if (!row) throw notFound(MESSAGE, id);
      return view(row);
    });
  }

  async function markAllMessagesRead(shopperId: number) {
    return { updated: await repo.markAllShopperMessagesRead(db, shopperId, clock.now()) };
  }

  return { listMessages, unreadCount, markMessageRead, markAllMessagesRead };
}

/** What the shopper sees of a message (no dedupe key, no shopper id). */
function view(row: { id: number; kind: string; title: string; body: string; data: Record<string, unknown>; createdAt: Date; readAt: Date | null }) {
  return { id: row.id, kind: row.kind, title: row.title, body: row.body, data: row.data, createdAt: row.createdAt, readAt: row.readAt };
}
