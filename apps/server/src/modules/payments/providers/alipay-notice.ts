import type { AlipaySdk } from 'alipay-sdk';
import { parseMajorUnits } from '@mall/contract';
import type { AlipayConfig } from '../../../config-payments.ts';
import type { Clock } from '../../../platform/clock.ts';
import { AppError } from '../../../platform/errors.ts';
import type { VerifiedNotice } from '../provider.ts';

const invalid = (reason: string) => new AppError('PAYMENT_NOTICE_INVALID', { reason });

/** "2026-11-23 10:00:00" (China time, as Alipay writes it) → Date. */
export function parseChinaTime(text: string | undefined): Date | undefined {
  const match = text ? /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/.exec(text) : null;
  if (!match) return undefined;
  const date = new Date(`${match[1]}T${match[2]}+08:00`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Date → "2026-11-23 10:00:00" in China time. */
export function formatChinaTime(date: Date): string {
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** The form fields of a notice; a repeated field is refused (it could hide a second value). */
function readForm(rawBody: string): Record<string, string> {
  if (rawBody.length === 0 || rawBody.length > 64 * 1024) throw invalid('empty or oversized body');
  const fields: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawBody)) {
    if (Object.hasOwn(fields, key)) throw invalid(`field ${key.slice(0, 40)} given twice`);
    fields[key] = value;
  }
  return fields;
}

/**
 * Verifies an Alipay asynchronous notice (application/x-www-form-urlencoded): the RSA2
 * signature with Alipay's public key through the SDK first, then the app id, then maps the
 * trade status. Alipay also notifies refunds as trade-status changes (with out_biz_no and
 * refund_fee); those only confirm the payment succeeded, since refunds are settled
 * synchronously by the refund call.
 */
export function verifyAlipayNotice(rawBody: string, sdk: AlipaySdk, config: AlipayConfig, clock: Clock): VerifiedNotice {
  const fields = readForm(rawBody);
  if (fields.sign_type !== 'RSA2') throw invalid('sign_type must be RSA2');
  let verified = false;
  try {
    verified = sdk.checkNotifySignV2(fields);
  } catch {
    verified = false;
  }
  if (!verified) throw invalid('signature does not verify');
  if (fields.app_id !== config.appId) throw invalid('notice is for another app');
  const paymentNo = fields.out_trade_no;
  const tradeNo = fields.trade_no;
  if (!paymentNo || paymentNo.length > 64 || !tradeNo || tradeNo.length > 64) throw invalid('out_trade_no or trade_no missing');
  let amount: number;
  try {
    amount = parseMajorUnits(fields.total_amount ?? '');
  } catch {
    throw invalid('total_amount is not a yuan amount');
  }
  const refundRelated = Boolean(fields.out_biz_no || fields.gmt_refund || fields.refund_fee);
  const occurredAt = parseChinaTime(fields.gmt_payment) ?? parseChinaTime(fields.notify_time) ?? clock.now();
  switch (fields.trade_status) {
    case 'TRADE_SUCCESS':
    case 'TRADE_FINISHED':
      return { kind: 'payment', paymentNo, status: 'succeeded', amount, providerTxnId: tradeNo, occurredAt };
    case 'TRADE_CLOSED':
      // Closed after a full refund: it had been paid. Closed unpaid (timeout, cancel): failed.
      return refundRelated
        ? { kind: 'payment', paymentNo, status: 'succeeded', amount, providerTxnId: tradeNo, occurredAt }
        : { kind: 'payment', paymentNo, status: 'failed', amount, providerTxnId: tradeNo, occurredAt: parseChinaTime(fields.gmt_close) ?? occurredAt };
    default:
      throw invalid(`unsupported trade_status ${String(fields.trade_status).slice(0, 40)}`);
  }
}
