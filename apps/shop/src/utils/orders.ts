import type { OrderStatusValue } from '@mall/contract';

/** The tabs of "my orders", in the order a shopper expects them. */
export const ORDER_TABS: ('all' | OrderStatusValue)[] = [
  'all',
  'awaiting_payment',
  'awaiting_deposit',
  'awaiting_balance',
  'awaiting_stock',
  'awaiting_shipment',
  'shipped',
  'completed',
  'cancelled',
];

/** The data-testid of the pay button for a payment stage (the browser tests click these). */
export function payTestId(stage: 'full' | 'deposit' | 'balance' | null): string {
  if (stage === 'deposit') return 'pay-deposit';
  if (stage === 'balance') return 'pay-balance';
  return 'pay';
}
