import { ROLE_PERMISSIONS, shopSettingsSchema, type PageQuery, type Permission, type ShopSettings } from '@mall/contract';
import type { Clock } from '../../platform/clock.ts';
import type { Db, DbOrTx } from '../../platform/db.ts';
import { notFound } from '../../platform/errors.ts';
import type { StaffActor } from '../../platform/auth.ts';
import { enqueue } from '../../platform/jobs.ts';
import { contactOf } from '../accounts/index.ts';
import * as repo from './notifications.repo.ts';
import { EMAIL_TOPIC, SMS_TOPIC, type EmailPayload, type SmsPayload } from './notifications.jobs.ts';
import { SMS_KINDS, STAFF_EMAIL_KINDS, shopperCopyKey, shopperEmail, smsText, staffCopyKey, staffEmail } from './notifications.rules.ts';
import { createMessageCentre } from './message-centre.service.ts';

export interface NewStaffNotification {
  kind: string;
  permission: Permission;
  titleZh: string;
  titleEn: string;
  data: Record<string, unknown>;
}

export interface NewShopperMessage {
  shopperId: number;
  /** e.g. 'order.placed', 'order.paid', 'order.shipped', 'aftersales.updated' (see SHOPPER_MESSAGE_KINDS) */
  kind: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  /** Same key for the same shopper ⇒ stored (and sent) once. */
  dedupeKey?: string;
}

export interface NotificationDeps {
  db: Db;
  clock: Clock;
  /** Shop settings (shop name for signatures, merchantEmail); defaults when not given. */
  settings?: { get(tx?: DbOrTx): Promise<ShopSettings> };
  /** Whether e-mail can be sent (SMTP configured): only then are e-mail copies enqueued. */
  mailEnabled?: boolean;
}

export function createNotificationService(deps: NotificationDeps) {
  const { db, clock } = deps;
  const mailEnabled = deps.mailEnabled ?? false;
  const settingsOf = (tx: DbOrTx) => (deps.settings ? deps.settings.get(tx) : Promise.resolve(shopSettingsSchema.parse({})));
  const permissionsOf = (actor: StaffActor) => ROLE_PERMISSIONS[actor.role];

  /**
   * Writes a back-office notification in the caller's transaction; kinds in STAFF_EMAIL_KINDS are
   * also e-mailed to settings.merchantEmail (through the outbox) when SMTP is configured.
   */
  async function notifyStaff(tx: DbOrTx, notification: NewStaffNotification) {
    const row = await repo.insertStaffNotification(tx, {
      kind: notification.kind,
      permission: notification.permission,
      titleZh: notification.titleZh,
      titleEn: notification.titleEn,
      data: notification.data,
      createdAt: clock.now(),
    });
    if (mailEnabled && STAFF_EMAIL_KINDS.has(row.kind)) {
      const settings = await settingsOf(tx);
      if (settings.merchantEmail) {
        const payload: EmailPayload = { to: settings.merchantEmail, ...staffEmail(settings.shopName, row) };
        await enqueue(tx, clock, { topic: EMAIL_TOPIC, payload, dedupeKey: staffCopyKey(row.id, 'email') });
      }
    }
    return row;
  }

  /**
   * Puts a message in the shopper's message centre, in the caller's transaction, at most once
   * per dedupeKey, and enqueues (same transaction) its e-mail copy when SMTP is configured and
   * the shopper has an e-mail, and its SMS copy when the kind is in SMS_KINDS and the shopper
   * has a phone. Returns false when a message with that key was already there (nothing is sent again).
   */
  async function notifyShopper(tx: DbOrTx, message: NewShopperMessage): Promise<boolean> {
    const row = await repo.insertShopperMessage(tx, {
      shopperId: message.shopperId,
      kind: message.kind,
      title: message.title,
      body: message.body,
      data: message.data,
      dedupeKey: message.dedupeKey ?? null,
      createdAt: clock.now(),
    });
    if (!row) return false;
    await enqueueShopperCopies(tx, row);
    return true;
  }

  async function enqueueShopperCopies(tx: DbOrTx, message: { id: number; shopperId: number; kind: string; title: string; body: string; dedupeKey: string | null }) {
    const wantsSms = SMS_KINDS.has(message.kind);
    if (!mailEnabled && !wantsSms) return;
    const contact = await contactOf(tx, message.shopperId);
    const email = mailEnabled ? contact?.email : null;
    const phone = wantsSms ? contact?.phone : null;
    if (!email && !phone) return;
    const { shopName } = await settingsOf(tx);
    if (email) {
      const payload: EmailPayload = { to: email, ...shopperEmail(shopName, message) };
      await enqueue(tx, clock, { topic: EMAIL_TOPIC, payload, dedupeKey: shopperCopyKey(message, 'email') });
    }
    if (phone) {
      const payload: SmsPayload = { phone, text: smsText(shopName, message) };
      await enqueue(tx, clock, { topic: SMS_TOPIC, payload, dedupeKey: shopperCopyKey(message, 'sms') });
    }
  }

  async function listForStaff(actor: StaffActor, query: PageQuery & { unreadOnly?: boolean }) {
    const permissions = permissionsOf(actor);
    const { items, total } = await repo.listStaffNotifications(db, permissions, query);
    const unread = await repo.countUnreadStaffNotifications(db, permissions);
    return { items, total, unread, page: query.page, pageSize: query.pageSize };
  }

  async function markRead(actor: StaffActor, id: number) {
    const row = await repo.markStaffNotificationRead(db, id, permissionsOf(actor), clock.now(), actor.username);
    if (!row) throw notFound({ zh: '通知', en: 'Notification' }, id);
    return row;
  }

  /** Marks every unread notification this staff member can see as read by them. */
  async function markAllRead(actor: StaffActor) {
    const updated = await repo.markAllStaffNotificationsRead(db, permissionsOf(actor), clock.now(), actor.username);
    return { updated };
  }

  return { notifyStaff, notifyShopper, listForStaff, markRead, markAllRead, ...createMessageCentre({ db, clock }) };
}

export type NotificationService = ReturnType<typeof createNotificationService>;
