import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { createWechatPayProvider } from '../src/modules/payments/providers/wechat.ts';
import type { PaymentProvider } from '../src/modules/payments/provider.ts';
import { rsaKeyPair } from './fakes/fake-http.ts';
import { wechatSetup } from './fakes/setup.ts';
import type { FakeNotification, FakeWechat } from './fakes/wechat-gateway.ts';
import { expectCode } from './fakes/e2e.ts';

const clock = new ManualClock('2026-11-23T02:00:00.000Z');
let fake: FakeWechat;
let env: Record<string, string>;
let provider: PaymentProvider;
let counter = 0;

const providerWith = (overrides: Record<string, string> = {}) =>
  createWechatPayProvider({ config: loadConfig({ ...env, ...overrides }).payments.wechat!, clock, notifyUrl: 'https://shop.example/api/payments/notify/wechat' });

beforeAll(async () => {
  ({ fake, env } = await wechatSetup(clock));
  provider = providerWith();
});
afterAll(() => fake.close());

const verify = (n: FakeNotification) => provider.verifyNotice({ headers: n.headers, rawBody: n.body });

async function preparedPayment(amount = 12_345) {
  const paymentNo = `PWX${Date.now()}${counter++}`;
  const result = await provider.prepare({
    paymentNo,
    amount,
    currency: 'CNY',
    subject: '预售定金：羊绒大衣 · 深灰 XL',
    expiresAt: new Date(clock.now().getTime() + 30 * 60_000),
    capture: 'auto',
    notifyUrl: 'https://shop.example/api/payments/notify/wechat',
    returnUrl: 'https://shop.example/pay/return?no=1',
    clientIp: '203.0.113.9',
  });
  return { paymentNo, result };
}

describe('WeChat Pay provider against the fake gateway', () => {
  it('prepares an H5 payment with a request the gateway verifies', async () => {
    const before = fake.log.length;
    const { paymentNo, result } = await preparedPayment(12_345);
    expect(fake.log.slice(before)).toEqual([{ path: '/v3/pay/transactions/h5', signatureOk: true }]);
    const order = fake.orders.get(paymentNo)!;
    expect(order).toMatchObject({ total: 12_345, clientIp: '203.0.113.9', notifyUrl: 'https://shop.example/api/payments/notify/wechat', state: 'NOTPAY' });
    expect(result.payUrl).toMatch(/^https:\/\/wx\.tenpay\.com\/cgi-bin\/mmpayweb-bin\/checkmweb\?prepay_id=wx\d+&package=\d+&redirect_url=/);
    expect(new URL(result.payUrl!).searchParams.get('redirect_url')).toBe('https://shop.example/pay/return?no=1');
    expect(provider.supportsAuthorize).toBe(false);
  });

  it('refuses manual capture (no authorisation products)', async () => {
    await expectCode(
      provider.prepare({ paymentNo: 'PWXMANUAL1', amount: 100, currency: 'CNY', subject: 'x', expiresAt: clock.now(), capture: 'manual', notifyUrl: 'https://shop.example/n', returnUrl: 'https://shop.example/r' }),
      'PAYMENT_CAPTURE_UNSUPPORTED',
    );
  });

  it('a request signed with the wrong merchant key is refused by the gateway', async () => {
    const stranger = providerWith({ WECHAT_PRIVATE_KEY: rsaKeyPair().privateKey });
    const before = fake.log.length;
    await expectCode(stranger.query({ paymentNo: 'PWXNONE' }), 'PAYMENT_GATEWAY_ERROR');
    expect(fake.log.slice(before)).toEqual([{ path: '/v3/pay/transactions/out-trade-no/PWXNONE', signatureOk: false, reason: 'signature' }]);
  });

  it('does not believe an answer signed with another key', async () => {
    fake.answerKey = rsaKeyPair().privateKey;
    try {
      const error = await expectCode(preparedPayment(), 'PAYMENT_GATEWAY_ERROR');
      expect(error.params.detail).toContain('signature does not verify');
    } finally {
      fake.answerKey = undefined;
    }
  });

  it('verifies a genuine payment notification and maps it', async () => {
    const { paymentNo } = await preparedPayment(9_990);
    const notice = await verify(fake.pay(paymentNo));
    expect(notice).toEqual({
      kind: 'payment',
      paymentNo,
      status: 'succeeded',
      amount: 9_990,
      providerTxnId: fake.orders.get(paymentNo)!.transactionId,
      occurredAt: clock.now(),
    });
  });

  it('refuses tampered, wrongly signed, wrongly keyed and stale notifications', async () => {
    const { paymentNo } = await preparedPayment(5_000);
    const genuine = fake.pay(paymentNo);
    const reasons: string[] = [];
    const refused = async (n: FakeNotification) => reasons.push(String((await expectCode(verify(n), 'PAYMENT_NOTICE_INVALID')).params.reason));

    await refused({ headers: genuine.headers, body: genuine.body.replace('"TRANSACTION.SUCCESS"', '"TRANSACTION.SUCCES5"') });
    const parsed = JSON.parse(genuine.body);
    parsed.resource.ciphertext = Buffer.from('x'.repeat(64)).toString('base64');
    await refused({ headers: genuine.headers, body: JSON.stringify(parsed) });
    await refused(fake.pay(paymentNo, { signingKey: rsaKeyPair().privateKey }));
    await refused(fake.pay(paymentNo, { serial: 'PUB_KEY_ID_SOMEONE_ELSE' }));
    await refused(fake.pay(paymentNo, { apiV3Key: 'ffffffffffffffffffffffffffffffff' }));
    await refused(fake.pay(paymentNo, { timestamp: Math.floor(clock.now().getTime() / 1000) - 301 }));
    await refused(fake.pay(paymentNo, { timestamp: Math.floor(clock.now().getTime() / 1000) + 301 }));
    const { 'wechatpay-signature': _dropped, ...unsigned } = genuine.headers;
    await refused({ headers: unsigned, body: genuine.body });
    expect(reasons).toEqual([
      'signature does not verify',
      'signature does not verify',
      'signature does not verify',
      expect.stringContaining('unknown Wechatpay-Serial'),
      'resource does not decrypt with the APIv3 key',
      'Wechatpay-Timestamp is more than 5 minutes off',
      'Wechatpay-Timestamp is more than 5 minutes off',
      expect.stringContaining('missing'),
    ]);
    // Within the window it still verifies.
    await expect(verify(fake.pay(paymentNo, { timestamp: Math.floor(clock.now().getTime() / 1000) - 240 }))).resolves.toMatchObject({ paymentNo });
  });

  it('a notification replayed after the 5-minute window is refused', async () => {
    const { paymentNo } = await preparedPayment(700);
    const captured = fake.pay(paymentNo);
    await expect(verify(captured)).resolves.toMatchObject({ amount: 700 });
    clock.advance(6 * 60_000);
    await expectCode(verify(captured), 'PAYMENT_NOTICE_INVALID');
  });

  it('refuses a signed notification whose amount is not integer fen, or for another merchant', async () => {
    const base = { mchid: '1900000109', appid: 'wxd678efh567hg6787', out_trade_no: 'PWXAMT1', transaction_id: '4200000000000000000000000001', trade_state: 'SUCCESS', success_time: '2026-11-23T10:00:00+08:00' };
    for (const amount of [{ total: '100' }, { total: 1.5 }, { total: -1 }, {}]) {
      await expectCode(verify(fake.notification('TRANSACTION.SUCCESS', 'transaction', { ...base, amount })), 'PAYMENT_NOTICE_INVALID');
    }
    await expectCode(verify(fake.notification('TRANSACTION.SUCCESS', 'transaction', { ...base, mchid: '1900000999', amount: { total: 100 } })), 'PAYMENT_NOTICE_INVALID');
    await expectCode(verify(fake.notification('TRANSACTION.SUCCESS', 'transaction', { ...base, trade_state: 'NOTPAY', amount: { total: 100 } })), 'PAYMENT_NOTICE_INVALID');
    await expectCode(verify(fake.notification('SOMETHING.ELSE', 'transaction', { ...base, amount: { total: 100 } })), 'PAYMENT_NOTICE_INVALID');
    const ok = await verify(fake.notification('TRANSACTION.SUCCESS', 'transaction', { ...base, amount: { total: 100 } }));
    expect(ok).toEqual({ kind: 'payment', paymentNo: 'PWXAMT1', status: 'succeeded', amount: 100, providerTxnId: base.transaction_id, occurredAt: new Date('2026-11-23T02:00:00Z') });
  });

  it('refuses bodies that are not notifications', async () => {
    for (const body of ['', 'not json', '[]', '{"event_type":"TRANSACTION.SUCCESS"}']) {
      const signedEmpty = fake.notification('TRANSACTION.SUCCESS', 'transaction', {});
      await expectCode(provider.verifyNotice({ headers: signedEmpty.headers, rawBody: body }), 'PAYMENT_NOTICE_INVALID');
    }
  });

  it('queries a payment: unknown, unpaid, then paid', async () => {
    await expect(provider.query({ paymentNo: 'PWXNEVER' })).resolves.toEqual({ status: 'pending' });
    const { paymentNo } = await preparedPayment(4_200);
    await expect(provider.query({ paymentNo })).resolves.toEqual({ status: 'pending', amount: 4_200, providerTxnId: undefined });
    fake.pay(paymentNo);
    await expect(provider.query({ paymentNo })).resolves.toEqual({ status: 'succeeded', amount: 4_200, providerTxnId: fake.orders.get(paymentNo)!.transactionId });
    fake.orders.get(paymentNo)!.state = 'CLOSED';
    await expect(provider.query({ paymentNo })).resolves.toMatchObject({ status: 'closed' });
  });

  it('refunds: PROCESSING is pending, the refund notification settles it, retries are idempotent', async () => {
    const { paymentNo } = await preparedPayment(10_000);
    fake.pay(paymentNo);
    const txn = fake.orders.get(paymentNo)!.transactionId;
    const first = await provider.refund({ paymentNo, providerTxnId: txn, refundNo: `R${paymentNo}a`, amount: 3_000, totalAmount: 10_000, reason: '尺码不合适' });
    expect(first).toEqual({ status: 'pending', providerRefundId: fake.refunds.get(`R${paymentNo}a`)!.refundId });
    expect(fake.refunds.get(`R${paymentNo}a`)).toMatchObject({ refund: 3_000, notifyUrl: 'https://shop.example/api/payments/notify/wechat' });
    // The same refund number again: the gateway answers with the same refund.
    await expect(provider.refund({ paymentNo, providerTxnId: txn, refundNo: `R${paymentNo}a`, amount: 3_000, totalAmount: 10_000, reason: '尺码不合适' })).resolves.toEqual(first);

    const notice = await verify(fake.completeRefund(`R${paymentNo}a`));
    expect(notice).toEqual({ kind: 'refund', refundNo: `R${paymentNo}a`, status: 'succeeded', amount: 3_000, providerRefundId: first.providerRefundId, occurredAt: clock.now() });

    fake.refundStatus = 'SUCCESS';
    try {
      await expect(provider.refund({ paymentNo, providerTxnId: txn, refundNo: `R${paymentNo}b`, amount: 7_000, totalAmount: 10_000, reason: '' })).resolves.toMatchObject({ status: 'succeeded' });
    } finally {
      fake.refundStatus = 'PROCESSING';
    }
    // Nothing left to refund: a final refusal, not an error to retry.
    await expect(provider.refund({ paymentNo, providerTxnId: txn, refundNo: `R${paymentNo}c`, amount: 1, totalAmount: 10_000, reason: 'x' })).resolves.toEqual({ status: 'failed' });
  });

  it('maps an abnormal refund notification to a failed refund', async () => {
    const { paymentNo } = await preparedPayment(800);
    fake.pay(paymentNo);
    await provider.refund({ paymentNo, providerTxnId: fake.orders.get(paymentNo)!.transactionId, refundNo: `R${paymentNo}`, amount: 800, totalAmount: 800, reason: 'x' });
    await expect(verify(fake.completeRefund(`R${paymentNo}`, 'ABNORMAL'))).resolves.toMatchObject({ kind: 'refund', status: 'failed', amount: 800 });
  });

  it('acknowledges the way WeChat Pay expects', () => {
    expect(provider.ack(true)).toEqual({ status: 200, contentType: 'application/json; charset=utf-8', body: '{"code":"SUCCESS","message":"成功"}' });
    const failed = provider.ack(false);
    expect(failed.status).toBe(400);
    expect(JSON.parse(failed.body)).toEqual({ code: 'FAIL', message: '失败' });
  });

  it('a gateway that does not answer is PAYMENT_GATEWAY_ERROR', async () => {
    const offline = providerWith({ WECHAT_BASE_URL: 'http://127.0.0.1:9' });
    await expectCode(offline.query({ paymentNo: 'PWXOFF' }), 'PAYMENT_GATEWAY_ERROR');
  });
});

describe('WeChat Pay configuration', () => {
  const configError = (extra: Record<string, string | undefined>) => {
    try {
      loadConfig({ ...env, ...extra });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error('expected a configuration error');
  };

  it('is off without keys and on with all of them', () => {
    expect(loadConfig({}).payments.wechat).toBeNull();
    expect(loadConfig(env).payments.wechat).toMatchObject({ mchId: '1900000109', appId: 'wxd678efh567hg6787', baseUrl: fake.url, platformPublicKeyId: fake.platformPublicKeyId });
    expect(loadConfig({ ...env, WECHAT_BASE_URL: undefined }).payments.wechat!.baseUrl).toBe('https://api.mch.weixin.qq.com');
  });

  it('names the missing keys of a partial configuration', () => {
    expect(configError({ WECHAT_API_V3_KEY: undefined, WECHAT_PLATFORM_PUBLIC_KEY_ID: undefined })).toContain(
      'WeChat Pay is partly configured; missing WECHAT_API_V3_KEY, WECHAT_PLATFORM_PUBLIC_KEY_ID',
    );
    expect(() => loadConfig({ WECHAT_MCH_ID: '1900000109' })).toThrow(
      /missing WECHAT_APP_ID, WECHAT_API_V3_KEY, WECHAT_PRIVATE_KEY, WECHAT_CERT_SERIAL, WECHAT_PLATFORM_PUBLIC_KEY, WECHAT_PLATFORM_PUBLIC_KEY_ID/,
    );
  });

  it('explains every invalid key', () => {
    const message = configError({
      WECHAT_MCH_ID: 'merchant',
      WECHAT_APP_ID: 'app',
      WECHAT_API_V3_KEY: 'too-short',
      WECHAT_CERT_SERIAL: 'not hex!',
      WECHAT_PLATFORM_PUBLIC_KEY_ID: 'has spaces in it',
      WECHAT_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\ngarbage\n-----END PRIVATE KEY-----',
      WECHAT_PLATFORM_PUBLIC_KEY: '/no/such/file.pem',
      WECHAT_BASE_URL: 'ftp://api.mch.weixin.qq.com',
    });
    for (const key of ['WECHAT_MCH_ID', 'WECHAT_APP_ID', 'WECHAT_API_V3_KEY: must be exactly 32 bytes', 'WECHAT_CERT_SERIAL', 'WECHAT_PLATFORM_PUBLIC_KEY_ID', 'WECHAT_PRIVATE_KEY: not a readable', 'WECHAT_PLATFORM_PUBLIC_KEY: not a readable', 'WECHAT_BASE_URL']) {
      expect(message).toContain(key);
    }
  });
});
