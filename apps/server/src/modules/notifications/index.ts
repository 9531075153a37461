export {
  createNotificationService,
  type NotificationService,
  type NotificationDeps,
  type NewStaffNotification,
  type NewShopperMessage,
} from './notifications.service.ts';
export { notificationRoutes } from './notifications.routes.ts';
export { registerNotificationJobs, EMAIL_TOPIC, SMS_TOPIC } from './notifications.jobs.ts';
export { createSmtpMailer, type Mailer, type OutgoingMail } from './notifications.mailer.ts';
export { SMS_KINDS, STAFF_EMAIL_KINDS } from './notifications.rules.ts';
export {
  messages,
  formatMoney,
  formatShopTime,
  DEFAULT_TIME_ZONE,
  type MessageText,
  type MessageOptions,
  type OrderItemSummary,
} from './notifications.messages.ts';
