// Spec §2–§3: a deposit presale order from placement through deposit, balance window, shipment;
// the terms, the stages' payments, the windows, forfeits and the buyer's cancel rights.
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { call, drain, getOrder, messageKinds, newBuyer, placeOrder, staffOrder, trackingNo } from './orders-fixtures.ts';
import { itemRows } from './presale-fixtures.ts';
import { advanceAndSweep, depositOrder, openDepositCampaign, payBalanceRes, payStage, presaleRow, DAY, buyerWithPaidDeposit, paidDepositSetup } from './presale-orders-fixtures.ts';

describeEachDatabase('presale orders: deposit type', (ctx) => {
  describe('§2 placing', () => {
    it('refuses a deposit order without the deposit terms accepted, or with an outdated version, writing nothing', async () => {
      const c = ctx();
      const owner = await c.staffSession('owner');
      const { campaign, sku } = await openDepositCampaign(c, owner.headers);
      const buyer = await newBuyer(c);
      const missing = await placeOrder(c, buyer, { items: [{ skuId: sku.skuId, quantity: 1 }] });
      expect(missing.statusCode, missing.body).toBe(422);
      expect(missing.json().code).toBe('PRESALE_TERMS_REQUIRED');
      const outdated = await placeOrder(c, buyer, { items: [{ skuId: sku.skuId, quantity: 1 }], depositTerms: { accepted: true, version: campaign.termsVersion + 1 } });
      expect(outdated.statusCode).toBe(409);
      expect(outdated.json().code).toBe('PRESALE_TERMS_OUTDATED');
      expect((await itemRows(c, campaign.id))[0]!.soldUnits).toBe(0);
    });

    it('stores deposit = deposit × qty and balance = price × qty − deposit value × qty + shipping, keeps the accepted terms version and time, holds the quota', async () => {
      const c = ctx();
      const owner = await c.staffSession('owner');
      const { campaign, sku, item } = await openDepositCampaign(c, owner.headers, {}, { item: { depositValue: 15_000 } });
      const buyer = await newBuyer(c);
      const order = await depositOrder(c, buyer, campaign, sku.skuId, 2);
      expect(order.status).toBe('awaiting_deposit');
      expect(order.kind).toBe('presale_deposit');
      const dv = item.depositValue;
      expect(dv).toBe(15_000);
      expect(order.presale.deposit.amount).toBe(item.deposit * 2);
      // ¥1,600 ≥ the free-shipping threshold, so no shipping.
      expect(order.presale.balance.amount).toBe(item.presalePrice * 2 - dv * 2);
      expect(order.totalAmount).toBe(order.presale.deposit.amount + order.presale.balance.amount);
      expect(order.presale.termsVersion).toBe(campaign.termsVersion);
      expect(new Date(order.presale.termsAcceptedAt).getTime()).toBe(c.clock.now().getTime());
      expect(order.actions).toMatchObject({ canPay: true, payStage: 'deposit', canCancel: true });
      expect((await itemRows(c, campaign.id))[0]!.soldUnits).toBe(2);
      expect(await messageKinds(c, buyer.id)).toContain('presale.order_placed');
    });
  });

  describe('§3 lifecycle', () => {
    it('deposit → balance only inside its window → shipped as soon as fully paid, each stage with its own payment', async () => {
      const c = ctx();
      const { owner, buyer, order } = await paidDepositSetup(c);
      let now = await getOrder(c, buyer, order.id);
      expect(now.status).toBe('awaiting_balance');
      expect(now.paidAmount).toBe(now.presale.deposit.amount);
      expect(now.actions).toMatchObject({ canPay: false, canCancel: false, payStage: null });

      const early = await payBalanceRes(c, buyer, order.id);
      expect(early.statusCode).toBe(409);
      expect(early.json().code).toBe('PRESALE_BALANCE_NOT_OPEN');

      await advanceAndSweep(c, 2 * DAY);
      now = await getOrder(c, buyer, order.id);
      expect(now.actions).toMatchObject({ canPay: true, payStage: 'balance' });
      await payStage(c, buyer, order.id);
      now = await getOrder(c, buyer, order.id);
      expect(now.status).toBe('awaiting_shipment');
      expect(now.paidAmount).toBe(now.totalAmount);
      expect(now.payments.map((p: { stage: string }) => p.stage).sort()).toEqual(['balance', 'deposit']);
      expect(now.presale.balance.paidAt).not.toBeNull();

      const shipped = await call(c, 'POST', `/api/admin/orders/${order.id}/ship`, owner.headers, { carrier: '顺丰', trackingNo: trackingNo() });
      expect(shipped.statusCode, shipped.body).toBe(200);
      expect(shipped.json().status).toBe('shipped');
    });

    it('refuses the buyer cancel after the deposit (定金不退), and cancels an unpaid deposit order at its deadline, releasing the quota', async () => {
      const c = ctx();
      const owner = await c.staffSession('owner');
      const { campaign, sku } = await openDepositCampaign(c, owner.headers);
      const buyer = await newBuyer(c);
      const paid = await depositOrder(c, buyer, campaign, sku.skuId, 1);
      await payStage(c, buyer, paid.id);
      const refused = await call(c, 'POST', `/api/orders/${paid.id}/cancel`, buyer.headers, {});
      expect(refused.statusCode).toBe(409);
      expect(refused.json().code).toBe('ORDER_CANCEL_AFTER_DEPOSIT');

      const unpaid = await depositOrder(c, (await newBuyer(c)), campaign, sku.skuId, 1);
      expect((await itemRows(c, campaign.id))[0]!.soldUnits).toBe(2);
      await advanceAndSweep(c, 31 * 60_000);
      expect((await staffOrder(c, owner, unpaid.id)).status).toBe('cancelled');
      expect((await itemRows(c, campaign.id))[0]!.soldUnits).toBe(1);
    });

    it('cancels an order whose balance window closed unpaid: the deposit is forfeited (not refunded), the quota released, the buyer told', async () => {
      const c = ctx();
      const { owner, campaign, buyer, order } = await paidDepositSetup(c);
      await advanceAndSweep(c, 2 * DAY);
      await advanceAndSweep(c, 3 * DAY);
      const after = await staffOrder(c, owner, order.id);
      expect(after.status).toBe('cancelled');
      expect(after.refundedAmount).toBe(0);
      expect(after.presale.forfeitedAmount).toBe(after.presale.deposit.amount);
      expect((await itemRows(c, campaign.id))[0]!.soldUnits).toBe(0);
      expect(await messageKinds(c, buyer.id)).toContain('presale.balance_lapsed');
      const late = await payBalanceRes(c, buyer, order.id);
      expect(late.statusCode).toBe(409);
    });

    it('a 订金 (prepayment) may be cancelled before the balance, with the prepayment refunded', async () => {
      const c = ctx();
      const { buyer, order } = await paidDepositSetup(c, { depositKind: 'prepayment' });
      expect((await getOrder(c, buyer, order.id)).actions).toMatchObject({ canCancel: true, cancelRefunds: true });
      const res = await call(c, 'POST', `/api/orders/${order.id}/cancel`, buyer.headers, {});
      expect(res.statusCode, res.body).toBe(200);
      await drain(c);
      const after = await getOrder(c, buyer, order.id);
      expect(after.status).toBe('cancelled');
      expect(after.refundedAmount).toBe(after.presale.deposit.amount);
      expect(after.payments[0].refunds[0].status).toBe('succeeded');
    });
  });

  describe('§3 merchant force-close', () => {
    it('closes an order awaiting its balance with or without refunding the deposit, and pays an earnest deposit back double on the merchant\'s default', async () => {
      const c = ctx();
      const owner = await c.staffSession('owner');
      const { campaign, sku } = await openDepositCampaign(c, owner.headers);
      const orders = [];
      for (let i = 0; i < 3; i++) orders.push(await buyerWithPaidDeposit(c, campaign, sku.skuId));
      const close = (id: number, body: Record<string, unknown>) => call(c, 'POST', `/api/admin/orders/${id}/close`, owner.headers, { reason: '产品停产', refund: true, ...body });
      const kept = await close(orders[0]!.order.id, { keepDeposit: true });
      expect(kept.statusCode, kept.body).toBe(200);
      const refunded = await close(orders[1]!.order.id, {});
      expect(refunded.statusCode, refunded.body).toBe(200);
      const fault = await close(orders[2]!.order.id, { merchantDefault: true });
      expect(fault.statusCode, fault.body).toBe(200);
      await drain(c);
      const [a, b, d] = await Promise.all(orders.map((o) => staffOrder(c, owner, o.order.id)));
      expect(a.status).toBe('closed');
      expect(a.refundedAmount).toBe(0);
      expect(a.presale.forfeitedAmount).toBe(a.presale.deposit.amount);
      expect(b.refundedAmount).toBe(b.presale.deposit.amount);
      expect(d.refundedAmount).toBe(d.presale.deposit.amount);
      const row = await presaleRow(c, d.id);
      expect(row.compensationAmount).toBe(d.presale.deposit.amount);
      const pts = await call(c, 'GET', '/api/me/points', orders[2]!.buyer.headers);
      expect(pts.json().balance).toBe(d.presale.deposit.amount); // 100 points per yuan: ¥100 → 10,000 points
      expect((await itemRows(c, campaign.id))[0]!.soldUnits).toBe(0);
      const both = await close(orders[0]!.order.id, { keepDeposit: true, merchantDefault: true });
      expect(both.statusCode).toBe(409);
    });

    it('closes a fully paid order awaiting shipment: both payments refunded, balance first, and its units go back to the quota', async () => {
      const c = ctx();
      const { owner, campaign, buyer, order } = await paidDepositSetup(c);
      await advanceAndSweep(c, 2 * DAY);
      await payStage(c, buyer, order.id);
      expect((await getOrder(c, buyer, order.id)).status).toBe('awaiting_shipment');
      expect((await itemRows(c, campaign.id))[0]!.soldUnits).toBe(1);
      const res = await call(c, 'POST', `/api/admin/orders/${order.id}/close`, owner.headers, { reason: '产品停产', refund: true });
      expect(res.statusCode, res.body).toBe(200);
      await drain(c);
      const closed = await staffOrder(c, owner, order.id);
      expect(closed.status).toBe('closed');
      expect(closed.refundedAmount).toBe(closed.totalAmount);
      const refunds = closed.payments.flatMap((p: { stage: string; refunds: { id: number }[] }) => p.refunds.map((r) => ({ stage: p.stage, id: r.id })));
      expect(refunds.sort((x: { id: number }, y: { id: number }) => x.id - y.id).map((r: { stage: string }) => r.stage)).toEqual(['balance', 'deposit']);
      expect((await itemRows(c, campaign.id))[0]!.soldUnits).toBe(0);
    });
  });
});
