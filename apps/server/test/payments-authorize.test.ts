import { and, count, eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase, type TestContext } from './harness.ts';
import { staffNotifications } from '../src/modules/notifications/notifications.tables.ts';
import { sandboxGatewayPayments } from '../src/modules/payments/providers/sandbox.tables.ts';
import { ledgerOf, paymentRow, pressButton, startPayment, testListener } from './payments-helpers.ts';

const capture = (ctx: TestContext, id: number) => ctx.db.transaction((tx) => ctx.services.payments.capture(tx, id));
const voidIt = (ctx: TestContext, id: number) => ctx.db.transaction((tx) => ctx.services.payments.void(tx, id));
const gatewayStatus = async (ctx: TestContext, paymentNo: string) =>
  (await ctx.db.select().from(sandboxGatewayPayments).where(eq(sandboxGatewayPayments.outTradeNo, paymentNo)))[0]!.status;

describeEachDatabase('payments: authorise, capture, void; sweeper', (ctx) => {
  let listener: ReturnType<typeof testListener>;
  let shopperId: number;
  beforeAll(async () => {
    listener = testListener();
    shopperId = (await ctx().shopperSession()).id;
  });

  async function authorized(amount = 9_900) {
    const p = await startPayment(ctx(), { shopperId, amount, capture: 'manual' });
    const page = await ctx().app.inject({ method: 'GET', url: p.payPath });
    expect(page.body).toContain('授权');
    await pressButton(ctx(), p.paymentNo, 'pay');
    await ctx().jobs.drain();
    const row = await paymentRow(ctx(), p.paymentNo);
    expect(row).toMatchObject({ status: 'authorized', paidAmount: 0, captureMode: 'manual' });
    expect(listener.of(p.refId).map((c) => c.kind)).toEqual(['authorized']);
    return { ...p, id: row.id };
  }

  it('authorises, then captures once: ledger capture row and onSucceeded', async () => {
    const p = await authorized();
    expect(await ledgerOf(ctx(), p.id)).toHaveLength(0);
    expect(await gatewayStatus(ctx(), p.paymentNo)).toBe('authorized');
    const first = await capture(ctx(), p.id);
    expect(first).toMatchObject({ status: 'authorized', pendingOperation: 'capture' });
    expect(await capture(ctx(), p.id)).toMatchObject({ pendingOperation: 'capture' }); // repeated: same request
    await expect(voidIt(ctx(), p.id)).rejects.toMatchObject({ code: 'PAYMENT_OPERATION_PENDING' });
    await ctx().jobs.drain();
    const row = await paymentRow(ctx(), p.paymentNo);
    expect(row).toMatchObject({ status: 'succeeded', paidAmount: 9_900, pendingOperation: null });
    expect((await ledgerOf(ctx(), p.id)).map((l) => [l.kind, l.amount])).toEqual([['capture', 9_900]]);
    expect(listener.of(p.refId).map((c) => c.kind)).toEqual(['authorized', 'succeeded']);
    expect(await gatewayStatus(ctx(), p.paymentNo)).toBe('succeeded');
    await expect(capture(ctx(), p.id)).rejects.toMatchObject({ code: 'PAYMENT_STATE_INVALID', status: 409 });
    // A captured payment refunds like any other.
    await ctx().db.transaction((tx) => ctx().services.payments.refund(tx, { paymentId: p.id, amount: 900, reason: 'r', refType: 'ptest', refId: p.refId, requestedBy: 't' }));
    await ctx().jobs.drain();
    expect(await paymentRow(ctx(), p.paymentNo)).toMatchObject({ refundedAmount: 900 });
  });

  it('authorises, then voids: closed, no money moved', async () => {
    const p = await authorized();
    await voidIt(ctx(), p.id);
    await ctx().jobs.drain();
    const row = await paymentRow(ctx(), p.paymentNo);
    expect(row).toMatchObject({ status: 'closed', closeReason: 'voided', paidAmount: 0, pendingOperation: null });
    expect(await ledgerOf(ctx(), p.id)).toHaveLength(0);
    expect(await gatewayStatus(ctx(), p.paymentNo)).toBe('closed');
    expect(listener.of(p.refId, 'succeeded')).toHaveLength(0);
    await expect(capture(ctx(), p.id)).rejects.toMatchObject({ code: 'PAYMENT_STATE_INVALID' });
  });

  it('retries a capture the gateway refuses, and gives up after the last attempt telling staff', async () => {
    const retried = await authorized();
    ctx().sandboxGateway!.injectFault('capture', 'failed', 2);
    await capture(ctx(), retried.id);
    for (let i = 0; i < 3; i++) {
      await ctx().jobs.drain();
      ctx().clock.advance(30_000);
    }
    expect(await paymentRow(ctx(), retried.paymentNo)).toMatchObject({ status: 'succeeded', pendingOperation: null });
    expect(await ledgerOf(ctx(), retried.id)).toHaveLength(1);

    const given = await authorized();
    ctx().sandboxGateway!.injectFault('void', 'error', 5);
    await voidIt(ctx(), given.id);
    for (let i = 0; i < 6; i++) {
      await ctx().jobs.drain();
      ctx().clock.advance(60_000);
    }
    expect(await paymentRow(ctx(), given.paymentNo)).toMatchObject({ status: 'authorized', pendingOperation: null });
    const [n] = await ctx().db.select({ n: count() }).from(staffNotifications).where(eq(staffNotifications.kind, 'payment_void_failed'));
    expect(n!.n).toBe(1);
    ctx().sandboxGateway!.clearFaults();
  });

  it('refuses to capture or void a payment that is not authorised, or unknown', async () => {
    const p = await startPayment(ctx(), { shopperId });
    await expect(capture(ctx(), p.paymentId)).rejects.toMatchObject({ code: 'PAYMENT_STATE_INVALID' });
    await expect(voidIt(ctx(), p.paymentId)).rejects.toMatchObject({ code: 'PAYMENT_STATE_INVALID' });
    await expect(capture(ctx(), 2_000_000_000)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await paymentRow(ctx(), p.paymentNo)).toMatchObject({ status: 'pending', pendingOperation: null });
  });

  it('closes an expired unpaid payment', async () => {
    const p = await startPayment(ctx(), { shopperId, expiresInMs: 15 * 60_000 });
    await ctx().jobs.drain();
    expect((await paymentRow(ctx(), p.paymentNo)).status).toBe('pending');
    ctx().clock.advance(15 * 60_000); // expired, still within the grace period
    await ctx().jobs.drain();
    expect((await paymentRow(ctx(), p.paymentNo)).status).toBe('pending');
    ctx().clock.advance(5 * 60_000 + 1_000);
    await ctx().jobs.drain();
    const row = await paymentRow(ctx(), p.paymentNo);
    expect(row).toMatchObject({ status: 'closed', closeReason: 'expired' });
    expect(row.closedAt).toEqual(ctx().clock.now());
    expect(listener.of(p.refId)).toHaveLength(0);
  });

  it('recovers a payment whose notice was lost, by asking the gateway near expiry', async () => {
    const p = await startPayment(ctx(), { shopperId, amount: 4_321, expiresInMs: 30 * 60_000 });
    const res = await pressButton(ctx(), p.paymentNo, 'pay', '?notices=0');
    expect(res.statusCode).toBe(303);
    await ctx().jobs.drain();
    expect((await paymentRow(ctx(), p.paymentNo)).status).toBe('pending'); // not near expiry yet: not asked
    ctx().clock.advance(29 * 60_000);
    await ctx().jobs.drain();
    const row = await paymentRow(ctx(), p.paymentNo);
    expect(row).toMatchObject({ status: 'succeeded', paidAmount: 4_321 });
    expect(row.providerTxnId).toMatch(/^SBX/);
    expect(await ledgerOf(ctx(), row.id)).toHaveLength(1);
    expect(listener.of(p.refId).map((c) => c.kind)).toEqual(['succeeded']);
    // Later sweeps and a late notice change nothing.
    await ctx().sandboxGateway!.sendPaymentNotice(p.paymentNo, { status: 'succeeded' });
    ctx().clock.advance(10 * 60_000);
    await ctx().jobs.drain();
    expect(await ledgerOf(ctx(), row.id)).toHaveLength(1);
    expect(listener.of(p.refId)).toHaveLength(1);
  });

  it('asks again later when the gateway cannot answer, and closes only after expiry', async () => {
    const p = await startPayment(ctx(), { shopperId, expiresInMs: 60_000 });
    await pressButton(ctx(), p.paymentNo, 'pay', '?notices=0');
    ctx().sandboxGateway!.injectFault('query', 'error', 1);
    await ctx().jobs.drain();
    expect((await paymentRow(ctx(), p.paymentNo)).status).toBe('pending');
    ctx().clock.advance(61_000);
    await ctx().jobs.drain();
    expect((await paymentRow(ctx(), p.paymentNo)).status).toBe('succeeded');
    const [open] = await ctx().db.select({ n: count() }).from(sandboxGatewayPayments).where(and(eq(sandboxGatewayPayments.outTradeNo, p.paymentNo), eq(sandboxGatewayPayments.status, 'succeeded')));
    expect(open!.n).toBe(1);
  });
});
