import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdUpdated, utc } from '../../platform/columns.ts';

/**
 * A shopper's customer-service conversation (在线客服): one per shopper, kept for its history.
 * Unread counts come from the last message id each side has read.
 */
export const chatConversations = pgTable(
  'chat_conversations',
  {
    id: serial('id').primaryKey(),
    shopperId: integer('shopper_id').notNull(),
    /** The staff member answering it; null while waiting in the queue. */
    assignedStaffId: integer('assigned_staff_id'),
    /** open, closed (a new shopper message reopens it) */
    status: text('status').notNull().default('open'),
    lastMessageId: integer('last_message_id'),
    lastMessageAt: utc('last_message_at'),
    shopperReadId: integer('shopper_read_id').notNull().default(0),
    staffReadId: integer('staff_read_id').notNull().default(0),
    ...createdUpdated(),
  },
  (t) => [uniqueIndex('chat_conversations_shopper_uq').on(t.shopperId), index('chat_conversations_staff_idx').on(t.assignedStaffId, t.lastMessageAt)],
);

/**
 * One message. `body` is plain text as typed (escaped when shown); a card carries a snapshot of
 * a product or an order. `clientMsgId` makes a resent message (a double send, a reconnect) land once.
 */
export const chatMessages = pgTable(
  'chat_messages',
  {
    id: serial('id').primaryKey(),
    conversationId: integer('conversation_id')
      .notNull()
      .references(() => chatConversations.id, { onDelete: 'cascade' }),
    /** shopper, staff, system */
    senderType: text('sender_type').notNull(),
    senderId: integer('sender_id'),
    /** text, product, order, system */
    kind: text('kind').notNull(),
    body: text('body').notNull(),
    card: jsonb('card').$type<Record<string, unknown>>(),
    clientMsgId: text('client_msg_id'),
    createdAt: utc('created_at').notNull(),
  },
  (t) => [
    index('chat_messages_conversation_idx').on(t.conversationId, t.id),
    uniqueIndex('chat_messages_client_uq').on(t.conversationId, t.senderType, t.clientMsgId).where(sql`client_msg_id IS NOT NULL`),
  ],
);

/** Who a conversation was assigned or transferred to, by whom, and why. */
export const chatAssignments = pgTable(
  'chat_assignments',
  {
    id: serial('id').primaryKey(),
    conversationId: integer('conversation_id')
      .notNull()
      .references(() => chatConversations.id, { onDelete: 'cascade' }),
    fromStaffId: integer('from_staff_id'),
    toStaffId: integer('to_staff_id'),
    actor: text('actor').notNull(),
    reason: text('reason').notNull().default(''),
    createdAt: utc('created_at').notNull(),
  },
  (t) => [index('chat_assignments_conversation_idx').on(t.conversationId, t.id)],
);
