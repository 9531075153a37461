import type { z } from 'zod';
import type { couponTemplateInput, couponTemplatePage, couponTemplatePatch, couponTemplateView, promotionInput, promotionPage, promotionPatch, promotionView } from '@mall/contract';
import { http, type Query } from './http.ts';

export type CouponTemplate = z.input<typeof couponTemplateView>;
export type CouponTemplatePage = z.input<typeof couponTemplatePage>;
export type CouponTemplateInput = z.input<typeof couponTemplateInput>;
export type CouponTemplatePatch = z.input<typeof couponTemplatePatch>;
export type Promotion = z.input<typeof promotionView>;
export type PromotionPage = z.input<typeof promotionPage>;
export type PromotionInput = z.input<typeof promotionInput>;
export type PromotionPatch = z.input<typeof promotionPatch>;

export const couponsApi = {
  list: (query: Query) => http.get<CouponTemplatePage>('/admin/coupon-templates', query),
  create: (body: CouponTemplateInput) => http.post<CouponTemplate>('/admin/coupon-templates', body),
  update: (id: number, body: CouponTemplatePatch) => http.patch<CouponTemplate>(`/admin/coupon-templates/${id}`, body),
  remove: (id: number) => http.delete<{ ok: true }>(`/admin/coupon-templates/${id}`),
  issue: (id: number, shopperIds: number[], note: string) => http.post<{ issued: number }>(`/admin/coupon-templates/${id}/issue`, { shopperIds, note }),
};

export const promotionsApi = {
  list: (query: Query) => http.get<PromotionPage>('/admin/promotions', query),
  create: (body: PromotionInput) => http.post<Promotion>('/admin/promotions', body),
  update: (id: number, body: PromotionPatch) => http.patch<Promotion>(`/admin/promotions/${id}`, body),
  remove: (id: number) => http.delete<{ ok: true }>(`/admin/promotions/${id}`),
};
