import type { WechatPayConfig } from '../../../config-payments.ts';
import type { Clock } from '../../../platform/clock.ts';
import { AppError } from '../../../platform/errors.ts';
import { authorizationHeader, newNonce, readSignedHeaders, verifyWechatSignature } from './wechat-protocol.ts';

export interface WechatResponse {
  status: number;
  /** Parsed JSON body; for an error status, WeChat's { code, message }. */
  data: Record<string, unknown>;
}

export interface WechatClient {
  request(method: 'GET' | 'POST', path: string, body?: Record<string, unknown>): Promise<WechatResponse>;
}

const unavailable = (detail: string) => new AppError('PAYMENT_GATEWAY_ERROR', { provider: 'wechat', detail });

/**
 * Signed HTTP calls to WeChat Pay API v3. Every 2xx answer must carry a valid signature from
 * WeChat Pay's public key (else the call fails: an unsigned "success" is never believed);
 * error answers are returned as they are so callers can tell "refused" from "try again".
 */
export function createWechatClient(options: { config: WechatPayConfig; clock: Clock; timeoutMs?: number }): WechatClient {
  const { config, clock } = options;
  const merchant = { mchId: config.mchId, certSerial: config.certSerial, privateKey: config.privateKey };
  const platform = { publicKey: config.platformPublicKey, publicKeyId: config.platformPublicKeyId };

  return {
    async request(method, path, body) {
      const url = new URL(`${config.baseUrl}${path}`);
      const text = body === undefined ? '' : JSON.stringify(body);
      const authorization = authorizationHeader(merchant, {
        method,
        pathWithQuery: `${url.pathname}${url.search}`,
        body: text,
        timestamp: String(Math.floor(clock.now().getTime() / 1000)),
        nonce: newNonce(),
      });
      let response: Response;
      let raw: string;
      try {
        response = await fetch(url, {
          method,
          headers: {
            authorization,
            accept: 'application/json',
            'user-agent': 'presale-mall/0.1',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: body === undefined ? undefined : text,
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
        raw = await response.text();
      } catch (error) {
        throw unavailable(`gateway unreachable: ${(error as Error).message}`);
      }
      if (response.status >= 200 && response.status < 300) {
        const signed = readSignedHeaders(Object.fromEntries(response.headers));
        const problem = typeof signed === 'string' ? signed : verifyWechatSignature(signed, raw, platform, clock.now());
        if (problem) throw unavailable(`response not trusted: ${problem}`);
      }
      return { status: response.status, data: parseObject(raw) };
    },
  };
}

function parseObject(raw: string): Record<string, unknown> {
  if (raw.length === 0) return {};
  try {
    const value: unknown = JSON.parse(raw);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** WeChat's error code of a non-2xx answer, e.g. ORDER_NOT_EXIST. */
export const errorCode = (response: WechatResponse): string => (typeof response.data.code === 'string' ? response.data.code : `HTTP_${response.status}`);

export { unavailable as wechatUnavailable };
