import type { z } from 'zod';
import type { referralBindingView } from '@mall/contract';
import { http } from './http.ts';

export type ReferralBinding = z.output<typeof referralBindingView>;

export const referralApi = {
  list: (query: { shopperId?: number; referrerId?: number }) => http.get<{ items: ReferralBinding[] }>('/admin/distribution/referrals', query),
  bind: (body: { shopperId: number; referrerId: number; note?: string }) => http.post<ReferralBinding>('/admin/distribution/referrals', body),
};
