import type { ErrorSpec } from './errors-common.ts';

export const accountErrors = {} as const satisfies Record<string, ErrorSpec>;
