// Which channels a message goes out on, and how its e-mail/SMS copies read. Pure.

/**
 * Shopper message kinds that also warrant a text message (SMS costs money and attention):
 * payment received, order shipped, refund paid. Everything else stays in-app (+ e-mail).
 * Presale balance reminders (the window opens, the deadline comes) are texted too.
 */
export const SMS_KINDS: ReadonlySet<string> = new Set(['order.paid', 'order.shipped', 'aftersales.refunded', 'presale.balance_open', 'presale.balance_due']);

/** Back-office notification kinds that are also e-mailed to settings.merchantEmail. */
export const STAFF_EMAIL_KINDS: ReadonlySet<string> = new Set(['order.placed', 'low_stock']);

export type CopyChannel = 'email' | 'sms';

/**
 * Outbox dedupe key of one channel's copy of a shopper message: derived from the message's own
 * dedupe key (unique per shopper) when it has one, else from the message row, so each copy is
 * enqueued, and sent, once.
 */
export function shopperCopyKey(message: { id: number; shopperId: number; dedupeKey?: string | null }, channel: CopyChannel): string {
  return message.dedupeKey
    ? `notify:shopper:${message.shopperId}:${message.dedupeKey}:${channel}`
    : `notify:message:${message.id}:${channel}`;
}

export function staffCopyKey(notificationId: number, channel: CopyChannel): string {
  return `notify:staff:${notificationId}:${channel}`;
}

/** Longest text message sent (several SMS segments at most). */
export const SMS_MAX_CHARS = 200;

/** Counts characters by code point, so an emoji is not cut in half. */
function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

const oneLine = (text: string) => text.replace(/[\r\n]+/g, ' ').trim();

/** "【店名】订单已发货：您的订单 ... 运单号 SF123。" — signature first, as Chinese SMS rules require. */
export function smsText(shopName: string, message: { title: string; body: string }): string {
  return truncate(`【${oneLine(shopName)}】${oneLine(message.title)}：${oneLine(message.body)}`, SMS_MAX_CHARS);
}

export interface MailContent {
  subject: string;
  text: string;
}

export function shopperEmail(shopName: string, message: { title: string; body: string }): MailContent {
  return {
    subject: truncate(`【${oneLine(shopName)}】${oneLine(message.title)}`, 150),
    text: `${message.body}\n\n—— ${shopName}\n此邮件由系统自动发送，请勿直接回复。`,
  };
}

function describeData(data: Record<string, unknown>): string[] {
  return Object.entries(data)
    .filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v))
    .map(([k, v]) => `${k}: ${String(v)}`);
}

export function staffEmail(shopName: string, notification: { titleZh: string; titleEn: string; data: Record<string, unknown> }): MailContent {
  const details = describeData(notification.data);
  return {
    subject: truncate(`【${oneLine(shopName)}】${oneLine(notification.titleZh)}`, 150),
    text: [notification.titleZh, notification.titleEn, '', ...details, '', `—— ${shopName} 商城后台`].join('\n'),
  };
}
