import crypto from 'node:crypto';
import { json, rsaKeyPair, rsaSign, rsaVerify, startFakeServer, type FakeRequest, type FakeResponse, type RsaKeyPair } from './fake-http.ts';

/**
 * A local fake of WeChat Pay API v3. It verifies each request's
 * "WECHATPAY2-SHA256-RSA2048" Authorization (merchant key, serial, timestamp within 5 minutes
 * of its clock), answers signed with its own platform key (Wechatpay-* headers), and makes
 * notifications signed and encrypted (AEAD_AES_256_GCM with the APIv3 key) like the real one.
 */
export interface FakeWechatOrder {
  outTradeNo: string;
  transactionId: string;
  total: number;
  description: string;
  notifyUrl: string;
  clientIp: string;
  state: 'NOTPAY' | 'SUCCESS' | 'REFUND' | 'CLOSED';
  successTime?: string;
}

export interface FakeWechatRefund {
  outRefundNo: string;
  refundId: string;
  outTradeNo: string;
  transactionId: string;
  refund: number;
  total: number;
  status: 'PROCESSING' | 'SUCCESS' | 'ABNORMAL';
  notifyUrl?: string;
}

export interface FakeNotification {
  headers: Record<string, string>;
  body: string;
}

export interface NotificationOptions {
  /** Wechatpay-Timestamp, seconds (default: the fake's clock). */
  timestamp?: number;
  signingKey?: string;
  serial?: string;
  apiV3Key?: string;
}

export interface FakeWechat {
  url: string;
  keys: RsaKeyPair;
  platformPublicKeyId: string;
  orders: Map<string, FakeWechatOrder>;
  refunds: Map<string, FakeWechatRefund>;
  log: Array<{ path: string; signatureOk: boolean; reason?: string }>;
  /** Status new refunds answer with (WeChat usually says PROCESSING, then notifies). */
  refundStatus: 'PROCESSING' | 'SUCCESS';
  /** When set, answers are signed with this key instead (to test response verification). */
  answerKey?: string;
  pay(outTradeNo: string, options?: NotificationOptions): FakeNotification;
  completeRefund(outRefundNo: string, status?: 'SUCCESS' | 'ABNORMAL', options?: NotificationOptions): FakeNotification;
  notification(eventType: string, resourceType: 'transaction' | 'refund', resource: Record<string, unknown>, options?: NotificationOptions): FakeNotification;
  close(): Promise<void>;
}

const china = (date: Date) => `${new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;

export async function createFakeWechat(options: {
  mchId: string;
  appId: string;
  apiV3Key: string;
  merchantPublicKey: string;
  merchantCertSerial: string;
  clock: { now(): Date };
}): Promise<FakeWechat> {
  const { clock } = options;
  const keys = rsaKeyPair();
  const platformPublicKeyId = `PUB_KEY_ID_${crypto.randomBytes(8).toString('hex').toUpperCase()}`;
  const orders = new Map<string, FakeWechatOrder>();
  const refunds = new Map<string, FakeWechatRefund>();
  const log: FakeWechat['log'] = [];
  let sequence = 0;
  const fake = { refundStatus: 'PROCESSING' } as FakeWechat;

  const seconds = () => Math.floor(clock.now().getTime() / 1000);
  function signedHeaders(body: string, o: NotificationOptions = {}): Record<string, string> {
    const timestamp = String(o.timestamp ?? seconds());
    const nonce = crypto.randomBytes(16).toString('hex');
    return {
      'wechatpay-timestamp': timestamp,
      'wechatpay-nonce': nonce,
      'wechatpay-signature': rsaSign(`${timestamp}\n${nonce}\n${body}\n`, o.signingKey ?? fake.answerKey ?? keys.privateKey),
      'wechatpay-serial': o.serial ?? platformPublicKeyId,
    };
  }
  const answer = (status: number, value: unknown): FakeResponse => {
    const body = JSON.stringify(value);
    return json(status, value, signedHeaders(body));
  };
  const fail = (status: number, code: string, message: string) => answer(status, { code, message });

  function verify(request: FakeRequest): string | null {
    const header = String(request.headers.authorization ?? '');
    if (!header.startsWith('WECHATPAY2-SHA256-RSA2048 ')) return 'scheme';
    const fields = Object.fromEntries([...header.slice(26).matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (fields.mchid !== options.mchId) return 'mchid';
    if (fields.serial_no !== options.merchantCertSerial) return 'serial_no';
    if (Math.abs(Number(fields.timestamp) - seconds()) > 300) return 'timestamp';
    const message = `${request.method}\n${request.url}\n${fields.timestamp}\n${fields.nonce_str}\n${request.body}\n`;
    return rsaVerify(message, fields.signature ?? '', options.merchantPublicKey) ? null : 'signature';
  }

  function h5(body: Record<string, any>): FakeResponse {
    const total = body.amount?.total;
    if (body.appid !== options.appId || body.mchid !== options.mchId) return fail(400, 'APPID_MCHID_NOT_MATCH', 'appid和mch_id不匹配');
    if (!Number.isSafeInteger(total) || total <= 0 || body.amount?.currency !== 'CNY') return fail(400, 'PARAM_ERROR', '金额无效');
    if (typeof body.out_trade_no !== 'string' || !body.description || !body.notify_url || !body.scene_info?.payer_client_ip || body.scene_info?.h5_info?.type !== 'Wap') {
      return fail(400, 'PARAM_ERROR', '参数错误');
    }
    const existing = orders.get(body.out_trade_no);
    if (existing && existing.total !== total) return fail(400, 'INVALID_REQUEST', '201 商户订单号重复');
    if (existing && existing.state !== 'NOTPAY') return fail(400, 'ORDERPAID', '订单已支付');
    if (!existing) {
      orders.set(body.out_trade_no, {
        outTradeNo: body.out_trade_no,
        transactionId: `42000${String(++sequence).padStart(23, '0')}`,
        total,
        description: body.description,
        notifyUrl: body.notify_url,
        clientIp: body.scene_info.payer_client_ip,
        state: 'NOTPAY',
      });
    }
    return answer(200, { h5_url: `https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=wx${sequence}&package=${sequence}` });
  }

  function query(outTradeNo: string): FakeResponse {
    const order = orders.get(outTradeNo);
    if (!order) return fail(404, 'ORDER_NOT_EXIST', '订单不存在');
    return answer(200, {
      appid: options.appId,
      mchid: options.mchId,
      out_trade_no: order.outTradeNo,
      ...(order.state === 'NOTPAY' ? {} : { transaction_id: order.transactionId, success_time: order.successTime }),
      trade_state: order.state,
      trade_state_desc: order.state,
      amount: { total: order.total, payer_total: order.total, currency: 'CNY' },
    });
  }

  function refundView(r: FakeWechatRefund) {
    return { refund_id: r.refundId, out_refund_no: r.outRefundNo, transaction_id: r.transactionId, out_trade_no: r.outTradeNo, status: r.status, amount: { refund: r.refund, total: r.total, currency: 'CNY' } };
  }

  function refund(body: Record<string, any>): FakeResponse {
    const order = [...orders.values()].find((o) => (body.transaction_id ? o.transactionId === body.transaction_id : o.outTradeNo === body.out_trade_no));
    if (!order) return fail(404, 'RESOURCE_NOT_EXISTS', '订单不存在');
    const existing = refunds.get(body.out_refund_no);
    if (existing) return existing.refund === body.amount?.refund ? answer(200, refundView(existing)) : fail(400, 'INVALID_REQUEST', '退款单号重复');
    if (order.state !== 'SUCCESS' && order.state !== 'REFUND') return fail(400, 'INVALID_REQUEST', '订单状态不允许退款');
    const amount = body.amount?.refund;
    if (!Number.isSafeInteger(amount) || amount <= 0 || body.amount?.total !== order.total) return fail(400, 'PARAM_ERROR', '金额无效');
    const refunded = [...refunds.values()].filter((r) => r.outTradeNo === order.outTradeNo).reduce((s, r) => s + r.refund, 0);
    if (refunded + amount > order.total) return fail(400, 'INVALID_REQUEST', '申请退款金额超过订单可退金额');
    const created: FakeWechatRefund = {
      outRefundNo: body.out_refund_no,
      refundId: `50300${String(++sequence).padStart(23, '0')}`,
      outTradeNo: order.outTradeNo,
      transactionId: order.transactionId,
      refund: amount,
      total: order.total,
      status: fake.refundStatus,
      notifyUrl: body.notify_url,
    };
    refunds.set(created.outRefundNo, created);
    order.state = 'REFUND';
    return answer(200, refundView(created));
  }

  const server = await startFakeServer((request) => {
    const reason = verify(request);
    const path = request.url.split('?')[0]!;
    log.push({ path, signatureOk: reason === null, reason: reason ?? undefined });
    if (reason) return json(401, { code: 'SIGN_ERROR', message: `签名错误 (${reason})` });
    const body = request.body ? JSON.parse(request.body) : {};
    if (request.method === 'POST' && path === '/v3/pay/transactions/h5') return h5(body);
    if (request.method === 'POST' && path === '/v3/refund/domestic/refunds') return refund(body);
    const queryMatch = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(path);
    if (request.method === 'GET' && queryMatch) {
      if (new URL(request.url, 'http://fake').searchParams.get('mchid') !== options.mchId) return fail(400, 'PARAM_ERROR', 'mchid');
      return query(decodeURIComponent(queryMatch[1]!));
    }
    return fail(404, 'NOT_FOUND', 'no such API');
  });

  function notification(eventType: string, resourceType: 'transaction' | 'refund', resource: Record<string, unknown>, o: NotificationOptions = {}): FakeNotification {
    const nonce = crypto.randomBytes(6).toString('hex');
    const cipher = crypto.createCipheriv('aes-256-gcm', Buffer.from(o.apiV3Key ?? options.apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
    cipher.setAAD(Buffer.from(resourceType, 'utf8'));
    const encrypted = Buffer.concat([cipher.update(JSON.stringify(resource), 'utf8'), cipher.final(), cipher.getAuthTag()]);
    const body = JSON.stringify({
      id: crypto.randomUUID(),
      create_time: china(clock.now()),
      resource_type: 'encrypt-resource',
      event_type: eventType,
      summary: eventType === 'TRANSACTION.SUCCESS' ? '支付成功' : '退款状态变更',
      resource: { original_type: resourceType, algorithm: 'AEAD_AES_256_GCM', ciphertext: encrypted.toString('base64'), associated_data: resourceType, nonce },
    });
    return { headers: { 'content-type': 'application/json', ...signedHeaders(body, o) }, body };
  }

  Object.assign(fake, {
    url: server.url,
    keys,
    platformPublicKeyId,
    orders,
    refunds,
    log,
    notification,
    pay(outTradeNo: string, o?: NotificationOptions) {
      const order = orders.get(outTradeNo);
      if (!order) throw new Error(`fake wechat: no order ${outTradeNo}`);
      order.state = 'SUCCESS';
      order.successTime = china(clock.now());
      return notification('TRANSACTION.SUCCESS', 'transaction', {
        mchid: options.mchId,
        appid: options.appId,
        out_trade_no: order.outTradeNo,
        transaction_id: order.transactionId,
        trade_type: 'MWEB',
        trade_state: 'SUCCESS',
        trade_state_desc: '支付成功',
        success_time: order.successTime,
        payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
        amount: { total: order.total, payer_total: order.total, currency: 'CNY', payer_currency: 'CNY' },
      }, o);
    },
    completeRefund(outRefundNo: string, status: 'SUCCESS' | 'ABNORMAL' = 'SUCCESS', o?: NotificationOptions) {
      const r = refunds.get(outRefundNo);
      if (!r) throw new Error(`fake wechat: no refund ${outRefundNo}`);
      r.status = status;
      return notification(`REFUND.${status}`, 'refund', {
        mchid: options.mchId,
        out_trade_no: r.outTradeNo,
        transaction_id: r.transactionId,
        out_refund_no: r.outRefundNo,
        refund_id: r.refundId,
        refund_status: status,
        ...(status === 'SUCCESS' ? { success_time: china(clock.now()) } : {}),
        user_received_account: '招商银行信用卡0403',
        amount: { total: r.total, refund: r.refund, payer_total: r.total, payer_refund: r.refund },
      }, o);
    },
    close: () => server.close(),
  } satisfies Partial<FakeWechat>);
  return fake;
}
