import { expect, it } from 'vitest';
import { recordPaymentEvents, startGatewayPayment } from './fakes/e2e.ts';
import { alipaySetup } from './fakes/setup.ts';
import { rsaKeyPair } from './fakes/fake-http.ts';
import { describeWithGateway, SHOP_BASE_URL } from './fakes/provider-app.ts';

const REF_TYPE = 'alipay-e2e';

describeWithGateway('Alipay through the notice endpoint', alipaySetup, (ctx) => {
  const { succeeded, refunded } = recordPaymentEvents(REF_TYPE);

  /** payments.start in a transaction, payments.prepare after it, and the shopper opening the pay page. */
  async function startPayment(amount: number) {
    const { prepared, ...started } = await startGatewayPayment(ctx(), { refType: REF_TYPE, provider: 'alipay', stage: 'full', amount, subject: '订单', clientIp: '203.0.113.7' });
    const page = await fetch(prepared.payUrl!);
    expect(page.status).toBe(200);
    return started;
  }

  const notify = (body: string) =>
    ctx().app.app.inject({
      method: 'POST',
      url: '/api/payments/notify/alipay',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      payload: body,
    });
  const paymentOf = async (refId: string) => (await ctx().app.services.payments.listForRef(ctx().app.db, REF_TYPE, refId))[0]!;

  it('applies a genuine notice exactly once, even when it is replayed', async () => {
    const fake = ctx().gateway;
    const { paymentNo, paymentId, refId } = await startPayment(19_990);
    expect(fake.trades.get(paymentNo)!.notifyUrl).toBe(`${SHOP_BASE_URL}/api/payments/notify/alipay`);
    const notice = fake.pay(paymentNo);
    for (let i = 0; i < 3; i++) {
      const response = await notify(notice);
      expect(response.statusCode).toBe(200);
      expect(response.body).toBe('success');
    }
    const payment = await paymentOf(refId);
    expect(payment).toMatchObject({ paymentNo, status: 'succeeded', paidAmount: 19_990, providerTxnId: fake.trades.get(paymentNo)!.tradeNo });
    expect(succeeded.filter((e) => e.paymentNo === paymentNo)).toEqual([
      expect.objectContaining({ paymentId, refType: REF_TYPE, refId, amount: 19_990, provider: 'alipay', providerTxnId: fake.trades.get(paymentNo)!.tradeNo }),
    ]);
    const detail = await ctx().app.services.payments.getDetail(paymentId);
    expect(detail.ledger.map((l) => [l.kind, l.amount])).toEqual([['payment', 19_990]]);
  });

  it('refuses a tampered notice and a signed one for a different amount, changing nothing', async () => {
    const fake = ctx().gateway;
    const { paymentNo, refId } = await startPayment(5_000);
    const genuine = fake.pay(paymentNo);
    const forged = [
      genuine.replace('total_amount=50.00', 'total_amount=0.50'),
      fake.notice(paymentNo, {}, rsaKeyPair().privateKey),
      fake.notice(paymentNo, { total_amount: '0.50' }),
      fake.notice(paymentNo, { total_amount: '50.5x' }),
    ];
    for (const body of forged) {
      const response = await notify(body);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'PAYMENT_NOTICE_INVALID' });
    }
    expect(await paymentOf(refId)).toMatchObject({ status: 'pending', paidAmount: 0, providerTxnId: null });
    expect(succeeded.some((e) => e.paymentNo === paymentNo)).toBe(false);
    // The gateway's status query agrees the money arrived; the genuine notice then applies.
    await expect(ctx().app.services.payments.internals.providerOf('alipay').query({ paymentNo })).resolves.toMatchObject({ status: 'succeeded', amount: 5_000 });
    expect((await notify(genuine)).body).toBe('success');
    expect(await paymentOf(refId)).toMatchObject({ status: 'succeeded', paidAmount: 5_000 });
  });

  it('refunds through the outbox: settled synchronously at Alipay, recorded once', async () => {
    const { app } = ctx();
    const fake = ctx().gateway;
    const { paymentNo, paymentId, refId } = await startPayment(8_800);
    await notify(fake.pay(paymentNo));
    const refund = await app.db.transaction((tx) =>
      app.services.payments.refund(tx, { paymentId, amount: 2_550, reason: '七天无理由退货', refType: REF_TYPE, refId, requestedBy: 'staff:1' }),
    );
    expect(refund.status).toBe('pending');
    await app.jobs.drain();
    await app.jobs.drain();
    expect(fake.trades.get(paymentNo)!.refunds.get(refund.refundNo)).toEqual({ amount: '25.50', fen: 2_550 });
    const payment = await paymentOf(refId);
    expect(payment).toMatchObject({ refundedAmount: 2_550, refundPendingAmount: 0 });
    expect(payment.refunds).toEqual([expect.objectContaining({ refundNo: refund.refundNo, status: 'succeeded', amount: 2_550 })]);
    expect(refunded.filter((e) => e.refundNo === refund.refundNo)).toEqual([expect.objectContaining({ paymentId, amount: 2_550, refId })]);
    // Alipay's refund-related trade notice afterwards only confirms the payment: no change.
    const after = fake.notice(paymentNo, { out_biz_no: refund.refundNo, refund_fee: '25.50', gmt_refund: '2026-11-23 10:05:00' });
    expect((await notify(after)).body).toBe('success');
    expect(await paymentOf(refId)).toMatchObject({ status: 'succeeded', paidAmount: 8_800, refundedAmount: 2_550 });
    expect(succeeded.filter((e) => e.paymentNo === paymentNo)).toHaveLength(1);
  });
});
