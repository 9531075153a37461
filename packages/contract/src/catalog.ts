import type { ErrorSpec } from './errors-common.ts';

export const catalogErrors = {} as const satisfies Record<string, ErrorSpec>;
