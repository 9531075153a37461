import type { ErrorSpec } from './errors-common.ts';

export const inventoryErrors = {} as const satisfies Record<string, ErrorSpec>;
