import { z } from 'zod';
import type { WechatPayConfig } from '../../../config-payments.ts';
import type { Clock } from '../../../platform/clock.ts';
import { AppError } from '../../../platform/errors.ts';
import type { PaymentProvider } from '../provider.ts';
import { createWechatClient, errorCode, wechatUnavailable, type WechatClient } from './wechat-client.ts';
import { verifyWechatNotice } from './wechat-notice.ts';
import { chinaTime, truncateUtf8 } from './wechat-protocol.ts';

export interface WechatProviderOptions {
  config: WechatPayConfig;
  clock: Clock;
  /** Where WeChat Pay sends refund results: this shop's POST /api/payments/notify/wechat. */
  notifyUrl: string;
  timeoutMs?: number;
}

const TRADE_STATES: Record<string, 'pending' | 'succeeded' | 'failed' | 'closed'> = {
  SUCCESS: 'succeeded',
  REFUND: 'succeeded', // paid, then (partly) refunded: the payment itself succeeded
  NOTPAY: 'pending',
  USERPAYING: 'pending',
  ACCEPT: 'pending',
  PAYERROR: 'failed',
  CLOSED: 'closed',
  REVOKED: 'closed',
};

const REFUND_STATES: Record<string, 'succeeded' | 'pending' | 'failed'> = {
  SUCCESS: 'succeeded',
  PROCESSING: 'pending',
  CLOSED: 'failed',
  ABNORMAL: 'failed',
};

/** Refund answers that are a final "no" (retrying the same request cannot succeed). */
const REFUND_REFUSALS = new Set(['PARAM_ERROR', 'INVALID_REQUEST', 'RESOURCE_NOT_EXISTS', 'USER_ACCOUNT_ABNORMAL', 'NO_AUTH']);

const h5Answer = z.object({ h5_url: z.string().url().max(2048) });
const queryAnswer = z.object({
  trade_state: z.string(),
  transaction_id: z.string().max(64).optional(),
  amount: z.object({ total: z.number().int().min(0) }).optional(),
});
const refundAnswer = z.object({ refund_id: z.string().min(1).max(64), status: z.string() });

/**
 * WeChat Pay API v3, H5 payment (/v3/pay/transactions/h5): prepare returns the h5_url the
 * shopper's mobile browser opens (with redirect_url back to the shop). JSAPI (in-WeChat) and
 * Native (QR) are not used. Amounts are fen on both sides. Deposit/authorisation products
 * (微信支付分, 押金) are out of scope: supportsAuthorize is false.
 */
export function createWechatPayProvider(options: WechatProviderOptions): PaymentProvider {
  const { config, clock } = options;
  const client = createWechatClient(options);
  return {
    name: 'wechat',
    supportsAuthorize: false,
    prepare: (input) => prepareH5(client, config, input),
    verifyNotice: async (notice) => verifyWechatNotice(notice, config, clock),
    ack: (ok) =>
      ok
        ? { status: 200, contentType: 'application/json; charset=utf-8', body: JSON.stringify({ code: 'SUCCESS', message: '成功' }) }
        : { status: 400, contentType: 'application/json; charset=utf-8', body: JSON.stringify({ code: 'FAIL', message: '失败' }) },
    query: ({ paymentNo }) => queryOrder(client, config, paymentNo),
    refund: (input) => refundOrder(client, options.notifyUrl, input),
  };
}

type Prepare = Parameters<PaymentProvider['prepare']>[0];
type Refund = Parameters<PaymentProvider['refund']>[0];

async function prepareH5(client: WechatClient, config: WechatPayConfig, input: Prepare) {
  if (input.capture === 'manual') throw new AppError('PAYMENT_CAPTURE_UNSUPPORTED', { provider: 'wechat' });
  const response = await client.request('POST', '/v3/pay/transactions/h5', {
    appid: config.appId,
    mchid: config.mchId,
    description: truncateUtf8(input.subject, 127) || input.paymentNo,
    out_trade_no: input.paymentNo,
    time_expire: chinaTime(input.expiresAt),
    notify_url: input.notifyUrl,
    amount: { total: input.amount, currency: 'CNY' },
    // H5 pay requires the shopper's IP; WeChat checks it against the paying device.
    scene_info: { payer_client_ip: input.clientIp ?? '127.0.0.1', h5_info: { type: 'Wap' } },
  });
  if (response.status !== 200) throw wechatUnavailable(`prepare refused: ${errorCode(response)}`);
  const answer = h5Answer.safeParse(response.data);
  if (!answer.success) throw wechatUnavailable('prepare answer has no h5_url');
  const separator = answer.data.h5_url.includes('?') ? '&' : '?';
  return { payUrl: `${answer.data.h5_url}${separator}redirect_url=${encodeURIComponent(input.returnUrl)}` };
}

async function queryOrder(client: WechatClient, config: WechatPayConfig, paymentNo: string) {
  const path = `/v3/pay/transactions/out-trade-no/${encodeURIComponent(paymentNo)}?mchid=${encodeURIComponent(config.mchId)}`;
  const response = await client.request('GET', path);
  // Never created at WeChat (prepare not reached or failed): nothing was paid.
  if (response.status === 404 && errorCode(response) === 'ORDER_NOT_EXIST') return { status: 'pending' as const };
  if (response.status !== 200) throw wechatUnavailable(`query failed: ${errorCode(response)}`);
  const answer = queryAnswer.safeParse(response.data);
  const status = answer.success ? TRADE_STATES[answer.data.trade_state] : undefined;
  if (!answer.success || !status) throw wechatUnavailable('query answer not understood');
  return { status, amount: answer.data.amount?.total, providerTxnId: answer.data.transaction_id || undefined };
}

async function refundOrder(client: WechatClient, notifyUrl: string, input: Refund) {
  const response = await client.request('POST', '/v3/refund/domestic/refunds', {
    ...(input.providerTxnId ? { transaction_id: input.providerTxnId } : { out_trade_no: input.paymentNo }),
    out_refund_no: input.refundNo,
    ...(input.reason ? { reason: truncateUtf8(input.reason, 80) } : {}),
    notify_url: notifyUrl,
    amount: { refund: input.amount, total: input.totalAmount, currency: 'CNY' },
  });
  if (response.status !== 200) {
    if (response.status < 500 && REFUND_REFUSALS.has(errorCode(response))) return { status: 'failed' as const };
    throw wechatUnavailable(`refund failed: ${errorCode(response)}`);
  }
  const answer = refundAnswer.safeParse(response.data);
  const status = answer.success ? REFUND_STATES[answer.data.status] : undefined;
  if (!answer.success || !status) throw wechatUnavailable('refund answer not understood');
  return { status, providerRefundId: answer.data.refund_id };
}
