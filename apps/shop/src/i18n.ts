import { createI18n } from 'vue-i18n';
import zhCN from './locales/zh-CN.ts';
import en from './locales/en.ts';

export type ShopLocale = 'zh-CN' | 'en';
export const LOCALE_KEY = 'mall.shop.locale';

export function initialLocale(): ShopLocale {
  try {
    return localStorage.getItem(LOCALE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
});
