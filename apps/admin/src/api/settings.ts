import type { z } from 'zod';
import type { shopSettingsPatch, shopSettingsSchema } from '@mall/contract';
import { http } from './http.ts';

export type Settings = z.output<typeof shopSettingsSchema>;
export type SettingsPatch = z.input<typeof shopSettingsPatch>;
export interface PublicSettings {
  shopName: string;
  timeZone: string;
  currency: string;
  paymentTimeoutMinutes: number;
}

export const settingsApi = {
  publicSettings: () => http.get<PublicSettings>('/settings'),
  get: () => http.get<Settings>('/admin/settings'),
  update: (body: SettingsPatch) => http.patch<Settings>('/admin/settings', body),
};
