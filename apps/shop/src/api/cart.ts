import { http } from './http.ts';
import type { Cart } from './types.ts';

export const cartApi = {
  get: () => http.get<Cart>('/api/cart'),
  add: (skuId: number, quantity: number) => http.post<Cart>('/api/cart/items', { skuId, quantity }),
  update: (id: number, change: { quantity?: number; selected?: boolean }) => http.patch<Cart>(`/api/cart/items/${id}`, change),
  remove: (id: number) => http.del<Cart>(`/api/cart/items/${id}`),
  select: (itemIds: number[], selected: boolean) => http.post<Cart>('/api/cart/select', { itemIds, selected }),
  clear: () => http.del<Cart>('/api/cart'),
};
