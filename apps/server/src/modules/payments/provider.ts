// The gateway interface every payment provider implements (sandbox, Alipay, WeChat Pay).
// Fixed: other modules and the provider helpers code against it.

export type ProviderName = 'sandbox' | 'alipay' | 'wechat';
export const PROVIDER_NAMES = ['sandbox', 'alipay', 'wechat'] as const satisfies readonly ProviderName[];

export interface PaymentProvider {
  readonly name: ProviderName;
  readonly supportsAuthorize: boolean;
  /** Starts the payment at the gateway; returns what the shopper's device needs (a pay page URL, or SDK params). */
  prepare(input: {
    paymentNo: string;
    amount: number;
    currency: 'CNY';
    subject: string;
    expiresAt: Date;
    capture: 'auto' | 'manual';
    notifyUrl: string;
    returnUrl: string;
    clientIp?: string;
  }): Promise<{ payUrl?: string; clientParams?: Record<string, unknown>; providerRef?: string }>;
  /** Verifies an asynchronous notice from the gateway (signature first, never trusting the body). Throws AppError('PAYMENT_NOTICE_INVALID') when it does not verify. */
  verifyNotice(notice: { headers: Record<string, string | string[] | undefined>; rawBody: string }): Promise<VerifiedNotice>;
  /** The acknowledgement the gateway expects back (e.g. 'success' for Alipay, JSON {code:'SUCCESS'} for WeChat). */
  ack(ok: boolean): { status: number; contentType: string; body: string };
  query(input: { paymentNo: string }): Promise<{
    status: 'pending' | 'succeeded' | 'authorized' | 'failed' | 'closed';
    amount?: number;
    providerTxnId?: string;
  }>;
  refund(input: {
    paymentNo: string;
    providerTxnId: string;
    refundNo: string;
    amount: number;
    totalAmount: number;
    reason: string;
  }): Promise<{ status: 'succeeded' | 'pending' | 'failed'; providerRefundId?: string }>;
  capture?(input: { paymentNo: string; providerTxnId: string; amount: number }): Promise<{ status: 'succeeded' | 'failed' }>;
  void?(input: { paymentNo: string; providerTxnId: string }): Promise<{ status: 'succeeded' | 'failed' }>;
}

export type VerifiedNotice =
  | { kind: 'payment'; paymentNo: string; status: 'succeeded' | 'authorized' | 'failed'; amount: number; providerTxnId: string; occurredAt: Date }
  | { kind: 'refund'; refundNo: string; status: 'succeeded' | 'failed'; amount: number; providerRefundId: string; occurredAt: Date };

/** The providers configured for this instance, by name. The sandbox is always there. */
export type PaymentProviders = ReadonlyMap<ProviderName, PaymentProvider>;
