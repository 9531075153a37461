import crypto from 'node:crypto';
import type { BrowserContext } from 'playwright-core';

export const SHOPPER_COOKIE = 'mall_sid';
export const STAFF_COOKIE = 'mall_admin_sid';
/** The demo owner the server creates with DEMO_DATA (README, "On a fresh machine"). */
export const DEMO_OWNER = { username: 'owner', password: process.env.DEMO_OWNER_PASSWORD ?? 'demo-owner-2026' };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`${what} answered ${status}: ${JSON.stringify(body)}`);
  }
}

export interface Session {
  token: string;
  /** The session cookie as the server set it, ready for a browser context. */
  cookie: { name: string; value: string; path: string };
}

export interface Shopper extends Session {
  id: number;
  email: string;
  password: string;
}

/** The server's HTTP API, for setting the scene and checking results around browser steps. */
export class Api {
  constructor(readonly baseUrl: string) {}

  async request<T = unknown>(method: string, url: string, options: { body?: unknown; token?: string; idempotencyKey?: string } = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', 'accept-language': 'zh-CN' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    const res = await fetch(`${this.baseUrl}${url}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    const text = await res.text();
    const body: unknown = text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text;
    if (!res.ok) throw new ApiError(res.status, body, `${method} ${url}`);
    return body as T;
  }

  get<T = unknown>(url: string, token?: string) {
    return this.request<T>('GET', url, { token });
  }

  post<T = unknown>(url: string, body: unknown = {}, options: { token?: string; idempotencyKey?: string } = {}) {
    return this.request<T>('POST', url, { ...options, body });
  }

  /** The server's business clock (test servers only: TEST_CLOCK_CONTROL=1). */
  readonly clock = {
    now: async (): Promise<Date> => new Date((await this.get<{ now: string }>('/api/test/clock')).now),
    advance: async (ms: number): Promise<Date> => new Date((await this.post<{ now: string }>('/api/test/clock', { advanceMs: ms })).now),
    set: async (to: Date | string): Promise<Date> =>
      new Date((await this.post<{ now: string }>('/api/test/clock', { set: new Date(to).toISOString() })).now),
  };

  /** Runs every sweeper and delivers every due outbox message now, instead of waiting for polling. */
  runJobs(): Promise<{ swept: number; delivered: number; now: string }> {
    return this.post('/api/test/jobs/run');
  }

  /** A new shopper signed up through the API (e-mail and password), signed in. */
  async signUpShopper(options: { email?: string; password?: string; nickname?: string } = {}): Promise<Shopper> {
    const email = options.email ?? `e2e-${Date.now().toString(36)}-${crypto.randomBytes(3).toString('hex')}@example.com`;
    const password = options.password ?? 'e2e-shopper-pass-1';
    const res = await this.rawPost('/api/auth/register', { email, password, ...(options.nickname ? { nickname: options.nickname } : {}) });
    const body = (await res.json()) as { token: string; shopper: { id: number } };
    if (res.status !== 201) throw new ApiError(res.status, body, 'POST /api/auth/register');
    return { id: body.shopper.id, email, password, token: body.token, cookie: sessionCookie(res, SHOPPER_COOKIE) };
  }

  /** The demo owner, signed in to the back office through the API. */
  async signInOwner(): Promise<Session & { staffId: number }> {
    const res = await this.rawPost('/api/admin/auth/login', DEMO_OWNER);
    const body = (await res.json()) as { token: string; staff: { id: number } };
    if (res.status !== 200) throw new ApiError(res.status, body, 'POST /api/admin/auth/login');
    return { token: body.token, staffId: body.staff.id, cookie: sessionCookie(res, STAFF_COOKIE) };
  }

  /** Puts a session cookie into a browser context, so its pages are signed in. */
  async giveSession(context: BrowserContext, session: Session): Promise<void> {
    const { hostname } = new URL(this.baseUrl);
    await context.addCookies([{ ...session.cookie, domain: hostname, httpOnly: true, sameSite: 'Lax', secure: false }]);
  }

  private rawPost(url: string, body: unknown): Promise<Response> {
    return fetch(`${this.baseUrl}${url}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }
}

function sessionCookie(res: Response, name: string): Session['cookie'] {
  for (const header of res.headers.getSetCookie()) {
    const [pair, ...attributes] = header.split(';').map((part) => part.trim());
    const eq = pair!.indexOf('=');
    if (pair!.slice(0, eq) !== name) continue;
    const pathAttribute = attributes.find((a) => a.toLowerCase().startsWith('path='));
    return { name, value: pair!.slice(eq + 1), path: pathAttribute ? pathAttribute.slice(5) : '/' };
  }
  throw new Error(`the server set no ${name} cookie`);
}

export function idempotencyKey(prefix = 'e2e'): string {
  return `${prefix}-${crypto.randomBytes(8).toString('hex')}`;
}
