import { z } from 'zod';
import type { WechatPayConfig } from '../../../config-payments.ts';
import type { Clock } from '../../../platform/clock.ts';
import { AppError } from '../../../platform/errors.ts';
import type { VerifiedNotice } from '../provider.ts';
import { decryptResource, readSignedHeaders, verifyWechatSignature } from './wechat-protocol.ts';

const invalid = (reason: string) => new AppError('PAYMENT_NOTICE_INVALID', { reason });

/** Fen, as WeChat sends them: a plain non-negative integer (a string or a fraction is refused). */
const fen = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const id = z.string().min(1).max(64);

const envelopeSchema = z.object({
  id: z.string().max(64).optional(),
  create_time: z.string().max(40).optional(),
  event_type: z.string().max(64),
  resource: z.object({
    algorithm: z.string().max(40),
    ciphertext: z.string().min(1).max(64 * 1024),
    nonce: z.string().min(1).max(64),
    associated_data: z.string().max(256).optional(),
  }),
});

const transactionSchema = z.object({
  mchid: z.string(),
  appid: z.string().optional(),
  out_trade_no: id,
  transaction_id: id,
  trade_state: z.string(),
  success_time: z.string().max(40).optional(),
  amount: z.object({ total: fen, currency: z.string().optional() }),
});

const refundSchema = z.object({
  mchid: z.string(),
  out_trade_no: id.optional(),
  out_refund_no: id,
  refund_id: id,
  refund_status: z.string(),
  success_time: z.string().max(40).optional(),
  amount: z.object({ total: fen.optional(), refund: fen }),
});

const REFUND_EVENTS: Record<string, 'succeeded' | 'failed'> = {
  'REFUND.SUCCESS': 'succeeded',
  'REFUND.ABNORMAL': 'failed',
  'REFUND.CLOSED': 'failed',
};

/**
 * Verifies a WeChat Pay notification: signature and timestamp first (over the raw body), then
 * decrypts the resource with the APIv3 key (which authenticates it again) and maps it.
 */
export function verifyWechatNotice(
  notice: { headers: Record<string, string | string[] | undefined>; rawBody: string },
  config: WechatPayConfig,
  clock: Clock,
): VerifiedNotice {
  const signed = readSignedHeaders(notice.headers);
  if (typeof signed === 'string') throw invalid(signed);
  const problem = verifyWechatSignature(signed, notice.rawBody, { publicKey: config.platformPublicKey, publicKeyId: config.platformPublicKeyId }, clock.now());
  if (problem) throw invalid(problem);

  const envelope = envelopeSchema.safeParse(parseJson(notice.rawBody));
  if (!envelope.success) throw invalid('not a WeChat Pay notification');
  let plain: unknown;
  try {
    plain = parseJson(decryptResource(envelope.data.resource, config.apiV3Key));
  } catch {
    throw invalid('resource does not decrypt with the APIv3 key');
  }
  const at = (text: string | undefined) => parseTime(text) ?? parseTime(envelope.data.create_time) ?? clock.now();
  const event = envelope.data.event_type;

  if (event === 'TRANSACTION.SUCCESS') {
    const tx = transactionSchema.safeParse(plain);
    if (!tx.success) throw invalid('transaction resource is malformed');
    if (tx.data.mchid !== config.mchId || (tx.data.appid !== undefined && tx.data.appid !== config.appId)) throw invalid('notification is for another merchant');
    if (tx.data.trade_state !== 'SUCCESS') throw invalid(`unexpected trade_state ${tx.data.trade_state}`);
    if (tx.data.amount.currency !== undefined && tx.data.amount.currency !== 'CNY') throw invalid('currency is not CNY');
    return {
      kind: 'payment',
      paymentNo: tx.data.out_trade_no,
      status: 'succeeded',
      amount: tx.data.amount.total,
      providerTxnId: tx.data.transaction_id,
      occurredAt: at(tx.data.success_time),
    };
  }
  const refundStatus = REFUND_EVENTS[event];
  if (refundStatus) {
    const refund = refundSchema.safeParse(plain);
    if (!refund.success) throw invalid('refund resource is malformed');
    if (refund.data.mchid !== config.mchId) throw invalid('notification is for another merchant');
    return {
      kind: 'refund',
      refundNo: refund.data.out_refund_no,
      status: refundStatus,
      amount: refund.data.amount.refund,
      providerRefundId: refund.data.refund_id,
      occurredAt: at(refund.data.success_time),
    };
  }
  throw invalid(`unsupported event_type ${event.slice(0, 64)}`);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** RFC 3339 times as WeChat sends them (2026-11-23T10:00:00+08:00). */
function parseTime(text: string | undefined): Date | undefined {
  if (!text || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
