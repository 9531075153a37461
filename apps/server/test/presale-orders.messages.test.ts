// Spec §3 (beyond): balance reminders — a list per campaign, each sent once per order through every
// configured channel with a one-tap link to pay; moments missed are skipped; the report counts
// which reminder preceded each balance payment.
import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { TestContext } from './harness.ts';
import { describeEachDatabase } from './harness.ts';
import { createShopper, createStaff, describeEachDatabaseWithMail, randomPhone, type MailContext } from './notifications-fixtures.ts';
import { getOrder, newBuyer, placeOrder, staffOrder, type Buyer } from './orders-fixtures.ts';
import { advanceAndSweep, depositOrder, openDepositCampaign, payStage, terms, DAY, HOUR } from './presale-orders-fixtures.ts';
import { shoppers } from '../src/modules/accounts/accounts.tables.ts';
import { shopperMessages } from '../src/modules/notifications/notifications.tables.ts';
import { formatShopTime } from '../src/modules/notifications/index.ts';
import { balancePaymentsByReminder } from '../src/modules/orders/orders-presale-report.repo.ts';
import { remindersSentTo } from '../src/modules/orders/orders-presale-reminders.repo.ts';
import { reminderText } from '../src/modules/orders/orders-presale-reminders.service.ts';

const MINUTE = 60_000;

async function remindersOf(c: TestContext, shopperId: number) {
  return c.db
    .select()
    .from(shopperMessages)
    .where(eq(shopperMessages.shopperId, shopperId))
    .orderBy(asc(shopperMessages.id))
    .then((rows) => rows.filter((r) => r.kind === 'presale.balance_open' || r.kind === 'presale.balance_due'));
}

const sentKeys = async (c: TestContext, orderId: number) => (await remindersSentTo(c.db, orderId)).map((s) => s.reminderKey);

/** Two sweepers of two instances at the same moment. */
const sweepTwice = (c: TestContext) => Promise.all([c.services.orders.sendBalanceReminders(), c.services.orders.sendBalanceReminders()]);

async function withPhone(c: TestContext, buyer: Buyer) {
  const phone = randomPhone();
  await c.db.update(shoppers).set({ phone }).where(eq(shoppers.id, buyer.id));
  return phone;
}

describeEachDatabase('presale orders: balance reminders', (ctx) => {
  it('§3 each reminder (window open, 24 h and 1 h before close) goes once per order even with two sweepers at once, with the amount, the deadline in shop time and a one-tap pay link; in-app and SMS', async () => {
    const c = ctx();
    const owner = await c.staffSession('owner');
    const { campaign, sku } = await openDepositCampaign(c, owner.headers);
    expect(campaign.reminders).toEqual([{ kind: 'window_open' }, { kind: 'before_close', hours: 24 }, { kind: 'before_close', hours: 1 }]);
    const a = await newBuyer(c);
    const paysLater = await newBuyer(c);
    const phone = await withPhone(c, a);
    const orderA = await depositOrder(c, a, campaign, sku.skuId, 1);
    const orderC = await depositOrder(c, paysLater, campaign, sku.skuId, 1);
    await payStage(c, a, orderA.id);
    await payStage(c, paysLater, orderC.id);

    // The order window closes in 1 h: an order placed now still awaits its deposit when the balance window opens.
    c.clock.advance(2 * DAY - HOUR - 10 * MINUTE);
    const unpaidBuyer = await newBuyer(c);
    const unpaid = await placeOrder(c, unpaidBuyer, { items: [{ skuId: sku.skuId, quantity: 1 }], depositTerms: terms(campaign) });
    expect(unpaid.statusCode, unpaid.body).toBe(201);
    c.clock.advance(11 * MINUTE);

    // The balance window is open, but the campaign has not settled (a first payment is pending): nothing yet.
    await sweepTwice(c);
    expect(await sentKeys(c, orderA.id)).toEqual([]);
    expect(await remindersOf(c, a.id)).toEqual([]);

    await c.services.orders.cancelExpired();
    await c.services.orders.settlePresaleCampaigns();
    await sweepTwice(c);
    expect(await sentKeys(c, orderA.id)).toEqual(['window_open']);
    expect(await sentKeys(c, orderC.id)).toEqual(['window_open']);
    expect(await sentKeys(c, unpaid.json().id)).toEqual([]);
    const [opened] = await remindersOf(c, a.id);
    const balance = (await getOrder(c, a, orderA.id)).presale.balance.amount;
    expect(balance).toBe(70_000);
    expect(opened).toMatchObject({
      kind: 'presale.balance_open',
      title: '尾款开始支付',
      data: { orderId: orderA.id, orderNo: orderA.orderNo, payUrl: `/orders/${orderA.id}?pay=balance`, reminder: 'window_open', amount: balance },
    });
    const deadline = formatShopTime(new Date(campaign.balanceEndsAt), 'Asia/Shanghai');
    expect(deadline).toBe('2026-11-28 10:00');
    expect(opened!.body).toContain('¥700.00');
    expect(opened!.body).toContain(deadline);
    expect(opened!.body).toContain(`/orders/${orderA.id}?pay=balance`);
    expect(opened!.body).toContain('定金不退');

    // One buyer pays now; a paid order is not reminded again.
    await payStage(c, paysLater, orderC.id);
    expect((await getOrder(c, paysLater, orderC.id)).status).toBe('awaiting_shipment');

    c.clock.advance(2 * DAY); // 24 h − 1 min before the close
    await sweepTwice(c);
    c.clock.advance(23 * HOUR); // 1 h − 1 min before the close
    await sweepTwice(c);
    await sweepTwice(c);
    expect(await sentKeys(c, orderA.id)).toEqual(['window_open', 'before_close:24', 'before_close:1']);
    expect(await sentKeys(c, orderC.id)).toEqual(['window_open']);
    const all = await remindersOf(c, a.id);
    expect(all.map((m) => m.kind)).toEqual(['presale.balance_open', 'presale.balance_due', 'presale.balance_due']);
    expect(all.map((m) => m.title)).toEqual(['尾款开始支付', '尾款支付将在 24 小时后截止', '尾款支付将在 1 小时后截止']);
    expect(all.every((m) => (m.data as { payUrl: string }).payUrl === `/orders/${orderA.id}?pay=balance`)).toBe(true);

    await advanceAndSweep(c, 0);
    const texts = c.sms.sent.filter((s) => s.phone === phone).map((s) => s.text);
    expect(texts).toHaveLength(3);
    expect(texts[0]).toMatch(/^【.+】尾款开始支付：订单 .+ 的尾款 ¥700\.00/);
    expect(texts[1]).toContain('尾款支付将在 24 小时后截止');
    expect(texts[2]).toContain('尾款支付将在 1 小时后截止');

    // After the window closes the order is cancelled and nothing more is sent.
    await advanceAndSweep(c, 2 * HOUR);
    expect((await staffOrder(c, owner, orderA.id)).status).toBe('cancelled');
    await sweepTwice(c);
    expect(await remindersOf(c, a.id)).toHaveLength(3);
    expect(await remindersOf(c, unpaidBuyer.id)).toEqual([]);
    expect(Object.fromEntries(await balancePaymentsByReminder(c.db, campaign.id))).toEqual({ window_open: 1 });
  });

  it('§3 a reminder whose moment passed when a later one is due is skipped, never sent late', async () => {
    const c = ctx();
    const owner = await c.staffSession('owner');
    const reminders = [{ kind: 'window_open' }, { kind: 'before_close', hours: 48 }, { kind: 'before_close', hours: 1 }];
    const { campaign, sku } = await openDepositCampaign(c, owner.headers, { reminders });
    const buyer = await newBuyer(c);
    const order = await depositOrder(c, buyer, campaign, sku.skuId, 1);
    await payStage(c, buyer, order.id);
    // No sweeper ran between the window opening and half an hour before it closes.
    await advanceAndSweep(c, 2 * DAY - HOUR + 3 * DAY - 30 * MINUTE);
    await sweepTwice(c);
    expect(await sentKeys(c, order.id)).toEqual(['before_close:1']);
    expect((await remindersOf(c, buyer.id)).map((m) => m.title)).toEqual(['尾款支付将在 1 小时后截止']);
  });

  it('§3 report: each balance payment is counted under the last reminder sent before it, or none', async () => {
    const c = ctx();
    const owner = await c.staffSession('owner');
    const { campaign, sku } = await openDepositCampaign(c, owner.headers, { reminders: [{ kind: 'before_close', hours: 24 }] });
    const early = await newBuyer(c);
    const late = await newBuyer(c);
    const first = await depositOrder(c, early, campaign, sku.skuId, 1);
    const second = await depositOrder(c, late, campaign, sku.skuId, 1);
    await payStage(c, early, first.id);
    await payStage(c, late, second.id);
    await advanceAndSweep(c, 2 * DAY);
    await payStage(c, early, first.id);
    await advanceAndSweep(c, 2 * DAY + MINUTE);
    expect(await sentKeys(c, second.id)).toEqual(['before_close:24']);
    await payStage(c, late, second.id);
    expect(await sentKeys(c, first.id)).toEqual([]);
    expect(Object.fromEntries(await balancePaymentsByReminder(c.db, campaign.id))).toEqual({ none: 1, 'before_close:24': 1 });
  });
});

/** The presale fixtures on an app with SMTP configured: staff and shoppers made directly. */
function asTestContext(m: MailContext): TestContext {
  return {
    ...m,
    kind: 'pglite',
    staffSession: (role) => createStaff(m, role),
    shopperSession: (email) => createShopper(m, { email: email ?? undefined, phone: randomPhone() }),
  };
}

describeEachDatabaseWithMail('presale orders: balance reminders by e-mail and SMS', (ctx) => {
  it('§3 a reminder goes through every configured channel: in-app, e-mail (SMTP configured) and SMS, each with the pay link', async () => {
    const c = asTestContext(ctx());
    const owner = await c.staffSession('owner');
    const { campaign, sku } = await openDepositCampaign(c, owner.headers);
    const buyer = await newBuyer(c);
    const [contact] = await c.db.select().from(shoppers).where(eq(shoppers.id, buyer.id));
    const order = await depositOrder(c, buyer, campaign, sku.skuId, 1);
    await payStage(c, buyer, order.id);
    await advanceAndSweep(c, 2 * DAY);
    expect(await sentKeys(c, order.id)).toEqual(['window_open']);
    expect((await remindersOf(c, buyer.id)).map((m) => m.kind)).toEqual(['presale.balance_open']);
    const mails = ctx().mailbox.mails.filter((m) => m.to.includes(contact!.email!) && m.subject.includes('尾款开始支付'));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain('¥700.00');
    expect(mails[0]!.text).toContain(`/orders/${order.id}?pay=balance`);
    const texts = c.sms.sent.filter((s) => s.phone === contact!.phone && s.text.includes('尾款开始支付'));
    expect(texts).toHaveLength(1);
    expect(texts[0]!.text).toContain(`/orders/${order.id}?pay=balance`);
    await advanceAndSweep(c, MINUTE);
    expect(ctx().mailbox.mails.filter((m) => m.to.includes(contact!.email!) && m.subject.includes('尾款开始支付'))).toHaveLength(1);
  });
});

describe('reminder texts', () => {
  it('names the kind of deposit kept or returned when the balance is not paid', () => {
    const due = {
      orderId: 1,
      orderNo: 'P1',
      shopperId: 1,
      shippingFee: 0,
      campaignId: 1,
      balanceAmount: 70_000,
      tierDiscount: 0,
      depositKind: 'prepayment' as const,
      tierOff: 0,
      balanceEndsAt: new Date('2026-11-28T02:00:00Z'),
      reminderKey: 'before_close:24',
      units: 1,
    };
    const text = reminderText(due, 70_000, 'Asia/Shanghai', 'https://shop.test/orders/1?pay=balance');
    expect(text.title).toBe('尾款支付将在 24 小时后截止');
    expect(text.body).toContain('订金原路退回');
    expect(text.body).toContain('2026-11-28 10:00');
    expect(text.body).toContain('https://shop.test/orders/1?pay=balance');
  });
});
