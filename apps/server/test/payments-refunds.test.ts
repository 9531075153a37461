import { and, count, eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase, type TestContext } from './harness.ts';
import { staffNotifications } from '../src/modules/notifications/notifications.tables.ts';
import { outbox } from '../src/platform/platform.tables.ts';
import { REFUND_TOPIC } from '../src/modules/payments/index.ts';
import { sandboxGatewayPayments } from '../src/modules/payments/providers/sandbox.tables.ts';
import { ledgerOf, paymentRow, pendingOutbox, pressButton, refundsOf, startPayment, testListener, TEST_REF } from './payments-helpers.ts';

async function paidPayment(ctx: TestContext, shopperId: number, amount: number) {
  const p = await startPayment(ctx, { shopperId, amount });
  await pressButton(ctx, p.paymentNo, 'pay');
  await ctx.jobs.drain();
  const row = await paymentRow(ctx, p.paymentNo);
  expect(row.status).toBe('succeeded');
  return { ...p, id: row.id };
}

const refund = (ctx: TestContext, paymentId: number, amount: number, refId = 'x') =>
  ctx.db.transaction((tx) => ctx.services.payments.refund(tx, { paymentId, amount, reason: '测试退款', refType: TEST_REF, refId, requestedBy: 'tester' }));

describeEachDatabase('payments: refunds', (ctx) => {
  let listener: ReturnType<typeof testListener>;
  let shopperId: number;
  beforeAll(async () => {
    listener = testListener();
    shopperId = (await ctx().shopperSession()).id;
  });

  it('refunds partly, then the rest; each once in the ledger and to the listener; never more than paid', async () => {
    const p = await paidPayment(ctx(), shopperId, 10_000);
    const first = await refund(ctx(), p.id, 3_000, p.refId);
    expect(first).toMatchObject({ status: 'pending' });
    expect(first.refundNo).toMatch(/^R\d{30}$/);
    expect(await paymentRow(ctx(), p.paymentNo)).toMatchObject({ refundPendingAmount: 3_000, refundedAmount: 0 });
    await ctx().jobs.drain();
    expect(await paymentRow(ctx(), p.paymentNo)).toMatchObject({ refundPendingAmount: 0, refundedAmount: 3_000, status: 'succeeded' });
    const [r1] = await refundsOf(ctx(), p.id);
    expect(r1).toMatchObject({ status: 'succeeded', amount: 3_000, requestedBy: 'tester', reason: '测试退款' });
    expect(r1!.providerRefundId).toMatch(/^SBR/);
    expect(listener.of(p.refId, 'refunded')).toHaveLength(1);
    expect(listener.of(p.refId, 'refunded')[0]!.event).toMatchObject({ refundId: first.refundId, refundNo: first.refundNo, paymentId: p.id, amount: 3_000, refType: TEST_REF });

    // More than what is left: refused, nothing recorded.
    await expect(refund(ctx(), p.id, 7_001)).rejects.toMatchObject({ code: 'REFUND_EXCEEDS_PAYMENT', status: 409 });
    expect(await refundsOf(ctx(), p.id)).toHaveLength(1);
    await refund(ctx(), p.id, 7_000, p.refId);
    // While that one is in flight, nothing more can be refunded.
    await expect(refund(ctx(), p.id, 1)).rejects.toMatchObject({ code: 'REFUND_EXCEEDS_PAYMENT' });
    await ctx().jobs.drain();
    expect(await paymentRow(ctx(), p.paymentNo)).toMatchObject({ refundedAmount: 10_000, refundPendingAmount: 0, paidAmount: 10_000 });
    const ledger = await ledgerOf(ctx(), p.id);
    expect(ledger.map((l) => [l.kind, l.amount])).toEqual([
      ['payment', 10_000],
      ['refund', -3_000],
      ['refund', -7_000],
    ]);
    expect(ledger.reduce((s, l) => s + l.amount, 0)).toBe(0);
    expect(listener.of(p.refId, 'refunded')).toHaveLength(2);
    const [gateway] = await ctx().db.select().from(sandboxGatewayPayments).where(eq(sandboxGatewayPayments.outTradeNo, p.paymentNo));
    expect(gateway!.refundedAmount).toBe(10_000);
    await expect(refund(ctx(), p.id, 1)).rejects.toMatchObject({ code: 'REFUND_EXCEEDS_PAYMENT' });
  });

  it('refuses a refund above the paid amount, of an unpaid payment, or with bad input, recording nothing', async () => {
    const p = await paidPayment(ctx(), shopperId, 5_000);
    await expect(refund(ctx(), p.id, 5_001)).rejects.toMatchObject({ code: 'REFUND_EXCEEDS_PAYMENT' });
    await expect(refund(ctx(), p.id, 0)).rejects.toMatchObject({ code: 'REFUND_AMOUNT_INVALID' });
    await expect(refund(ctx(), p.id, -5)).rejects.toMatchObject({ code: 'REFUND_AMOUNT_INVALID' });
    await expect(refund(ctx(), p.id, 1.5)).rejects.toMatchObject({ code: 'REFUND_AMOUNT_INVALID' });
    await expect(refund(ctx(), 2_000_000_000, 100)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      ctx().db.transaction((tx) => ctx().services.payments.refund(tx, { paymentId: p.id, amount: 1, reason: '  ', refType: TEST_REF, refId: '1', requestedBy: 'x' })),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const unpaid = await startPayment(ctx(), { shopperId });
    await expect(refund(ctx(), unpaid.paymentId, 1)).rejects.toMatchObject({ code: 'REFUND_EXCEEDS_PAYMENT' });
    expect(await refundsOf(ctx(), p.id)).toHaveLength(0);
    expect(await paymentRow(ctx(), p.paymentNo)).toMatchObject({ refundPendingAmount: 0, refundedAmount: 0 });
  });

  it('retries a refund the gateway could not take, then records its success once', async () => {
    const p = await paidPayment(ctx(), shopperId, 2_000);
    ctx().sandboxGateway!.injectFault('refund', 'error', 1);
    ctx().sandboxGateway!.injectFault('refund', 'failed', 1);
    await refund(ctx(), p.id, 2_000, p.refId);
    await ctx().jobs.drain();
    const [message] = await ctx().db.select().from(outbox).where(and(eq(outbox.topic, REFUND_TOPIC), eq(outbox.status, 'pending')));
    expect(message).toMatchObject({ attempts: 1 });
    expect(message!.lastError).toContain('sandbox gateway unavailable');
    expect((await refundsOf(ctx(), p.id))[0]!.status).toBe('pending');
    ctx().clock.advance(3_000);
    await ctx().jobs.drain();
    expect((await refundsOf(ctx(), p.id))[0]!.status).toBe('pending');
    ctx().clock.advance(5_000);
    await ctx().jobs.drain();
    expect((await refundsOf(ctx(), p.id))[0]!.status).toBe('succeeded');
    expect(await pendingOutbox(ctx(), REFUND_TOPIC)).toBe(0);
    expect((await ledgerOf(ctx(), p.id)).filter((l) => l.kind === 'refund')).toHaveLength(1);
    expect(listener.of(p.refId, 'refunded')).toHaveLength(1);
  });

  it('marks a refund failed after the last retry, frees the amount and tells staff', async () => {
    const p = await paidPayment(ctx(), shopperId, 3_000);
    ctx().sandboxGateway!.injectFault('refund', 'failed', 5);
    const r = await refund(ctx(), p.id, 1_000, p.refId);
    for (let i = 0; i < 6; i++) {
      await ctx().jobs.drain();
      ctx().clock.advance(60_000);
    }
    const [row] = await refundsOf(ctx(), p.id);
    expect(row).toMatchObject({ status: 'failed', failureReason: 'refused by the gateway' });
    expect(await paymentRow(ctx(), p.paymentNo)).toMatchObject({ refundPendingAmount: 0, refundedAmount: 0 });
    expect(listener.of(p.refId, 'refunded')).toHaveLength(0);
    // The owner of the refund hears of the failure exactly once, however often the outbox runs.
    expect(listener.of(p.refId, 'refund_failed')).toHaveLength(1);
    expect(listener.of(p.refId, 'refund_failed')[0]!.event).toMatchObject({ refundId: r.refundId, refundNo: r.refundNo, paymentId: p.id, amount: 1_000, refType: TEST_REF, failureReason: 'refused by the gateway' });
    expect((await ledgerOf(ctx(), p.id)).filter((l) => l.kind === 'refund')).toHaveLength(0);
    const [notice] = await ctx().db.select({ n: count() }).from(staffNotifications).where(eq(staffNotifications.kind, 'refund_failed'));
    expect(notice!.n).toBe(1);
    ctx().sandboxGateway!.clearFaults();
    // The amount is refundable again.
    await refund(ctx(), p.id, 3_000, p.refId);
    await ctx().jobs.drain();
    expect(await paymentRow(ctx(), p.paymentNo)).toMatchObject({ refundedAmount: 3_000 });
    expect(r.refundNo).not.toBe((await refundsOf(ctx(), p.id))[1]!.refundNo);
    expect(listener.of(p.refId, 'refund_failed')).toHaveLength(1);
  });

  it('waits for the refund notice when the gateway answers pending', async () => {
    const p = await paidPayment(ctx(), shopperId, 4_000);
    ctx().sandboxGateway!.injectFault('refund', 'pending', 1);
    await refund(ctx(), p.id, 4_000, p.refId);
    await ctx().jobs.deliverOne(); // the refund request only
    const [pending] = await refundsOf(ctx(), p.id);
    expect(pending).toMatchObject({ status: 'pending' });
    expect(pending!.providerRefundId).toMatch(/^SBR/);
    expect(listener.of(p.refId, 'refunded')).toHaveLength(0);
    await ctx().jobs.drain(); // the sandbox's refund notice
    const [done] = await refundsOf(ctx(), p.id);
    expect(done).toMatchObject({ status: 'succeeded', providerRefundId: pending!.providerRefundId });
    expect(listener.of(p.refId, 'refunded')).toHaveLength(1);
    expect(await paymentRow(ctx(), p.paymentNo)).toMatchObject({ refundedAmount: 4_000, refundPendingAmount: 0 });
  });

  it('lets the listener refund inside the notice transaction (an order cancelled before the money came)', async () => {
    const p = await startPayment(ctx(), { shopperId, amount: 6_600 });
    listener.behaviour.onSucceeded = async (tx, e) => {
      if (e.refId !== p.refId) return;
      await ctx().services.payments.refund(tx, { paymentId: e.paymentId, amount: e.amount, reason: '订单已取消', refType: TEST_REF, refId: e.refId, requestedBy: 'system' });
    };
    await pressButton(ctx(), p.paymentNo, 'pay');
    await ctx().jobs.drain();
    listener.behaviour.onSucceeded = undefined;
    const row = await paymentRow(ctx(), p.paymentNo);
    expect(row).toMatchObject({ status: 'succeeded', paidAmount: 6_600, refundedAmount: 6_600, refundPendingAmount: 0 });
    expect((await refundsOf(ctx(), row.id)).map((r) => r.status)).toEqual(['succeeded']);
    expect((await ledgerOf(ctx(), row.id)).map((l) => l.amount)).toEqual([6_600, -6_600]);
  });

  it('refunds many at once without ever exceeding the paid amount', async () => {
    const p = await paidPayment(ctx(), shopperId, 1_000);
    const attempts = await Promise.allSettled(Array.from({ length: 8 }, () => refund(ctx(), p.id, 300)));
    const ok = attempts.filter((a) => a.status === 'fulfilled');
    expect(ok).toHaveLength(3);
    for (const failed of attempts.filter((a) => a.status === 'rejected')) {
      expect((failed as PromiseRejectedResult).reason).toMatchObject({ code: 'REFUND_EXCEEDS_PAYMENT' });
    }
    await ctx().jobs.drain();
    expect(await paymentRow(ctx(), p.paymentNo)).toMatchObject({ refundedAmount: 900, refundPendingAmount: 0 });
  });
});
