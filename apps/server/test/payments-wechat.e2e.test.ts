import { expect, it } from 'vitest';
import { recordPaymentEvents, startGatewayPayment } from './fakes/e2e.ts';
import { wechatSetup } from './fakes/setup.ts';
import { rsaKeyPair } from './fakes/fake-http.ts';
import { describeWithGateway, SHOP_BASE_URL } from './fakes/provider-app.ts';
import type { FakeNotification } from './fakes/wechat-gateway.ts';

const REF_TYPE = 'wechat-e2e';

describeWithGateway('WeChat Pay through the notice endpoint', wechatSetup, (ctx) => {
  const { succeeded, refunded } = recordPaymentEvents(REF_TYPE);

  /** payments.start in a transaction, payments.prepare after it. */
  async function startPayment(amount: number) {
    const { prepared, ...started } = await startGatewayPayment(ctx(), { refType: REF_TYPE, provider: 'wechat', stage: 'deposit', amount, subject: '预售定金', clientIp: '198.51.100.23' });
    expect(prepared.payUrl).toContain('redirect_url=');
    return started;
  }

  const notify = (n: FakeNotification) => ctx().app.app.inject({ method: 'POST', url: '/api/payments/notify/wechat', headers: n.headers, payload: n.body });
  const paymentOf = async (refId: string) => (await ctx().app.services.payments.listForRef(ctx().app.db, REF_TYPE, refId))[0]!;

  it('applies a genuine notification exactly once, even when it is replayed', async () => {
    const fake = ctx().gateway;
    const { paymentNo, paymentId, refId } = await startPayment(30_000);
    expect(fake.orders.get(paymentNo)).toMatchObject({ total: 30_000, clientIp: '198.51.100.23', notifyUrl: `${SHOP_BASE_URL}/api/payments/notify/wechat` });
    const notification = fake.pay(paymentNo);
    for (let i = 0; i < 3; i++) {
      const response = await notify(notification);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ code: 'SUCCESS' });
    }
    const txn = fake.orders.get(paymentNo)!.transactionId;
    expect(await paymentOf(refId)).toMatchObject({ status: 'succeeded', paidAmount: 30_000, providerTxnId: txn, stage: 'deposit' });
    expect(succeeded.filter((e) => e.paymentNo === paymentNo)).toEqual([expect.objectContaining({ paymentId, amount: 30_000, providerTxnId: txn, stage: 'deposit' })]);
    expect((await ctx().app.services.payments.getDetail(paymentId)).ledger.map((l) => [l.kind, l.amount])).toEqual([['payment', 30_000]]);
  });

  it('refuses tampered, stale and wrong-amount notifications, changing nothing', async () => {
    const { clock } = ctx();
    const fake = ctx().gateway;
    const { paymentNo, refId } = await startPayment(1_200);
    const genuine = fake.pay(paymentNo);
    const order = fake.orders.get(paymentNo)!;
    const wrongAmount = fake.notification('TRANSACTION.SUCCESS', 'transaction', {
      mchid: '1900000109',
      appid: 'wxd678efh567hg6787',
      out_trade_no: paymentNo,
      transaction_id: order.transactionId,
      trade_state: 'SUCCESS',
      amount: { total: 1 },
    });
    const bad = [
      { headers: genuine.headers, body: genuine.body.replace('"TRANSACTION.SUCCESS"', '"TRANSACTION.SUCCESS" ') },
      fake.pay(paymentNo, { timestamp: Math.floor(clock.now().getTime() / 1000) - 600 }),
      fake.pay(paymentNo, { signingKey: rsaKeyPair().privateKey }),
      wrongAmount,
    ];
    for (const n of bad) {
      const response = await notify(n);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'PAYMENT_NOTICE_INVALID' });
    }
    expect(await paymentOf(refId)).toMatchObject({ status: 'pending', paidAmount: 0 });
    expect(succeeded.some((e) => e.paymentNo === paymentNo)).toBe(false);
    expect((await notify(genuine)).statusCode).toBe(200);
    expect(await paymentOf(refId)).toMatchObject({ status: 'succeeded', paidAmount: 1_200 });
  });

  it('refunds: accepted as PROCESSING, settled once by the refund notification', async () => {
    const { app } = ctx();
    const fake = ctx().gateway;
    const { paymentNo, paymentId, refId } = await startPayment(9_900);
    await notify(fake.pay(paymentNo));
    const refund = await app.db.transaction((tx) =>
      app.services.payments.refund(tx, { paymentId, amount: 4_000, reason: '定金退还', refType: REF_TYPE, refId, requestedBy: 'staff:1' }),
    );
    await app.jobs.drain();
    const atGateway = fake.refunds.get(refund.refundNo)!;
    expect(atGateway).toMatchObject({ refund: 4_000, total: 9_900, status: 'PROCESSING', notifyUrl: `${SHOP_BASE_URL}/api/payments/notify/wechat` });
    let payment = await paymentOf(refId);
    expect(payment).toMatchObject({ refundedAmount: 0, refundPendingAmount: 4_000 });
    expect(payment.refunds).toEqual([expect.objectContaining({ refundNo: refund.refundNo, status: 'pending', providerRefundId: atGateway.refundId })]);

    const done = fake.completeRefund(refund.refundNo);
    for (let i = 0; i < 2; i++) expect((await notify(done)).json()).toMatchObject({ code: 'SUCCESS' });
    payment = await paymentOf(refId);
    expect(payment).toMatchObject({ refundedAmount: 4_000, refundPendingAmount: 0 });
    expect(payment.refunds).toEqual([expect.objectContaining({ status: 'succeeded', amount: 4_000 })]);
    expect(refunded.filter((e) => e.refundNo === refund.refundNo)).toEqual([expect.objectContaining({ paymentId, amount: 4_000 })]);
    const ledger = (await app.services.payments.getDetail(paymentId)).ledger.map((l) => [l.kind, l.amount, l.providerRefundId]);
    expect(ledger).toEqual([
      ['payment', 9_900, null],
      ['refund', -4_000, atGateway.refundId],
    ]);
  });
});
