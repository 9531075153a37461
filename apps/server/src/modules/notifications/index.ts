export { createNotificationService, type NotificationService, type NewStaffNotification } from './notifications.service.ts';
export { notificationRoutes } from './notifications.routes.ts';
