import type { z } from 'zod';
import type { faqSearchResult, faqShopArticle, faqShopArticleList, faqShopCategoryList, productDelivery, productWarranty, servicePointSearchResult } from '@mall/contract';
import { http, request } from './http.ts';

/** Answers as they arrive on the wire (times are ISO strings). */
export type FaqCategories = z.input<typeof faqShopCategoryList>;
export type FaqArticles = z.input<typeof faqShopArticleList>;
export type FaqArticleDetail = z.input<typeof faqShopArticle>;
export type FaqSearch = z.input<typeof faqSearchResult>;
export type ProductWarrantyView = z.input<typeof productWarranty>;
export type ServicePointSearch = z.input<typeof servicePointSearchResult>;

export interface ServicePointQuery {
  province?: string;
  city?: string;
  district?: string;
  q?: string;
}

export const supportApi = {
  faqCategories: () => http.get<FaqCategories>('/api/support/faq/categories'),
  faqArticles: (categoryId?: number) => http.get<FaqArticles>('/api/support/faq/articles', { categoryId }),
  faqArticle: (id: number) => http.get<FaqArticleDetail>(`/api/support/faq/articles/${id}`),
  faqSearch: (q: string) => http.get<FaqSearch>('/api/support/faq/search', { q }),
  vote: (id: number, vote: 'yes' | 'no') => request<FaqArticleDetail>('PUT', `/api/support/faq/articles/${id}/vote`, { body: { vote } }),
  productWarranty: (productId: number) => http.get<ProductWarrantyView>(`/api/products/${productId}/warranty`),
  servicePoints: (query: ServicePointQuery) => http.get<ServicePointSearch>('/api/support/service-points', { ...query }),
};

export type ProductDeliveryView = z.input<typeof productDelivery>;

/** One unit of the product to a province and city: the fee and estimated days, or not delivered there. */
export const deliveryApi = {
  productDelivery: (productId: number, to: { province: string; city: string }) => http.get<ProductDeliveryView>(`/api/products/${productId}/delivery`, { ...to }),
};
