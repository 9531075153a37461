import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { roleAllows, STAFF_ROLES, type ChatCard, type ChatConversationSummary, type ChatMessage, type ChatMessageKind, type ChatSender } from '@mall/contract';
import type { DbOrTx } from '../../platform/db.ts';
import { sessions } from '../../platform/platform.tables.ts';
import { shoppers, staff } from '../accounts/accounts.tables.ts';
import { chatAssignments, chatConversations, chatMessages } from './chat.tables.ts';

export type ConversationRow = typeof chatConversations.$inferSelect;
export type MessageRow = typeof chatMessages.$inferSelect;

/** Roles whose members can answer chats. */
export const CHAT_ROLES = STAFF_ROLES.filter((role) => roleAllows(role, 'support.chat'));

const messageColumns = {
  id: chatMessages.id,
  conversationId: chatMessages.conversationId,
  senderType: chatMessages.senderType,
  senderId: chatMessages.senderId,
  kind: chatMessages.kind,
  body: chatMessages.body,
  card: chatMessages.card,
  clientMsgId: chatMessages.clientMsgId,
  createdAt: chatMessages.createdAt,
  shopperName: shoppers.nickname,
  staffName: staff.displayName,
};

function toMessage(row: { [K in keyof typeof messageColumns]: unknown }): ChatMessage {
  const senderType = row.senderType as ChatSender;
  const senderName = senderType === 'system' ? 'system' : ((senderType === 'staff' ? row.staffName : row.shopperName) as string | null) ?? '';
  return {
    id: row.id as number,
    conversationId: row.conversationId as number,
    senderType,
    senderId: row.senderId as number | null,
    senderName,
    kind: row.kind as ChatMessageKind,
    body: row.body as string,
    card: (row.card as ChatCard | null) ?? null,
    clientMsgId: row.clientMsgId as string | null,
    createdAt: (row.createdAt as Date).toISOString(),
  };
}

function selectMessages(tx: DbOrTx, where: SQL | undefined) {
  return tx
    .select(messageColumns)
    .from(chatMessages)
    .leftJoin(shoppers, and(eq(chatMessages.senderType, 'shopper'), eq(shoppers.id, chatMessages.senderId)))
    .leftJoin(staff, and(eq(chatMessages.senderType, 'staff'), eq(staff.id, chatMessages.senderId)))
    .where(where);
}

export async function messagesByIds(tx: DbOrTx, ids: readonly number[]): Promise<ChatMessage[]> {
  if (ids.length === 0) return [];
  const rows = await selectMessages(tx, inArray(chatMessages.id, [...ids])).orderBy(asc(chatMessages.id));
  return rows.map(toMessage);
}

export async function messageById(tx: DbOrTx, id: number): Promise<ChatMessage | undefined> {
  return (await messagesByIds(tx, [id]))[0];
}

/** A page of history, oldest first: before an id (older, newest page first) or after one (catching up). */
export async function messagePage(tx: DbOrTx, conversationId: number, page: { before?: number; after?: number; limit: number }): Promise<{ messages: ChatMessage[]; hasMore: boolean }> {
  const byConversation = eq(chatMessages.conversationId, conversationId);
  if (page.after !== undefined) {
    const rows = await selectMessages(tx, and(byConversation, gt(chatMessages.id, page.after)))
      .orderBy(asc(chatMessages.id))
      .limit(page.limit + 1);
    return { messages: rows.slice(0, page.limit).map(toMessage), hasMore: rows.length > page.limit };
  }
  const rows = await selectMessages(tx, and(byConversation, page.before ? lt(chatMessages.id, page.before) : undefined))
    .orderBy(desc(chatMessages.id))
    .limit(page.limit + 1);
  return { messages: rows.slice(0, page.limit).reverse().map(toMessage), hasMore: rows.length > page.limit };
}

export async function messageByClientId(tx: DbOrTx, conversationId: number, senderType: ChatSender, clientMsgId: string): Promise<ChatMessage | undefined> {
  const [row] = await selectMessages(
    tx,
    and(eq(chatMessages.conversationId, conversationId), eq(chatMessages.senderType, senderType), eq(chatMessages.clientMsgId, clientMsgId)),
  ).limit(1);
  return row ? toMessage(row) : undefined;
}

/** Inserts a message; undefined when a message with the same clientMsgId already landed (a concurrent resend). */
export async function insertMessage(
  tx: DbOrTx,
  values: { conversationId: number; senderType: ChatSender; senderId: number | null; kind: ChatMessageKind; body: string; card: ChatCard | null; clientMsgId: string | null; createdAt: Date },
): Promise<number | undefined> {
  const [row] = await tx
    .insert(chatMessages)
    .values({ ...values, card: values.card as Record<string, unknown> | null })
    .onConflictDoNothing()
    .returning({ id: chatMessages.id });
  return row?.id;
}

export async function conversationOfShopper(tx: DbOrTx, shopperId: number): Promise<ConversationRow | undefined> {
  const [row] = await tx.select().from(chatConversations).where(eq(chatConversations.shopperId, shopperId)).limit(1);
  return row;
}

/** The shopper's conversation, created on first use (two first uses at once end with the same row). */
export async function ensureConversation(tx: DbOrTx, shopperId: number, now: Date): Promise<ConversationRow> {
  const existing = await conversationOfShopper(tx, shopperId);
  if (existing) return existing;
  await tx.insert(chatConversations).values({ shopperId, status: 'open', createdAt: now, updatedAt: now }).onConflictDoNothing();
  return (await conversationOfShopper(tx, shopperId))!;
}

export async function lockConversation(tx: DbOrTx, id: number): Promise<ConversationRow | undefined> {
  const [row] = await tx.select().from(chatConversations).where(eq(chatConversations.id, id)).for('update').limit(1);
  return row;
}

export async function conversationById(tx: DbOrTx, id: number): Promise<ConversationRow | undefined> {
  const [row] = await tx.select().from(chatConversations).where(eq(chatConversations.id, id)).limit(1);
  return row;
}

export async function updateConversation(tx: DbOrTx, id: number, patch: Partial<Omit<ConversationRow, 'id' | 'shopperId' | 'createdAt'>>): Promise<void> {
  await tx.update(chatConversations).set(patch).where(eq(chatConversations.id, id));
}

/** Moves a read marker forward only (the condition makes concurrent reads safe); true when it moved. */
export async function advanceReadMarker(tx: DbOrTx, id: number, side: 'shopper' | 'staff', upToId: number, now: Date): Promise<boolean> {
  const column = side === 'shopper' ? chatConversations.shopperReadId : chatConversations.staffReadId;
  const rows = await tx
    .update(chatConversations)
    .set(side === 'shopper' ? { shopperReadId: upToId, updatedAt: now } : { staffReadId: upToId, updatedAt: now })
    .where(and(eq(chatConversations.id, id), lt(column, upToId)))
    .returning({ id: chatConversations.id });
  return rows.length > 0;
}

export async function insertAssignment(tx: DbOrTx, values: typeof chatAssignments.$inferInsert): Promise<void> {
  await tx.insert(chatAssignments).values(values);
}

export async function assignmentHistory(tx: DbOrTx, conversationId: number) {
  return tx.select().from(chatAssignments).where(eq(chatAssignments.conversationId, conversationId)).orderBy(asc(chatAssignments.id));
}

// Spelled out with the table name: inside the subquery an unqualified "id" would be the message's.
const shopperUnreadSql = sql<number>`(select count(*)::int from chat_messages m where m.conversation_id = "chat_conversations"."id" and m.sender_type <> 'shopper' and m.id > "chat_conversations"."shopper_read_id")`;
const staffUnreadSql = sql<number>`(select count(*)::int from chat_messages m where m.conversation_id = "chat_conversations"."id" and m.sender_type = 'shopper' and m.id > "chat_conversations"."staff_read_id")`;

export async function unreadOf(tx: DbOrTx, id: number, side: 'shopper' | 'staff'): Promise<number> {
  const [row] = await tx
    .select({ unread: side === 'shopper' ? shopperUnreadSql : staffUnreadSql })
    .from(chatConversations)
    .where(eq(chatConversations.id, id));
  return Number(row?.unread ?? 0);
}

export interface SummaryFilter {
  ids?: readonly number[];
  assignedTo?: number;
  waiting?: boolean;
  status?: 'open' | 'closed';
}

/** Conversations as the staff console lists them, most recent first; those without any message are left out. */
export async function conversationSummaries(tx: DbOrTx, filter: SummaryFilter, limit = 200): Promise<ChatConversationSummary[]> {
  const rows = await tx
    .select({
      id: chatConversations.id,
      shopperId: chatConversations.shopperId,
      shopperName: shoppers.nickname,
      assignedStaffId: chatConversations.assignedStaffId,
      assignedStaffName: staff.displayName,
      status: chatConversations.status,
      lastMessageId: chatConversations.lastMessageId,
      unread: staffUnreadSql,
      shopperReadId: chatConversations.shopperReadId,
    })
    .from(chatConversations)
    .leftJoin(shoppers, eq(shoppers.id, chatConversations.shopperId))
    .leftJoin(staff, eq(staff.id, chatConversations.assignedStaffId))
    .where(
      and(
        isNotNull(chatConversations.lastMessageId),
        filter.ids ? inArray(chatConversations.id, [...filter.ids]) : undefined,
        filter.assignedTo !== undefined ? eq(chatConversations.assignedStaffId, filter.assignedTo) : undefined,
        filter.waiting ? and(isNull(chatConversations.assignedStaffId), eq(chatConversations.status, 'open')) : undefined,
        filter.status ? eq(chatConversations.status, filter.status) : undefined,
      ),
    )
    .orderBy(sql`${chatConversations.lastMessageAt} desc nulls last`, desc(chatConversations.id))
    .limit(limit);
  const last = new Map((await messagesByIds(tx, rows.map((r) => r.lastMessageId!))).map((m) => [m.id, m]));
  return rows.map((r) => ({
    id: r.id,
    shopperId: r.shopperId,
    shopperName: r.shopperName ?? '',
    assignedStaffId: r.assignedStaffId,
    assignedStaffName: r.assignedStaffId === null ? null : (r.assignedStaffName ?? ''),
    status: r.status === 'closed' ? 'closed' : 'open',
    lastMessage: last.get(r.lastMessageId!) ?? null,
    unread: Number(r.unread),
    shopperReadId: r.shopperReadId,
  }));
}

export async function staffMember(tx: DbOrTx, id: number) {
  const [row] = await tx.select({ id: staff.id, displayName: staff.displayName, role: staff.role, active: staff.active }).from(staff).where(eq(staff.id, id)).limit(1);
  return row;
}

/** Active staff whose role can answer chats, with how many open conversations each holds. */
export async function chatAgents(tx: DbOrTx) {
  const rows = await tx
    .select({
      id: staff.id,
      name: staff.displayName,
      openConversations: sql<number>`(select count(*)::int from chat_conversations c where c.assigned_staff_id = "staff"."id" and c.status = 'open')`,
    })
    .from(staff)
    .where(and(eq(staff.active, true), inArray(staff.role, [...CHAT_ROLES])))
    .orderBy(asc(staff.id));
  return rows.map((r) => ({ ...r, openConversations: Number(r.openConversations) }));
}

/** Whether the session a socket was opened with still holds (not signed out, revoked or expired). */
export async function sessionActive(tx: DbOrTx, tokenHash: string, now: Date): Promise<boolean> {
  const [row] = await tx.select({ revokedAt: sessions.revokedAt, expiresAt: sessions.expiresAt }).from(sessions).where(eq(sessions.tokenHash, tokenHash)).limit(1);
  return !!row && !row.revokedAt && row.expiresAt > now;
}
