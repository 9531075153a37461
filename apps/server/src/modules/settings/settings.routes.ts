import { z } from 'zod';
import { shopSettingsPatch, shopSettingsSchema } from '@mall/contract';
import type { App } from '../../platform/http.ts';
import type { Auth } from '../../platform/auth.ts';
import { staffContext } from '../../platform/audit.ts';
import type { SettingsService } from './settings.service.ts';

const publicSettings = z.object({
  shopName: z.string(),
  timeZone: z.string(),
  currency: z.string(),
  paymentTimeoutMinutes: z.number(),
  shipping: z.object({ flatFee: z.number(), freeThreshold: z.number() }),
  points: z.object({ pointsPerYuan: z.number(), maxPercentOfOrder: z.number() }),
});

export function settingsRoutes(app: App, deps: { auth: Auth; settings: SettingsService }) {
  app.get(
    '/api/settings',
    { schema: { tags: ['shop'], summary: 'What the storefront needs to know of the shop settings', response: { 200: publicSettings } } },
    async () => {
      const s = await deps.settings.get();
      return { shopName: s.shopName, timeZone: s.timeZone, currency: s.currency, paymentTimeoutMinutes: s.paymentTimeoutMinutes, shipping: s.shipping, points: s.points };
    },
  );
  app.get(
    '/api/admin/settings',
    { preHandler: deps.auth.requireStaff('settings.manage'), schema: { tags: ['admin: settings'], summary: 'Shop settings', response: { 200: shopSettingsSchema } } },
    async () => deps.settings.get(),
  );
  app.patch(
    '/api/admin/settings',
    {
      preHandler: deps.auth.requireStaff('settings.manage'),
      schema: { tags: ['admin: settings'], summary: 'Change shop settings (partial)', body: shopSettingsPatch, response: { 200: shopSettingsSchema } },
    },
    async (request) => deps.settings.update(staffContext(request), request.body),
  );
}
