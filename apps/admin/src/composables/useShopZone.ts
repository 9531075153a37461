import { ref } from 'vue';
import { settingsApi } from '../api/settings.ts';
import { formatDate, formatTime } from '../utils/time.ts';

/** The shop's time zone (from the public settings), loaded once for every page. */
const timeZone = ref('Asia/Shanghai');
let loading: Promise<void> | null = null;

export function loadShopZone(): Promise<void> {
  loading ??= settingsApi
    .publicSettings()
    .then((s) => {
      timeZone.value = s.timeZone;
    })
    .catch(() => {
      loading = null;
    });
  return loading;
}

export function setShopZone(zone: string): void {
  timeZone.value = zone;
}

export function useShopZone() {
  return {
    timeZone,
    time: (iso: string | null | undefined) => formatTime(iso, timeZone.value),
    date: (iso: string | null | undefined) => formatDate(iso, timeZone.value),
  };
}
