import type { PaymentStage } from '@mall/contract';
import type { Tx } from '../../platform/db.ts';
import type { ProviderName } from './provider.ts';

export type PaymentEvent = {
  paymentId: number;
  paymentNo: string;
  refType: string;
  refId: string;
  stage: PaymentStage;
  amount: number;
  provider: ProviderName;
  providerTxnId: string;
  at: Date;
};

export type RefundEvent = {
  refundId: number;
  refundNo: string;
  paymentId: number;
  refType: string;
  refId: string;
  amount: number;
  at: Date;
  /** Why the gateway refused it (onRefundFailed only). */
  failureReason?: string;
};

/**
 * What the owner of a reference (orders for 'order', after-sales for refunds of a ticket) does when its payment moves. Called inside
 * the transaction that records the gateway's verified answer, exactly once per state change; if
 * a listener throws, nothing is applied and the gateway (or the outbox) tries again.
 */
export interface PaymentListener {
  /** Required for a reference type that takes payments: money received with no one to hear it is not applied. */
  onSucceeded?(tx: Tx, e: PaymentEvent): Promise<void>;
  onAuthorized?(tx: Tx, e: PaymentEvent): Promise<void>;
  onFailed?(tx: Tx, e: PaymentEvent): Promise<void>;
  /** Called on the listener of the refund's refType (the refType given to payments.refund). */
  onRefunded?(tx: Tx, e: RefundEvent): Promise<void>;
  /**
   * Called on the listener of the refund's refType when a refund is marked failed for good (the
   * gateway refused it after the last retry, or reported it failed); the amount is refundable again.
   */
  onRefundFailed?(tx: Tx, e: RefundEvent): Promise<void>;
}

const registry = new Map<string, PaymentListener>();

/**
 * Registers the listener of a reference type. A later registration for the same type replaces
 * the earlier one (an app built again in the same process, as tests do). Returns an undo.
 */
export function registerPaymentListener(refType: string, listener: PaymentListener): () => void {
  registry.set(refType, listener);
  return () => {
    if (registry.get(refType) === listener) registry.delete(refType);
  };
}

export function listenerFor(refType: string): PaymentListener | undefined {
  return registry.get(refType);
}
