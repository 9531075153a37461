import { http } from './http.ts';
import type { ClaimableCoupons, MyCoupon, MyCouponPage, PointsPage } from './types.ts';
import type { CouponStatus } from '@mall/contract';

export const promotionsApi = {
  claimable: () => http.get<ClaimableCoupons>('/api/coupons/available'),
  claim: (templateId: number) => http.post<MyCoupon>(`/api/coupons/${templateId}/claim`),
  myCoupons: (query: { page: number; pageSize: number; status: CouponStatus }) => http.get<MyCouponPage>('/api/me/coupons', { ...query }),
  points: (query: { page: number; pageSize: number }) => http.get<PointsPage>('/api/me/points', { ...query }),
};
