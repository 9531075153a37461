// Spec §3 (last bullet): commission applies only if the campaign says so, and is earned when the
// order is fully paid, or after the rights-protection period (维权期), per the shop's commission
// setting. Each presale order records its flags and when commission becomes eligible.
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase, type TestContext } from './harness.ts';
import { call, newBuyer, placeOrder, staffOrder, trackingNo, type Session } from './orders-fixtures.ts';
import { advanceAndSweep, depositOrder, openDepositCampaign, openFullCampaign, payStage, presaleRow, DAY } from './presale-orders-fixtures.ts';
import { shopSettings } from '../src/modules/settings/settings.tables.ts';

async function setCommission(c: TestContext, owner: Session, commission: Record<string, unknown>) {
  const res = await call(c, 'PATCH', '/api/admin/settings', owner.headers, { commission });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function ship(c: TestContext, owner: Session, orderId: number) {
  const res = await call(c, 'POST', `/api/admin/orders/${orderId}/ship`, owner.headers, { carrier: '顺丰', trackingNo: trackingNo() });
  expect(res.statusCode, res.body).toBe(200);
}

/** A full-payment order of one unit, paid. */
async function paidFullOrder(c: TestContext, skuId: number) {
  const buyer = await newBuyer(c);
  const res = await placeOrder(c, buyer, { items: [{ skuId, quantity: 1 }] });
  expect(res.statusCode, res.body).toBe(201);
  await payStage(c, buyer, res.json().id);
  return { buyer, orderId: res.json().id as number };
}

describeEachDatabase('presale commission eligibility', (ctx) => {
  it('has a shop commission setting defaulting to after the 7-day protection period, validated, and old stored settings still parse', async () => {
    const c = ctx();
    const owner = await c.staffSession('owner');
    const current = await call(c, 'GET', '/api/admin/settings', owner.headers);
    expect(current.json().commission).toEqual({ settleOn: 'after_protection', protectionDays: 7 });
    for (const commission of [{ settleOn: 'shipped' }, { protectionDays: 91 }, { protectionDays: -1 }, { protectionDays: 1.5 }]) {
      const res = await call(c, 'PATCH', '/api/admin/settings', owner.headers, { commission });
      expect(res.statusCode, JSON.stringify(commission)).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
    expect((await call(c, 'GET', '/api/admin/settings', owner.headers)).json().commission).toEqual({ settleOn: 'after_protection', protectionDays: 7 });
    expect((await setCommission(c, owner, { protectionDays: 15 })).commission).toEqual({ settleOn: 'after_protection', protectionDays: 15 });
    expect((await setCommission(c, owner, { settleOn: 'paid' })).commission).toEqual({ settleOn: 'paid', protectionDays: 15 });
    const warehouse = await c.staffSession('warehouse');
    expect((await call(c, 'PATCH', '/api/admin/settings', warehouse.headers, { commission: { settleOn: 'after_protection' } })).statusCode).toBe(403);

    // A document stored before the setting existed.
    const { commission: _dropped, ...old } = await c.services.settings.get();
    await c.db.update(shopSettings).set({ document: old }).where(eq(shopSettings.id, 1));
    const parsed = await c.services.settings.get();
    expect(parsed.commission).toEqual({ settleOn: 'after_protection', protectionDays: 7 });
    expect(parsed.paymentTimeoutMinutes).toBe(old.paymentTimeoutMinutes);
  });

  it("settleOn 'paid': a deposit order becomes eligible when its balance is paid (not at the deposit), a full-payment order at its payment; staff see it", async () => {
    const c = ctx();
    const owner = await c.staffSession('owner');
    await setCommission(c, owner, { settleOn: 'paid', protectionDays: 7 });
    const { campaign, sku } = await openDepositCampaign(c, owner.headers, { commission: { distribution: true, regionalRebate: true } });
    const buyer = await newBuyer(c);
    const order = await depositOrder(c, buyer, campaign, sku.skuId, 1);
    await payStage(c, buyer, order.id);
    expect((await staffOrder(c, owner, order.id)).presale.commission).toEqual({ distribution: true, agentDividend: false, regionalRebate: true, eligibleAt: null });

    await advanceAndSweep(c, 2 * DAY);
    await payStage(c, buyer, order.id);
    const paid = await staffOrder(c, owner, order.id);
    expect(paid.status).toBe('awaiting_shipment');
    expect(paid.presale.commission).toEqual({ distribution: true, agentDividend: false, regionalRebate: true, eligibleAt: paid.presale.balance.paidAt });
    expect((await presaleRow(c, order.id)).commissionEligibleAt).toEqual(new Date(paid.presale.balance.paidAt));

    // Completion does not move it.
    await ship(c, owner, order.id);
    expect((await call(c, 'POST', `/api/orders/${order.id}/confirm-receipt`, buyer.headers)).statusCode).toBe(200);
    expect((await staffOrder(c, owner, order.id)).presale.commission.eligibleAt).toBe(paid.presale.balance.paidAt);

    const full = await openFullCampaign(c, owner.headers, { commission: { agentDividend: true } });
    const { orderId } = await paidFullOrder(c, full.sku.skuId);
    const fullPaid = await staffOrder(c, owner, orderId);
    expect(fullPaid.presale.commission).toMatchObject({ agentDividend: true, eligibleAt: fullPaid.paidAt });
    expect(fullPaid.presale.commission.eligibleAt).not.toBeNull();
  });

  it("settleOn 'after_protection': not at payment; at completion + the protection days, whether the buyer confirms or the order completes by itself", async () => {
    const c = ctx();
    const owner = await c.staffSession('owner');
    await setCommission(c, owner, { settleOn: 'after_protection', protectionDays: 3 });
    const { sku } = await openFullCampaign(c, owner.headers, { commission: { distribution: true, agentDividend: true, regionalRebate: true } });
    const confirmed = await paidFullOrder(c, sku.skuId);
    const auto = await paidFullOrder(c, sku.skuId);
    expect((await staffOrder(c, owner, confirmed.orderId)).presale.commission.eligibleAt).toBeNull();

    await ship(c, owner, confirmed.orderId);
    await ship(c, owner, auto.orderId);
    expect((await staffOrder(c, owner, confirmed.orderId)).presale.commission.eligibleAt).toBeNull();
    c.clock.advance(DAY);
    expect((await call(c, 'POST', `/api/orders/${confirmed.orderId}/confirm-receipt`, confirmed.buyer.headers)).statusCode).toBe(200);
    const done = await staffOrder(c, owner, confirmed.orderId);
    expect(done.status).toBe('completed');
    expect(new Date(done.presale.commission.eligibleAt).getTime()).toBe(new Date(done.completedAt).getTime() + 3 * DAY);

    c.clock.advance(10 * DAY); // past the shop's auto-complete days
    expect(await c.services.orders.autoComplete()).toBeGreaterThanOrEqual(1);
    const autoDone = await staffOrder(c, owner, auto.orderId);
    expect(autoDone.status).toBe('completed');
    expect(new Date(autoDone.presale.commission.eligibleAt).getTime()).toBe(new Date(autoDone.completedAt).getTime() + 3 * DAY);
  });

  it('never sets a moment when the campaign grants no commission, in either mode', async () => {
    const c = ctx();
    const owner = await c.staffSession('owner');
    for (const settleOn of ['paid', 'after_protection'] as const) {
      await setCommission(c, owner, { settleOn, protectionDays: 0 });
      const { sku } = await openFullCampaign(c, owner.headers);
      const { buyer, orderId } = await paidFullOrder(c, sku.skuId);
      await ship(c, owner, orderId);
      expect((await call(c, 'POST', `/api/orders/${orderId}/confirm-receipt`, buyer.headers)).statusCode).toBe(200);
      const done = await staffOrder(c, owner, orderId);
      expect(done.status).toBe('completed');
      expect(done.presale.commission).toEqual({ distribution: false, agentDividend: false, regionalRebate: false, eligibleAt: null });
    }
  });
});
