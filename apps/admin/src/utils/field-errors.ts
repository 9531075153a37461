import type { FieldError } from '../api/http.ts';

/** Field errors keyed by the form's field key ("items.0.presalePrice"), first message per field. */
export type FieldErrorMap = Record<string, string>;

const LOCATIONS = /^(body|querystring|params|headers)\.?/;

/** "body.items.0.presalePrice" or "/items/0/presalePrice" → "items.0.presalePrice". */
export function normalizePath(path: string): string {
  return path.replace(/^\//, '').replace(/\//g, '.').replace(LOCATIONS, '');
}

/**
 * Maps the API's (or zod's) field errors onto form field keys. `rename` turns a payload path
 * into the key of the form field that edits it (or null to leave it for the general message).
 */
export function toFieldErrors(errors: readonly FieldError[], rename: (path: string) => string | null = (p) => p): FieldErrorMap {
  const map: FieldErrorMap = {};
  for (const error of errors) {
    const key = rename(normalizePath(error.path));
    if (key === null || key === '') continue;
    if (!(key in map)) map[key] = error.title ?? error.message;
  }
  return map;
}

/** zod issues ({ path: (string|number)[] }) as field errors. */
export function zodFieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldError[] {
  return issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}
