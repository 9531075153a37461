import { and, count, eq, like } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';
import { outbox } from '../src/platform/platform.tables.ts';
import { shopperMessages } from '../src/modules/notifications/notifications.tables.ts';
import { EMAIL_TOPIC, SMS_TOPIC, messages, type NewShopperMessage } from '../src/modules/notifications/index.ts';
import { describeEachDatabase } from './harness.ts';
import { createShopper, createStaff, describeEachDatabaseWithMail, randomPhone, type MailContext } from './notifications-fixtures.ts';

type Ctx = Pick<MailContext, 'db' | 'services' | 'app'>;

const notify = (ctx: Ctx, message: NewShopperMessage) => ctx.db.transaction((tx) => ctx.services.notifications.notifyShopper(tx, message));
const rowsOf = async (ctx: Ctx, shopperId: number) => ctx.db.select().from(shopperMessages).where(eq(shopperMessages.shopperId, shopperId));
const outboxOf = async (ctx: Ctx, shopperId: number) =>
  ctx.db.select().from(outbox).where(like(outbox.dedupeKey, `notify:shopper:${shopperId}:%`));

async function patchSettings(ctx: Ctx, headers: Record<string, string>, patch: Record<string, unknown>) {
  const res = await ctx.app.inject({ method: 'PATCH', url: '/api/admin/settings', headers, payload: patch });
  expect(res.statusCode).toBe(200);
}

describeEachDatabaseWithMail('notifications: e-mail and SMS copies', (ctx) => {
  const mailsTo = (address: string) => ctx().mailbox.mails.filter((m) => m.to.includes(address));
  const textsTo = (phone: string) => ctx().sms.sent.filter((s) => s.phone === phone);
  let owner: { headers: Record<string, string> };

  beforeAll(async () => {
    owner = await createStaff(ctx(), 'owner');
    await patchSettings(ctx(), owner.headers, { shopName: '潮玩商城', merchantEmail: 'boss@shop.test' });
  });

  it('writes the in-app row at once and delivers the e-mail and SMS copies once, after the jobs run', async () => {
    const shopper = await createShopper(ctx(), { phone: randomPhone() });
    const text = messages.orderShipped({ orderNo: 'O100', carrier: '顺丰速运', trackingNo: 'SF100' });
    const stored = await notify(ctx(), { ...text, shopperId: shopper.id, kind: 'order.shipped', data: { orderId: 100 }, dedupeKey: 'order:100:shipped' });
    expect(stored).toBe(true);
    const rows = await rowsOf(ctx(), shopper.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'order.shipped', title: '订单已发货', body: text.body, data: { orderId: 100 }, readAt: null });
    expect(mailsTo(shopper.email!)).toHaveLength(0);
    expect(textsTo(shopper.phone!)).toHaveLength(0);

    await ctx().jobs.drain();
    const mails = mailsTo(shopper.email!);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ from: 'no-reply@mall.test', subject: '【潮玩商城】订单已发货' });
    expect(mails[0]!.text).toContain('您的订单 O100 已由顺丰速运发出，运单号 SF100。');
    expect(textsTo(shopper.phone!).map((s) => s.text)).toEqual(['【潮玩商城】订单已发货：您的订单 O100 已由顺丰速运发出，运单号 SF100。']);

    await ctx().jobs.drain();
    expect(mailsTo(shopper.email!)).toHaveLength(1);
    expect(textsTo(shopper.phone!)).toHaveLength(1);
    expect((await outboxOf(ctx(), shopper.id)).map((r) => r.status)).toEqual(['done', 'done']);
  });

  it('stores and sends a message with a repeated dedupe key once', async () => {
    const shopper = await createShopper(ctx(), { phone: randomPhone() });
    const base = { shopperId: shopper.id, kind: 'order.placed', data: { orderId: 5 }, dedupeKey: 'order:5:placed' };
    expect(await notify(ctx(), { ...base, title: '订单已提交', body: 'first' })).toBe(true);
    expect(await notify(ctx(), { ...base, title: '订单已提交', body: 'second' })).toBe(false);
    await ctx().jobs.drain();
    expect(await notify(ctx(), { ...base, title: '订单已提交', body: 'third' })).toBe(false);
    await ctx().jobs.drain();
    const rows = await rowsOf(ctx(), shopper.id);
    expect(rows.map((r) => r.body)).toEqual(['first']);
    expect(mailsTo(shopper.email!).map((m) => m.text.split('\n')[0])).toEqual(['first']);
    // order.placed is not a kind that warrants a text message.
    expect(textsTo(shopper.phone!)).toHaveLength(0);
  });

  it('sends nothing when the transaction that wrote the message rolls back', async () => {
    const shopper = await createShopper(ctx(), { phone: randomPhone() });
    await expect(
      ctx().db.transaction(async (tx) => {
        await ctx().services.notifications.notifyShopper(tx, { shopperId: shopper.id, kind: 'order.paid', title: 't', body: 'b', data: {}, dedupeKey: 'order:9:paid' });
        throw new Error('the order change failed');
      }),
    ).rejects.toThrow('the order change failed');
    await ctx().jobs.drain();
    expect(await rowsOf(ctx(), shopper.id)).toHaveLength(0);
    expect(await outboxOf(ctx(), shopper.id)).toHaveLength(0);
    expect(mailsTo(shopper.email!)).toHaveLength(0);
    expect(textsTo(shopper.phone!)).toHaveLength(0);
  });

  it('retries an e-mail the SMTP server refused, with backoff, then delivers it once; the SMS is not repeated', async () => {
    const shopper = await createShopper(ctx(), { phone: randomPhone() });
    ctx().mailbox.failNext = 1;
    const text = messages.refundPaid({ orderNo: 'O7', amount: 12300, method: 'alipay' });
    await notify(ctx(), { ...text, shopperId: shopper.id, kind: 'aftersales.refunded', data: { orderId: 7 }, dedupeKey: 'refund:7' });
    await ctx().jobs.drain();
    expect(mailsTo(shopper.email!)).toHaveLength(0);
    expect(textsTo(shopper.phone!)).toHaveLength(1);
    const [pending] = await ctx().db.select().from(outbox).where(eq(outbox.dedupeKey, `notify:shopper:${shopper.id}:refund:7:email`));
    expect(pending).toMatchObject({ status: 'pending', attempts: 1 });
    expect(pending!.lastError).toContain('451');

    await ctx().jobs.drain(); // not due yet
    expect(mailsTo(shopper.email!)).toHaveLength(0);
    ctx().clock.advance(2_500);
    await ctx().jobs.drain();
    expect(mailsTo(shopper.email!)).toHaveLength(1);
    expect(mailsTo(shopper.email!)[0]!.subject).toBe('【潮玩商城】退款成功');
    expect(textsTo(shopper.phone!)).toHaveLength(1);
    const [done] = await ctx().db.select().from(outbox).where(eq(outbox.id, pending!.id));
    expect(done).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('sends each copy only where the shopper can be reached', async () => {
    const phoneOnly = await createShopper(ctx(), { email: null, phone: randomPhone() });
    const emailOnly = await createShopper(ctx(), { phone: null });
    for (const shopper of [phoneOnly, emailOnly]) {
      await notify(ctx(), { shopperId: shopper.id, kind: 'order.paid', title: '支付成功', body: 'paid', data: {} });
    }
    await ctx().jobs.drain();
    expect(textsTo(phoneOnly.phone!)).toHaveLength(1);
    expect(ctx().mailbox.mails.filter((m) => m.text.startsWith('paid\n')).map((m) => m.to)).toEqual([[emailOnly.email]]);
    // Without a dedupe key, the copies are keyed by the message row.
    const [row] = await rowsOf(ctx(), emailOnly.id);
    const [copy] = await ctx().db.select().from(outbox).where(eq(outbox.dedupeKey, `notify:message:${row!.id}:email`));
    expect(copy?.status).toBe('done');
  });

  it('e-mails new orders and low stock to the merchant, not other staff kinds', async () => {
    const notifyStaff = (kind: string, titleZh: string) =>
      ctx().db.transaction((tx) =>
        ctx().services.notifications.notifyStaff(tx, { kind, permission: 'orders.read', titleZh, titleEn: `${kind} en`, data: { orderNo: 'O55' } }),
      );
    await notifyStaff('order.placed', '新订单 O55');
    await notifyStaff('low_stock', '库存预警：手办 可售 1 件');
    await notifyStaff('aftersales.requested', '新售后申请');
    await ctx().jobs.drain();
    const mails = mailsTo('boss@shop.test');
    expect(mails.map((m) => m.subject).sort()).toEqual(['【潮玩商城】库存预警：手办 可售 1 件', '【潮玩商城】新订单 O55'].sort());
    expect(mails.find((m) => m.subject.includes('O55'))!.text).toContain('orderNo: O55');
    const list = await ctx().app.inject({ method: 'GET', url: '/api/admin/notifications', headers: owner.headers });
    expect(list.json().items.map((i: { kind: string }) => i.kind)).toEqual(expect.arrayContaining(['order.placed', 'low_stock', 'aftersales.requested']));

    await patchSettings(ctx(), owner.headers, { merchantEmail: null });
    await notifyStaff('order.placed', '新订单 O56');
    await ctx().jobs.drain();
    expect(mailsTo('boss@shop.test')).toHaveLength(2);
    await patchSettings(ctx(), owner.headers, { merchantEmail: 'boss@shop.test' });
  });
});

describeEachDatabase('notifications without SMTP', (ctx) => {
  it('skips e-mail when SMTP is not configured, and still texts and stores the message', async () => {
    const shopper = await createShopper(ctx(), { phone: randomPhone() });
    await notify(ctx(), { shopperId: shopper.id, kind: 'order.paid', title: '支付成功', body: '您已成功支付订单 O1', data: {}, dedupeKey: 'order:1:paid' });
    const owner = await ctx().staffSession('owner');
    await patchSettings(ctx(), owner.headers, { merchantEmail: 'boss@shop.test' });
    await ctx().db.transaction((tx) =>
      ctx().services.notifications.notifyStaff(tx, { kind: 'order.placed', permission: 'orders.read', titleZh: '新订单', titleEn: 'New order', data: {} }),
    );
    await ctx().jobs.drain();
    expect(await rowsOf(ctx(), shopper.id)).toHaveLength(1);
    expect(ctx().sms.sent.filter((s) => s.phone === shopper.phone).map((s) => s.text)).toEqual(['【预售商城】支付成功：您已成功支付订单 O1']);
    const [emails] = await ctx().db.select({ n: count() }).from(outbox).where(eq(outbox.topic, EMAIL_TOPIC));
    expect(emails!.n).toBe(0);
    const [texts] = await ctx().db.select({ n: count() }).from(outbox).where(and(eq(outbox.topic, SMS_TOPIC), eq(outbox.status, 'done')));
    expect(texts!.n).toBe(1);
  });
});

describe('SMTP configuration', () => {
  const base = { NODE_ENV: 'test' as const };
  it('turns e-mail off when SMTP_URL is unset', () => {
    expect(loadConfig(base).mail).toBeNull();
  });
  it('reads SMTP_URL and MAIL_FROM', () => {
    const config = loadConfig({ ...base, SMTP_URL: 'smtps://u:p@smtp.example.com:465', MAIL_FROM: 'Shop <no-reply@example.com>' });
    expect(config.mail).toEqual({ smtpUrl: 'smtps://u:p@smtp.example.com:465', from: 'Shop <no-reply@example.com>' });
    expect(Object.isFrozen(config.mail)).toBe(true);
  });
  it('refuses a non-SMTP URL and a missing sender', () => {
    expect(() => loadConfig({ ...base, SMTP_URL: 'http://smtp.example.com', MAIL_FROM: 'a@b.c' })).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ ...base, SMTP_URL: 'smtp://smtp.example.com:587' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, SMTP_URL: 'smtp://smtp.example.com:587' })).toThrow(/MAIL_FROM/);
  });
});
