import { defineStore } from 'pinia';
import { ref } from 'vue';
import { i18n, saveLocale, savedLocale, type AppLocale } from '../i18n.ts';

export const useLocaleStore = defineStore('locale', () => {
  const locale = ref<AppLocale>(savedLocale());
  function setLocale(next: AppLocale): void {
    locale.value = next;
    i18n.global.locale.value = next;
    saveLocale(next);
    document.documentElement.lang = next;
  }
  return { locale, setLocale };
});
