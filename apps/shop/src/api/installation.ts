import type { z } from 'zod';
import type { InstallationBookBody, InstallationChangeBody, installationAppointment, installationSlots, orderInstallation, productInstallation } from '@mall/contract';
import { http } from './http.ts';

/** Answers as they arrive on the wire (times are ISO strings). */
export type ProductInstallationView = z.input<typeof productInstallation>;
export type InstallationSlotsView = z.input<typeof installationSlots>;
export type InstallationAppointmentView = z.input<typeof installationAppointment>;
export type OrderInstallationView = z.input<typeof orderInstallation>;
export type InstallationPeriod = InstallationAppointmentView['slotPeriod'];
/** What the slot picker hands back: the slot and who to call on the day. */
export interface InstallationChoice {
  slotDate: string;
  slotPeriod: InstallationPeriod;
  contactName: string;
  contactPhone: string;
  note: string;
}

/** Delivery-and-installation (送装一体): the product's offer, slots, and the order's appointment. */
export const installationApi = {
  ofProduct: (productId: number) => http.get<ProductInstallationView>(`/api/products/${productId}/installation`),
  slots: (orderId?: number) => http.get<InstallationSlotsView>('/api/installation/slots', { orderId }),
  ofOrder: (orderId: number) => http.get<OrderInstallationView>(`/api/orders/${orderId}/installation`),
  book: (orderId: number, body: InstallationBookBody) => http.post<InstallationAppointmentView>(`/api/orders/${orderId}/installation`, body),
  change: (orderId: number, body: InstallationChangeBody) => http.patch<InstallationAppointmentView>(`/api/orders/${orderId}/installation`, body),
  cancel: (orderId: number) => http.post<InstallationAppointmentView>(`/api/orders/${orderId}/installation/cancel`, {}),
};
