import { count } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase, type TestContext } from './harness.ts';
import { payments } from '../src/modules/payments/payments.tables.ts';
import { pressButton, startPayment, testListener, TEST_REF, newRefId } from './payments-helpers.ts';

type Session = { id: number; headers: { authorization: string } };

describeEachDatabase('payments: shopper and back-office HTTP', (ctx) => {
  let owner: Session;
  let other: Session;
  let staff: Session;
  let paid: Awaited<ReturnType<typeof startPayment>>;
  beforeAll(async () => {
    testListener();
    owner = await ctx().shopperSession();
    other = await ctx().shopperSession();
    staff = await ctx().staffSession('customer_service');
    paid = await startPayment(ctx(), { shopperId: owner.id, amount: 2_500, subject: '盲盒 x2' });
    await pressButton(ctx(), paid.paymentNo, 'pay');
    await ctx().jobs.drain();
    await ctx().db.transaction((tx) =>
      ctx().services.payments.refund(tx, { paymentId: paid.paymentId, amount: 500, reason: '少发一件', refType: TEST_REF, refId: paid.refId, requestedBy: 'staff:cs' }),
    );
    await ctx().jobs.drain();
  });

  it('lets the shopper poll their own payment, and nobody else', async () => {
    const mine = await ctx().app.inject({ method: 'GET', url: `/api/payments/${paid.paymentNo}`, headers: owner.headers });
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toMatchObject({ paymentNo: paid.paymentNo, status: 'succeeded', amount: 2_500, refundedAmount: 500, subject: '盲盒 x2', provider: 'sandbox', stage: 'full' });
    expect(mine.json().paidAt).toBe(ctx().clock.now().toISOString());
    expect(mine.json()).not.toHaveProperty('shopperId');
    const theirs = await ctx().app.inject({ method: 'GET', url: `/api/payments/${paid.paymentNo}`, headers: other.headers });
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json().code).toBe('NOT_FOUND');
    const anonymous = await ctx().app.inject({ method: 'GET', url: `/api/payments/${paid.paymentNo}` });
    expect(anonymous.statusCode).toBe(401);
    const asStaff = await ctx().app.inject({ method: 'GET', url: `/api/payments/${paid.paymentNo}`, headers: staff.headers });
    expect(asStaff.statusCode).toBe(401); // a staff token is no shopper session
    for (const bad of ['x', 'P<>', 'a'.repeat(65)]) {
      const res = await ctx().app.inject({ method: 'GET', url: `/api/payments/${encodeURIComponent(bad)}`, headers: owner.headers });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
    const unknown = await ctx().app.inject({ method: 'GET', url: '/api/payments/P00000000000000000000000', headers: owner.headers });
    expect(unknown.statusCode).toBe(404);
  });

  it('lists payments for staff with orders.read, with filters and pages', async () => {
    const res = await ctx().app.inject({ method: 'GET', url: `/api/admin/payments?refType=${TEST_REF}&refId=${paid.refId}`, headers: staff.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ total: 1, page: 1, pageSize: 20 });
    expect(res.json().items[0]).toMatchObject({ paymentNo: paid.paymentNo, status: 'succeeded', paidAmount: 2_500, refundedAmount: 500, shopperId: owner.id });
    expect(res.json().items[0]).not.toHaveProperty('refunds');

    const pending = await startPayment(ctx(), { shopperId: other.id });
    const byStatus = await ctx().app.inject({ method: 'GET', url: `/api/admin/payments?status=pending&shopperId=${other.id}`, headers: staff.headers });
    expect(byStatus.json().items.map((p: { paymentNo: string }) => p.paymentNo)).toEqual([pending.paymentNo]);
    const byNo = await ctx().app.inject({ method: 'GET', url: `/api/admin/payments?paymentNo=${paid.paymentNo}`, headers: staff.headers });
    expect(byNo.json().total).toBe(1);
    const from = new Date(ctx().clock.now().getTime() + 1).toISOString();
    const future = await ctx().app.inject({ method: 'GET', url: `/api/admin/payments?createdFrom=${encodeURIComponent(from)}`, headers: staff.headers });
    expect(future.json().total).toBe(0);
    const [all] = await ctx().db.select({ n: count() }).from(payments);
    const paged = await ctx().app.inject({ method: 'GET', url: '/api/admin/payments?pageSize=1&page=2', headers: staff.headers });
    expect(paged.json()).toMatchObject({ total: all!.n, page: 2, pageSize: 1 });
    expect(paged.json().items).toHaveLength(1);
  });

  it('shows one payment with its refunds and ledger', async () => {
    const res = await ctx().app.inject({ method: 'GET', url: `/api/admin/payments/${paid.paymentId}`, headers: staff.headers });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ id: paid.paymentId, status: 'succeeded', refundedAmount: 500, refundPendingAmount: 0, capture: 'auto' });
    expect(body.refunds).toHaveLength(1);
    expect(body.refunds[0]).toMatchObject({ amount: 500, status: 'succeeded', reason: '少发一件', requestedBy: 'staff:cs', refType: TEST_REF });
    expect(body.ledger.map((l: { kind: string; amount: number }) => [l.kind, l.amount])).toEqual([
      ['payment', 2_500],
      ['refund', -500],
    ]);
    expect(body.ledger[0].providerTxnId).toBe(body.providerTxnId);
    expect(body.ledger[1].providerRefundId).toBe(body.refunds[0].providerRefundId);
    const missing = await ctx().app.inject({ method: 'GET', url: '/api/admin/payments/2000000000', headers: staff.headers });
    expect(missing.statusCode).toBe(404);
  });

  it('keeps the back office to staff, and refuses bad queries', async () => {
    for (const url of ['/api/admin/payments', `/api/admin/payments/${paid.paymentId}`]) {
      expect((await ctx().app.inject({ method: 'GET', url })).statusCode).toBe(401);
      const shopper = await ctx().app.inject({ method: 'GET', url, headers: owner.headers });
      expect(shopper.statusCode).toBe(403);
      expect(shopper.json().code).toBe('FORBIDDEN');
    }
    for (const role of ['owner', 'operator', 'warehouse'] as const) {
      const member = await ctx().staffSession(role);
      expect((await ctx().app.inject({ method: 'GET', url: '/api/admin/payments', headers: member.headers })).statusCode).toBe(200);
    }
    for (const query of ['status=paid', 'provider=paypal', 'pageSize=1000', 'page=0', 'shopperId=-1', 'createdFrom=yesterday', `refId=${'x'.repeat(65)}`]) {
      const res = await ctx().app.inject({ method: 'GET', url: `/api/admin/payments?${query}`, headers: staff.headers });
      expect(res.statusCode, query).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
    expect((await ctx().app.inject({ method: 'GET', url: '/api/admin/payments/abc', headers: staff.headers })).statusCode).toBe(400);
    expect((await ctx().app.inject({ method: 'GET', url: '/api/admin/payments/99999999999', headers: staff.headers })).statusCode).toBe(400);
  });
});

describeEachDatabase('payments: starting and preparing', (ctx) => {
  let shopperId: number;
  beforeAll(async () => {
    testListener();
    shopperId = (await ctx().shopperSession()).id;
  });

  const start = (c: TestContext, patch: Record<string, unknown>) =>
    c.db.transaction((tx) =>
      c.services.payments.start(tx, {
        refType: TEST_REF,
        refId: newRefId(),
        stage: 'deposit',
        amount: 100,
        currency: 'CNY',
        subject: '定金',
        shopperId,
        provider: 'sandbox',
        expiresAt: new Date(c.clock.now().getTime() + 60_000),
        ...patch,
      } as never),
    );

  it('refuses bad input with a clear code and records nothing', async () => {
    const [before] = await ctx().db.select({ n: count() }).from(payments);
    const cases: [Record<string, unknown>, string][] = [
      [{ amount: 0 }, 'PAYMENT_AMOUNT_INVALID'],
      [{ amount: -1 }, 'PAYMENT_AMOUNT_INVALID'],
      [{ amount: 1.5 }, 'PAYMENT_AMOUNT_INVALID'],
      [{ amount: 1e15 }, 'PAYMENT_AMOUNT_INVALID'],
      [{ currency: 'USD' }, 'VALIDATION_FAILED'],
      [{ expiresAt: ctx().clock.now() }, 'VALIDATION_FAILED'],
      [{ expiresAt: new Date('nope') }, 'VALIDATION_FAILED'],
      [{ subject: '   ' }, 'VALIDATION_FAILED'],
      [{ refId: 'x'.repeat(65) }, 'VALIDATION_FAILED'],
      [{ refType: 'a\u0000b' }, 'VALIDATION_FAILED'],
      [{ provider: 'alipay' }, 'PAYMENT_PROVIDER_UNAVAILABLE'],
      [{ provider: 'wechat' }, 'PAYMENT_PROVIDER_UNAVAILABLE'],
    ];
    for (const [patch, code] of cases) await expect(start(ctx(), patch), JSON.stringify(patch)).rejects.toMatchObject({ code });
    const [after] = await ctx().db.select({ n: count() }).from(payments);
    expect(after!.n).toBe(before!.n);
  });

  it('prepares only an open payment, and only returns to this shop', async () => {
    const p = await start(ctx(), { stage: 'balance', amount: 300 });
    const ready = await ctx().services.payments.prepare(p.paymentNo, { returnUrl: '/orders/12?from=pay' });
    expect(ready.payUrl).toContain(`/pay/sandbox/${p.paymentNo}`);
    await pressButton(ctx(), p.paymentNo, 'pay', '?notices=0');
    // The gateway sends the payer back where the shop asked.
    const [res] = [await ctx().app.inject({ method: 'GET', url: `/pay/sandbox/${p.paymentNo}` })];
    expect(res.statusCode).toBe(200);
    for (const returnUrl of ['https://evil.example/', '//evil.example/x', 'javascript:alert(1)']) {
      await expect(ctx().services.payments.prepare(p.paymentNo, { returnUrl })).rejects.toMatchObject({ code: 'PAYMENT_RETURN_URL_INVALID' });
    }
    await expect(ctx().services.payments.prepare('P00000000000000000000000')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    ctx().clock.advance(61_000);
    await expect(ctx().services.payments.prepare(p.paymentNo)).rejects.toMatchObject({ code: 'PAYMENT_EXPIRED' });
    const redirect = await ctx().app.inject({ method: 'POST', url: `/pay/sandbox/${p.paymentNo}/pay`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(redirect.statusCode).toBe(409); // already paid at the gateway
    expect(redirect.body).toContain('http://127.0.0.1:3000/orders/12?from=pay');
  });

  it('keeps one open payment per reference, stage and provider when started concurrently', async () => {
    const refId = newRefId();
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => start(ctx(), { refId, amount: 700 })));
    const numbers = new Set(results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<{ paymentNo: string }>).value.paymentNo));
    expect(numbers.size).toBe(1);
    for (const r of results.filter((x) => x.status === 'rejected')) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT' });
  });
});
