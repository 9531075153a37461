// Payouts through Alipay (单笔转账到支付宝账户): alipay.fund.trans.uni.transfer with product
// TRANS_ACCOUNT_NO_PWD / DIRECT_TRANSFER to a payee named by Alipay login and real name, and
// alipay.fund.trans.common.query for one still being processed. out_biz_no is the merchant's
// transfer number, so Alipay itself refuses to pay the same number twice.
import { formatMinorUnits } from '@mall/contract';
import { AppError } from '../../../platform/errors.ts';
import type { TransferInput, TransferOutcome } from '../provider.ts';

/** One signed API v3 call whose answer the SDK has verified; throws AlipayRefusal for a business refusal. */
export type AlipaySend = (method: 'GET' | 'POST', path: string, options: { body?: Record<string, unknown>; query?: Record<string, string> }) => Promise<Record<string, unknown>>;

/** A business refusal from Alipay: an error status with a code such as ACQ.TRADE_NOT_EXIST. */
export class AlipayRefusal extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly detail = '',
  ) {
    super(`Alipay refused: ${code}`);
  }
}

export const alipayUnavailable = (detail: string) => new AppError('PAYMENT_GATEWAY_ERROR', { provider: 'alipay', detail });

const PRODUCT = { product_code: 'TRANS_ACCOUNT_NO_PWD', biz_scene: 'DIRECT_TRANSFER' } as const;

/**
 * Business refusals worth asking again about (same out_biz_no, so never paid twice): Alipay's own
 * trouble, and the shop's Alipay balance running short (paid once it is topped up).
 */
const RETRYABLE_TRANSFER_CODES = new Set(['SYSTEM_ERROR', 'PAYER_BALANCE_NOT_ENOUGH']);

/** Alipay's transfer states: SUCCESS is final; DEALING / WAIT_PAY / INIT are still moving; FAIL, CLOSED and REFUND (bounced back) are final failures. */
function outcomeOf(data: Record<string, unknown>): TransferOutcome {
  const status = String(data.status ?? '');
  const ref = [data.order_id, data.pay_fund_order_id].find((v): v is string => typeof v === 'string' && v.length > 0);
  if (status === 'SUCCESS') {
    if (!ref) throw alipayUnavailable('transfer answer without order_id');
    return { status: 'succeeded', providerRef: ref };
  }
  if (status === 'DEALING' || status === 'WAIT_PAY' || status === 'INIT') return { status: 'pending', ...(ref ? { providerRef: ref } : {}) };
  if (status === 'FAIL' || status === 'CLOSED' || status === 'REFUND') {
    const why = [data.error_code, data.fail_reason].filter((v) => typeof v === 'string' && v).join(' ');
    return { status: 'failed', reason: `支付宝转账失败${why ? `：${why}` : ''}`.slice(0, 200), ...(ref ? { providerRef: ref } : {}) };
  }
  throw alipayUnavailable(`transfer answer not understood (status ${status.slice(0, 20) || 'missing'})`);
}

/** A 400 business refusal (PAYEE_NOT_EXIST, PAYEE_USER_INFO_ERROR, …) is final; a signature, permission or server error is not the payee's fault. */
function refusalOutcome(error: unknown): TransferOutcome {
  if (error instanceof AlipayRefusal && error.status === 400 && !RETRYABLE_TRANSFER_CODES.has(error.code)) {
    return { status: 'failed', reason: `支付宝拒绝转账：${error.code}${error.detail ? ` ${error.detail}` : ''}`.slice(0, 200) };
  }
  if (error instanceof AlipayRefusal) throw alipayUnavailable(error.message);
  throw error instanceof AppError ? error : alipayUnavailable((error as Error).message);
}

export async function transferToAlipayAccount(send: AlipaySend, input: TransferInput): Promise<TransferOutcome> {
  let data: Record<string, unknown>;
  try {
    data = await send('POST', '/v3/alipay/fund/trans/uni/transfer', {
      body: {
        out_biz_no: input.transferNo,
        trans_amount: formatMinorUnits(input.amount),
        ...PRODUCT,
        order_title: (input.remark || '提现').slice(0, 128),
        remark: (input.remark || '提现').slice(0, 200),
        payee_info: { identity: input.payee.account, identity_type: 'ALIPAY_LOGON_ID', name: input.payee.name },
      },
    });
  } catch (error) {
    return refusalOutcome(error);
  }
  return outcomeOf(data);
}

export async function queryAlipayTransfer(send: AlipaySend, transferNo: string): Promise<TransferOutcome | { status: 'not_found' }> {
  let data: Record<string, unknown>;
  try {
    data = await send('GET', '/v3/alipay/fund/trans/common/query', { query: { ...PRODUCT, out_biz_no: transferNo } });
  } catch (error) {
    if (error instanceof AlipayRefusal && error.code === 'ORDER_NOT_EXIST') return { status: 'not_found' };
    if (error instanceof AlipayRefusal) throw alipayUnavailable(error.message);
    throw error instanceof AppError ? error : alipayUnavailable((error as Error).message);
  }
  return outcomeOf(data);
}
