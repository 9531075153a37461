import type { ErrorSpec } from './errors-common.ts';

export const trackingErrors = {} as const satisfies Record<string, ErrorSpec>;
