import { expect } from 'vitest';
import type { TestContext } from './harness.ts';

let ipCounter = 0;
/** A fresh client address per use, so sign-in failures of one test never throttle another's IP. */
export const freshIp = () => {
  ipCounter++;
  return `10.77.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`;
};

type Headers = Record<string, string>;

/** HTTP calls from one client address. */
export function clientOf(ctx: () => TestContext, ip = freshIp()) {
  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, headers: Headers = {}, cookies?: Record<string, string>) =>
    ctx().app.inject({ method, url, payload: payload as never, headers, cookies, remoteAddress: ip });
  return {
    ip,
    get: (url: string, headers?: Headers, cookies?: Record<string, string>) => call('GET', url, undefined, headers, cookies),
    post: (url: string, payload?: unknown, headers?: Headers, cookies?: Record<string, string>) => call('POST', url, payload, headers, cookies),
    patch: (url: string, payload?: unknown, headers?: Headers) => call('PATCH', url, payload, headers),
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The 6-digit code in the last text message sent to a phone. */
export function lastCode(ctx: () => TestContext, phone: string): string {
  const text = ctx().sms.lastTo(phone);
  expect(text, `no SMS sent to ${phone}`).toBeTruthy();
  const match = /\b(\d{6})\b/.exec(text!);
  expect(match).toBeTruthy();
  return match![1]!;
}

export async function countRows(ctx: () => TestContext, table: string, where = 'true', params: unknown[] = []): Promise<number> {
  const [row] = await ctx().database.query<{ n: number }>(`select count(*)::int as n from ${table} where ${where}`, params);
  return row!.n;
}

/** A random mainland mobile number in E.164, unique enough per test run. */
let phoneCounter = 0;
export const freshPhone = () => `+86139${String(Date.now() % 100_000).padStart(5, '0')}${String(phoneCounter++ % 1000).padStart(3, '0')}`;

/** Validation problem with an error naming `field`. */
export function expectValidation(res: { statusCode: number; json(): any }, field: string) {
  expect(res.statusCode).toBe(400);
  const body = res.json();
  expect(body.code).toBe('VALIDATION_FAILED');
  expect(body.errors.map((e: { path: string }) => e.path).join(' ')).toContain(field);
}
