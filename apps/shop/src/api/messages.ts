import { http } from './http.ts';
import type { MessagePage } from './types.ts';

export const messagesApi = {
  list: (query: { page: number; pageSize: number; unreadOnly?: boolean }) => http.get<MessagePage>('/api/me/messages', { ...query }),
  unreadCount: () => http.get<{ unread: number }>('/api/me/messages/unread-count'),
  read: (id: number) => http.post<unknown>(`/api/me/messages/${id}/read`),
  readAll: () => http.post<{ updated: number }>('/api/me/messages/read-all'),
};
