import type { z } from 'zod';
import type {
  faqArticle,
  faqArticleBody,
  faqArticleList,
  faqArticlePatch,
  faqCategory,
  faqCategoryBody,
  faqCategoryList,
  faqCategoryPatch,
  servicePoint,
  servicePointBody,
  servicePointList,
  servicePointPatch,
  warrantyPolicy,
  warrantyPolicyBody,
  warrantyPolicyList,
  warrantyPolicyPatch,
  warrantyProducts,
} from '@mall/contract';
import { http } from './http.ts';

export type FaqCategory = z.input<typeof faqCategory>;
export type FaqArticle = z.input<typeof faqArticle>;
export type WarrantyPolicy = z.input<typeof warrantyPolicy>;
export type WarrantyProducts = z.input<typeof warrantyProducts>;
export type ServicePoint = z.input<typeof servicePoint>;

const faq = '/admin/support/faq';
const policies = '/admin/support/warranty-policies';
const points = '/admin/support/service-points';

export const supportApi = {
  faqCategories: () => http.get<z.input<typeof faqCategoryList>>(`${faq}/categories`),
  createFaqCategory: (body: z.input<typeof faqCategoryBody>) => http.post<FaqCategory>(`${faq}/categories`, body),
  updateFaqCategory: (id: number, body: z.input<typeof faqCategoryPatch>) => http.patch<FaqCategory>(`${faq}/categories/${id}`, body),
  deleteFaqCategory: (id: number) => http.delete<{ ok: true }>(`${faq}/categories/${id}`),
  faqArticles: (categoryId?: number) => http.get<z.input<typeof faqArticleList>>(`${faq}/articles`, { categoryId }),
  createFaqArticle: (body: z.input<typeof faqArticleBody>) => http.post<FaqArticle>(`${faq}/articles`, body),
  updateFaqArticle: (id: number, body: z.input<typeof faqArticlePatch>) => http.patch<FaqArticle>(`${faq}/articles/${id}`, body),
  deleteFaqArticle: (id: number) => http.delete<{ ok: true }>(`${faq}/articles/${id}`),

  policies: () => http.get<z.input<typeof warrantyPolicyList>>(policies),
  createPolicy: (body: z.input<typeof warrantyPolicyBody>) => http.post<WarrantyPolicy>(policies, body),
  updatePolicy: (id: number, body: z.input<typeof warrantyPolicyPatch>) => http.patch<WarrantyPolicy>(`${policies}/${id}`, body),
  deletePolicy: (id: number) => http.delete<{ ok: true }>(`${policies}/${id}`),
  policyProducts: (id: number) => http.get<WarrantyProducts>(`${policies}/${id}/products`),
  attachProducts: (id: number, productIds: number[]) => http.post<WarrantyProducts>(`${policies}/${id}/products`, { productIds }),
  detachProduct: (productId: number) => http.delete<{ ok: true }>(`/admin/support/product-warranties/${productId}`),

  servicePoints: (query: { q?: string; province?: string }) => http.get<z.input<typeof servicePointList>>(points, query),
  createServicePoint: (body: z.input<typeof servicePointBody>) => http.post<ServicePoint>(points, body),
  updateServicePoint: (id: number, body: z.input<typeof servicePointPatch>) => http.patch<ServicePoint>(`${points}/${id}`, body),
  deleteServicePoint: (id: number) => http.delete<{ ok: true }>(`${points}/${id}`),
};
