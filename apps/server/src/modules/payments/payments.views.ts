// Read side of payments: what order detail, the shopper and the back office see.
import type { AdminPaymentListQuery, LedgerEntryView, PaymentDetail, PaymentView, RefundView, ShopperPaymentView } from '@mall/contract';
import type { Db, DbOrTx } from '../../platform/db.ts';
import { notFound } from '../../platform/errors.ts';
import * as repo from './payments.repo.ts';
import type { LedgerRow, PaymentRow, RefundRow } from './payments.repo.ts';

const PAYMENT = { zh: '支付单', en: 'Payment' };

export function toRefundView(r: RefundRow): RefundView {
  return {
    id: r.id,
    refundNo: r.refundNo,
    paymentId: r.paymentId,
    amount: r.amount,
    reason: r.reason,
    status: r.status,
    providerRefundId: r.providerRefundId,
    refType: r.refType,
    refId: r.refId,
    requestedBy: r.requestedBy,
    failureReason: r.failureReason,
    createdAt: r.createdAt,
    succeededAt: r.succeededAt,
    failedAt: r.failedAt,
  };
}

export function toPaymentView(p: PaymentRow, refunds: RefundRow[]): PaymentView {
  return {
    id: p.id,
    paymentNo: p.paymentNo,
    refType: p.refType,
    refId: p.refId,
    stage: p.stage,
    shopperId: p.shopperId,
    provider: p.provider,
    capture: p.captureMode,
    subject: p.subject,
    amount: p.amount,
    currency: 'CNY',
    status: p.status,
    pendingOperation: p.pendingOperation,
    providerTxnId: p.providerTxnId,
    paidAmount: p.paidAmount,
    refundedAmount: p.refundedAmount,
    refundPendingAmount: p.refundPendingAmount,
    expiresAt: p.expiresAt,
    paidAt: p.paidAt,
    authorizedAt: p.authorizedAt,
    closedAt: p.closedAt,
    failedAt: p.failedAt,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    refunds: refunds.filter((r) => r.paymentId === p.id).map(toRefundView),
  };
}

function toLedgerView(l: LedgerRow): LedgerEntryView {
  return {
    id: l.id,
    paymentId: l.paymentId,
    refundId: l.refundId,
    kind: l.kind,
    provider: l.provider,
    providerTxnId: l.providerTxnId,
    providerRefundId: l.providerRefundId,
    amount: l.amount,
    currency: 'CNY',
    at: l.at,
  };
}

function toShopperView(p: PaymentRow): ShopperPaymentView {
  return {
    paymentNo: p.paymentNo,
    refType: p.refType,
    refId: p.refId,
    stage: p.stage,
    provider: p.provider,
    subject: p.subject,
    amount: p.amount,
    currency: 'CNY',
    status: p.status,
    refundedAmount: p.refundedAmount,
    expiresAt: p.expiresAt,
    paidAt: p.paidAt,
  };
}

export function createPaymentViews(deps: { db: Db }) {
  const { db } = deps;

  /** The payments of a reference (an order), oldest first, each with its refunds. */
  async function listForRef(conn: DbOrTx, refType: string, refId: string): Promise<PaymentView[]> {
    const rows = await repo.paymentsOfRef(conn, refType, refId);
    const refunds = await repo.refundsOfPayments(conn, rows.map((p) => p.id));
    return rows.map((p) => toPaymentView(p, refunds));
  }

  /** A shopper's own payment by number; someone else's is reported as not found. */
  async function getForShopper(shopperId: number, paymentNo: string): Promise<ShopperPaymentView> {
    const payment = await repo.findPaymentByNo(db, paymentNo);
    if (!payment || payment.shopperId !== shopperId) throw notFound(PAYMENT, paymentNo);
    return toShopperView(payment);
  }

  async function listForStaff(query: AdminPaymentListQuery) {
    const { items, total } = await repo.listPayments(db, query);
    const list = items.map((p) => {
      const { refunds: _none, ...view } = toPaymentView(p, []);
      return view;
    });
    return { items: list, total, page: query.page, pageSize: query.pageSize };
  }

  async function getDetail(id: number): Promise<PaymentDetail> {
    const payment = await repo.findPaymentById(db, id);
    if (!payment) throw notFound(PAYMENT, id);
    const [refunds, ledger] = await Promise.all([repo.refundsOfPayments(db, [id]), repo.ledgerOfPayment(db, id)]);
    return { ...toPaymentView(payment, refunds), ledger: ledger.map(toLedgerView) };
  }

  return { listForRef, getForShopper, listForStaff, getDetail };
}
