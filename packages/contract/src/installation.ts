import type { ErrorSpec } from './errors-common.ts';

export const installationErrors = {} as const satisfies Record<string, ErrorSpec>;
