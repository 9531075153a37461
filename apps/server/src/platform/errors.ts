import { errorCatalog, formatErrorMessage, pickLocale, type ErrorCode, type Problem } from '@mall/contract';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { pgErrorCode } from './db.ts';

export interface FieldError {
  path: string;
  message: string;
  /** The business rule the field broke, when there is one: the problem then carries its localised title for the field. */
  code?: ErrorCode;
  params?: Record<string, unknown>;
}

/** A business error with a stable code. Services throw these; the HTTP layer renders problem+json. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly params: Record<string, unknown>;
  readonly fieldErrors?: FieldError[];
  constructor(code: ErrorCode, params: Record<string, unknown> = {}, fieldErrors?: FieldError[]) {
    super(formatErrorMessage(code, 'en', params));
    this.name = 'AppError';
    this.code = code;
    this.params = params;
    this.fieldErrors = fieldErrors;
  }
  get status(): number {
    return errorCatalog[this.code].status;
  }
}

export const notFound = (resource: { zh: string; en: string } | string, id?: unknown) =>
  new AppError('NOT_FOUND', { resource: typeof resource === 'string' ? resource : resource.en, resourceZh: typeof resource === 'string' ? resource : resource.zh, id });

export function problemFor(error: AppError, request: FastifyRequest): Problem {
  const locale = pickLocale(request.headers['accept-language']);
  const params = locale === 'zh-CN' && 'resourceZh' in error.params ? { ...error.params, resource: error.params.resourceZh } : error.params;
  const spec = errorCatalog[error.code];
  const title = formatErrorMessage(error.code, locale, params);
  return {
    type: `https://mall.example/problems/${error.code.toLowerCase().replace(/_/g, '-')}`,
    title,
    status: spec.status,
    code: error.code,
    detail: typeof params.detail === 'string' ? params.detail : undefined,
    instance: request.url,
    requestId: request.id,
    errors: error.fieldErrors?.map((f) => (f.code ? { path: f.path, message: f.message, code: f.code, title: formatErrorMessage(f.code, locale, f.params ?? {}) } : { path: f.path, message: f.message })),
    retryAfterSeconds: typeof params.retryAfterSeconds === 'number' ? params.retryAfterSeconds : undefined,
  };
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, error: AppError): FastifyReply {
  const problem = problemFor(error, request);
  if (error.code === 'RATE_LIMITED' && typeof error.params.retryAfterSeconds === 'number') {
    reply.header('retry-after', String(error.params.retryAfterSeconds));
  }
  return reply.status(problem.status).type('application/problem+json; charset=utf-8').send(problem);
}

/** Maps anything thrown in a route to problem+json. Unknown errors are logged and become 500 INTERNAL. */
export function errorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) return sendProblem(reply, request, error);
  if (hasZodFastifySchemaValidationErrors(error)) {
    const fieldErrors = error.validation.map((v) => ({
      path: `${(error as FastifyError).validationContext ?? ''}${v.instancePath.replace(/\//g, '.')}`.replace(/^\./, ''),
      message: v.message ?? 'invalid',
    }));
    return sendProblem(reply, request, new AppError('VALIDATION_FAILED', {}, fieldErrors));
  }
  const fastifyError = error as FastifyError;
  const byFastifyCode: Record<string, ErrorCode> = {
    FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_BODY',
    FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_BODY',
    FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
    FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
    FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'MALFORMED_BODY',
    FST_ERR_VALIDATION: 'VALIDATION_FAILED',
    FST_REQ_FILE_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
    FST_FILES_LIMIT: 'PAYLOAD_TOO_LARGE',
    FST_PARTS_LIMIT: 'PAYLOAD_TOO_LARGE',
    FST_INVALID_MULTIPART_CONTENT_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  };
  const mapped = fastifyError.code ? byFastifyCode[fastifyError.code] : undefined;
  if (mapped) {
    const fieldErrors = fastifyError.validation?.map((v) => ({ path: v.instancePath, message: v.message ?? 'invalid' }));
    return sendProblem(reply, request, new AppError(mapped, {}, fieldErrors));
  }
  const sqlState = pgErrorCode(error);
  if (sqlState === '23505') {
    // A unique rule another request won a moment earlier (two first templates, two equal codes at
    // once): the same answer as a checked conflict, and the transaction rolled back whole.
    request.log.warn({ err: error, sqlState }, 'unique violation: a concurrent request got there first');
    return sendProblem(reply, request, new AppError('CONFLICT'));
  }
  if (sqlState === '40P01' || sqlState === '40001') {
    // Deadlock or serialization failure: the database rolled this request back whole; a retry succeeds.
    request.log.warn({ err: error, sqlState }, 'transaction rolled back by the database; client may retry');
    return sendProblem(reply, request, new AppError('CONFLICT'));
  }
  if (sqlState?.startsWith('22')) {
    // A data exception (NUL byte, value out of range, ...) that validation let through: the
    // client's input, refused whole by the database; the transaction rolled back.
    request.log.warn({ err: error, sqlState }, 'database refused a value');
    return sendProblem(reply, request, new AppError('VALIDATION_FAILED', { detail: 'A value was not accepted by the database' }));
  }
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    request.log.info({ err: error }, 'client error without a mapped code');
    return sendProblem(reply, request, new AppError('VALIDATION_FAILED', { detail: error.message }));
  }
  request.log.error({ err: error }, 'unhandled error');
  return sendProblem(reply, request, new AppError('INTERNAL'));
}
