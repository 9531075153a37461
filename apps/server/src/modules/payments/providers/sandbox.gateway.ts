// The built-in sandbox gateway: a stand-in for an external payment system. It keeps its own
// books (sandbox.tables.ts), takes payments on a hosted page, answers queries, refunds,
// captures and voids, and tells the shop about outcomes by signed asynchronous notices sent
// through the outbox, as a real gateway calls the merchant's notify URL.
import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Clock } from '../../../platform/clock.ts';
import type { Db, DbOrTx, Tx } from '../../../platform/db.ts';
import { enqueue } from '../../../platform/jobs.ts';
import { sandboxGatewayPayments, sandboxGatewayRefunds } from './sandbox.tables.ts';
import { createSandboxTransfers } from './sandbox.transfers.ts';

export const SANDBOX_NOTICE_TOPIC = 'sandbox.deliver_notice';
export const SANDBOX_SIGNATURE_HEADER = 'x-sandbox-signature';

export type SandboxTrade = typeof sandboxGatewayPayments.$inferSelect;
type TradeStatus = SandboxTrade['status'];

/** The JSON body of a sandbox notice, signed as sent (HMAC-SHA256 over the raw body, hex). */
export type SandboxNoticeBody =
  | { notifyId: string; type: 'payment'; outTradeNo: string; tradeNo: string; status: 'succeeded' | 'authorized' | 'failed'; amount: number; currency: string; occurredAt: string }
  | { notifyId: string; type: 'refund'; outRefundNo: string; refundId: string; tradeNo: string; status: 'succeeded' | 'failed'; amount: number; occurredAt: string };

export interface NoticeDelivery {
  /** How many copies of the notice to send (0 = the notice is lost; the shop must ask by query). */
  copies?: number;
  /** Send it this much later. */
  delayMs?: number;
}

/** Failures the sandbox can be told to produce, for tests: the next N calls of an operation. */
export type SandboxFault = 'failed' | 'error' | 'pending';
type FaultyOperation = 'refund' | 'capture' | 'void' | 'query';

export function createSandboxGateway(deps: { db: Db; clock: Clock; secret: string; publicBaseUrl: string }) {
  const { clock } = deps;
  const faults = new Map<FaultyOperation, SandboxFault[]>();

  function sign(rawBody: string): string {
    return crypto.createHmac('sha256', deps.secret).update(rawBody, 'utf8').digest('hex');
  }

  function verifySignature(rawBody: string, signature: string | undefined): boolean {
    if (!signature || !/^[0-9a-f]{64}$/.test(signature)) return false;
    return crypto.timingSafeEqual(Buffer.from(sign(rawBody), 'hex'), Buffer.from(signature, 'hex'));
  }

  /** The next queued fault of an operation, if any (used once). */
  function takeFault(op: FaultyOperation): SandboxFault | undefined {
    const queue = faults.get(op);
    const fault = queue?.shift();
    if (fault === 'error') throw new Error(`sandbox gateway unavailable (${op})`);
    return fault;
  }

  async function findTrade(db: DbOrTx, outTradeNo: string): Promise<SandboxTrade | undefined> {
    const [trade] = await db.select().from(sandboxGatewayPayments).where(eq(sandboxGatewayPayments.outTradeNo, outTradeNo)).limit(1);
    return trade;
  }

  async function lockTrade(tx: DbOrTx, outTradeNo: string): Promise<SandboxTrade | undefined> {
    const [trade] = await tx.select().from(sandboxGatewayPayments).where(eq(sandboxGatewayPayments.outTradeNo, outTradeNo)).limit(1).for('update');
    return trade;
  }

  /** Opens a trade (or returns the open one with the same number); the pay page URL is the answer. */
  async function createTrade(input: {
    outTradeNo: string;
    subject: string;
    amount: number;
    currency: string;
    captureMode: 'auto' | 'manual';
    notifyUrl: string;
    returnUrl: string;
    expiresAt: Date;
  }): Promise<{ tradeNo: string; payUrl: string }> {
    const now = clock.now();
    const tradeNo = `SBX${now.toISOString().slice(0, 10).replace(/-/g, '')}${crypto.randomBytes(8).toString('hex')}`;
    await deps.db
      .insert(sandboxGatewayPayments)
      .values({ ...input, tradeNo, status: 'pending', createdAt: now, updatedAt: now })
      .onConflictDoNothing({ target: sandboxGatewayPayments.outTradeNo });
    const trade = (await findTrade(deps.db, input.outTradeNo))!;
    if (trade.amount !== input.amount) throw new Error(`sandbox: out_trade_no ${input.outTradeNo} was opened with a different amount`);
    if (trade.returnUrl !== input.returnUrl) {
      await deps.db.update(sandboxGatewayPayments).set({ returnUrl: input.returnUrl, updatedAt: now }).where(eq(sandboxGatewayPayments.tradeNo, trade.tradeNo));
    }
    return { tradeNo: trade.tradeNo, payUrl: `${deps.publicBaseUrl}/pay/sandbox/${encodeURIComponent(input.outTradeNo)}` };
  }

  /** What the gateway says about a trade right now; past its expiry an unpaid trade is closed. */
  function effectiveStatus(trade: SandboxTrade): TradeStatus {
    return trade.status === 'pending' && trade.expiresAt <= clock.now() ? 'closed' : trade.status;
  }

  /** Sends a signed notice to the merchant's notify URL, through the outbox. */
  async function sendNotice(tx: DbOrTx, body: SandboxNoticeBody, delivery: NoticeDelivery = {}): Promise<void> {
    const rawBody = JSON.stringify(body);
    const signature = sign(rawBody);
    const availableAt = new Date(clock.now().getTime() + (delivery.delayMs ?? 0));
    for (let copy = 0; copy < (delivery.copies ?? 1); copy++) {
      await enqueue(tx, clock, { topic: SANDBOX_NOTICE_TOPIC, payload: { rawBody, signature }, availableAt });
    }
  }

  function paymentNotice(trade: SandboxTrade, status: 'succeeded' | 'authorized' | 'failed', amount = trade.amount): SandboxNoticeBody {
    return {
      notifyId: crypto.randomUUID(),
      type: 'payment',
      outTradeNo: trade.outTradeNo,
      tradeNo: trade.tradeNo,
      status,
      amount,
      currency: trade.currency,
      occurredAt: clock.now().toISOString(),
    };
  }

  /**
   * The payer's choice on the hosted page: pay (authorise, for manual capture) or fail. Records
   * it in the gateway's books and sends the notice. Returns where to send the payer back to.
   */
  async function settle(
    outTradeNo: string,
    outcome: 'pay' | 'fail',
    delivery: NoticeDelivery = {},
  ): Promise<{ result: 'settled' | 'unknown' | 'not_payable'; trade?: SandboxTrade }> {
    return deps.db.transaction(async (tx) => {
      const trade = await lockTrade(tx, outTradeNo);
      if (!trade) return { result: 'unknown' as const };
      if (effectiveStatus(trade) !== 'pending') return { result: 'not_payable' as const, trade };
      const status = outcome === 'fail' ? 'failed' : trade.captureMode === 'manual' ? 'authorized' : 'succeeded';
      const now = clock.now();
      const [updated] = await tx
        .update(sandboxGatewayPayments)
        .set({ status, paidAt: status === 'failed' ? null : now, updatedAt: now })
        .where(eq(sandboxGatewayPayments.tradeNo, trade.tradeNo))
        .returning();
      await sendNotice(tx, paymentNotice(updated!, status), delivery);
      return { result: 'settled' as const, trade: updated! };
    });
  }

  async function query(outTradeNo: string): Promise<{ status: TradeStatus; amount?: number; tradeNo?: string }> {
    if (takeFault('query') === 'failed') return { status: 'pending' };
    const trade = await findTrade(deps.db, outTradeNo);
    if (!trade) return { status: 'pending' };
    return { status: effectiveStatus(trade), amount: trade.amount, tradeNo: trade.tradeNo };
  }

  type RefundAnswer = { status: 'succeeded' | 'pending' | 'failed'; refundId?: string };

  /** Refunds part or all of a paid trade; the same out_refund_no always gets the same refund back. */
  async function refund(input: { outTradeNo: string; tradeNo: string; outRefundNo: string; amount: number }): Promise<RefundAnswer> {
    const fault = takeFault('refund');
    if (fault === 'failed') return { status: 'failed' };
    return deps.db.transaction(async (tx): Promise<RefundAnswer> => {
      const trade = await lockTrade(tx, input.outTradeNo);
      const [existing] = await tx.select().from(sandboxGatewayRefunds).where(eq(sandboxGatewayRefunds.outRefundNo, input.outRefundNo)).limit(1);
      if (existing) return { status: existing.status, refundId: existing.refundId };
      if (!trade || trade.tradeNo !== input.tradeNo || trade.status !== 'succeeded') return { status: 'failed' };
      if (trade.refundedAmount + input.amount > trade.amount) return { status: 'failed' };
      const now = clock.now();
      const refundId = `SBR${crypto.randomBytes(10).toString('hex')}`;
      await tx.insert(sandboxGatewayRefunds).values({ refundId, outRefundNo: input.outRefundNo, tradeNo: trade.tradeNo, amount: input.amount, status: 'succeeded', createdAt: now, updatedAt: now });
      await tx
        .update(sandboxGatewayPayments)
        .set({ refundedAmount: trade.refundedAmount + input.amount, updatedAt: now })
        .where(eq(sandboxGatewayPayments.tradeNo, trade.tradeNo));
      if (fault !== 'pending') return { status: 'succeeded', refundId };
      // Asynchronous refund: the answer is 'pending', the outcome comes later as a notice.
      const notice: SandboxNoticeBody = { notifyId: crypto.randomUUID(), type: 'refund', outRefundNo: input.outRefundNo, refundId, tradeNo: trade.tradeNo, status: 'succeeded', amount: input.amount, occurredAt: now.toISOString() };
      await sendNotice(tx, notice);
      return { status: 'pending', refundId };
    });
  }

  /** Captures (authorized → succeeded) or voids (authorized → closed) an authorisation; repeatable. */
  async function finishAuthorization(op: 'capture' | 'void', input: { outTradeNo: string; tradeNo: string }): Promise<{ status: 'succeeded' | 'failed' }> {
    if (takeFault(op) === 'failed') return { status: 'failed' };
    return deps.db.transaction(async (tx) => {
      const trade = await lockTrade(tx, input.outTradeNo);
      if (!trade || trade.tradeNo !== input.tradeNo) return { status: 'failed' as const };
      const target = op === 'capture' ? 'succeeded' : 'closed';
      if (trade.status === target) return { status: 'succeeded' as const };
      if (trade.status !== 'authorized') return { status: 'failed' as const };
      await tx.update(sandboxGatewayPayments).set({ status: target, updatedAt: clock.now() }).where(eq(sandboxGatewayPayments.tradeNo, trade.tradeNo));
      return { status: 'succeeded' as const };
    });
  }

  return {
    sign,
    verifySignature,
    createTrade,
    findTrade: (outTradeNo: string) => findTrade(deps.db, outTradeNo),
    effectiveStatus,
    settle,
    query,
    refund,
    capture: (input: { outTradeNo: string; tradeNo: string }) => finishAuthorization('capture', input),
    void: (input: { outTradeNo: string; tradeNo: string }) => finishAuthorization('void', input),
    ...createSandboxTransfers({ db: deps.db, clock }),
    /** For tests: sends any notice about a trade (a late 'failed', a wrong amount, ...), signed. */
    async sendPaymentNotice(outTradeNo: string, notice: { status: 'succeeded' | 'authorized' | 'failed'; amount?: number }, delivery?: NoticeDelivery, tx?: Tx) {
      const trade = await findTrade(tx ?? deps.db, outTradeNo);
      if (!trade) throw new Error(`sandbox: no trade ${outTradeNo}`);
      await sendNotice(tx ?? deps.db, paymentNotice(trade, notice.status, notice.amount), delivery);
    },
    /** For tests: the next `times` calls of `op` fail ('failed'), throw ('error') or, for refunds, answer 'pending'. */
    injectFault(op: FaultyOperation, fault: SandboxFault, times = 1) {
      const queue = faults.get(op) ?? [];
      for (let i = 0; i < times; i++) queue.push(fault);
      faults.set(op, queue);
    },
    clearFaults: () => faults.clear(),
  };
}

export type SandboxGateway = ReturnType<typeof createSandboxGateway>;
