import { defineStore } from 'pinia';
import { ref } from 'vue';
import { Locale } from 'vant';
import enUS from 'vant/es/locale/lang/en-US';
import zhCNVant from 'vant/es/locale/lang/zh-CN';
import { i18n, initialLocale, LOCALE_KEY, type ShopLocale } from '../i18n.ts';

function apply(locale: ShopLocale) {
  i18n.global.locale.value = locale;
  if (locale === 'en') Locale.use('en-US', enUS);
  else Locale.use('zh-CN', zhCNVant);
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

export const useLocaleStore = defineStore('locale', () => {
  const locale = ref<ShopLocale>(initialLocale());
  apply(locale.value);

  function set(next: ShopLocale) {
    locale.value = next;
    apply(next);
    try {
      localStorage.setItem(LOCALE_KEY, next);
    } catch {
      // private mode: the choice lasts for this visit only
    }
  }

  const toggle = () => set(locale.value === 'en' ? 'zh-CN' : 'en');
  return { locale, set, toggle };
});
