import { http } from './http.ts';
import type { Address, AddressList } from './types.ts';

export interface AddressInput {
  receiver: string;
  phone: string;
  province: string;
  city: string;
  district: string;
  detail: string;
  postalCode?: string | null;
  tag?: string | null;
  isDefault?: boolean;
}

export const addressesApi = {
  list: () => http.get<AddressList>('/api/me/addresses'),
  get: (id: number) => http.get<Address>(`/api/me/addresses/${id}`),
  create: (body: AddressInput) => http.post<Address>('/api/me/addresses', body),
  update: (id: number, body: Partial<AddressInput>) => http.patch<Address>(`/api/me/addresses/${id}`, body),
  remove: (id: number) => http.del<{ ok: true }>(`/api/me/addresses/${id}`),
  makeDefault: (id: number) => http.post<Address>(`/api/me/addresses/${id}/default`),
};
