import type { z } from 'zod';
import type {
  InstallationConfirmBody,
  InstallationRescheduleBody,
  installationAdminItem,
  installationAdminPage,
  installationAppointment,
  installationProductList,
  productInstallation,
} from '@mall/contract';
import { http } from './http.ts';

export type InstallationItem = z.input<typeof installationAdminItem>;
export type InstallationPage = z.input<typeof installationAdminPage>;
export type InstallationProducts = z.input<typeof installationProductList>;
type Appointment = z.input<typeof installationAppointment>;
export interface InstallationQuery {
  from?: string;
  to?: string;
  status?: string;
  orderNo?: string;
  page: number;
  pageSize: number;
}

const base = '/admin/installation';

/** Delivery-and-installation appointments and the products that come with them. */
export const installationApi = {
  appointments: (query: InstallationQuery) => http.get<InstallationPage>(`${base}/appointments`, { ...query }),
  confirm: (id: number, body: InstallationConfirmBody) => http.post<Appointment>(`${base}/appointments/${id}/confirm`, body),
  reschedule: (id: number, body: InstallationRescheduleBody) => http.post<Appointment>(`${base}/appointments/${id}/reschedule`, body),
  complete: (id: number, staffNote?: string) => http.post<Appointment>(`${base}/appointments/${id}/complete`, { staffNote }),
  cancel: (id: number, reason: string) => http.post<Appointment>(`${base}/appointments/${id}/cancel`, { reason }),
  products: () => http.get<InstallationProducts>(`${base}/products`),
  markProduct: (productId: number, note: string) => http.put<z.input<typeof productInstallation>>(`${base}/products/${productId}`, { note }),
  unmarkProduct: (productId: number) => http.delete<{ ok: true }>(`${base}/products/${productId}`),
};
