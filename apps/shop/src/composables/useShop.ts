import { computed, onBeforeUnmount, ref } from 'vue';
import { catalogApi } from '../api/catalog.ts';
import type { ShopSettings } from '../api/types.ts';
import { DEFAULT_TIME_ZONE, dateOnly, dateTime } from '../utils/format.ts';

const settings = ref<ShopSettings | null>(null);
let loading: Promise<void> | null = null;

function loadSettings() {
  loading ??= catalogApi
    .settings()
    .then((s) => {
      settings.value = s;
    })
    .catch(() => {
      loading = null;
    });
  return loading;
}

/** The public shop settings, and date formatting in the shop's time zone. */
export function useShop() {
  void loadSettings();
  const timeZone = computed(() => settings.value?.timeZone ?? DEFAULT_TIME_ZONE);
  return {
    settings,
    timeZone,
    dateTime: (value: string | null | undefined) => dateTime(value, timeZone.value),
    dateOnly: (value: string | null | undefined) => dateOnly(value, timeZone.value),
  };
}

/** A clock for countdowns, ticking every second while the component lives. */
export function useNow(intervalMs = 1000) {
  const now = ref(Date.now());
  const timer = setInterval(() => {
    now.value = Date.now();
  }, intervalMs);
  onBeforeUnmount(() => clearInterval(timer));
  return now;
}
