// The fake Alipay's transfers (alipay.fund.trans.uni.transfer / alipay.fund.trans.common.query,
// API v3), as the fake gateway serves them after checking the request's signature.
import type { FakeResponse } from './fake-http.ts';

/** What the fake does with a transfer to a payee account: pay at once (default), hold it DEALING, fail it, or refuse the call with a code. */
export type FakeTransferPlan = 'success' | 'dealing' | 'fail' | { refuse: string; status?: number };

export interface FakeAlipayTransfer {
  outBizNo: string;
  orderId: string;
  payFundOrderId: string;
  amount: string;
  identity: string;
  name: string;
  status: 'SUCCESS' | 'DEALING' | 'FAIL';
  failReason?: string;
}

export interface FakeAlipayTransfers {
  transfers: Map<string, FakeAlipayTransfer>;
  /** Every uni.transfer body received (to check what was sent). */
  requests: Record<string, unknown>[];
  plan(account: string, plan: FakeTransferPlan): void;
  /** Finishes a DEALING transfer. */
  settle(outBizNo: string, status: 'SUCCESS' | 'FAIL', failReason?: string): void;
}

type Answer = (status: number, value: unknown) => FakeResponse;
const YUAN = /^\d{1,10}(\.\d{1,2})?$/;

export function createFakeAlipayTransfers() {
  const transfers = new Map<string, FakeAlipayTransfer>();
  const plans = new Map<string, FakeTransferPlan>();
  const requests: Record<string, unknown>[] = [];
  let sequence = 0;

  const view = (t: FakeAlipayTransfer) => ({
    out_biz_no: t.outBizNo,
    order_id: t.orderId,
    pay_fund_order_id: t.payFundOrderId,
    status: t.status,
    trans_amount: t.amount,
    ...(t.failReason ? { fail_reason: t.failReason, error_code: 'PAYEE_ACCOUNT_STATUS_ERROR' } : {}),
  });

  function transfer(body: Record<string, unknown>, answer: Answer): FakeResponse {
    requests.push(body);
    const payee = (body.payee_info ?? {}) as Record<string, string>;
    const outBizNo = String(body.out_biz_no ?? '');
    const amount = String(body.trans_amount ?? '');
    const valid = outBizNo && YUAN.test(amount) && body.product_code === 'TRANS_ACCOUNT_NO_PWD' && body.biz_scene === 'DIRECT_TRANSFER' && payee.identity_type === 'ALIPAY_LOGON_ID' && payee.identity && payee.name;
    if (!valid) return answer(400, { code: 'INVALID_PARAMETER', message: '参数有误' });
    const known = transfers.get(outBizNo);
    if (known) {
      // Alipay answers a repeated out_biz_no with the first transfer, and never pays it twice.
      if (known.amount !== amount || known.identity !== payee.identity) return answer(400, { code: 'PAYMENT_INFO_INCONSISTENCY', message: '两次请求商户单号一样，但是参数不一致' });
      return answer(200, view(known));
    }
    const plan = plans.get(payee.identity!) ?? 'success';
    if (typeof plan === 'object') return answer(plan.status ?? 400, { code: plan.refuse, message: '收款账号不存在或姓名有误' });
    sequence++;
    const created: FakeAlipayTransfer = {
      outBizNo,
      orderId: `20261123${String(sequence).padStart(12, '0')}`,
      payFundOrderId: `20261123110070001506${String(sequence).padStart(8, '0')}`,
      amount,
      identity: payee.identity!,
      name: payee.name!,
      status: plan === 'success' ? 'SUCCESS' : plan === 'dealing' ? 'DEALING' : 'FAIL',
      ...(plan === 'fail' ? { failReason: '收款账户状态异常' } : {}),
    };
    transfers.set(outBizNo, created);
    return answer(200, view(created));
  }

  function query(search: URLSearchParams, answer: Answer): FakeResponse {
    if (search.get('product_code') !== 'TRANS_ACCOUNT_NO_PWD' || search.get('biz_scene') !== 'DIRECT_TRANSFER') return answer(400, { code: 'INVALID_PARAMETER', message: '参数有误' });
    const known = transfers.get(search.get('out_biz_no') ?? '');
    if (!known) return answer(400, { code: 'ORDER_NOT_EXIST', message: '转账订单不存在' });
    return answer(200, view(known));
  }

  /** Serves a /v3/alipay/fund/trans/ call whose signature the gateway checked; undefined when it is not one. */
  function handle(method: string, url: string, rawBody: string, answer: Answer): FakeResponse | undefined {
    const parsed = new URL(url, 'http://fake');
    if (method === 'POST' && parsed.pathname === '/v3/alipay/fund/trans/uni/transfer') return transfer(JSON.parse(rawBody || '{}') as Record<string, unknown>, answer);
    if (method === 'GET' && parsed.pathname === '/v3/alipay/fund/trans/common/query') return query(parsed.searchParams, answer);
    return undefined;
  }

  const api: FakeAlipayTransfers = {
    transfers,
    requests,
    plan: (account, plan) => void plans.set(account, plan),
    settle(outBizNo, status, failReason) {
      const known = transfers.get(outBizNo);
      if (!known) throw new Error(`fake alipay: no transfer ${outBizNo}`);
      known.status = status;
      if (failReason) known.failReason = failReason;
    },
  };
  return { handle, api };
}
