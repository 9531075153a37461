import type { Clock } from '../../src/platform/clock.ts';
import { createFakeAlipay, type FakeAlipay } from './alipay-gateway.ts';
import { createFakeWechat, type FakeWechat } from './wechat-gateway.ts';
import { rsaKeyPair, type RsaKeyPair } from './fake-http.ts';

/** A fake Alipay with a fresh app key pair, and the environment that points the app at it. */
export async function alipaySetup(clock?: Clock): Promise<{ fake: FakeAlipay; app: RsaKeyPair; env: Record<string, string> }> {
  const app = rsaKeyPair();
  const appId = '2021000000000001';
  const fake = await createFakeAlipay({ appId, appPublicKey: app.publicKey, clock });
  return {
    fake,
    app,
    env: { ALIPAY_APP_ID: appId, ALIPAY_PRIVATE_KEY: app.privateKey, ALIPAY_PUBLIC_KEY: fake.keys.publicKey, ALIPAY_GATEWAY: fake.gateway },
  };
}

export const WECHAT_API_V3_KEY = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';
export const WECHAT_CERT_SERIAL = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';

/** A fake WeChat Pay with a fresh merchant key pair, and the environment that points the app at it. */
export async function wechatSetup(clock: Clock): Promise<{ fake: FakeWechat; merchant: RsaKeyPair; env: Record<string, string> }> {
  const merchant = rsaKeyPair();
  const mchId = '1900000109';
  const appId = 'wxd678efh567hg6787';
  const fake = await createFakeWechat({ mchId, appId, apiV3Key: WECHAT_API_V3_KEY, merchantPublicKey: merchant.publicKey, merchantCertSerial: WECHAT_CERT_SERIAL, clock });
  return {
    fake,
    merchant,
    env: {
      WECHAT_MCH_ID: mchId,
      WECHAT_APP_ID: appId,
      WECHAT_API_V3_KEY: WECHAT_API_V3_KEY,
      WECHAT_PRIVATE_KEY: merchant.privateKey,
      WECHAT_CERT_SERIAL: WECHAT_CERT_SERIAL,
      WECHAT_PLATFORM_PUBLIC_KEY: fake.keys.publicKey,
      WECHAT_PLATFORM_PUBLIC_KEY_ID: fake.platformPublicKeyId,
      WECHAT_BASE_URL: fake.url,
    },
  };
}
