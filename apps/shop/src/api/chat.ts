import type { z } from 'zod';
import type { ChatSendBody, chatHistory, chatShopperConversation, chatUnread } from '@mall/contract';
import { http } from './http.ts';
import type { WireChatMessage } from '@mall/chat-client';

/** Answers as they arrive on the wire (times are ISO strings). */
export type ShopperConversation = z.input<typeof chatShopperConversation>;
export type ChatHistoryPage = z.input<typeof chatHistory>;
export type ChatUnread = z.input<typeof chatUnread>;

/** The shopper's one conversation with customer service; the socket is /api/chat/ws. */
export const chatApi = {
  conversation: () => http.get<ShopperConversation>('/api/chat/conversation'),
  /** Older than `before` (newest first when neither is given), or newer than `after`, oldest first. */
  messages: (query: { before?: number; after?: number; limit?: number }) => http.get<ChatHistoryPage>('/api/chat/messages', { limit: 30, ...query }),
  /** The HTTP fallback while the socket is down. */
  send: (message: ChatSendBody) => http.post<WireChatMessage>('/api/chat/messages', message),
  read: (upToId: number) => http.post<unknown>('/api/chat/read', { upToId }),
  unread: () => http.get<ChatUnread>('/api/chat/unread'),
};

