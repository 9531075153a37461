import type { z } from 'zod';
import type { commissionList, myDistribution, withdrawalList, withdrawalView, distributorView } from '@mall/contract';
import { http, newIdempotencyKey } from './http.ts';

export type MyDistribution = z.output<typeof myDistribution>;
export type CommissionPage = z.output<typeof commissionList>;
export type Commission = CommissionPage['items'][number];
export type WithdrawalPage = z.output<typeof withdrawalList>;
export type Withdrawal = z.output<typeof withdrawalView>;
export type Distributor = z.output<typeof distributorView>;
export interface Payee {
  channel: 'alipay' | 'wechat' | 'bank';
  account: string;
  name: string;
  bankName?: string;
}

/** 推广中心: my distributor status and money, my commissions and withdrawals. */
export const distributionApi = {
  me: () => http.get<MyDistribution>('/api/distribution/me'),
  apply: (body: { realName: string; phone: string; reason?: string }) => http.post<Distributor>('/api/distribution/apply', body),
  commissions: (query: { page: number; pageSize: number; status?: string }) => http.get<CommissionPage>('/api/distribution/commissions', query),
  withdrawals: (query: { page: number; pageSize: number }) => http.get<WithdrawalPage>('/api/distribution/withdrawals', query),
  withdraw: (body: { amount: number; payee: Payee }, key = newIdempotencyKey()) => http.post<Withdrawal>('/api/distribution/withdrawals', body, { 'Idempotency-Key': key }),
};
