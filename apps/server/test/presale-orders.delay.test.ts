// Spec §4: the merchant moves the ship date (buyers told, paid orders compensated and free to
// cancel with a full refund, deposit included); spec §3 (beyond, art. 587): an order left unshipped
// past its estimated date and the grace days is the merchant's default.
import { and, asc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { TestContext } from './harness.ts';
import { describeEachDatabase } from './harness.ts';
import { call, drain, eventTypes, getOrder, newBuyer, placeOrder, pointsBalance, staffOrder, trackingNo, type Buyer, type Session } from './orders-fixtures.ts';
import { iso, itemRows, post } from './presale-fixtures.ts';
import { advanceAndSweep, depositOrder, openDepositCampaign, openFullCampaign, payStage, presaleRow, DAY, HOUR } from './presale-orders-fixtures.ts';
import { shopperMessages, staffNotifications } from '../src/modules/notifications/notifications.tables.ts';
import { auditLog, outbox } from '../src/platform/platform.tables.ts';
import { SHIP_CHANGE_ORDER_TOPIC } from '../src/modules/orders/orders-presale-delay.service.ts';
import { shopDate } from '../src/modules/orders/orders-presale-delay.rules.ts';

const MINUTE = 60_000;

async function messagesOf(c: TestContext, shopperId: number, kind: string) {
  const rows = await c.db.select().from(shopperMessages).where(and(eq(shopperMessages.shopperId, shopperId), eq(shopperMessages.kind, kind))).orderBy(asc(shopperMessages.id));
  return rows;
}

async function changeShipDate(c: TestContext, owner: Session, campaignId: number, body: Record<string, unknown>) {
  const res = await post(c, `/api/admin/presale/campaigns/${campaignId}/ship-date`, owner.headers, body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().shipDateChanges.at(-1) as { id: number };
}

/** Two instances delivering the outbox at once. */
const drainTwice = async (c: TestContext) => {
  await Promise.all([c.jobs.drain(), c.jobs.drain()]);
  await drain(c);
};

async function jobsOfChange(c: TestContext, changeId: number) {
  return c.db
    .select({ status: outbox.status })
    .from(outbox)
    .where(and(eq(outbox.topic, SHIP_CHANGE_ORDER_TOPIC), sql`${outbox.payload}->>'changeId' = ${String(changeId)}`));
}

/** A new sign-in of the same shopper (a session does not last the weeks these tests skip). */
async function signedIn<T extends Session>(c: TestContext, buyer: T): Promise<T> {
  const { token } = await c.auth.issueSession(c.db, { kind: 'shopper', id: buyer.id });
  return { ...buyer, headers: { authorization: `Bearer ${token}` } };
}

const cancel = (c: TestContext, buyer: Session, orderId: number) => call(c, 'POST', `/api/orders/${orderId}/cancel`, buyer.headers, {});

async function myCoupons(c: TestContext, buyer: Session, templateId: number) {
  const res = await call(c, 'GET', '/api/me/coupons?status=unused', buyer.headers);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as { templateId: number; source: string }[]).filter((cp) => cp.templateId === templateId);
}

/** Pays deposit, settles the campaign, pays the balance: the order awaits shipment. */
async function fullyPaid(c: TestContext, buyers: Buyer[], orders: { id: number }[]) {
  for (let i = 0; i < buyers.length; i++) await payStage(c, buyers[i]!, orders[i]!.id);
  await advanceAndSweep(c, 2 * DAY);
  for (let i = 0; i < buyers.length; i++) await payStage(c, buyers[i]!, orders[i]!.id);
}

describeEachDatabase('presale orders: delays and the merchant\'s default', (ctx) => {
  describe('§4 ship-date change', () => {
    it('tells every open order once (two deliverers at once); a paid order is marked delayed and gets the points once, an unpaid one is told but not compensated, a cancelled one hears nothing', async () => {
      const c = ctx();
      const owner = await c.staffSession('owner');
      const { campaign, sku } = await openDepositCampaign(c, owner.headers);
      const [paidBuyer, unpaidBuyer, goneBuyer] = [await newBuyer(c), await newBuyer(c), await newBuyer(c)];
      const paid = await depositOrder(c, paidBuyer, campaign, sku.skuId, 1);
      await payStage(c, paidBuyer, paid.id);
      const unpaid = await depositOrder(c, unpaidBuyer, campaign, sku.skuId, 1);
      const gone = await depositOrder(c, goneBuyer, campaign, sku.skuId, 1);
      expect((await cancel(c, goneBuyer, gone.id)).statusCode).toBe(200);

      const change = await changeShipDate(c, owner, campaign.id, { shipDate: iso(c, 45 * DAY), reason: '工厂排产延迟', compensation: { kind: 'points', points: 500 } });
      await drainTwice(c);
      await drainTwice(c);

      const row = await presaleRow(c, paid.id);
      expect(row.delayedAt).not.toBeNull();
      expect(await pointsBalance(c, paidBuyer)).toBe(500);
      const told = await messagesOf(c, paidBuyer.id, 'presale.ship_date_changed');
      expect(told).toHaveLength(1);
      expect(told[0]!.body).toContain('工厂排产延迟');
      expect(told[0]!.body).toContain(`由 ${shopDate(new Date(campaign.ship.shipDate), 'Asia/Shanghai')} 改为 ${shopDate(new Date(iso(c, 45 * DAY)), 'Asia/Shanghai')}`);
      expect(told[0]!.body).toContain('500 积分');
      expect(told[0]!.body).toContain('全额原路退回');
      expect((await eventTypes(c, paid.id)).filter((t) => t === 'presale.ship_date_changed')).toHaveLength(1);
      expect((await getOrder(c, paidBuyer, paid.id)).actions).toMatchObject({ canCancel: true });

      expect((await presaleRow(c, unpaid.id)).delayedAt).toBeNull();
      expect(await pointsBalance(c, unpaidBuyer)).toBe(0);
      const unpaidTold = await messagesOf(c, unpaidBuyer.id, 'presale.ship_date_changed');
      expect(unpaidTold).toHaveLength(1);
      expect(unpaidTold[0]!.body).toContain('直接取消订单');
      expect(await messagesOf(c, goneBuyer.id, 'presale.ship_date_changed')).toHaveLength(0);
      expect((await jobsOfChange(c, change.id)).map((j) => j.status)).toEqual(['done', 'done']);

      // A second move: told and compensated again; the first delay's time stays.
      c.clock.advance(HOUR);
      await changeShipDate(c, owner, campaign.id, { shipDate: iso(c, 60 * DAY), reason: '再次延期', compensation: { kind: 'points', points: 300 } });
      await drainTwice(c);
      expect(await pointsBalance(c, paidBuyer)).toBe(800);
      expect(await messagesOf(c, paidBuyer.id, 'presale.ship_date_changed')).toHaveLength(2);
      expect((await presaleRow(c, paid.id)).delayedAt).toEqual(row.delayedAt);

      // The delayed buyer may cancel before the balance with the deposit refunded (定金 included).
      const res = await cancel(c, paidBuyer, paid.id);
      expect(res.statusCode, res.body).toBe(200);
      await drain(c);
      const after = await staffOrder(c, owner, paid.id);
      expect(after.status).toBe('cancelled');
      expect(after.refundedAmount).toBe(after.presale.deposit.amount);
      expect(after.payments[0].refunds.map((r: { status: string }) => r.status)).toEqual(['succeeded']);
    });

    it('issues one coupon of the template to each paid order; a sold-out template is recorded on the order timeline and told to staff once, and the job does not fail', async () => {
      const c = ctx();
      const owner = await c.staffSession('owner');
      const template = await post(c, '/api/admin/coupon-templates', owner.headers, { name: '延期补偿券', kind: 'fixed', amount: 2000, totalQuantity: 1, validity: { kind: 'days', days: 30 }, claimable: false });
      expect(template.statusCode, template.body).toBe(201);
      const templateId = template.json().id as number;
      const { campaign, sku } = await openDepositCampaign(c, owner.headers);
      const buyers = [await newBuyer(c), await newBuyer(c), await newBuyer(c)];
      const orders = [];
      for (const b of buyers) {
        const order = await depositOrder(c, b, campaign, sku.skuId, 1);
        await payStage(c, b, order.id);
        orders.push(order);
      }
      const change = await changeShipDate(c, owner, campaign.id, { shipDate: iso(c, 45 * DAY), reason: '模具返工', compensation: { kind: 'coupon', templateId } });
      await drainTwice(c);

      // One coupon was left: exactly one buyer (whichever job ran first) got it.
      const coupons = await Promise.all(buyers.map((b) => myCoupons(c, b, templateId)));
      expect(coupons.map((list) => list.length).sort()).toEqual([0, 0, 1]);
      const winner = coupons.findIndex((list) => list.length === 1);
      expect(coupons[winner]![0]!.source).toBe('issue');
      for (const [i, order] of orders.entries()) {
        expect((await presaleRow(c, order.id)).delayedAt).not.toBeNull();
        const types = await eventTypes(c, order.id);
        expect(types.filter((t) => t === 'presale.ship_date_changed')).toHaveLength(1);
        expect(types.filter((t) => t === 'presale.compensation_failed')).toHaveLength(i === winner ? 0 : 1);
        const told = await messagesOf(c, buyers[i]!.id, 'presale.ship_date_changed');
        expect(told).toHaveLength(1);
        expect(told[0]!.body).toContain(i === winner ? '一张优惠券已发放' : '补偿优惠券暂未能发放');
      }
      const notices = await c.db
        .select()
        .from(staffNotifications)
        .where(and(eq(staffNotifications.kind, 'presale.compensation_failed'), sql`${staffNotifications.data}->>'changeId' = ${String(change.id)}`));
      expect(notices).toHaveLength(1);
      expect((await jobsOfChange(c, change.id)).map((j) => j.status)).toEqual(['done', 'done', 'done']);
      const audits = await c.db.select().from(auditLog).where(and(eq(auditLog.action, 'coupon_template.issue'), eq(auditLog.entityId, String(templateId))));
      expect(audits).toHaveLength(1);
      expect(audits[0]).toMatchObject({ actorName: 'system' });
    });

    it('end to end: the buyer of a fully paid, delayed order cancels with a full refund — balance first, then deposit, each through its own payment — and the quota comes back', async () => {
      const c = ctx();
      const owner = await c.staffSession('owner');
      const { campaign, sku } = await openDepositCampaign(c, owner.headers);
      const buyer = await newBuyer(c);
      const order = await depositOrder(c, buyer, campaign, sku.skuId, 1);
      await fullyPaid(c, [buyer], [order]);
      expect((await getOrder(c, buyer, order.id)).status).toBe('awaiting_shipment');
      const refused = await cancel(c, buyer, order.id);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().code).toBe('ORDER_STATE_INVALID');

      await changeShipDate(c, owner, campaign.id, { shipDays: 40, reason: '原料短缺' });
      await drain(c);
      expect((await messagesOf(c, buyer.id, 'presale.ship_date_changed'))[0]!.body).toContain('全额原路退回');
      const res = await cancel(c, buyer, order.id);
      expect(res.statusCode, res.body).toBe(200);
      await drain(c);

      const after = await staffOrder(c, owner, order.id);
      expect(after.status).toBe('cancelled');
      expect(after.refundedAmount).toBe(after.totalAmount);
      const byStage = Object.fromEntries(after.payments.map((p: { stage: string }) => [p.stage, p])) as Record<string, { amount: number; refunds: { id: number; amount: number; status: string }[] }>;
      expect(byStage.balance!.refunds.map((r) => [r.amount, r.status])).toEqual([[after.presale.balance.amount, 'succeeded']]);
      expect(byStage.deposit!.refunds.map((r) => [r.amount, r.status])).toEqual([[after.presale.deposit.amount, 'succeeded']]);
      expect(byStage.balance!.refunds[0]!.id).toBeLessThan(byStage.deposit!.refunds[0]!.id);
      expect((await itemRows(c, campaign.id))[0]!.soldUnits).toBe(0);
      expect(after.lines.every((l: { refundedQuantity: number; quantity: number }) => l.refundedQuantity === l.quantity)).toBe(true);
    });
    it('refuses the cancel of a delayed order once part of it shipped (the rest goes through after-sales), and hides the button', async () => {
      const c = ctx();
      const owner = await c.staffSession('owner');
      const { campaign, sku } = await openDepositCampaign(c, owner.headers);
      const buyer = await newBuyer(c);
      const order = await depositOrder(c, buyer, campaign, sku.skuId, 2);
      await fullyPaid(c, [buyer], [order]);
      await changeShipDate(c, owner, campaign.id, { shipDays: 40, reason: '原料短缺' });
      await drain(c);
      expect((await getOrder(c, buyer, order.id)).actions.canCancel).toBe(true);
      const lineId = (await getOrder(c, buyer, order.id)).lines[0].id;
      const shipped = await call(c, 'POST', `/api/admin/orders/${order.id}/ship`, owner.headers, { carrier: '顺丰速运', trackingNo: trackingNo(), lines: [{ orderLineId: lineId, quantity: 1 }] });
      expect(shipped.statusCode, shipped.body).toBe(200);
      const view = await getOrder(c, buyer, order.id);
      expect(view.status).toBe('awaiting_shipment');
      expect(view.actions.canCancel).toBe(false);
      const res = await cancel(c, buyer, order.id);
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('ORDER_STATE_INVALID');
      expect((await itemRows(c, campaign.id))[0]!.soldUnits).toBe(2);
    });
  });

  describe('§3 merchant default by lateness (art. 587)', () => {
    it('marks a fully paid order unshipped past its ship date + grace days overdue once (two sweepers at once), not before, not a shipped one; the buyer cancels with a full refund plus points worth the earnest deposit', async () => {
      const c = ctx();
      const owner = await c.staffSession('owner');
      const { campaign, sku } = await openDepositCampaign(c, owner.headers);
      const buyers = [await newBuyer(c), await newBuyer(c), await newBuyer(c)];
      const orders = [];
      for (const b of buyers) orders.push(await depositOrder(c, b, campaign, sku.skuId, 1));
      await fullyPaid(c, buyers, orders);
      const [late, lateToo, shipped] = orders;
      const ship = await call(c, 'POST', `/api/admin/orders/${shipped!.id}/ship`, owner.headers, { carrier: '顺丰', trackingNo: trackingNo() });
      expect(ship.statusCode, ship.body).toBe(200);

      // Ship date + 7 grace days − 1 minute: not yet.
      const overdueAt = new Date(campaign.ship.shipDate).getTime() + 7 * DAY;
      c.clock.advance(overdueAt - c.clock.now().getTime() - MINUTE);
      await Promise.all([c.services.orders.markOverduePresaleOrders(), c.services.orders.markOverduePresaleOrders()]);
      expect((await presaleRow(c, late!.id)).overdueAt).toBeNull();
      c.clock.advance(2 * MINUTE);
      await Promise.all([c.services.orders.markOverduePresaleOrders(), c.services.orders.markOverduePresaleOrders()]);
      await advanceAndSweep(c, MINUTE);
      const owner2 = await c.staffSession('owner');
      for (let i = 0; i < buyers.length; i++) buyers[i] = await signedIn(c, buyers[i]!);

      const row = await presaleRow(c, late!.id);
      expect(row.overdueAt).not.toBeNull();
      expect(row.delayedAt).toEqual(row.overdueAt);
      expect((await presaleRow(c, shipped!.id)).overdueAt).toBeNull();
      expect((await eventTypes(c, late!.id)).filter((t) => t === 'presale.ship_overdue')).toHaveLength(1);
      const told = await messagesOf(c, buyers[0]!.id, 'presale.ship_overdue');
      expect(told).toHaveLength(1);
      expect(told[0]!.body).toContain('全额原路退回');
      expect(told[0]!.body).toContain('与定金等值（¥100.00）的积分补偿');
      const staffTold = await c.db.select().from(staffNotifications).where(and(eq(staffNotifications.kind, 'presale.ship_overdue'), sql`${staffNotifications.data}->>'orderId' = ${String(late!.id)}`));
      expect(staffTold).toHaveLength(1);

      const res = await cancel(c, buyers[0]!, late!.id);
      expect(res.statusCode, res.body).toBe(200);
      await drain(c);
      const after = await staffOrder(c, owner2, late!.id);
      expect(after.status).toBe('cancelled');
      expect(after.refundedAmount).toBe(after.totalAmount);
      const deposit = after.presale.deposit.amount;
      expect(await pointsBalance(c, buyers[0]!)).toBe(deposit); // 100 points per yuan: ¥100 → 10,000 points
      expect(await presaleRow(c, late!.id)).toMatchObject({ compensationAmount: deposit, compensationKind: 'points' });
      expect((await messagesOf(c, buyers[0]!.id, 'order.cancelled')).at(-1)!.body).toContain(`另赔付 ${deposit} 积分`);

      // With the shop's double return switched off the buyer still gets everything back, and no more.
      const off = await call(c, 'PATCH', '/api/admin/settings', owner2.headers, { presale: { earnestDoubleReturn: false } });
      expect(off.statusCode, off.body).toBe(200);
      try {
        const second = await cancel(c, buyers[1]!, lateToo!.id);
        expect(second.statusCode, second.body).toBe(200);
        await drain(c);
        expect((await staffOrder(c, owner2, lateToo!.id)).refundedAmount).toBe(after.totalAmount);
        expect(await pointsBalance(c, buyers[1]!)).toBe(0);
        expect((await presaleRow(c, lateToo!.id)).compensationAmount).toBe(0);
      } finally {
        await call(c, 'PATCH', '/api/admin/settings', owner2.headers, { presale: { earnestDoubleReturn: true } });
      }
      expect((await itemRows(c, campaign.id))[0]!.soldUnits).toBe(1);
    });

    it('counts "N days after paid" from the full payment; a full-type order overdue may be cancelled with everything refunded and no compensation (no deposit)', async () => {
      const c = ctx();
      const owner = await c.staffSession('owner');
      const { campaign, sku } = await openFullCampaign(c, owner.headers);
      expect(campaign.ship).toEqual({ kind: 'days_after_paid', shipDays: 15 });
      const buyer = await newBuyer(c);
      const placed = await placeOrder(c, buyer, { items: [{ skuId: sku.skuId, quantity: 1 }] });
      expect(placed.statusCode, placed.body).toBe(201);
      const order = placed.json();
      await payStage(c, buyer, order.id);
      const paidAt = new Date((await getOrder(c, buyer, order.id)).paidAt).getTime();
      c.clock.advance(paidAt + 22 * DAY - c.clock.now().getTime() - MINUTE);
      await c.services.orders.markOverduePresaleOrders();
      expect((await presaleRow(c, order.id)).overdueAt).toBeNull();
      await advanceAndSweep(c, 2 * MINUTE);
      expect((await presaleRow(c, order.id)).overdueAt).not.toBeNull();
      const owner2 = await c.staffSession('owner');
      const again = await signedIn(c, buyer);
      expect((await messagesOf(c, buyer.id, 'presale.ship_overdue'))[0]!.body).not.toContain('积分补偿');
      const res = await cancel(c, again, order.id);
      expect(res.statusCode, res.body).toBe(200);
      await drain(c);
      const after = await staffOrder(c, owner2, order.id);
      expect(after.refundedAmount).toBe(after.totalAmount);
      expect(await pointsBalance(c, again)).toBe(0);
      expect((await presaleRow(c, order.id)).compensationAmount).toBe(0);
    });
  });
});
