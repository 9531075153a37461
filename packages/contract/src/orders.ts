import type { ErrorSpec } from './errors-common.ts';

export const ordersErrors = {
  ORDER_STATE_INVALID: { status: 409, zh: '订单当前状态（{from}）不能变为 {to}', en: 'The order cannot move from {from} to {to}' },
} as const satisfies Record<string, ErrorSpec>;
