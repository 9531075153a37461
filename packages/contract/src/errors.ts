import { commonErrors, type ErrorSpec } from './errors-common.ts';
import { accountErrors } from './accounts.ts';
import { catalogErrors } from './catalog.ts';
import { inventoryErrors } from './inventory.ts';
import { settingsErrors } from './settings.ts';
import { ordersErrors } from './orders.ts';
import { promotionsErrors } from './promotions.ts';
import { pointsErrors } from './points.ts';
import { membersErrors } from './members.ts';
import { notificationsErrors } from './notifications.ts';
import { paymentsErrors } from './payments.ts';
import { cartErrors } from './cart.ts';
import { addressesErrors } from './addresses.ts';
import { aftersalesErrors } from './aftersales.ts';
import { demandErrors } from './demand.ts';
import { presaleErrors } from './presale.ts';
import { presaleBatchErrors } from './presale-batches.ts';
import { presaleOrderErrors } from './presale-orders.ts';
import { preorderErrors } from './preorders.ts';
import { shippingErrors } from './shipping.ts';
import { supportErrors } from './support.ts';
import { trackingErrors } from './tracking.ts';
import { installationErrors } from './installation.ts';
import { chatErrors } from './chat.ts';
import { decorationErrors } from './decoration.ts';
import { distributionErrors } from './distribution-commissions.ts';
import { referralErrors } from './referral.ts';
import { distributionCenterErrors } from './distribution-center.ts';

export type { ErrorSpec } from './errors-common.ts';

/** Every error code the API can answer with. Clients switch on `code`. */
export const errorCatalog = {
  ...commonErrors,
  ...accountErrors,
  ...catalogErrors,
  ...inventoryErrors,
  ...settingsErrors,
  ...ordersErrors,
  ...promotionsErrors,
  ...pointsErrors,
  ...membersErrors,
  ...notificationsErrors,
  ...paymentsErrors,
  ...cartErrors,
  ...addressesErrors,
  ...aftersalesErrors,
  ...demandErrors,
  ...presaleErrors,
  ...presaleBatchErrors,
  ...presaleOrderErrors,
  ...preorderErrors,
  ...shippingErrors,
  ...supportErrors,
  ...trackingErrors,
  ...installationErrors,
  ...chatErrors,
  ...decorationErrors,
  ...distributionErrors,
  ...referralErrors,
  ...distributionCenterErrors,
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof errorCatalog;
export type Locale = 'zh-CN' | 'en';

export function formatErrorMessage(code: ErrorCode, locale: Locale, params: Record<string, unknown> = {}): string {
  const spec: ErrorSpec = errorCatalog[code];
  const template = locale === 'en' ? spec.en : spec.zh;
  return template.replace(/\{(\w+)\}/g, (_m, key: string) => (key in params ? String(params[key]) : `{${key}}`));
}

/** Picks zh-CN unless the Accept-Language header prefers English. */
export function pickLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return 'zh-CN';
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.find((p) => p.trim().startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}
