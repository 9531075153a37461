import { http } from './http.ts';
import type { ActivePromotions, CategoryTree, ProductDetail, ProductPage, ProductPreorder, ShopSettings } from './types.ts';
import type { ShopProductSort } from '@mall/contract';

export interface ProductQuery {
  page?: number;
  pageSize?: number;
  q?: string;
  categoryId?: number;
  sort?: ShopProductSort;
}

export const catalogApi = {
  settings: () => http.get<ShopSettings>('/api/settings'),
  categories: () => http.get<CategoryTree>('/api/categories'),
  products: (query: ProductQuery) => http.get<ProductPage>('/api/products', { ...query }),
  product: (id: number) => http.get<ProductDetail>(`/api/products/${id}`),
  preorder: (productId: number) => http.get<ProductPreorder>(`/api/products/${productId}/preorder`),
  promotions: () => http.get<ActivePromotions>('/api/promotions/active'),
};
