import type { z } from 'zod';
import type { commissionList, distributorList, distributorRolesBody, distributorView, productCommissionRate, withdrawalList, withdrawalView } from '@mall/contract';
import { http } from './http.ts';

export type Distributor = z.input<typeof distributorView>;
export type DistributorPage = z.input<typeof distributorList>;
export type CommissionPage = z.input<typeof commissionList>;
export type Withdrawal = z.input<typeof withdrawalView>;
export type WithdrawalPage = z.input<typeof withdrawalList>;
export type DistributorRoles = z.input<typeof distributorRolesBody>;
type Query = Record<string, string | number | undefined>;

const base = '/admin/distribution';

/** 分销: distributors, commissions, withdrawals, product commission rates. */
export const distributionApi = {
  distributors: (query: Query) => http.get<DistributorPage>(`${base}/distributors`, query),
  review: (shopperId: number, action: 'approve' | 'reject' | 'disable' | 'enable', note = '') => http.post<Distributor>(`${base}/distributors/${shopperId}/${action}`, { note }),
  setRoles: (shopperId: number, body: DistributorRoles) => http.put<Distributor>(`${base}/distributors/${shopperId}/roles`, body),
  commissions: (query: Query) => http.get<CommissionPage>(`${base}/commissions`, query),
  withdrawals: (query: Query) => http.get<WithdrawalPage>(`${base}/withdrawals`, query),
  approveWithdrawal: (id: number, note = '') => http.post<Withdrawal>(`${base}/withdrawals/${id}/approve`, { note }),
  rejectWithdrawal: (id: number, note = '') => http.post<Withdrawal>(`${base}/withdrawals/${id}/reject`, { note }),
  setProductRate: (productId: number, body: { level1Permille: number; level2Permille: number }) =>
    http.put<z.input<typeof productCommissionRate>>(`${base}/products/${productId}/rate`, body),
};
