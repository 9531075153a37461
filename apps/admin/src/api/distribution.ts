import type { z } from 'zod';
import type { commissionAdminList, distributorList, distributorRolesBody, distributorView, productCommissionRate, withdrawalAdminList, withdrawalView } from '@mall/contract';
import { http } from './http.ts';

export type Distributor = z.input<typeof distributorView>;
export type DistributorPage = z.input<typeof distributorList>;
export type CommissionPage = z.input<typeof commissionAdminList>;
export type Withdrawal = z.input<typeof withdrawalView>;
export type WithdrawalPage = z.input<typeof withdrawalAdminList>;
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
  /** 标记已打款: a manual payout staff made themselves, with its bank or transfer reference. */
  markWithdrawalPaid: (id: number, reference: string) => http.post<Withdrawal>(`${base}/withdrawals/${id}/mark-paid`, { reference }),
  /** 打款失败: a manual payout that did not go through; the money returns to the distributor. */
  markWithdrawalFailed: (id: number, reason: string) => http.post<Withdrawal>(`${base}/withdrawals/${id}/mark-failed`, { reason }),
  setProductRate: (productId: number, body: { level1Permille: number; level2Permille: number }) =>
    http.put<z.input<typeof productCommissionRate>>(`${base}/products/${productId}/rate`, body),
};
