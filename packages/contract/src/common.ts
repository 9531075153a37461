import { z } from 'zod';

export const MAX_PAGE_SIZE = 100;

export const idParam = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20),
});
export type PageQuery = z.infer<typeof pageQuery>;

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
}

/** RFC 9457 problem details, as every error answer looks. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  requestId: z.string().optional(),
  /** With RATE_LIMITED: seconds until a retry may succeed (also in the Retry-After header). */
  retryAfterSeconds: z.number().int().optional(),
  /** Field errors: `message` in English for developers; `code` and a localised `title` when the field broke a business rule. */
  errors: z.array(z.object({ path: z.string(), message: z.string(), code: z.string().optional(), title: z.string().optional() })).optional(),
});
export type Problem = z.infer<typeof problemSchema>;

export const okSchema = z.object({ ok: z.literal(true) });

/** Query-string boolean: accepts true/false/1/0. */
export const queryBoolean = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const isoDateTime = z.iso.datetime({ offset: true });

/**
 * A point in time: an ISO 8601 string on the wire, a Date in code. Response schemas encode
 * Dates to strings; request schemas decode strings to Dates.
 */
export const timestamp = z.codec(z.iso.datetime({ offset: true }), z.date(), {
  decode: (text) => new Date(text),
  encode: (date) => date.toISOString(),
});
