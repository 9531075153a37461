import {
  idParam,
  messageListQuery,
  readAllResult,
  shopperMessagePage,
  shopperMessageSchema,
  staffNotificationPage,
  staffNotificationSchema,
  unreadCountSchema,
} from '@mall/contract';
import type { App } from '../../platform/http.ts';
import { shopperOf, staffOf, type Auth } from '../../platform/auth.ts';
import type { NotificationService } from './notifications.service.ts';

export function notificationRoutes(app: App, deps: { auth: Auth; notifications: NotificationService }) {
  staffNotificationRoutes(app, deps);
  messageCentreRoutes(app, deps);
}

function staffNotificationRoutes(app: App, deps: { auth: Auth; notifications: NotificationService }) {
  const tags = ['admin: notifications'];
  const preHandler = deps.auth.requireStaff('notifications.read');
  app.get(
    '/api/admin/notifications',
    {
      preHandler,
      schema: { tags, summary: 'Back-office notifications visible to my role', querystring: messageListQuery, response: { 200: staffNotificationPage } },
    },
    async (request) => deps.notifications.listForStaff(staffOf(request), request.query),
  );
  app.post(
    '/api/admin/notifications/:id/read',
    { preHandler, schema: { tags, summary: 'Mark a notification read', params: idParam, response: { 200: staffNotificationSchema } } },
    async (request) => deps.notifications.markRead(staffOf(request), request.params.id),
  );
  app.post(
    '/api/admin/notifications/read-all',
    { preHandler, schema: { tags, summary: 'Mark every notification visible to my role read', response: { 200: readAllResult } } },
    async (request) => deps.notifications.markAllRead(staffOf(request)),
  );
}

/** The shopper's message centre: only their own messages. */
function messageCentreRoutes(app: App, deps: { auth: Auth; notifications: NotificationService }) {
  const tags = ['shop: messages'];
  const preHandler = deps.auth.requireShopper();
  app.get(
    '/api/me/messages',
    {
      preHandler,
      schema: { tags, summary: 'My messages, newest first, with the unread count', querystring: messageListQuery, response: { 200: shopperMessagePage } },
    },
    async (request) => deps.notifications.listMessages(shopperOf(request).id, request.query),
  );
  app.get(
    '/api/me/messages/unread-count',
    { preHandler, schema: { tags, summary: 'How many of my messages are unread', response: { 200: unreadCountSchema } } },
    async (request) => deps.notifications.unreadCount(shopperOf(request).id),
  );
  app.post(
    '/api/me/messages/:id/read',
    { preHandler, schema: { tags, summary: 'Mark one of my messages read', params: idParam, response: { 200: shopperMessageSchema } } },
    async (request) => deps.notifications.markMessageRead(shopperOf(request).id, request.params.id),
  );
  app.post(
    '/api/me/messages/read-all',
    { preHandler, schema: { tags, summary: 'Mark all my messages read', response: { 200: readAllResult } } },
    async (request) => deps.notifications.markAllMessagesRead(shopperOf(request).id),
  );
}
