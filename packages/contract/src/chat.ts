import { z } from 'zod';
import { isoDateTime } from './common.ts';
import type { ErrorSpec } from './errors-common.ts';

/**
 * Customer-service chat (在线客服): one conversation per shopper, answered by staff, over a
 * WebSocket with an HTTP fallback. Messages are plain text (escaped by whoever shows them) or a
 * card carrying a snapshot of a product or of one of the shopper's orders.
 */
export const chatErrors = {
  CHAT_MESSAGE_EMPTY: { status: 400, zh: '消息不能为空', en: 'The message is empty' },
  CHAT_MESSAGE_TOO_LONG: { status: 400, zh: '消息最多 {max} 个字', en: 'A message can have at most {max} characters' },
  CHAT_CARD_NOT_YOURS: { status: 403, zh: '只能发送自己的订单', en: 'You can only send your own orders' },
  CHAT_CARD_UNKNOWN: { status: 404, zh: '要发送的{what}不存在', en: 'The {what} to send does not exist' },
  CHAT_CONVERSATION_UNKNOWN: { status: 404, zh: '会话 {id} 不存在', en: 'No conversation {id}' },
  CHAT_STAFF_UNKNOWN: { status: 400, zh: '客服 {id} 不存在或不能接待', en: 'Staff member {id} does not exist or cannot answer chats' },
  CHAT_TRANSFER_SAME: { status: 409, zh: '会话已由该客服接待', en: 'The conversation is already with that staff member' },
  CHAT_NOT_ASSIGNED_TO_YOU: { status: 409, zh: '该会话由 {name} 接待，请先转接', en: 'The conversation is with {name}; transfer it first' },
  CHAT_FRAME_INVALID: { status: 400, zh: '消息格式不正确', en: 'The frame is not a valid chat frame' },
  CHAT_RATE_LIMITED: { status: 429, zh: '发送太快了，请稍后再试', en: 'Sending too fast; wait a moment' },
  CHAT_UPGRADE_REQUIRED: { status: 426, zh: '请使用 WebSocket 连接', en: 'Connect with a WebSocket' },
} as const satisfies Record<string, ErrorSpec>;

export const CHAT_LIMITS = {
  bodyMax: 1000,
  clientMsgIdMax: 64,
  pageMax: 100,
  transferReasonMax: 200,
} as const;

export const CHAT_SENDERS = ['shopper', 'staff', 'system'] as const;
export type ChatSender = (typeof CHAT_SENDERS)[number];
export const CHAT_MESSAGE_KINDS = ['text', 'product', 'order', 'system'] as const;
export type ChatMessageKind = (typeof CHAT_MESSAGE_KINDS)[number];

export const chatProductCard = z.object({
  type: z.literal('product'),
  productId: z.number().int(),
  title: z.string(),
  imageUrl: z.string().nullable(),
  /** Lowest SKU price in fen when the card was sent. */
  priceAmount: z.number().int(),
  currency: z.string(),
});
export const chatOrderCard = z.object({
  type: z.literal('order'),
  orderId: z.number().int(),
  orderNo: z.string(),
  status: z.string(),
  totalAmount: z.number().int(),
  currency: z.string(),
  itemCount: z.number().int(),
  title: z.string(),
  imageUrl: z.string().nullable(),
});
/**
 * What a system message says, as data: each side shows it in its own language (the message's
 * body keeps the Chinese text for anything that reads only the body).
 */
export const chatNoticeCard = z.object({
  type: z.literal('notice'),
  notice: z.enum(['transferred', 'closed']),
  from: z.string().optional(),
  to: z.string().optional(),
  reason: z.string().optional(),
});
export type ChatNoticeCard = z.infer<typeof chatNoticeCard>;

/** The words of a system notice in the shop's languages. */
export function chatNoticeText(card: ChatNoticeCard, locale: string): string {
  const en = locale.startsWith('en');
  if (card.notice === 'closed') return en ? 'This chat has ended. Get in touch again any time.' : '本次会话已结束，如有问题可随时再联系我们。';
  const reason = card.reason ? (en ? ` (${card.reason})` : `（${card.reason}）`) : '';
  return en ? `${card.from ?? ''} passed this chat to ${card.to ?? ''}${reason}` : `会话已由 ${card.from ?? ''} 转接给 ${card.to ?? ''}${reason}`;
}

export const chatCard = z.discriminatedUnion('type', [chatProductCard, chatOrderCard, chatNoticeCard]);
/** A card someone sends: a product or an order. */
export type ChatGoodsCard = z.infer<typeof chatProductCard> | z.infer<typeof chatOrderCard>;
export type ChatCard = z.infer<typeof chatCard>;

export const chatMessage = z.object({
  id: z.number().int(),
  conversationId: z.number().int(),
  senderType: z.enum(CHAT_SENDERS),
  senderId: z.number().int().nullable(),
  /** The staff member's display name, 'system', or the shopper's nickname. */
  senderName: z.string(),
  kind: z.enum(CHAT_MESSAGE_KINDS),
  body: z.string(),
  card: chatCard.nullable(),
  clientMsgId: z.string().nullable(),
  createdAt: isoDateTime,
});
export type ChatMessage = z.infer<typeof chatMessage>;

/** What the shopper sees of their conversation. */
export const chatShopperConversation = z.object({
  id: z.number().int(),
  /** The staff member answering, or null while waiting. */
  staffName: z.string().nullable(),
  unread: z.number().int(),
  /** The last own message id the staff side has read: the shopper's "已读" marks. */
  staffReadId: z.number().int(),
  messages: z.array(chatMessage),
  hasMore: z.boolean(),
});
export type ChatShopperConversation = z.infer<typeof chatShopperConversation>;

/** A row in the staff console's conversation list. */
export const chatConversationSummary = z.object({
  id: z.number().int(),
  shopperId: z.number().int(),
  shopperName: z.string(),
  assignedStaffId: z.number().int().nullable(),
  assignedStaffName: z.string().nullable(),
  status: z.enum(['open', 'closed']),
  lastMessage: chatMessage.nullable(),
  /** Shopper messages the staff side has not read. */
  unread: z.number().int(),
  /** The last staff message id the shopper has read. */
  shopperReadId: z.number().int(),
});
export type ChatConversationSummary = z.infer<typeof chatConversationSummary>;

export const chatConversationScope = z.enum(['mine', 'waiting', 'all']);
export const chatConversationsQuery = z.object({
  scope: chatConversationScope.default('mine'),
  status: z.enum(['open', 'closed']).optional(),
});
export type ChatConversationsQuery = z.infer<typeof chatConversationsQuery>;

export const chatHistoryQuery = z.object({
  /** Messages with ids below this one (older); the newest when absent. */
  before: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  /** Messages with ids above this one, oldest first: catching up after a reconnect (wins over `before`). */
  after: z.coerce.number().int().min(0).max(2_147_483_647).optional(),
  limit: z.coerce.number().int().min(1).max(CHAT_LIMITS.pageMax).default(30),
});
export type ChatHistoryQuery = z.infer<typeof chatHistoryQuery>;
export const chatHistory = z.object({ messages: z.array(chatMessage), hasMore: z.boolean() });
export type ChatHistory = z.infer<typeof chatHistory>;

/**
 * A message to send. Length is checked on the server after trimming (CHAT_MESSAGE_EMPTY /
 * CHAT_MESSAGE_TOO_LONG), so the schema only bounds what it will even read.
 */
export const chatSendBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), body: z.string().max(CHAT_LIMITS.bodyMax * 4), clientMsgId: z.string().min(1).max(CHAT_LIMITS.clientMsgIdMax) }),
  z.object({ kind: z.literal('product'), productId: z.number().int().positive().max(2_147_483_647), clientMsgId: z.string().min(1).max(CHAT_LIMITS.clientMsgIdMax) }),
  z.object({ kind: z.literal('order'), orderId: z.number().int().positive().max(2_147_483_647), clientMsgId: z.string().min(1).max(CHAT_LIMITS.clientMsgIdMax) }),
]);
export type ChatSendBody = z.infer<typeof chatSendBody>;

export const chatReadBody = z.object({ upToId: z.number().int().min(0).max(2_147_483_647) });
export type ChatReadBody = z.infer<typeof chatReadBody>;
export const chatUnread = z.object({ unread: z.number().int() });

export const chatTransferBody = z.object({
  toStaffId: z.number().int().positive().max(2_147_483_647),
  reason: z.string().trim().max(CHAT_LIMITS.transferReasonMax).default(''),
});
export type ChatTransferBody = z.infer<typeof chatTransferBody>;

/** Staff who can take chats, for the transfer picker. */
export const chatAgent = z.object({ id: z.number().int(), name: z.string(), online: z.boolean(), openConversations: z.number().int() });
export type ChatAgent = z.infer<typeof chatAgent>;

// ---------- WebSocket frames (JSON text frames) ----------
// Shopper socket: GET /api/chat/ws; staff socket: GET /api/admin/chat/ws. Both authenticate with the
// session cookie at the upgrade; a socket without a session is closed with code 4401.
// The socket carries live frames only. After (re)connecting, a client fetches what it missed over
// REST (GET .../messages?after=<last id it holds>) and orders messages by id. A socket closed with
// 1012 (the server's event feed was interrupted) or 1001 (server going away) should reconnect.

export const CHAT_CLOSE_CODES = {
  /** No (valid) session at the upgrade. */
  unauthenticated: 4401,
  /** Signed in, but not allowed on this socket (a shopper on the staff socket, no support.chat, another site's page). */
  forbidden: 4403,
  /** The server lost its event feed and may have missed events: reconnect and catch up over REST. */
  resync: 1012,
} as const;

/** Frames a client sends. Staff frames name their conversation; a shopper has only one. */
export const chatClientFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('send'), conversationId: z.number().int().positive().optional(), message: chatSendBody }),
  z.object({ type: z.literal('read'), conversationId: z.number().int().positive().optional(), upToId: z.number().int().min(0) }),
  z.object({ type: z.literal('ping') }),
]);
export type ChatClientFrame = z.infer<typeof chatClientFrame>;

/** Frames the server sends. */
export type ChatServerFrame =
  /** A new message in a conversation this socket follows (its own sends arrive as `ack` as well). */
  | { type: 'message'; message: ChatMessage }
  /** The stored message for a `send`, matched by clientMsgId (a resend gets the original back). */
  | { type: 'ack'; clientMsgId: string; message: ChatMessage }
  /** The other side (or another tab) read up to a message. */
  | { type: 'read'; conversationId: number; side: 'shopper' | 'staff'; upToId: number }
  /** Staff sockets: a conversation appeared, was assigned, transferred, closed or reopened. */
  | { type: 'conversation'; conversation: ChatConversationSummary }
  /** A frame was refused; `code` is from the error catalog. */
  | { type: 'error'; clientMsgId?: string; code: string; message: string }
  | { type: 'pong' };
