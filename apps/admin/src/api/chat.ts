import type { z } from 'zod';
import type { ChatSendBody, ChatTransferBody, chatAgent, chatConversationSummary, chatHistory, chatUnread } from '@mall/contract';
import { http } from './http.ts';
import type { WireChatMessage } from '@mall/chat-client';

/** Answers as they arrive on the wire (times are ISO strings). */
export type ChatSummary = z.input<typeof chatConversationSummary>;
export type ChatHistoryPage = z.input<typeof chatHistory>;
export type ChatAgentRow = z.input<typeof chatAgent>;
export type ChatScope = 'mine' | 'waiting' | 'all';

const base = '/admin/chat/conversations';

/** The customer-service console; the live socket is /api/admin/chat/ws. */
export const chatApi = {
  list: (scope: ChatScope, status?: 'open' | 'closed') => http.get<ChatSummary[]>(base, { scope, status }),
  get: (id: number) => http.get<ChatSummary>(`${base}/${id}`),
  /** Older than `before` (the newest page when neither is given), or newer than `after`, oldest first. */
  messages: (id: number, query: { before?: number; after?: number; limit?: number }) => http.get<ChatHistoryPage>(`${base}/${id}/messages`, { limit: 30, ...query }),
  /** The HTTP fallback while the socket is down. */
  send: (id: number, message: ChatSendBody) => http.post<WireChatMessage>(`${base}/${id}/messages`, message),
  read: (id: number, upToId: number) => http.post<z.input<typeof chatUnread>>(`${base}/${id}/read`, { upToId }),
  take: (id: number) => http.post<ChatSummary>(`${base}/${id}/take`),
  transfer: (id: number, body: ChatTransferBody) => http.post<ChatSummary>(`${base}/${id}/transfer`, body),
  close: (id: number) => http.post<ChatSummary>(`${base}/${id}/close`),
  agents: () => http.get<ChatAgentRow[]>('/admin/chat/agents'),
};
