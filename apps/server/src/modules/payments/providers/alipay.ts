import { AlipaySdk, AlipayRequestError } from 'alipay-sdk';
import { formatMinorUnits, parseMajorUnits } from '@mall/contract';
import type { AlipayConfig } from '../../../config-payments.ts';
import type { Clock } from '../../../platform/clock.ts';
import { AppError } from '../../../platform/errors.ts';
import type { PaymentProvider } from '../provider.ts';
import { formatChinaTime, verifyAlipayNotice } from './alipay-notice.ts';
import { AlipayRefusal, alipayUnavailable, queryAlipayTransfer, transferToAlipayAccount, type AlipaySend } from './alipay-transfer.ts';

export interface AlipayProviderOptions {
  config: AlipayConfig;
  clock: Clock;
  timeoutMs?: number;
}

type Prepare = Parameters<PaymentProvider['prepare']>[0];
type Refund = Parameters<PaymentProvider['refund']>[0];
/** One signed API v3 call whose answer the SDK has verified. */
type Call = (path: string, body: Record<string, unknown>) => Promise<Record<string, unknown>>;

const unavailable = alipayUnavailable;

const TRADE_STATES: Record<string, 'pending' | 'succeeded' | 'closed'> = {
  WAIT_BUYER_PAY: 'pending',
  TRADE_SUCCESS: 'succeeded',
  TRADE_FINISHED: 'succeeded',
  TRADE_CLOSED: 'closed', // unpaid and closed, or paid and then fully refunded
};

/** Business answers that are worth retrying; every other ACQ.* refusal of a refund is final. */
const RETRYABLE_REFUND_CODES = new Set(['ACQ.SYSTEM_ERROR', 'ACQ.SELLER_BALANCE_NOT_ENOUGH']);

/**
 * Alipay through the official alipay-sdk. prepare builds a signed alipay.trade.wap.pay page
 * URL (mobile H5 checkout; the shopper's browser opens it); query and refund use the API v3
 * endpoints (/v3/alipay/trade/query, /v3/alipay/trade/refund) whose answers the SDK verifies
 * with Alipay's public key; notices are checked with the SDK's RSA2 notify check. No
 * authorise/capture (fund authorisation is a separate Alipay product, not used here). Payouts
 * to a distributor's Alipay account go through alipay-transfer.ts.
 */
export function createAlipayProvider(options: AlipayProviderOptions): PaymentProvider {
  const { config, clock } = options;
  const sdk = new AlipaySdk({
    appId: config.appId,
    privateKey: config.privateKey,
    keyType: 'PKCS8',
    alipayPublicKey: config.alipayPublicKey,
    gateway: config.gateway,
    endpoint: config.endpoint,
    timeout: options.timeoutMs ?? 10_000,
  });
  const send: AlipaySend = async (method, path, options) => {
    try {
      return (await sdk.curl<Record<string, unknown>>(method, path, options)).data ?? {};
    } catch (error) {
      // Error answers are not signed (the SDK verifies 2xx answers only); they are refusals.
      if (error instanceof AlipayRequestError && (error.responseHttpStatus ?? 0) >= 400 && error.code) {
        throw new AlipayRefusal(error.code, error.responseHttpStatus!, error.message.slice(0, 100));
      }
      throw unavailable(`gateway call failed: ${(error as Error).message.slice(0, 200)}`);
    }
  };
  const call: Call = (path, body) => send('POST', path, { body });

  return {
    name: 'alipay',
    supportsAuthorize: false,
    prepare: async (input) => ({ payUrl: wapPayUrl(sdk, input) }),
    verifyNotice: async (notice) => verifyAlipayNotice(notice.rawBody, sdk, config, clock),
    ack: (ok) => ({ status: ok ? 200 : 400, contentType: 'text/plain; charset=utf-8', body: ok ? 'success' : 'failure' }),
    query: ({ paymentNo }) => queryTrade(call, paymentNo),
    refund: (input) => refundTrade(call, input),
    transfer: (input) => transferToAlipayAccount(send, input),
    queryTransfer: ({ transferNo }) => queryAlipayTransfer(send, transferNo),
  };
}

/** The signed GET URL of Alipay's mobile cashier (wap pay) for this payment. */
function wapPayUrl(sdk: AlipaySdk, input: Prepare): string {
  if (input.capture === 'manual') throw new AppError('PAYMENT_CAPTURE_UNSUPPORTED', { provider: 'alipay' });
  return sdk.pageExecute('alipay.trade.wap.pay', 'GET', {
    bizContent: {
      out_trade_no: input.paymentNo,
      total_amount: formatMinorUnits(input.amount),
      subject: input.subject.slice(0, 256) || input.paymentNo,
      product_code: 'QUICK_WAP_WAY',
      time_expire: formatChinaTime(input.expiresAt),
      quit_url: input.returnUrl,
    },
    notifyUrl: input.notifyUrl,
    returnUrl: input.returnUrl,
  });
}

async function queryTrade(call: Call, paymentNo: string) {
  let data: Record<string, unknown>;
  try {
    data = await call('/v3/alipay/trade/query', { out_trade_no: paymentNo });
  } catch (error) {
    // The shopper never opened the pay page, so Alipay has no trade: nothing was paid.
    if (error instanceof AlipayRefusal && error.code === 'ACQ.TRADE_NOT_EXIST') return { status: 'pending' as const };
    throw asUnavailable(error);
  }
  const status = TRADE_STATES[String(data.trade_status)];
  if (!status) throw unavailable('query answer not understood');
  return { status, amount: yuanToFen(data.total_amount), providerTxnId: typeof data.trade_no === 'string' ? data.trade_no : undefined };
}

async function refundTrade(call: Call, input: Refund): Promise<{ status: 'succeeded' | 'pending' | 'failed' }> {
  let data: Record<string, unknown>;
  try {
    data = await call('/v3/alipay/trade/refund', {
      out_trade_no: input.paymentNo,
      ...(input.providerTxnId ? { trade_no: input.providerTxnId } : {}),
      refund_amount: formatMinorUnits(input.amount),
      out_request_no: input.refundNo,
      ...(input.reason ? { refund_reason: input.reason.slice(0, 256) } : {}),
    });
  } catch (error) {
    if (error instanceof AlipayRefusal && error.status < 500 && error.code.startsWith('ACQ.') && !RETRYABLE_REFUND_CODES.has(error.code)) {
      return { status: 'failed' };
    }
    throw asUnavailable(error);
  }
  // Refunds are synchronous. fund_change N means no money moved by *this* call, which is
  // also the answer to a repeated out_request_no: ask whether that refund succeeded.
  if (data.fund_change === 'Y') return { status: 'succeeded' };
  let refund: Record<string, unknown>;
  try {
    refund = await call('/v3/alipay/trade/fastpay/refund/query', { out_trade_no: input.paymentNo, out_request_no: input.refundNo });
  } catch (error) {
    throw asUnavailable(error);
  }
  return { status: refund.refund_status === 'REFUND_SUCCESS' ? 'succeeded' : 'pending' };
}

function asUnavailable(error: unknown): Error {
  if (error instanceof AlipayRefusal) return unavailable(error.message);
  return error instanceof AppError ? error : unavailable((error as Error).message);
}

function yuanToFen(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return parseMajorUnits(value);
  } catch {
    return undefined;
  }
}
