import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { createAlipayProvider } from '../src/modules/payments/providers/alipay.ts';
import type { PaymentProvider } from '../src/modules/payments/provider.ts';
import type { FakeAlipay } from './fakes/alipay-gateway.ts';
import { rsaKeyPair } from './fakes/fake-http.ts';
import { alipaySetup } from './fakes/setup.ts';
import { expectCode } from './fakes/e2e.ts';

const clock = new ManualClock('2026-11-23T02:00:00.000Z');
let fake: FakeAlipay;
let env: Record<string, string>;
let provider: PaymentProvider;
let counter = 0;

const providerWith = (overrides: Record<string, string> = {}) => createAlipayProvider({ config: loadConfig({ ...env, ...overrides }).payments.alipay!, clock });

beforeAll(async () => {
  ({ fake, env } = await alipaySetup(clock));
  provider = providerWith();
});
afterAll(() => fake.close());

const verify = (rawBody: string) => provider.verifyNotice({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, rawBody });

/** prepare, then open the pay page at the fake gateway (as the shopper's browser would). */
async function openedPayment(amount = 12_345, p: PaymentProvider = provider) {
  const paymentNo = `PAL${Date.now()}${counter++}`;
  const result = await p.prepare({
    paymentNo,
    amount,
    currency: 'CNY',
    subject: '预售定金：羊绒大衣 & 围巾 100%',
    expiresAt: new Date('2026-11-23T02:30:00.000Z'),
    capture: 'auto',
    notifyUrl: 'https://shop.example/api/payments/notify/alipay',
    returnUrl: 'https://shop.example/pay/return?no=1',
  });
  const page = await fetch(result.payUrl!);
  return { paymentNo, result, page: { status: page.status, text: await page.text() } };
}

describe('Alipay provider against the fake gateway', () => {
  it('prepares a wap pay URL whose RSA2 signature the gateway verifies', async () => {
    const { paymentNo, result, page } = await openedPayment(12_345);
    expect(result.payUrl!.startsWith(`${fake.gateway}?`)).toBe(true);
    const params = new URL(result.payUrl!).searchParams;
    expect(params.get('method')).toBe('alipay.trade.wap.pay');
    expect(params.get('sign_type')).toBe('RSA2');
    expect(params.get('notify_url')).toBe('https://shop.example/api/payments/notify/alipay');
    expect(JSON.parse(params.get('biz_content')!)).toMatchObject({
      out_trade_no: paymentNo,
      total_amount: '123.45',
      product_code: 'QUICK_WAP_WAY',
      time_expire: '2026-11-23 10:30:00',
      quit_url: 'https://shop.example/pay/return?no=1',
    });
    expect(page).toEqual({ status: 200, text: expect.stringContaining(`fake cashier: ${paymentNo} ¥123.45`) });
    expect(fake.log.at(-1)).toEqual({ path: '/gateway.do', signatureOk: true, method: 'alipay.trade.wap.pay' });
    expect(fake.trades.get(paymentNo)).toMatchObject({ totalAmount: '123.45', status: 'WAIT_BUYER_PAY', subject: '预售定金：羊绒大衣 & 围巾 100%' });
    expect(provider.supportsAuthorize).toBe(false);
  });

  it('a pay URL signed with the wrong app key, or altered, is refused by the gateway', async () => {
    const stranger = providerWith({ ALIPAY_PRIVATE_KEY: rsaKeyPair().privateKey });
    const { page } = await openedPayment(100, stranger);
    expect(page.status).toBe(400);
    expect(fake.log.at(-1)).toMatchObject({ signatureOk: false });

    const { result } = await openedPayment(100);
    const altered = new URL(result.payUrl!);
    altered.searchParams.set('biz_content', altered.searchParams.get('biz_content')!.replace('"1.00"', '"0.01"'));
    expect((await fetch(altered)).status).toBe(400);
    expect(fake.log.at(-1)).toMatchObject({ signatureOk: false });
  });

  it('refuses manual capture (no authorisation products)', async () => {
    await expectCode(
      provider.prepare({ paymentNo: 'PALMANUAL', amount: 100, currency: 'CNY', subject: 'x', expiresAt: clock.now(), capture: 'manual', notifyUrl: 'https://s/n', returnUrl: 'https://s/r' }),
      'PAYMENT_CAPTURE_UNSUPPORTED',
    );
  });

  it('verifies a genuine asynchronous notice and maps it, yuan to fen exactly', async () => {
    const { paymentNo } = await openedPayment(1_999_999);
    const notice = await verify(fake.pay(paymentNo));
    expect(notice).toEqual({
      kind: 'payment',
      paymentNo,
      status: 'succeeded',
      amount: 1_999_999,
      providerTxnId: fake.trades.get(paymentNo)!.tradeNo,
      occurredAt: clock.now(),
    });
    await expect(verify(fake.notice(paymentNo, { trade_status: 'TRADE_FINISHED' }))).resolves.toMatchObject({ status: 'succeeded', amount: 1_999_999 });
  });

  it('refuses tampered, wrongly signed and malformed notices', async () => {
    const { paymentNo } = await openedPayment(5_000);
    const genuine = fake.pay(paymentNo);
    const reasons: string[] = [];
    const refused = async (body: string) => reasons.push(String((await expectCode(verify(body), 'PAYMENT_NOTICE_INVALID')).params.reason));

    await refused(genuine.replace('total_amount=50.00', 'total_amount=0.01'));
    await refused(genuine.replace('trade_status=TRADE_SUCCESS', 'trade_status=TRADE_CLOSED'));
    await refused(fake.notice(paymentNo, {}, rsaKeyPair().privateKey));
    await refused(`${genuine}&total_amount=0.01`);
    await refused(genuine.replace('sign_type=RSA2', 'sign_type=RSA'));
    await refused(fake.notice(paymentNo, { total_amount: '50.001' }));
    await refused(fake.notice(paymentNo, { total_amount: '五十' }));
    await refused(fake.notice(paymentNo, { total_amount: undefined }));
    await refused(fake.notice(paymentNo, { app_id: '2021000000009999' }));
    await refused(fake.notice(paymentNo, { trade_status: 'WAIT_BUYER_PAY' }));
    await refused('');
    expect(reasons).toEqual([
      'signature does not verify',
      'signature does not verify',
      'signature does not verify',
      'field total_amount given twice',
      'sign_type must be RSA2',
      'total_amount is not a yuan amount',
      'total_amount is not a yuan amount',
      'total_amount is not a yuan amount',
      'notice is for another app',
      'unsupported trade_status WAIT_BUYER_PAY',
      'empty or oversized body',
    ]);
  });

  it('maps a close without payment to failed, and a close after full refund to succeeded', async () => {
    const { paymentNo } = await openedPayment(300);
    await expect(verify(fake.notice(paymentNo, { trade_status: 'TRADE_CLOSED', gmt_close: '2026-11-23 10:30:00' }))).resolves.toMatchObject({
      status: 'failed',
      occurredAt: new Date('2026-11-23T02:30:00Z'),
    });
    await expect(verify(fake.notice(paymentNo, { trade_status: 'TRADE_CLOSED', out_biz_no: 'RF1', refund_fee: '3.00', gmt_refund: '2026-11-23 10:40:00' }))).resolves.toMatchObject({
      status: 'succeeded',
      amount: 300,
    });
  });

  it('queries a payment through the signed v3 API: unknown, unpaid, paid', async () => {
    await expect(provider.query({ paymentNo: 'PALNEVER' })).resolves.toEqual({ status: 'pending' });
    const { paymentNo } = await openedPayment(4_210);
    await expect(provider.query({ paymentNo })).resolves.toEqual({ status: 'pending', amount: 4_210, providerTxnId: fake.trades.get(paymentNo)!.tradeNo });
    fake.pay(paymentNo);
    await expect(provider.query({ paymentNo })).resolves.toEqual({ status: 'succeeded', amount: 4_210, providerTxnId: fake.trades.get(paymentNo)!.tradeNo });
    expect(fake.log.at(-1)).toEqual({ path: '/v3/alipay/trade/query', signatureOk: true });
  });

  it('does not believe an answer signed with another key, and its requests are checked', async () => {
    const { paymentNo } = await openedPayment(100);
    fake.answerKey = rsaKeyPair().privateKey;
    try {
      const error = await expectCode(provider.query({ paymentNo }), 'PAYMENT_GATEWAY_ERROR');
      expect(error.params.detail).toContain('验签失败');
    } finally {
      fake.answerKey = undefined;
    }
    const stranger = providerWith({ ALIPAY_PRIVATE_KEY: rsaKeyPair().privateKey });
    await expectCode(stranger.query({ paymentNo: 'PALX' }), 'PAYMENT_GATEWAY_ERROR');
    expect(fake.log.at(-1)).toEqual({ path: '/v3/alipay/trade/query', signatureOk: false });
  });

  it('refunds synchronously; a repeated refund number is confirmed, not repeated; over-refunds fail', async () => {
    const logStart = fake.log.length;
    const { paymentNo } = await openedPayment(10_000);
    fake.pay(paymentNo);
    const tradeNo = fake.trades.get(paymentNo)!.tradeNo;
    const refund = (refundNo: string, amount: number) => provider.refund({ paymentNo, providerTxnId: tradeNo, refundNo, amount, totalAmount: 10_000, reason: '七天无理由' });
    await expect(refund(`R${paymentNo}a`, 2_550)).resolves.toEqual({ status: 'succeeded' });
    expect(fake.trades.get(paymentNo)!.refunds.get(`R${paymentNo}a`)).toEqual({ amount: '25.50', fen: 2_550 });
    // Retried after a lost answer: fund_change N, confirmed through the refund query.
    await expect(refund(`R${paymentNo}a`, 2_550)).resolves.toEqual({ status: 'succeeded' });
    expect(fake.trades.get(paymentNo)!.refunds.size).toBe(1);
    await expect(refund(`R${paymentNo}b`, 7_451)).resolves.toEqual({ status: 'failed' });
    await expect(refund(`R${paymentNo}c`, 7_450)).resolves.toEqual({ status: 'succeeded' });
    expect(fake.trades.get(paymentNo)!.status).toBe('TRADE_CLOSED');
    expect(fake.log.slice(logStart).filter((l) => l.path.startsWith('/v3/')).map((l) => [l.path, l.signatureOk])).toEqual([
      ['/v3/alipay/trade/refund', true],
      ['/v3/alipay/trade/refund', true],
      ['/v3/alipay/trade/fastpay/refund/query', true],
      ['/v3/alipay/trade/refund', true],
      ['/v3/alipay/trade/refund', true],
    ]);
  });

  it('acknowledges the way Alipay expects', () => {
    expect(provider.ack(true)).toEqual({ status: 200, contentType: 'text/plain; charset=utf-8', body: 'success' });
    expect(provider.ack(false)).toMatchObject({ body: 'failure' });
  });
});

describe('Alipay configuration', () => {
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
    expect(loadConfig({}).payments.alipay).toBeNull();
    const config = loadConfig(env).payments.alipay!;
    expect(config).toMatchObject({ appId: '2021000000000001', gateway: fake.gateway, endpoint: fake.url });
    expect(loadConfig({ ...env, ALIPAY_GATEWAY: undefined }).payments.alipay).toMatchObject({ gateway: 'https://openapi.alipay.com/gateway.do', endpoint: 'https://openapi.alipay.com' });
    expect(loadConfig({ ...env, ALIPAY_GATEWAY: 'https://openapi-sandbox.dl.alipaydev.com' }).payments.alipay).toMatchObject({
      gateway: 'https://openapi-sandbox.dl.alipaydev.com/gateway.do',
      endpoint: 'https://openapi-sandbox.dl.alipaydev.com',
    });
  });

  it('names the missing keys of a partial configuration', () => {
    const message = configError({ ALIPAY_PRIVATE_KEY: undefined, ALIPAY_PUBLIC_KEY: undefined });
    expect(message).toContain('Alipay is partly configured; missing ALIPAY_PRIVATE_KEY, ALIPAY_PUBLIC_KEY');
    expect(() => loadConfig({ ALIPAY_APP_ID: '2021000000000001' })).toThrow(/missing ALIPAY_PRIVATE_KEY, ALIPAY_PUBLIC_KEY/);
  });

  it('explains unreadable or unsuitable keys, all at once with other settings', () => {
    const message = configError({ ALIPAY_APP_ID: 'abc', ALIPAY_PRIVATE_KEY: 'not a key', ALIPAY_PUBLIC_KEY: env.ALIPAY_PRIVATE_KEY, ALIPAY_GATEWAY: 'http://openapi.alipay.com/gateway.do', PORT: 'eighty' });
    expect(message).toContain('PORT');
    expect(message).toContain('ALIPAY_APP_ID: must be the numeric app id');
    expect(message).toContain('ALIPAY_PRIVATE_KEY: not a readable RSA private key');
    expect(message).toContain('ALIPAY_PUBLIC_KEY: is a private key');
    expect(message).toContain('ALIPAY_GATEWAY: must be an https URL');
    const small = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(configError({ ALIPAY_PRIVATE_KEY: small.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() })).toContain('at least 2048 bits');
    const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(configError({ ALIPAY_PUBLIC_KEY: ec.publicKey.export({ type: 'spki', format: 'pem' }).toString() })).toContain('ALIPAY_PUBLIC_KEY: must be an RSA key');
  });

  it('reads keys as PEM, escaped PEM, PKCS#1, a file path, or the bare base64 the Alipay key tool prints', () => {
    const key = crypto.createPrivateKey(env.ALIPAY_PRIVATE_KEY!);
    const expected = loadConfig(env).payments.alipay!;
    const bare = (pem: string) => pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alipay-keys-'));
    const file = path.join(dir, 'app-private.pem');
    fs.writeFileSync(file, env.ALIPAY_PRIVATE_KEY!);
    const variants = [
      env.ALIPAY_PRIVATE_KEY!.replace(/\n/g, '\\n'),
      key.export({ type: 'pkcs1', format: 'pem' }).toString(),
      bare(env.ALIPAY_PRIVATE_KEY!),
      key.export({ type: 'pkcs1', format: 'der' }).toString('base64'),
      file,
    ];
    for (const variant of variants) {
      expect(loadConfig({ ...env, ALIPAY_PRIVATE_KEY: variant, ALIPAY_PUBLIC_KEY: bare(env.ALIPAY_PUBLIC_KEY!) }).payments.alipay).toEqual(expected);
    }
    fs.rmSync(dir, { recursive: true });
  });
});
