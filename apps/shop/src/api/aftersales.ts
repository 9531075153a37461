import { http, newIdempotencyKey } from './http.ts';
import type { AftersalesDetail, AftersalesPage, Eligibility } from './types.ts';
import type { AfterSalesReason, AfterSalesType } from '@mall/contract';

export interface ApplyBody {
  orderId: number;
  type: AfterSalesType;
  reason: AfterSalesReason;
  description: string;
  photos: string[];
  lines: { orderLineId: number; quantity: number }[];
  refundAmount?: number;
}

export const aftersalesApi = {
  eligibility: (orderId: number) => http.get<Eligibility>(`/api/orders/${orderId}/aftersales-eligibility`),
  uploadPhoto(file: File) {
    const form = new FormData();
    form.append('file', file);
    return http.upload<{ url: string }>('/api/aftersales/photos', form);
  },
  apply: (body: ApplyBody, key = newIdempotencyKey()) => http.post<AftersalesDetail>('/api/aftersales', body, { 'Idempotency-Key': key }),
  list: (query: { page: number; pageSize: number }) => http.get<AftersalesPage>('/api/aftersales', { ...query }),
  get: (id: number) => http.get<AftersalesDetail>(`/api/aftersales/${id}`),
  returnShipment: (id: number, body: { carrier: string; trackingNo: string }) => http.post<AftersalesDetail>(`/api/aftersales/${id}/return-shipment`, body),
  withdraw: (id: number) => http.post<AftersalesDetail>(`/api/aftersales/${id}/withdraw`),
};
