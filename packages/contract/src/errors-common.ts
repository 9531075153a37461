/**
 * Error catalogue shared by the server and the web apps. Each code has an HTTP status and a
 * message in zh-CN and en; `{name}` placeholders are filled from the error's params.
 * Modules add their own catalogue file and merge it in `errors.ts`.
 */
export interface ErrorSpec {
  status: number;
  zh: string;
  en: string;
}

export const commonErrors = {
  VALIDATION_FAILED: { status: 400, zh: '请求参数有误', en: 'The request is invalid' },
  MALFORMED_BODY: { status: 400, zh: '请求体不是有效的 JSON', en: 'The request body is not valid JSON' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '请求内容过大', en: 'The request is too large' },
  ROUTE_NOT_FOUND: { status: 404, zh: '接口不存在', en: 'No such endpoint' },
  NOT_FOUND: { status: 404, zh: '{resource}不存在', en: '{resource} not found' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Please sign in first' },
  FORBIDDEN: { status: 403, zh: '没有权限执行此操作', en: 'You do not have permission to do this' },
  CONFLICT: { status: 409, zh: '数据已被修改，请刷新后重试', en: 'The data changed meanwhile; refresh and try again' },
  RATE_LIMITED: { status: 429, zh: '操作过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  IDEMPOTENCY_KEY_INVALID: {
    status: 400,
    zh: 'Idempotency-Key 须为 8 到 128 个可见字符',
    en: 'Idempotency-Key must be 8 to 128 visible characters',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    zh: '该 Idempotency-Key 已用于另一个不同的请求',
    en: 'This Idempotency-Key was already used for a different request',
  },
  INTERNAL: { status: 500, zh: '服务器内部错误，请稍后再试', en: 'Internal server error; please try again later' },
} as const satisfies Record<string, ErrorSpec>;
