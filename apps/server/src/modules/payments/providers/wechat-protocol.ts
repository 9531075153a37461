import crypto from 'node:crypto';

/**
 * WeChat Pay API v3 protocol pieces, on node:crypto (there is no official Node SDK):
 * request signatures (WECHATPAY2-SHA256-RSA2048), response/notification signature checks
 * with WeChat Pay's public key, and AEAD_AES_256_GCM decryption of notification resources.
 * https://pay.weixin.qq.com/doc/v3/merchant/4012365336 (signing), 4012071382 (verifying),
 * 4012071382 (decrypting callbacks).
 */

/** Signatures older or newer than this, against our clock, are refused (replay protection). */
export const WECHAT_MAX_CLOCK_SKEW_MS = 5 * 60_000;

export interface MerchantIdentity {
  mchId: string;
  certSerial: string;
  privateKey: string;
}

/** The string a request signature covers: METHOD\nURL\ntimestamp\nnonce\nbody\n. */
export function requestSignString(method: string, pathWithQuery: string, timestamp: string, nonce: string, body: string): string {
  return `${method}\n${pathWithQuery}\n${timestamp}\n${nonce}\n${body}\n`;
}

/** The Authorization header for one request. */
export function authorizationHeader(
  merchant: MerchantIdentity,
  request: { method: string; pathWithQuery: string; body: string; timestamp: string; nonce: string },
): string {
  const message = requestSignString(request.method, request.pathWithQuery, request.timestamp, request.nonce, request.body);
  const signature = crypto.createSign('RSA-SHA256').update(message, 'utf8').sign(merchant.privateKey, 'base64');
  return (
    `WECHATPAY2-SHA256-RSA2048 mchid="${merchant.mchId}",nonce_str="${request.nonce}",` +
    `signature="${signature}",timestamp="${request.timestamp}",serial_no="${merchant.certSerial}"`
  );
}

export function newNonce(): string {
  return crypto.randomBytes(16).toString('hex').toUpperCase();
}

export interface SignedHeaders {
  timestamp: string;
  nonce: string;
  signature: string;
  serial: string;
}

/** The Wechatpay-* headers of a response or notification, or the reason they are unusable. */
export function readSignedHeaders(headers: Record<string, string | string[] | undefined>): SignedHeaders | string {
  const lower: Record<string, string | string[] | undefined> = {};
  for (const [k, v] of Object.entries(headers)) lower[k.toLowerCase()] = v;
  const pick = (name: string) => {
    const v = lower[name];
    return typeof v === 'string' && v.length > 0 && v.length <= 1024 ? v : undefined;
  };
  const timestamp = pick('wechatpay-timestamp');
  const nonce = pick('wechatpay-nonce');
  const signature = pick('wechatpay-signature');
  const serial = pick('wechatpay-serial');
  if (!timestamp || !nonce || !signature || !serial) return 'missing Wechatpay-Timestamp/-Nonce/-Signature/-Serial header';
  return { timestamp, nonce, signature, serial };
}

/**
 * Checks a signed message from WeChat Pay: the key id, the timestamp against `now`, then the
 * RSA-SHA256 signature over timestamp\nnonce\nbody\n. Returns null when it verifies, else why not.
 */
export function verifyWechatSignature(
  signed: SignedHeaders,
  body: string,
  platform: { publicKey: string; publicKeyId: string },
  now: Date,
): string | null {
  if (signed.serial !== platform.publicKeyId) return `unknown Wechatpay-Serial ${signed.serial.slice(0, 64)}`;
  if (!/^\d{1,12}$/.test(signed.timestamp)) return 'Wechatpay-Timestamp is not a number';
  if (Math.abs(now.getTime() - Number(signed.timestamp) * 1000) > WECHAT_MAX_CLOCK_SKEW_MS) return 'Wechatpay-Timestamp is more than 5 minutes off';
  const message = `${signed.timestamp}\n${signed.nonce}\n${body}\n`;
  let ok = false;
  try {
    ok = crypto.createVerify('RSA-SHA256').update(message, 'utf8').verify(platform.publicKey, signed.signature, 'base64');
  } catch {
    ok = false;
  }
  return ok ? null : 'signature does not verify';
}

export interface EncryptedResource {
  algorithm: string;
  ciphertext: string;
  nonce: string;
  associated_data?: string;
}

/** Decrypts a notification resource with the APIv3 key; throws when it does not authenticate. */
export function decryptResource(resource: EncryptedResource, apiV3Key: string): string {
  if (resource.algorithm !== 'AEAD_AES_256_GCM') throw new Error(`unsupported algorithm ${resource.algorithm}`);
  const data = Buffer.from(resource.ciphertext, 'base64');
  if (data.length <= 16) throw new Error('ciphertext too short');
  const decipher = crypto.createDecipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(resource.nonce, 'utf8'));
  decipher.setAuthTag(data.subarray(data.length - 16));
  decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8');
}

/** 2026-11-23T10:00:00+08:00: the RFC 3339 form WeChat Pay expects, in China time. */
export function chinaTime(date: Date): string {
  const shifted = new Date(date.getTime() + 8 * 3_600_000);
  return `${shifted.toISOString().slice(0, 19)}+08:00`;
}

/** Cuts a string to at most `maxBytes` UTF-8 bytes without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (bytes + size > maxBytes) break;
    out += ch;
    bytes += size;
  }
  return out;
}
