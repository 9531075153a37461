import type { DbOrTx, Tx } from '../../platform/db.ts';
import type { PaymentsPort, RefundablePayment } from './aftersales.ports.ts';

/** The parts of the payments core after-sales uses (its createPaymentService result fits). */
export interface PaymentsCoreLike {
  listForRef(
    db: DbOrTx,
    refType: string,
    refId: string,
  ): Promise<readonly { id: number; stage: RefundablePayment['stage']; status: string; paidAmount: number; refundedAmount: number; refundPendingAmount: number; paidAt: Date | null }[]>;
  refund: PaymentsPort['refund'];
}

/** Payments as after-sales sees them: the order's succeeded payments and what is left to refund of each. */
export function paymentsPortFrom(payments: PaymentsCoreLike): PaymentsPort {
  return {
    async refundablePayments(tx: Tx, orderId: number) {
      const views = await payments.listForRef(tx, 'order', String(orderId));
      return views
        .filter((p) => p.status === 'succeeded')
        .map((p) => ({ paymentId: p.id, stage: p.stage, refundable: Math.max(0, p.paidAmount - p.refundedAmount - p.refundPendingAmount), paidAt: p.paidAt }));
    },
    refund: (tx, input) => payments.refund(tx, input),
  };
}
