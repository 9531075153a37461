import crypto from 'node:crypto';
import { rsaKeyPair, rsaSign, rsaVerify, startFakeServer, type FakeRequest, type FakeResponse, type RsaKeyPair } from './fake-http.ts';
import { createFakeAlipayTransfers, type FakeAlipayTransfers } from './alipay-transfers.ts';

/**
 * A local fake of the Alipay open platform, speaking the real protocols:
 * - GET /gateway.do (API v2 page call, e.g. alipay.trade.wap.pay): RSA2 signature over the
 *   sorted parameters (sign excluded), verified with the app's public key;
 * - POST /v3/alipay/trade/{query,refund,fastpay/refund/query}, POST /v3/alipay/fund/trans/uni/transfer
 *   and GET /v3/alipay/fund/trans/common/query (API v3, alipay-transfers.ts): the
 *   "ALIPAY-SHA256withRSA" Authorization header verified with the app's public key, and
 *   every answer signed (alipay-timestamp/-nonce/-signature) with the fake's own key;
 * - signed asynchronous notices (form-encoded, RSA2, sign and sign_type excluded) for tests.
 */
export interface FakeAlipayTrade {
  outTradeNo: string;
  tradeNo: string;
  totalAmount: string;
  subject: string;
  status: 'WAIT_BUYER_PAY' | 'TRADE_SUCCESS' | 'TRADE_CLOSED';
  notifyUrl: string;
  returnUrl: string;
  gmtPayment?: string;
  refunds: Map<string, { amount: string; fen: number }>;
}

export interface FakeAlipay {
  url: string;
  gateway: string;
  appId: string;
  /** The fake's own key pair: Alipay's public key for the app's configuration. */
  keys: RsaKeyPair;
  trades: Map<string, FakeAlipayTrade>;
  /** Payouts (单笔转账到支付宝账户). */
  transfers: FakeAlipayTransfers;
  /** Every request the fake received, with whether its signature verified. */
  log: Array<{ path: string; signatureOk: boolean; method?: string }>;
  /** When set, answers are signed with this key instead (to test response verification). */
  answerKey?: string;
  /** Marks an opened trade paid and returns the signed notice Alipay would send. */
  pay(outTradeNo: string): string;
  /** A signed notice for the trade, with fields replaced or removed (undefined) before signing. */
  notice(outTradeNo: string, overrides?: Record<string, string | undefined>, signingKey?: string): string;
  close(): Promise<void>;
}

const beijing = (date: Date) => new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
const fen = (yuan: string) => Math.round(Number(yuan) * 100);
const YUAN = /^\d{1,10}(\.\d{1,2})?$/;

/** The RSA2 content: sorted key=value pairs, empty values and the excluded keys left out. */
export function alipaySignContent(params: Record<string, string>, exclude: string[]): string {
  return Object.keys(params)
    .filter((k) => !exclude.includes(k) && params[k] !== '')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
}

export async function createFakeAlipay(options: { appId: string; appPublicKey: string; clock?: { now(): Date } }): Promise<FakeAlipay> {
  const clock = options.clock ?? { now: () => new Date() };
  const keys = rsaKeyPair();
  const trades = new Map<string, FakeAlipayTrade>();
  const log: FakeAlipay['log'] = [];
  const fundTransfers = createFakeAlipayTransfers();
  let sequence = 0;

  const fake = {} as FakeAlipay;

  function signed(status: number, value: unknown): FakeResponse {
    const body = JSON.stringify(value);
    const timestamp = String(clock.now().getTime());
    const nonce = crypto.randomUUID();
    const signature = rsaSign(`${timestamp}\n${nonce}\n${body}\n`, fake.answerKey ?? keys.privateKey);
    return {
      status,
      headers: { 'content-type': 'application/json; charset=utf-8', 'alipay-timestamp': timestamp, 'alipay-nonce': nonce, 'alipay-signature': signature, 'alipay-trace-id': nonce },
      body,
    };
  }
  const refuse = (status: number, code: string, message: string) => signed(status, { code, message });

  function pageCall(request: FakeRequest): FakeResponse {
    const url = new URL(request.url, 'http://fake');
    const params = Object.fromEntries(url.searchParams);
    const signatureOk = rsaVerify(alipaySignContent(params, ['sign']), params.sign ?? '', options.appPublicKey);
    log.push({ path: '/gateway.do', signatureOk, method: params.method });
    const page = (status: number, text: string): FakeResponse => ({ status, headers: { 'content-type': 'text/html; charset=utf-8' }, body: `<html><body>${text}</body></html>` });
    if (!signatureOk || params.sign_type !== 'RSA2') return page(400, 'invalid-signature 验签出错');
    if (params.app_id !== options.appId) return page(400, 'invalid-app-id');
    if (params.method !== 'alipay.trade.wap.pay' || params.charset !== 'utf-8' || params.version !== '1.0') return page(400, 'invalid-method');
    const biz = JSON.parse(params.biz_content ?? '{}') as Record<string, string>;
    if (!biz.out_trade_no || !YUAN.test(biz.total_amount ?? '') || !biz.subject || biz.product_code !== 'QUICK_WAP_WAY') return page(400, 'invalid-parameter');
    const existing = trades.get(biz.out_trade_no);
    if (existing && existing.totalAmount !== biz.total_amount) return page(400, 'ACQ.CONTEXT_INCONSISTENT');
    if (!existing) {
      trades.set(biz.out_trade_no, {
        outTradeNo: biz.out_trade_no,
        tradeNo: `2026${String(++sequence).padStart(24, '0')}`,
        totalAmount: biz.total_amount!,
        subject: biz.subject,
        status: 'WAIT_BUYER_PAY',
        notifyUrl: params.notify_url ?? '',
        returnUrl: params.return_url ?? '',
        refunds: new Map(),
      });
    }
    return page(200, `fake cashier: ${biz.out_trade_no} ¥${biz.total_amount}`);
  }

  function verifyV3(request: FakeRequest, path: string): boolean {
    const header = String(request.headers.authorization ?? '');
    const match = /^ALIPAY-SHA256withRSA (.+),sign=([A-Za-z0-9+/=]+)$/.exec(header);
    const authString = match?.[1] ?? '';
    const appId = /(?:^|,)app_id=([^,]+)/.exec(authString)?.[1];
    const ok = Boolean(match) && appId === options.appId && rsaVerify(`${authString}\n${request.method}\n${path}\n${request.body}\n`, match![2]!, options.appPublicKey);
    log.push({ path, signatureOk: ok });
    return ok;
  }

  function apiCall(request: FakeRequest): FakeResponse {
    const path = request.url;
    if (!verifyV3(request, path)) return refuse(401, 'invalid-signature', '验签出错');
    const transferAnswer = fundTransfers.handle(request.method, path, request.body, signed);
    if (transferAnswer) return transferAnswer;
    const body = JSON.parse(request.body || '{}') as Record<string, string>;
    const trade = body.out_trade_no ? trades.get(body.out_trade_no) : undefined;
    if (!trade) return refuse(400, 'ACQ.TRADE_NOT_EXIST', '交易不存在');
    if (path === '/v3/alipay/trade/query') {
      return signed(200, { trade_no: trade.tradeNo, out_trade_no: trade.outTradeNo, trade_status: trade.status, total_amount: trade.totalAmount });
    }
    if (path === '/v3/alipay/trade/fastpay/refund/query') {
      const refund = trade.refunds.get(body.out_request_no ?? '');
      return signed(200, { trade_no: trade.tradeNo, out_trade_no: trade.outTradeNo, out_request_no: body.out_request_no, ...(refund ? { refund_amount: refund.amount, refund_status: 'REFUND_SUCCESS' } : {}) });
    }
    if (path === '/v3/alipay/trade/refund') return refund(trade, body);
    return refuse(404, 'not-found', 'no such API');
  }

  function refund(trade: FakeAlipayTrade, body: Record<string, string>): FakeResponse {
    if (body.trade_no && body.trade_no !== trade.tradeNo) return refuse(400, 'ACQ.TRADE_NOT_EXIST', '交易不存在');
    if (!YUAN.test(body.refund_amount ?? '') || !body.out_request_no) return refuse(400, 'ACQ.INVALID_PARAMETER', '参数无效');
    const previous = trade.refunds.get(body.out_request_no);
    const refunded = [...trade.refunds.values()].reduce((sum, r) => sum + r.fen, 0);
    const answer = (fundChange: 'Y' | 'N') =>
      signed(200, { trade_no: trade.tradeNo, out_trade_no: trade.outTradeNo, fund_change: fundChange, refund_fee: (refunded / 100).toFixed(2) });
    if (previous) return previous.amount === body.refund_amount ? answer('N') : refuse(400, 'ACQ.DISCORDANT_REPEAT_REQUEST', '请求信息不一致');
    if (trade.status !== 'TRADE_SUCCESS') return refuse(400, 'ACQ.TRADE_STATUS_ERROR', '交易状态不合法');
    const amount = fen(body.refund_amount!);
    if (amount <= 0 || refunded + amount > fen(trade.totalAmount)) return refuse(400, 'ACQ.REFUND_AMT_NOT_EQUAL_TOTAL', '退款金额超限');
    trade.refunds.set(body.out_request_no, { amount: body.refund_amount!, fen: amount });
    if (refunded + amount === fen(trade.totalAmount)) trade.status = 'TRADE_CLOSED';
    const total = refunded + amount;
    return signed(200, { trade_no: trade.tradeNo, out_trade_no: trade.outTradeNo, fund_change: 'Y', refund_fee: (total / 100).toFixed(2) });
  }

  const server = await startFakeServer((request) => {
    if (request.method === 'GET' && request.url.startsWith('/gateway.do?')) return pageCall(request);
    if (request.url.startsWith('/v3/alipay/fund/trans/') || (request.method === 'POST' && request.url.startsWith('/v3/'))) return apiCall(request);
    return { status: 404, body: 'not found' };
  });

  function notice(outTradeNo: string, overrides: Record<string, string | undefined> = {}, signingKey = keys.privateKey): string {
    const trade = trades.get(outTradeNo);
    if (!trade) throw new Error(`fake alipay: no trade ${outTradeNo}`);
    const now = beijing(clock.now());
    const fields: Record<string, string | undefined> = {
      notify_time: now,
      notify_type: 'trade_status_sync',
      notify_id: crypto.randomBytes(16).toString('hex'),
      app_id: options.appId,
      charset: 'utf-8',
      version: '1.0',
      sign_type: 'RSA2',
      trade_no: trade.tradeNo,
      out_trade_no: trade.outTradeNo,
      trade_status: trade.status,
      total_amount: trade.totalAmount,
      receipt_amount: trade.totalAmount,
      subject: trade.subject,
      gmt_create: now,
      gmt_payment: trade.gmtPayment,
      seller_id: '2088000000000001',
      ...overrides,
    };
    const params = Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined));
    const sign = rsaSign(alipaySignContent(params, ['sign', 'sign_type']), signingKey);
    return new URLSearchParams({ ...params, sign }).toString();
  }

  Object.assign(fake, {
    url: server.url,
    gateway: `${server.url}/gateway.do`,
    appId: options.appId,
    keys,
    trades,
    transfers: fundTransfers.api,
    log,
    pay(outTradeNo: string) {
      const trade = trades.get(outTradeNo);
      if (!trade) throw new Error(`fake alipay: the pay page of ${outTradeNo} was never opened`);
      trade.status = 'TRADE_SUCCESS';
      trade.gmtPayment = beijing(clock.now());
      return notice(outTradeNo);
    },
    notice,
    close: () => server.close(),
  } satisfies Omit<FakeAlipay, 'answerKey'>);
  return fake;
}
