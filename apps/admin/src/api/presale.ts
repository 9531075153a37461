import type { z } from 'zod';
import type {
  presaleBulkResult,
  presaleCampaignAdminView,
  presaleCampaignDetail,
  presaleCampaignInput,
  presaleCampaignPatch,
  presaleCampaignReport,
  presaleShipDateChangeInput,
  presaleBulkInput,
  presaleBatchesInput,
} from '@mall/contract';
import { http, type Query } from './http.ts';

/** Shapes as they travel (times as ISO strings). */
export type CampaignView = z.input<typeof presaleCampaignAdminView>;
export type CampaignDetail = z.input<typeof presaleCampaignDetail>;
export type CampaignInput = z.input<typeof presaleCampaignInput>;
export type CampaignPatch = z.input<typeof presaleCampaignPatch>;
export type CampaignReport = z.input<typeof presaleCampaignReport>;
export type ShipDateChange = z.input<typeof presaleShipDateChangeInput>;
export type BulkInput = z.input<typeof presaleBulkInput>;
export type BulkResult = z.input<typeof presaleBulkResult>;
export type BatchesInput = z.input<typeof presaleBatchesInput>;
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

const base = '/admin/presale/campaigns';

export const presaleApi = {
  list: (query: Query) => http.get<Page<CampaignView>>(base, query),
  get: (id: number) => http.get<CampaignDetail>(`${base}/${id}`),
  create: (body: CampaignInput) => http.post<CampaignDetail>(base, body),
  update: (id: number, body: CampaignPatch) => http.patch<CampaignDetail>(`${base}/${id}`, body),
  end: (id: number) => http.post<CampaignDetail>(`${base}/${id}/end`),
  changeShipDate: (id: number, body: ShipDateChange) => http.post<CampaignDetail>(`${base}/${id}/ship-date`, body),
  report: (id: number) => http.get<CampaignReport>(`${base}/${id}/report`),
  setBatches: (id: number, body: BatchesInput) => http.put<CampaignDetail>(`${base}/${id}/batches`, body),
  bulk: (id: number, body: BulkInput) => http.post<BulkResult>(`${base}/${id}/orders/bulk`, body),
};
