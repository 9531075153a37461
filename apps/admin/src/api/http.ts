import type { Problem } from '@mall/contract';

/** `title` is the server's words for a broken business rule, in the request's language; `message` is English for developers. */
export type FieldError = { path: string; message: string; code?: string; title?: string };

/** An answer of the API that is not 2xx: the problem+json it carried, or a stand-in. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly fieldErrors: FieldError[];

  constructor(status: number, problem: Partial<Problem>) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code ?? 'HTTP_ERROR';
    this.title = problem.title ?? `HTTP ${status}`;
    this.detail = problem.detail;
    this.fieldErrors = problem.errors ?? [];
  }

  /** The words to show a person: the detail when the API gave one, else the title. */
  get text(): string {
    return this.detail && this.detail !== this.title ? `${this.title}：${this.detail}` : this.title;
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>;

interface HttpConfig {
  /** Accept-Language for every request (the back office's locale). */
  language: () => string;
  /** Called on 401 so the app can go to the sign-in page. */
  onUnauthenticated: () => void;
}

const config: HttpConfig = { language: () => 'zh-CN', onUnauthenticated: () => {} };

export function configureHttp(next: Partial<HttpConfig>): void {
  Object.assign(config, next);
}

export function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function apiUrl(path: string, query?: Query): string {
  return `/api${path}${queryString(query)}`;
}

interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** FormData or text bodies are sent as they are. */
  raw?: BodyInit;
  contentType?: string;
  headers?: Record<string, string>;
}

async function problemOf(response: Response): Promise<ApiError> {
  let problem: Partial<Problem> = {};
  try {
    problem = (await response.json()) as Partial<Problem>;
  } catch {
    problem = { title: response.statusText || `HTTP ${response.status}` };
  }
  return new ApiError(response.status, problem);
}

export async function send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', 'Accept-Language': config.language(), ...options.headers };
  let body: BodyInit | undefined = options.raw;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  } else if (options.contentType) headers['Content-Type'] = options.contentType;
  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), { method, headers, body, credentials: 'include' });
  } catch {
    throw new ApiError(0, { code: 'NETWORK', title: config.language() === 'en' ? 'Network error' : '网络错误，请检查网络后重试' });
  }
  if (!response.ok) {
    const error = await problemOf(response);
    if (response.status === 401 && !path.startsWith('/admin/auth/')) config.onUnauthenticated();
    throw error;
  }
  return response;
}

async function json<T>(method: string, path: string, options?: RequestOptions): Promise<T> {
  const response = await send(method, path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const http = {
  get: <T>(path: string, query?: Query) => json<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown, headers?: Record<string, string>) => json<T>('POST', path, { body: body ?? {}, headers }),
  patch: <T>(path: string, body: unknown) => json<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => json<T>('PUT', path, { body }),
  delete: <T>(path: string) => json<T>('DELETE', path),
  upload: <T>(path: string, form: FormData, query?: Query) => json<T>('POST', path, { raw: form, query }),
  /** Downloads a file the API answers with (CSV export) under the given name. */
  async download(path: string, fileName: string, query?: Query): Promise<void> {
    const response = await send('GET', path, { query });
    const blob = await response.blob();
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  },
};

/** A fresh Idempotency-Key for POSTs that honour one. */
export function idempotencyKey(): string {
  return `admin-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}
