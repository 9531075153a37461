import crypto from 'node:crypto';
import { and, asc, count, eq } from 'drizzle-orm';
import type { Tx } from '../src/platform/db.ts';
import { outbox } from '../src/platform/platform.tables.ts';
import { paymentLedger, payments, refunds } from '../src/modules/payments/payments.tables.ts';
import { registerPaymentListener, SANDBOX_NOTICE_TOPIC, type PaymentEvent, type RefundEvent } from '../src/modules/payments/index.ts';
import type { TestContext } from './harness.ts';

/** The reference type the payments tests own; orders registers 'order'. */
export const TEST_REF = 'ptest';

export interface ListenerCall {
  kind: 'succeeded' | 'authorized' | 'failed' | 'refunded' | 'refund_failed';
  refId: string;
  event: PaymentEvent | RefundEvent;
}

/**
 * A test listener: records every call; `behaviour` lets a test make it throw or act inside the
 * notice's transaction (e.g. refund at once, as orders does for a cancelled order).
 */
export function testListener() {
  const calls: ListenerCall[] = [];
  const behaviour: { throwOn?: string; onSucceeded?: (tx: Tx, e: PaymentEvent) => Promise<void> } = {};
  const record = (kind: ListenerCall['kind']) => async (tx: Tx, event: PaymentEvent | RefundEvent) => {
    if (behaviour.throwOn === event.refId) throw new Error('listener refuses');
    calls.push({ kind, refId: event.refId, event });
    if (kind === 'succeeded' && behaviour.onSucceeded) await behaviour.onSucceeded(tx, event as PaymentEvent);
  };
  registerPaymentListener(TEST_REF, {
    onSucceeded: record('succeeded'),
    onAuthorized: record('authorized'),
    onFailed: record('failed'),
    onRefunded: record('refunded'),
    onRefundFailed: record('refund_failed'),
  });
  return {
    calls,
    behaviour,
    of: (refId: string, kind?: ListenerCall['kind']) => calls.filter((c) => c.refId === refId && (!kind || c.kind === kind)),
  };
}

export const newRefId = () => `r${crypto.randomBytes(6).toString('hex')}`;

export async function startPayment(
  ctx: TestContext,
  input: { shopperId: number; amount?: number; refId?: string; capture?: 'auto' | 'manual'; expiresInMs?: number; subject?: string; stage?: 'full' | 'deposit' | 'balance' },
) {
  const refId = input.refId ?? newRefId();
  const started = await ctx.db.transaction((tx) =>
    ctx.services.payments.start(tx, {
      refType: TEST_REF,
      refId,
      stage: input.stage ?? 'full',
      amount: input.amount ?? 12_345,
      currency: 'CNY',
      subject: input.subject ?? '测试商品 Test goods',
      shopperId: input.shopperId,
      provider: 'sandbox',
      capture: input.capture,
      expiresAt: new Date(ctx.clock.now().getTime() + (input.expiresInMs ?? 30 * 60_000)),
    }),
  );
  const prepared = await ctx.services.payments.prepare(started.paymentNo, {});
  return { ...started, refId, payUrl: prepared.payUrl!, payPath: new URL(prepared.payUrl!).pathname };
}

/** The payer presses a button on the sandbox page. */
export const pressButton = (ctx: TestContext, paymentNo: string, outcome: 'pay' | 'fail', query = '') =>
  ctx.app.inject({
    method: 'POST',
    url: `/pay/sandbox/${paymentNo}/${outcome}${query}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'confirm=1',
  });

export async function paymentRow(ctx: TestContext, paymentNo: string) {
  const [row] = await ctx.db.select().from(payments).where(eq(payments.paymentNo, paymentNo));
  return row!;
}

export async function ledgerOf(ctx: TestContext, paymentId: number) {
  return ctx.db.select().from(paymentLedger).where(eq(paymentLedger.paymentId, paymentId)).orderBy(asc(paymentLedger.id));
}

export async function refundsOf(ctx: TestContext, paymentId: number) {
  return ctx.db.select().from(refunds).where(eq(refunds.paymentId, paymentId)).orderBy(asc(refunds.id));
}

/** The signed notices the sandbox has queued and not yet delivered. */
export async function queuedNotices(ctx: TestContext) {
  const rows = await ctx.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.topic, SANDBOX_NOTICE_TOPIC), eq(outbox.status, 'pending')))
    .orderBy(asc(outbox.id));
  return rows.map((r) => r.payload as { rawBody: string; signature: string });
}

export async function pendingOutbox(ctx: TestContext, topic: string) {
  const [row] = await ctx.db.select({ n: count() }).from(outbox).where(and(eq(outbox.topic, topic), eq(outbox.status, 'pending')));
  return row!.n;
}

export const postNotice = (ctx: TestContext, rawBody: string, signature: string | undefined, provider = 'sandbox') =>
  ctx.app.inject({
    method: 'POST',
    url: `/api/payments/notify/${provider}`,
    headers: { 'content-type': 'application/json', ...(signature ? { 'x-sandbox-signature': signature } : {}) },
    payload: rawBody,
  });
