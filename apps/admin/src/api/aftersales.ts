import type { z } from 'zod';
import type { aftersalesPage, aftersalesTicketDetail } from '@mall/contract';
import { http, idempotencyKey, type Query } from './http.ts';

export type TicketPage = z.input<typeof aftersalesPage>;
export type Ticket = TicketPage['items'][number];
export type TicketDetail = z.input<typeof aftersalesTicketDetail>;

const base = '/admin/aftersales';
const once = () => ({ 'Idempotency-Key': idempotencyKey() });

export const aftersalesApi = {
  list: (query: Query) => http.get<TicketPage>(base, query),
  get: (id: number) => http.get<TicketDetail>(`${base}/${id}`),
  approve: (id: number, body: { refundAmount?: number; note?: string }) => http.post<TicketDetail>(`${base}/${id}/approve`, body, once()),
  reject: (id: number, reason: string) => http.post<TicketDetail>(`${base}/${id}/reject`, { reason }),
  receive: (id: number, body: { restock: boolean; note?: string }) => http.post<TicketDetail>(`${base}/${id}/receive`, body),
  refund: (id: number, note = '') => http.post<TicketDetail>(`${base}/${id}/refund`, { note }, once()),
  retryRefund: (id: number, note = '') => http.post<TicketDetail>(`${base}/${id}/retry-refund`, { note }, once()),
  shipExchange: (id: number, body: { carrier: string; trackingNo: string }) => http.post<TicketDetail>(`${base}/${id}/ship-exchange`, body),
};
