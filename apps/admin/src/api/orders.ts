import type { z } from 'zod';
import type { adminOrderDetail, adminOrderPage, closeOrderInput, shipOrderInput } from '@mall/contract';
import { http, type Query } from './http.ts';

export type OrderPage = z.input<typeof adminOrderPage>;
export type OrderRow = OrderPage['items'][number];
export type OrderDetailView = z.input<typeof adminOrderDetail>;
export type ShipInput = z.input<typeof shipOrderInput>;
export type CloseInput = z.input<typeof closeOrderInput>;

export const ordersApi = {
  list: (query: Query) => http.get<OrderPage>('/admin/orders', query),
  get: (id: number) => http.get<OrderDetailView>(`/admin/orders/${id}`),
  ship: (id: number, body: ShipInput) => http.post<OrderDetailView>(`/admin/orders/${id}/ship`, body),
  close: (id: number, body: CloseInput) => http.post<OrderDetailView>(`/admin/orders/${id}/close`, body),
  remark: (id: number, remark: string) => http.post<OrderDetailView>(`/admin/orders/${id}/remarks`, { remark }),
  exportCsv: (query: Query) => http.download('/admin/orders/export.csv', 'orders.csv', query),
};
