import type { z } from 'zod';
import type { adminProduct, adminProductPage, categoryNode, createCategoryBody, createProductBody, csvImportResult, productImage, updateCategoryBody, updateProductBody, CategoryNode } from '@mall/contract';
import { http, type Query } from './http.ts';

export type Product = z.input<typeof adminProduct>;
export type ProductPage = z.input<typeof adminProductPage>;
export type CreateProduct = z.input<typeof createProductBody>;
export type UpdateProduct = z.input<typeof updateProductBody>;
export type ImportResult = z.input<typeof csvImportResult>;
export type Category = CategoryNode;
export type CreateCategory = z.input<typeof createCategoryBody>;
export type UpdateCategory = z.input<typeof updateCategoryBody>;

export const catalogApi = {
  products: (query: Query) => http.get<ProductPage>('/admin/products', query),
  product: (id: number) => http.get<Product>(`/admin/products/${id}`),
  createProduct: (body: CreateProduct) => http.post<Product>('/admin/products', body),
  updateProduct: (id: number, body: UpdateProduct) => http.patch<Product>(`/admin/products/${id}`, body),
  deleteProduct: (id: number) => http.delete<{ ok: true }>(`/admin/products/${id}`),
  bulkShelf: (ids: number[], onShelf: boolean) => http.post<{ updated: number }>('/admin/products/bulk-shelf', { ids, onShelf }),
  uploadImage: (id: number, file: File) => {
    const form = new FormData();
    form.append('file', file);
    return http.upload<z.input<typeof productImage>>(`/admin/products/${id}/images`, form);
  },
  deleteImage: (id: number, imageId: number) => http.delete<{ ok: true }>(`/admin/products/${id}/images/${imageId}`),
  exportCsv: () => http.download('/admin/products/export.csv', 'products.csv'),
  importCsv: (file: File, dryRun: boolean) => {
    const form = new FormData();
    form.append('file', file);
    return http.upload<ImportResult>('/admin/products/import', form, { dryRun: dryRun ? 'true' : undefined });
  },
  categories: () => http.get<{ items: Category[] }>('/admin/categories'),
  createCategory: (body: CreateCategory) => http.post<z.input<typeof categoryNode>>('/admin/categories', body),
  updateCategory: (id: number, body: UpdateCategory) => http.patch<Category>(`/admin/categories/${id}`, body),
  deleteCategory: (id: number) => http.delete<{ ok: true }>(`/admin/categories/${id}`),
};
