import { z } from 'zod';
import { idParam, pageQuery, queryBoolean, timestamp } from '@mall/contract';
import type { App } from '../../platform/http.ts';
import { staffOf, type Auth } from '../../platform/auth.ts';
import type { NotificationService } from './notifications.service.ts';

const staffNotification = z.object({
  id: z.number().int(),
  kind: z.string(),
  titleZh: z.string(),
  titleEn: z.string(),
  data: z.record(z.string(), z.unknown()),
  createdAt: timestamp,
  readAt: timestamp.nullable(),
  readBy: z.string().nullable(),
});

export function notificationRoutes(app: App, deps: { auth: Auth; notifications: NotificationService }) {
  const tags = ['admin: notifications'];
  app.get(
    '/api/admin/notifications',
    {
      preHandler: deps.auth.requireStaff('notifications.read'),
      schema: {
        tags,
        summary: 'Back-office notifications visible to my role',
        querystring: pageQuery.extend({ unreadOnly: queryBoolean.optional() }),
        response: {
          200: z.object({ items: z.array(staffNotification), total: z.number(), unread: z.number(), page: z.number(), pageSize: z.number() }),
        },
      },
    },
    async (request) => deps.notifications.listForStaff(staffOf(request), request.query),
  );
  app.post(
    '/api/admin/notifications/:id/read',
    {
      preHandler: deps.auth.requireStaff('notifications.read'),
      schema: { tags, summary: 'Mark a notification read', params: idParam, response: { 200: staffNotification } },
    },
    async (request) => deps.notifications.markRead(staffOf(request), request.params.id),
  );
}
