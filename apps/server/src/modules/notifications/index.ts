export { createNotificationService, type NotificationService, type NewStaffNotification, type NewShopperMessage } from './notifications.service.ts';
export { notificationRoutes } from './notifications.routes.ts';
