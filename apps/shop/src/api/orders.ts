import { http, newIdempotencyKey } from './http.ts';
import type { CheckoutPreview, OrderDetail, OrderPage, PayResult, PreorderOrder, ShopperPayment } from './types.ts';
import type { OrderStatusValue } from '@mall/contract';

export interface CheckoutSource {
  items?: { skuId: number; quantity: number }[];
  fromCart?: true;
}

export interface CheckoutChoice extends CheckoutSource {
  addressId?: number;
  couponId?: number;
  points?: number;
}

export interface PlaceOrderBody extends CheckoutChoice {
  addressId: number;
  note?: string;
  expectedTotal?: number;
  depositTerms?: { accepted: true; version: number };
}

export const ordersApi = {
  preview: (body: CheckoutChoice) => http.post<CheckoutPreview>('/api/checkout/preview', body),
  /** Each call is one attempt: a fresh Idempotency-Key, unless the caller retries with its own. */
  place: (body: PlaceOrderBody, key = newIdempotencyKey()) => http.post<OrderDetail>('/api/orders', body, { 'Idempotency-Key': key }),
  list: (query: { page: number; pageSize: number; status?: OrderStatusValue }) => http.get<OrderPage>('/api/orders', { ...query }),
  get: (id: number) => http.get<OrderDetail>(`/api/orders/${id}`),
  pay: (id: number) => http.post<PayResult>(`/api/orders/${id}/payments`, { provider: 'sandbox' }),
  cancel: (id: number, reason?: string) => http.post<OrderDetail>(`/api/orders/${id}/cancel`, reason ? { reason } : {}),
  confirmReceipt: (id: number) => http.post<OrderDetail>(`/api/orders/${id}/confirm-receipt`),
  preorder: (id: number) => http.get<PreorderOrder>(`/api/orders/${id}/preorder`),
  payment: (paymentNo: string) => http.get<ShopperPayment>(`/api/payments/${encodeURIComponent(paymentNo)}`),
};
