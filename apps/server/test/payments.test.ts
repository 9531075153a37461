import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import {
  ledgerOf,
  paymentRow,
  postNotice,
  pressButton,
  queuedNotices,
  startPayment,
  testListener,
} from './payments-helpers.ts';

describeEachDatabase('payments: sandbox pay page and notices', (ctx) => {
  let listener: ReturnType<typeof testListener>;
  let shopper: { id: number; headers: { authorization: string } };
  beforeAll(async () => {
    listener = testListener();
    shopper = await ctx().shopperSession();
  });

  it('start → pay page → pay → signed notice → payment succeeded, ledger row, listener once', async () => {
    const p = await startPayment(ctx(), { shopperId: shopper.id, amount: 12_345, subject: '手办 <Figure> & 盲盒' });
    expect(p.status).toBe('pending');
    expect(p.paymentNo).toMatch(/^P\d{30}$/);
    expect(p.payUrl).toBe(`http://127.0.0.1:3000/pay/sandbox/${p.paymentNo}`);

    const page = await ctx().app.inject({ method: 'GET', url: p.payPath });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.body).toContain('123.45');
    expect(page.body).toContain('手办 &lt;Figure&gt; &amp; 盲盒');
    expect(page.body).toContain('预售商城'); // the shop's name from settings
    expect(page.body).toContain('支付成功');
    expect(page.body).toContain('支付失败');
    expect(page.body).toContain('name="viewport"');

    const pay = await pressButton(ctx(), p.paymentNo, 'pay');
    expect(pay.statusCode).toBe(303);
    expect(pay.headers.location).toBe(`http://127.0.0.1:3000/?paymentNo=${p.paymentNo}`);
    // The notice is asynchronous: nothing is applied until it is delivered.
    expect((await paymentRow(ctx(), p.paymentNo)).status).toBe('pending');
    expect(listener.of(p.refId)).toHaveLength(0);

    await ctx().jobs.drain();
    const row = await paymentRow(ctx(), p.paymentNo);
    expect(row).toMatchObject({ status: 'succeeded', paidAmount: 12_345, refundedAmount: 0 });
    expect(row.providerTxnId).toMatch(/^SBX/);
    expect(row.paidAt).toEqual(ctx().clock.now());
    const ledger = await ledgerOf(ctx(), row.id);
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ kind: 'payment', amount: 12_345, provider: 'sandbox', providerTxnId: row.providerTxnId });
    const calls = listener.of(p.refId);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.kind).toBe('succeeded');
    expect(calls[0]!.event).toMatchObject({ paymentId: row.id, paymentNo: p.paymentNo, refType: 'ptest', stage: 'full', amount: 12_345, provider: 'sandbox', providerTxnId: row.providerTxnId });

    // The page now says it is paid, and a second press is refused.
    const after = await ctx().app.inject({ method: 'GET', url: p.payPath });
    expect(after.body).toContain('已支付');
    expect(after.body).not.toContain('<form');
    const again = await pressButton(ctx(), p.paymentNo, 'pay');
    expect(again.statusCode).toBe(409);
  });

  it('credits the same notice replayed 100 times (partly concurrently) exactly once', async () => {
    const p = await startPayment(ctx(), { shopperId: shopper.id, amount: 500 });
    await pressButton(ctx(), p.paymentNo, 'pay');
    const [notice] = await queuedNotices(ctx());
    expect(notice).toBeDefined();
    const answers = [];
    for (let i = 0; i < 40; i++) answers.push(await postNotice(ctx(), notice!.rawBody, notice!.signature));
    answers.push(...(await Promise.all(Array.from({ length: 60 }, () => postNotice(ctx(), notice!.rawBody, notice!.signature)))));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(100).fill(200));
    expect(new Set(answers.map((a) => a.body))).toEqual(new Set(['success']));
    await ctx().jobs.drain(); // and the sandbox's own delivery of it
    const row = await paymentRow(ctx(), p.paymentNo);
    expect(row.status).toBe('succeeded');
    expect(await ledgerOf(ctx(), row.id)).toHaveLength(1);
    expect(listener.of(p.refId)).toHaveLength(1);
  });

  it('refuses a notice with a bad or missing signature, applying nothing', async () => {
    const p = await startPayment(ctx(), { shopperId: shopper.id });
    await pressButton(ctx(), p.paymentNo, 'pay', '?notices=0');
    const genuine = JSON.stringify({
      notifyId: 'n1',
      type: 'payment',
      outTradeNo: p.paymentNo,
      tradeNo: 'SBXforged',
      status: 'succeeded',
      amount: 12_345,
      currency: 'CNY',
      occurredAt: ctx().clock.now().toISOString(),
    });
    const forged = ctx().sandboxGateway!.sign(genuine).replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
    for (const signature of [forged, undefined, 'not-hex', ctx().sandboxGateway!.sign(genuine + ' ')]) {
      const res = await postNotice(ctx(), genuine, signature);
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('PAYMENT_NOTICE_INVALID');
    }
    // Signed, but not a notice.
    const junk = '{"hello":"world"}';
    expect((await postNotice(ctx(), junk, ctx().sandboxGateway!.sign(junk))).json().code).toBe('PAYMENT_NOTICE_INVALID');
    const notJson = 'amount=1';
    expect((await postNotice(ctx(), notJson, ctx().sandboxGateway!.sign(notJson))).statusCode).toBe(400);
    const empty = await ctx().app.inject({ method: 'POST', url: '/api/payments/notify/sandbox', headers: { 'content-type': 'text/plain' }, payload: '' });
    expect(empty.statusCode).toBe(400);
    const noType = await ctx().app.inject({ method: 'POST', url: '/api/payments/notify/sandbox', payload: genuine });
    expect(noType.json().code).toBe('PAYMENT_NOTICE_INVALID');
    const huge = await postNotice(ctx(), 'x'.repeat(70_000), 'a'.repeat(64));
    expect(huge.statusCode).toBe(413);
    const row = await paymentRow(ctx(), p.paymentNo);
    expect(row.status).toBe('pending');
    expect(await ledgerOf(ctx(), row.id)).toHaveLength(0);
    expect(listener.of(p.refId)).toHaveLength(0);
  });

  it('refuses a signed notice whose amount differs from the payment, applying nothing', async () => {
    const p = await startPayment(ctx(), { shopperId: shopper.id, amount: 10_000 });
    await pressButton(ctx(), p.paymentNo, 'pay', '?notices=0');
    const body = JSON.stringify({
      notifyId: 'n2',
      type: 'payment',
      outTradeNo: p.paymentNo,
      tradeNo: 'SBXwhatever',
      status: 'succeeded',
      amount: 1,
      currency: 'CNY',
      occurredAt: ctx().clock.now().toISOString(),
    });
    const res = await postNotice(ctx(), body, ctx().sandboxGateway!.sign(body));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'PAYMENT_NOTICE_INVALID' });
    const row = await paymentRow(ctx(), p.paymentNo);
    expect(row).toMatchObject({ status: 'pending', paidAmount: 0, providerTxnId: null });
    expect(await ledgerOf(ctx(), row.id)).toHaveLength(0);
    expect(listener.of(p.refId)).toHaveLength(0);
  });

  it('refuses notices for an unknown payment, an unknown or unconfigured provider', async () => {
    const body = JSON.stringify({ notifyId: 'n3', type: 'payment', outTradeNo: 'P00000000000000000000000', tradeNo: 'SBX1', status: 'succeeded', amount: 1, currency: 'CNY', occurredAt: ctx().clock.now().toISOString() });
    const unknown = await postNotice(ctx(), body, ctx().sandboxGateway!.sign(body));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().code).toBe('PAYMENT_NOTICE_INVALID');
    expect((await postNotice(ctx(), body, 'x', 'paypal')).statusCode).toBe(400);
    const alipay = await ctx().app.inject({ method: 'POST', url: '/api/payments/notify/alipay', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=1' });
    expect(alipay.statusCode).toBe(422);
    expect(alipay.json().code).toBe('PAYMENT_PROVIDER_UNAVAILABLE');
  });

  it('ignores a failed notice after success, and a duplicate or late one', async () => {
    const p = await startPayment(ctx(), { shopperId: shopper.id, amount: 800 });
    await pressButton(ctx(), p.paymentNo, 'pay', '?notices=2');
    await ctx().sandboxGateway!.sendPaymentNotice(p.paymentNo, { status: 'failed' }, { delayMs: 60_000 });
    await ctx().jobs.drain();
    expect((await paymentRow(ctx(), p.paymentNo)).status).toBe('succeeded');
    ctx().clock.advance(61_000);
    const { delivered } = await ctx().jobs.drain();
    expect(delivered).toBeGreaterThanOrEqual(1);
    const row = await paymentRow(ctx(), p.paymentNo);
    expect(row.status).toBe('succeeded');
    expect(row.failedAt).toBeNull();
    expect(await ledgerOf(ctx(), row.id)).toHaveLength(1);
    expect(listener.of(p.refId).map((c) => c.kind)).toEqual(['succeeded']);
  });

  it('applies a late notice when it arrives, and a failure the payer chose', async () => {
    const late = await startPayment(ctx(), { shopperId: shopper.id });
    await pressButton(ctx(), late.paymentNo, 'pay', '?delaySeconds=120');
    await ctx().jobs.drain();
    expect((await paymentRow(ctx(), late.paymentNo)).status).toBe('pending');
    ctx().clock.advance(121_000);
    await ctx().jobs.drain();
    expect((await paymentRow(ctx(), late.paymentNo)).status).toBe('succeeded');

    const failing = await startPayment(ctx(), { shopperId: shopper.id });
    const res = await pressButton(ctx(), failing.paymentNo, 'fail');
    expect(res.statusCode).toBe(303);
    await ctx().jobs.drain();
    const row = await paymentRow(ctx(), failing.paymentNo);
    expect(row.status).toBe('failed');
    expect(row.paidAmount).toBe(0);
    expect(await ledgerOf(ctx(), row.id)).toHaveLength(0);
    expect(listener.of(failing.refId).map((c) => c.kind)).toEqual(['failed']);
  });

  it('does not apply a notice when the listener throws; the redelivery applies it once', async () => {
    const p = await startPayment(ctx(), { shopperId: shopper.id });
    listener.behaviour.throwOn = p.refId;
    await pressButton(ctx(), p.paymentNo, 'pay');
    await ctx().jobs.drain();
    let row = await paymentRow(ctx(), p.paymentNo);
    expect(row.status).toBe('pending');
    expect(await ledgerOf(ctx(), row.id)).toHaveLength(0);
    // By HTTP too: the gateway is told to try again.
    const [notice] = await queuedNotices(ctx());
    const res = await postNotice(ctx(), notice!.rawBody, notice!.signature);
    expect(res.statusCode).toBe(500);
    expect(res.body).toBe('fail');
    listener.behaviour.throwOn = undefined;
    ctx().clock.advance(5_000);
    await ctx().jobs.drain();
    row = await paymentRow(ctx(), p.paymentNo);
    expect(row.status).toBe('succeeded');
    expect(await ledgerOf(ctx(), row.id)).toHaveLength(1);
    expect(listener.of(p.refId)).toHaveLength(1);
  });

  it('records money that arrives for a payment replaced meanwhile, and tells the listener', async () => {
    const refId = `r-replaced-${Date.now()}`;
    const first = await startPayment(ctx(), { shopperId: shopper.id, refId, amount: 1000 });
    const again = await startPayment(ctx(), { shopperId: shopper.id, refId, amount: 1000 });
    expect(again.paymentNo).toBe(first.paymentNo); // a repeated start returns the open payment
    const second = await startPayment(ctx(), { shopperId: shopper.id, refId, amount: 1200 });
    expect(second.paymentNo).not.toBe(first.paymentNo);
    expect(await paymentRow(ctx(), first.paymentNo)).toMatchObject({ status: 'closed', closeReason: 'replaced by a new payment' });
    // The shopper still had the first page open and paid it.
    await pressButton(ctx(), first.paymentNo, 'pay');
    await ctx().jobs.drain();
    expect(await paymentRow(ctx(), first.paymentNo)).toMatchObject({ status: 'succeeded', paidAmount: 1000 });
    expect(listener.of(refId, 'succeeded')).toHaveLength(1);
    // Now the stage is paid: a new start is refused.
    await expect(startPayment(ctx(), { shopperId: shopper.id, refId, amount: 1200 })).rejects.toMatchObject({ code: 'PAYMENT_ALREADY_PAID' });
  });

  it('serves unknown and closed pay pages sensibly', async () => {
    const missing = await ctx().app.inject({ method: 'GET', url: '/pay/sandbox/P99999999999999999999999' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('text/html');
    expect((await pressButton(ctx(), 'P99999999999999999999999', 'pay')).statusCode).toBe(404);
    expect((await ctx().app.inject({ method: 'GET', url: '/pay/sandbox/<script>' })).statusCode).toBe(400);
    expect((await pressButton(ctx(), 'P99999999999999999999999', 'refund' as 'pay')).statusCode).toBe(400);
    const p = await startPayment(ctx(), { shopperId: shopper.id, expiresInMs: 10 * 60_000 });
    expect((await pressButton(ctx(), p.paymentNo, 'pay', '?notices=99')).statusCode).toBe(400);
    ctx().clock.advance(11 * 60_000);
    const page = await ctx().app.inject({ method: 'GET', url: p.payPath });
    expect(page.body).toContain('已关闭');
    expect((await pressButton(ctx(), p.paymentNo, 'pay')).statusCode).toBe(409);
  });
});
