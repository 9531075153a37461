// Notices from gateways: verified first, then applied in one transaction, exactly once.
import type { FastifyBaseLogger } from 'fastify';
import type { Db, Tx } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import type { PaymentProviders, ProviderName, VerifiedNotice } from './provider.ts';
import type { PaymentApplier } from './payments.apply.ts';
import * as repo from './payments.repo.ts';

export interface RawNotice {
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
}

export interface NoticeAck {
  status: number;
  contentType: string;
  body: string;
}

const invalid = (reason: string) => new AppError('PAYMENT_NOTICE_INVALID', { reason });

export function createNoticeHandling(deps: { db: Db; log: FastifyBaseLogger; providers: PaymentProviders }, applier: PaymentApplier) {
  const { db, log } = deps;

  /**
   * The one path every gateway notice takes (HTTP from Alipay/WeChat, the outbox from the
   * sandbox): verify the signature, then in one transaction lock the payment (or refund), check
   * the amount, compare-and-set its status, write the ledger and tell the listener. A notice
   * that does not verify or does not match is refused (AppError PAYMENT_NOTICE_INVALID, nothing
   * applied); a duplicate, late or out-of-order one is acknowledged without effect. Any other
   * failure (a listener throwing) applies nothing and answers the gateway's "try again".
   */
  async function handleNotice(providerName: ProviderName, notice: RawNotice, tx?: Tx): Promise<NoticeAck> {
    const provider = deps.providers.get(providerName);
    if (!provider) throw new AppError('PAYMENT_PROVIDER_UNAVAILABLE', { provider: providerName });
    try {
      const verified = await provider.verifyNotice(notice);
      // In a caller's transaction (the sandbox's outbox delivery), a savepoint: a failure undoes only this.
      const outcome = tx ? await tx.transaction((t) => apply(t, providerName, verified)) : await db.transaction((t) => apply(t, providerName, verified));
      log.info({ provider: providerName, notice: describe(verified), outcome }, 'payment notice handled');
      return provider.ack(true);
    } catch (error) {
      if (error instanceof AppError && error.code === 'PAYMENT_NOTICE_INVALID') {
        log.warn({ provider: providerName, reason: error.params.reason }, 'payment notice refused');
        throw error;
      }
      log.error({ err: error, provider: providerName }, 'payment notice not applied');
      return provider.ack(false);
    }
  }

  async function apply(tx: Tx, providerName: ProviderName, notice: VerifiedNotice) {
    if (notice.kind === 'payment') {
      const payment = await repo.lockPaymentByNo(tx, notice.paymentNo);
      if (!payment || payment.provider !== providerName) throw invalid(`unknown payment ${notice.paymentNo}`);
      if (notice.amount !== payment.amount) throw invalid(`amount ${notice.amount} differs from the payment's ${payment.amount}`);
      return applier.applyPaymentOutcome(tx, payment, {
        status: notice.status,
        amount: notice.amount,
        providerTxnId: notice.providerTxnId,
        providerAt: notice.occurredAt,
      });
    }
    const found = await repo.findRefundByNo(tx, notice.refundNo);
    if (!found || found.provider !== providerName) throw invalid(`unknown refund ${notice.refundNo}`);
    if (notice.amount !== found.amount) throw invalid(`amount ${notice.amount} differs from the refund's ${found.amount}`);
    const payment = (await repo.lockPaymentById(tx, found.paymentId))!;
    const refund = (await repo.lockRefundByNo(tx, notice.refundNo))!;
    return applier.applyRefundOutcome(tx, payment, refund, {
      status: notice.status,
      providerRefundId: notice.providerRefundId,
      providerAt: notice.occurredAt,
      failureReason: notice.status === 'failed' ? 'the gateway reported the refund failed' : undefined,
    });
  }

  return { handleNotice };
}

function describe(n: VerifiedNotice) {
  return n.kind === 'payment'
    ? { kind: n.kind, paymentNo: n.paymentNo, status: n.status, amount: n.amount, providerTxnId: n.providerTxnId }
    : { kind: n.kind, refundNo: n.refundNo, status: n.status, amount: n.amount, providerRefundId: n.providerRefundId };
}
