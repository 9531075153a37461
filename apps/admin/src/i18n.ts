import { createI18n } from 'vue-i18n';
import zhCN from './locales/zh-CN.ts';
import en from './locales/en.ts';

export type AppLocale = 'zh-CN' | 'en';
export const LOCALES: AppLocale[] = ['zh-CN', 'en'];
const STORAGE_KEY = 'mall-admin-locale';

export function savedLocale(): AppLocale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'zh-CN') return saved;
  } catch {
    // storage blocked: fall back to the default
  }
  return 'zh-CN';
}

export function saveLocale(locale: AppLocale): void {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // storage blocked: the choice lasts for this page only
  }
}

export function createAppI18n(locale: AppLocale = savedLocale()) {
  return createI18n({ legacy: false, locale, fallbackLocale: 'zh-CN', messages: { 'zh-CN': zhCN, en } });
}

export const i18n = createAppI18n();
