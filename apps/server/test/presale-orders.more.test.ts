// Spec §1–§3: full-payment presale orders, coupons and points on the balance only, the cart rule,
// payment notices per stage arriving twice or late, the campaign settlement (minimum target,
// tiers), and after-sales refunds of a fully paid presale order (balance first).
import { expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { call, drain, getOrder, messageKinds, newBuyer, placeOrder, pressPay, productWith, staffOrder, startPay } from './orders-fixtures.ts';
import { claim, createTemplate } from './promotions-fixtures.ts';
import { itemRows } from './presale-fixtures.ts';
import { advanceAndSweep, depositOrder, openDepositCampaign, openFullCampaign, payBalanceRes, payStage, terms, DAY, paidDepositSetup } from './presale-orders-fixtures.ts';
import { apply, applyBody, staffMove } from './aftersales-fixtures.ts';

describeEachDatabase('presale orders: full type, discounts, settlement, refunds', (ctx) => {
  it('§2 full type: one payment of the presale price, then shipment; a late payment for a cancelled order is refunded', async () => {
    const c = ctx();
    const owner = await c.staffSession('owner');
    const { sku, item } = await openFullCampaign(c, owner.headers);
    const buyer = await newBuyer(c);
    const res = await placeOrder(c, buyer, { items: [{ skuId: sku.skuId, quantity: 2 }] });
    expect(res.statusCode, res.body).toBe(201);
    const order = res.json();
    expect(order).toMatchObject({ kind: 'presale_full', status: 'awaiting_payment', goodsAmount: item.presalePrice * 2 });
    expect(order.presale).toMatchObject({ type: 'full', deposit: null, balance: { amount: order.totalAmount } });
    await payStage(c, buyer, order.id);
    const paid = await getOrder(c, buyer, order.id);
    expect(paid.status).toBe('awaiting_shipment');
    expect(new Date(paid.presale.estimatedShipDate).getTime()).toBe(new Date(paid.paidAt).getTime() + 15 * DAY);

    const other = await newBuyer(c);
    const late = (await placeOrder(c, other, { items: [{ skuId: sku.skuId, quantity: 1 }] })).json();
    const { paymentNo } = await startPay(c, other, late.id);
    await call(c, 'POST', `/api/orders/${late.id}/cancel`, other.headers, {});
    await pressPay(c, paymentNo);
    await drain(c);
    const cancelled = await getOrder(c, other, late.id);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.payments[0].refundedAmount).toBe(cancelled.totalAmount);
  });

  it('§2 coupons and points reduce only the balance, are chosen at creation and only if the campaign allows them', async () => {
    const c = ctx();
    const owner = await c.staffSession('owner');
    const template = await createTemplate(c, owner.headers, { amount: 5_000, threshold: 0 });
    const allowed = await openDepositCampaign(c, owner.headers, { allowCoupons: true });
    const refused = await openDepositCampaign(c, owner.headers, { allowCoupons: false });
    const buyer = await newBuyer(c);
    const coupon = await claim(c, buyer.headers, template.id);
    const off = await depositOrder(c, buyer, refused.campaign, refused.sku.skuId, 1, { couponId: coupon.id });
    expect(off.couponDiscount).toBe(0);
    expect(off.couponId).toBeNull();
    expect(off.breakdown.notices.map((n: { code: string }) => n.code)).toContain('COUPON_NOT_ALLOWED');
    const on = await depositOrder(c, buyer, allowed.campaign, allowed.sku.skuId, 1, { couponId: coupon.id });
    expect(on.couponDiscount).toBe(5_000);
    expect(on.presale.deposit.amount).toBe(allowed.item.deposit);
    expect(on.presale.balance.amount).toBe(allowed.item.presalePrice - allowed.item.depositValue - 5_000);
    // The coupon is locked to the order: it cannot be used again.
    const again = await placeOrder(c, buyer, { items: [{ skuId: allowed.sku.skuId, quantity: 1 }], depositTerms: terms(allowed.campaign), couponId: coupon.id });
    expect(again.statusCode).toBe(409);
  });

  it('§2 cart rule: a presale item is checked out alone by default; a deposit presale never with other items; a full presale with them when the shop allows', async () => {
    const c = ctx();
    const owner = await c.staffSession('owner');
    const deposit = await openDepositCampaign(c, owner.headers);
    const full = await openFullCampaign(c, owner.headers);
    const normal = await productWith(c, owner.headers, 3_000, 10);
    const buyer = await newBuyer(c);
    const mixed = (skuId: number, extra: Record<string, unknown> = {}) => placeOrder(c, buyer, { items: [{ skuId, quantity: 1 }, { skuId: normal.skuId, quantity: 1 }], ...extra });
    expect((await mixed(full.sku.skuId)).json().code).toBe('PRESALE_CHECKOUT_ALONE');
    expect((await mixed(deposit.sku.skuId, { depositTerms: terms(deposit.campaign) })).json().code).toBe('PRESALE_DEPOSIT_NOT_MIXED');
    const both = await placeOrder(c, buyer, { items: [{ skuId: full.sku.skuId, quantity: 1 }, { skuId: deposit.sku.skuId, quantity: 1 }], depositTerms: terms(deposit.campaign) });
    expect(both.json().code).toBe('PRESALE_MIXED_CAMPAIGNS');
    const patched = await call(c, 'PATCH', '/api/admin/settings', owner.headers, { presale: { cartRule: 'together' } });
    expect(patched.statusCode, patched.body).toBe(200);
    const together = await mixed(full.sku.skuId);
    expect(together.statusCode, together.body).toBe(201);
    expect(together.json().totalAmount).toBe(full.item.presalePrice + 3_000);
    await payStage(c, buyer, together.json().id);
    const ship = await call(c, 'POST', `/api/admin/orders/${together.json().id}/ship`, owner.headers, { carrier: '顺丰', trackingNo: 'SF1234567' });
    expect(ship.statusCode, ship.body).toBe(200);
  });

  it('§3 a deposit notice delivered twice credits the deposit once; a second deposit payment is refunded', async () => {
    const c = ctx();
    const owner = await c.staffSession('owner');
    const { campaign, sku } = await openDepositCampaign(c, owner.headers);
    const buyer = await newBuyer(c);
    const order = await depositOrder(c, buyer, campaign, sku.skuId, 1);
    const first = await startPay(c, buyer, order.id);
    await pressPay(c, first.paymentNo);
    await pressPay(c, first.paymentNo).catch(() => undefined);
    await drain(c);
    const paid = await staffOrder(c, owner, order.id);
    expect(paid.status).toBe('awaiting_balance');
    expect(paid.paidAmount).toBe(paid.presale.deposit.amount);
    await c.db.transaction((tx) =>
      c.services.orders.onPaymentSucceeded(tx, {
        paymentId: paid.payments[0].id,
        paymentNo: paid.payments[0].paymentNo,
        refType: 'order',
        refId: String(order.id),
        stage: 'deposit',
        amount: paid.presale.deposit.amount,
        provider: 'sandbox',
        providerTxnId: 'second',
        at: c.clock.now(),
      }),
    );
    await drain(c);
    const after = await staffOrder(c, owner, order.id);
    expect(after.status).toBe('awaiting_balance');
    expect(after.paidAmount).toBe(paid.paidAmount);
    expect(await messageKinds(c, buyer.id)).toContain('order.payment_refunded');
  });

  it('§1 minimum target (成团) missed when the order window closes: every paid order is closed and refunded in full, each buyer told', async () => {
    const c = ctx();
    const owner = await c.staffSession('owner');
    const { campaign, sku } = await openDepositCampaign(c, owner.headers, { minTarget: 5 });
    const buyers = [await newBuyer(c), await newBuyer(c)];
    const orders = [];
    for (const b of buyers) {
      const o = await depositOrder(c, b, campaign, sku.skuId, 2);
      await payStage(c, b, o.id);
      orders.push(o);
    }
    await advanceAndSweep(c, 2 * DAY);
    for (const [i, o] of orders.entries()) {
      const after = await getOrder(c, buyers[i]!, o.id);
      expect(after.status).toBe('closed');
      expect(after.refundedAmount).toBe(after.paidAmount);
      expect(await messageKinds(c, buyers[i]!.id)).toContain('presale.campaign_failed');
    }
    expect((await itemRows(c, campaign.id))[0]!.soldUnits).toBe(0);
    await advanceAndSweep(c, DAY);
    expect((await getOrder(c, buyers[0]!, orders[0].id)).status).toBe('closed');
  });

  it('§1 tiered presale: the tier reached when the order window closes comes off every balance, the target met', async () => {
    const c = ctx();
    const owner = await c.staffSession('owner');
    const { campaign, sku } = await openDepositCampaign(c, owner.headers, { minTarget: 3, tiers: [{ deposits: 3, balanceOff: 2_000 }, { deposits: 10, balanceOff: 5_000 }] });
    const buyers = [await newBuyer(c), await newBuyer(c)];
    const orders = [];
    for (const [i, b] of buyers.entries()) {
      const o = await depositOrder(c, b, campaign, sku.skuId, i + 1);
      await payStage(c, b, o.id);
      orders.push(o);
    }
    // The product page shows the tier reached and how many deposits the next one needs.
    const shown = await call(c, 'GET', `/api/presale/campaigns/${campaign.id}`, {});
    expect(shown.json().tierProgress).toEqual({ depositsPaid: 3, reached: { deposits: 3, balanceOff: 2_000 }, next: { tier: { deposits: 10, balanceOff: 5_000 }, depositsNeeded: 7 } });
    // Inside the balance window but before the campaign settled, the balance is not final yet.
    c.clock.advance(2 * DAY);
    const early = await payBalanceRes(c, buyers[1]!, orders[1].id);
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('PRESALE_BALANCE_NOT_READY');
    await advanceAndSweep(c, 0);
    await payStage(c, buyers[1]!, orders[1].id);
    const paid = await getOrder(c, buyers[1]!, orders[1].id);
    expect(paid.status).toBe('awaiting_shipment');
    expect(paid.presale.tierDiscount).toBe(2 * 2_000);
    expect(paid.presale.balance.amount).toBe(orders[1].presale.balance.amount - 4_000);
    expect(paid.paidAmount).toBe(paid.totalAmount);
    expect(paid.breakdown.lines.map((l: { label: string }) => l.label)).toContain('阶梯优惠');
    expect(paid.lines[0].payAmount + paid.shippingFee).toBe(paid.totalAmount);
  });

  it('§3 after-sales on a fully paid presale order refunds through the balance payment first, then the deposit', async () => {
    const c = ctx();
    const { owner, campaign, buyer, order } = await paidDepositSetup(c);
    await advanceAndSweep(c, 2 * DAY);
    await payStage(c, buyer, order.id);
    const paid = await getOrder(c, buyer, order.id);
    const ticket = await apply(c, buyer, applyBody({ id: order.id, lines: paid.lines } as never, { lines: [{ orderLineId: paid.lines[0].id, quantity: 1 }] }));
    await staffMove(c, owner, ticket.id, 'approve', { refundAmount: paid.paidAmount });
    await drain(c);
    const after = await staffOrder(c, owner, order.id);
    const byStage = Object.fromEntries(after.payments.map((p: { stage: string; refundedAmount: number }) => [p.stage, p.refundedAmount]));
    expect(byStage.balance).toBe(after.presale.balance.amount);
    expect(byStage.deposit).toBe(after.presale.deposit.amount);
    expect(after.status).toBe('closed');
    expect((await itemRows(c, campaign.id))[0]!.soldUnits).toBe(0);
    expect(await payBalanceRes(c, buyer, order.id).then((r) => r.statusCode)).toBe(409);
  });
});
