import crypto from 'node:crypto';
import fs from 'node:fs';

/**
 * Payment gateway settings, read by config.ts from the environment. A provider is enabled only
 * when all its keys are present; a partial or invalid set is a configuration error at start.
 * Keys may be given as PEM text (with real or `\n`-escaped newlines), as a path to a PEM file,
 * or as the bare base64 body the Alipay key tool prints.
 */
export interface AlipayConfig {
  appId: string;
  /** The app's RSA private key, PKCS#8 PEM. */
  privateKey: string;
  /** Alipay's RSA public key, SPKI PEM. */
  alipayPublicKey: string;
  /** The API v2 gateway, e.g. https://openapi.alipay.com/gateway.do (page URLs are built on it). */
  gateway: string;
  /** The API v3 endpoint, e.g. https://openapi.alipay.com (query and refund go there). */
  endpoint: string;
}

export interface WechatPayConfig {
  mchId: string;
  appId: string;
  /** The 32-byte APIv3 key that decrypts notifications. */
  apiV3Key: string;
  /** The merchant's API certificate private key, PKCS#8 PEM. */
  privateKey: string;
  /** Serial number of the merchant API certificate (sent as serial_no). */
  certSerial: string;
  /** WeChat Pay's public key (微信支付公钥), SPKI PEM, which signs responses and notifications. */
  platformPublicKey: string;
  /** Its id (PUB_KEY_ID_...), expected in the Wechatpay-Serial header. */
  platformPublicKeyId: string;
  baseUrl: string;
}

export interface PaymentProvidersConfig {
  alipay: AlipayConfig | null;
  wechat: WechatPayConfig | null;
}

export const ALIPAY_DEFAULT_GATEWAY = 'https://openapi.alipay.com/gateway.do';
export const WECHAT_DEFAULT_BASE_URL = 'https://api.mch.weixin.qq.com';

const ALIPAY_KEYS = ['ALIPAY_APP_ID', 'ALIPAY_PRIVATE_KEY', 'ALIPAY_PUBLIC_KEY'] as const;
const WECHAT_KEYS = [
  'WECHAT_MCH_ID',
  'WECHAT_APP_ID',
  'WECHAT_API_V3_KEY',
  'WECHAT_PRIVATE_KEY',
  'WECHAT_CERT_SERIAL',
  'WECHAT_PLATFORM_PUBLIC_KEY',
  'WECHAT_PLATFORM_PUBLIC_KEY_ID',
] as const;

type Env = Record<string, string | undefined>;

/** Reads both providers; returns every problem found rather than stopping at the first. */
export function readPaymentProviders(env: Env): { value: PaymentProvidersConfig; problems: string[] } {
  const problems: string[] = [];
  const alipay = readAlipay(env, problems);
  const wechat = readWechat(env, problems);
  return { value: { alipay, wechat }, problems };
}

function missingKeys(env: Env, keys: readonly string[], provider: string, problems: string[]): boolean {
  const present = keys.filter((k) => env[k]);
  if (present.length === 0) return true;
  const missing = keys.filter((k) => !env[k]);
  if (missing.length > 0) problems.push(`${provider} is partly configured; missing ${missing.join(', ')}`);
  return missing.length > 0;
}

function readAlipay(env: Env, problems: string[]): AlipayConfig | null {
  if (missingKeys(env, ALIPAY_KEYS, 'Alipay', problems)) return null;
  const before = problems.length;
  const appId = env.ALIPAY_APP_ID!.trim();
  if (!/^\d{8,32}$/.test(appId)) problems.push('ALIPAY_APP_ID: must be the numeric app id (e.g. 2021000000000000)');
  const privateKey = readPrivateKey(env.ALIPAY_PRIVATE_KEY!, 'ALIPAY_PRIVATE_KEY', problems);
  const alipayPublicKey = readPublicKey(env.ALIPAY_PUBLIC_KEY!, 'ALIPAY_PUBLIC_KEY', problems);
  const gatewayUrl = readUrl(env.ALIPAY_GATEWAY ?? ALIPAY_DEFAULT_GATEWAY, 'ALIPAY_GATEWAY', problems);
  if (problems.length > before || !privateKey || !alipayPublicKey || !gatewayUrl) return null;
  const base = gatewayUrl.replace(/\/+$/, '');
  const endpoint = base.endsWith('/gateway.do') ? base.slice(0, -'/gateway.do'.length) : base;
  return { appId, privateKey, alipayPublicKey, gateway: `${endpoint}/gateway.do`, endpoint };
}

function readWechat(env: Env, problems: string[]): WechatPayConfig | null {
  if (missingKeys(env, WECHAT_KEYS, 'WeChat Pay', problems)) return null;
  const before = problems.length;
  const mchId = env.WECHAT_MCH_ID!.trim();
  if (!/^\d{6,32}$/.test(mchId)) problems.push('WECHAT_MCH_ID: must be the numeric merchant id');
  const appId = env.WECHAT_APP_ID!.trim();
  if (!/^wx[0-9a-zA-Z]{8,30}$/.test(appId)) problems.push('WECHAT_APP_ID: must be an app id starting with "wx"');
  const apiV3Key = env.WECHAT_API_V3_KEY!;
  if (Buffer.byteLength(apiV3Key, 'utf8') !== 32) problems.push('WECHAT_API_V3_KEY: must be exactly 32 bytes');
  const certSerial = env.WECHAT_CERT_SERIAL!.trim();
  if (!/^[0-9A-Fa-f]{8,64}$/.test(certSerial)) problems.push('WECHAT_CERT_SERIAL: must be the hexadecimal certificate serial number');
  const platformPublicKeyId = env.WECHAT_PLATFORM_PUBLIC_KEY_ID!.trim();
  if (!/^[\w-]{1,64}$/.test(platformPublicKeyId)) problems.push('WECHAT_PLATFORM_PUBLIC_KEY_ID: must be the public key id (PUB_KEY_ID_...)');
  const privateKey = readPrivateKey(env.WECHAT_PRIVATE_KEY!, 'WECHAT_PRIVATE_KEY', problems);
  const platformPublicKey = readPublicKey(env.WECHAT_PLATFORM_PUBLIC_KEY!, 'WECHAT_PLATFORM_PUBLIC_KEY', problems);
  const baseUrl = readUrl(env.WECHAT_BASE_URL ?? WECHAT_DEFAULT_BASE_URL, 'WECHAT_BASE_URL', problems);
  if (problems.length > before || !privateKey || !platformPublicKey || !baseUrl) return null;
  return { mchId, appId, apiV3Key, privateKey, certSerial, platformPublicKey, platformPublicKeyId, baseUrl: baseUrl.replace(/\/+$/, '') };
}

/** https only, except for a gateway on this machine (local fakes and tunnels). */
function readUrl(value: string, name: string, problems: string[]): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push(`${name}: must be a URL`);
    return null;
  }
  const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(local && url.protocol === 'http:')) {
    problems.push(`${name}: must be an https URL`);
    return null;
  }
  return value;
}

/** PEM text, a path to a file holding it, or a bare base64 DER body. */
function keyText(value: string): string {
  const trimmed = value.trim();
  if (trimmed.includes('-----BEGIN')) return trimmed.replace(/\\n/g, '\n');
  if (trimmed.length < 1024) {
    try {
      if (fs.statSync(trimmed).isFile()) return fs.readFileSync(trimmed, 'utf8').trim();
    } catch {
      // not a path: fall through to bare base64
    }
  }
  return trimmed;
}

function rsaCheck(key: crypto.KeyObject, name: string, problems: string[]): boolean {
  if (key.asymmetricKeyType !== 'rsa') {
    problems.push(`${name}: must be an RSA key`);
    return false;
  }
  if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
    problems.push(`${name}: must be an RSA key of at least 2048 bits`);
    return false;
  }
  return true;
}

function readPrivateKey(value: string, name: string, problems: string[]): string | null {
  const text = keyText(value);
  const attempts: crypto.PrivateKeyInput[] = text.includes('-----BEGIN')
    ? [{ key: text, format: 'pem' }]
    : [
        { key: Buffer.from(text, 'base64'), format: 'der', type: 'pkcs8' },
        { key: Buffer.from(text, 'base64'), format: 'der', type: 'pkcs1' },
      ];
  for (const attempt of attempts) {
    try {
      const key = crypto.createPrivateKey(attempt);
      if (!rsaCheck(key, name, problems)) return null;
      return key.export({ format: 'pem', type: 'pkcs8' }).toString();
    } catch {
      // try the next form
    }
  }
  problems.push(`${name}: not a readable RSA private key (PEM, a PEM file path, or base64 PKCS#8/PKCS#1)`);
  return null;
}

function readPublicKey(value: string, name: string, problems: string[]): string | null {
  const text = keyText(value);
  if (text.includes('PRIVATE KEY')) {
    problems.push(`${name}: is a private key; give the public key here`);
    return null;
  }
  try {
    const key = text.includes('-----BEGIN')
      ? crypto.createPublicKey({ key: text, format: 'pem' })
      : crypto.createPublicKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'spki' });
    if (!rsaCheck(key, name, problems)) return null;
    return key.export({ format: 'pem', type: 'spki' }).toString();
  } catch {
    problems.push(`${name}: not a readable RSA public key (PEM, a PEM file path, or base64 SPKI)`);
    return null;
  }
}
