import type { z } from 'zod';
import type { carrier, carrierBody, carrierList, carrierPatch, shippingTemplateInput, shippingTemplateList, shippingTemplateView } from '@mall/contract';
import { http } from './http.ts';

export type Carrier = z.input<typeof carrier>;
export type ShippingTemplateView = z.input<typeof shippingTemplateView>;
export type ShippingTemplateBody = z.input<typeof shippingTemplateInput>;

export interface TemplateProducts {
  items: { productId: number; title: string }[];
}

const base = '/admin/shipping';

export const logisticsApi = {
  carriers: (active?: boolean) => http.get<z.input<typeof carrierList>>(`${base}/carriers`, active === undefined ? {} : { active: String(active) }),
  createCarrier: (body: z.input<typeof carrierBody>) => http.post<Carrier>(`${base}/carriers`, body),
  updateCarrier: (id: number, body: z.input<typeof carrierPatch>) => http.patch<Carrier>(`${base}/carriers/${id}`, body),
  templates: () => http.get<z.input<typeof shippingTemplateList>>(`${base}/templates`),
  createTemplate: (body: ShippingTemplateBody) => http.post<ShippingTemplateView>(`${base}/templates`, body),
  replaceTemplate: (id: number, body: ShippingTemplateBody) => http.put<ShippingTemplateView>(`${base}/templates/${id}`, body),
  makeDefault: (id: number) => http.post<ShippingTemplateView>(`${base}/templates/${id}/default`, {}),
  deleteTemplate: (id: number) => http.delete<{ ok: true }>(`${base}/templates/${id}`),
  templateProducts: (id: number) => http.get<TemplateProducts>(`${base}/templates/${id}/products`),
  attachProducts: (id: number, productIds: number[]) => http.post<TemplateProducts>(`${base}/templates/${id}/products`, { productIds }),
  detachProduct: (productId: number) => http.delete<{ ok: true }>(`${base}/products/${productId}/template`),
};
