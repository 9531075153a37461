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
  /**
   * Pays money out of the merchant's account to a person (提现打款), once per transferNo: a repeat
   * of the same transferNo answers the first outcome and moves no more money. Throws
   * AppError('PAYMENT_GATEWAY_ERROR') when the gateway cannot be reached or its answer is not
   * understood (the outcome is then unknown: ask again with the same transferNo).
   */
  transfer?(input: TransferInput): Promise<TransferOutcome>;
  /** Where a transfer stands now; 'not_found' when the gateway never received it. */
  queryTransfer?(input: { transferNo: string }): Promise<TransferOutcome | { status: 'not_found' }>;
}

export interface TransferInput {
  transferNo: string;
  /** In fen. */
  amount: number;
  /** For Alipay, the payee's Alipay login (phone or e-mail) and real name, which Alipay checks. */
  payee: { account: string; name: string };
  remark: string;
}

export type TransferOutcome =
  | { status: 'succeeded'; providerRef: string }
  | { status: 'pending'; providerRef?: string }
  | { status: 'failed'; reason: string; providerRef?: string };

export type VerifiedNotice =
  | { kind: 'payment'; paymentNo: string; status: 'succeeded' | 'authorized' | 'failed'; amount: number; providerTxnId: string; occurredAt: Date }
  | { kind: 'refund'; refundNo: string; status: 'succeeded' | 'failed'; amount: number; providerRefundId: string; occurredAt: Date };

/** The providers configured for this instance, by name. The sandbox is always there. */
export type PaymentProviders = ReadonlyMap<ProviderName, PaymentProvider>;
