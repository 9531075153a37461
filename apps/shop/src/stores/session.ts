import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { authApi } from '../api/auth.ts';
import { ApiError } from '../api/http.ts';
import type { Profile } from '../api/types.ts';

/** Who is signed in. The session itself is the httpOnly cookie; this only mirrors the profile. */
export const useSessionStore = defineStore('session', () => {
  const profile = ref<Profile | null>(null);
  const checked = ref(false);
  let loading: Promise<void> | null = null;

  const signedIn = computed(() => profile.value !== null);
  const displayName = computed(() => profile.value?.nickname || profile.value?.phone || profile.value?.email || '');

  /** Asks the server once who we are (401 means a guest). */
  function ensureLoaded(): Promise<void> {
    if (checked.value) return Promise.resolve();
    loading ??= authApi
      .me()
      .then((me) => {
        profile.value = me;
      })
      .catch((error: unknown) => {
        if (!(error instanceof ApiError && error.status === 401)) throw error;
        profile.value = null;
      })
      .finally(() => {
        checked.value = true;
        loading = null;
      });
    return loading;
  }

  function signedInAs(me: Profile) {
    profile.value = me;
    checked.value = true;
  }

  function forget() {
    profile.value = null;
    checked.value = true;
  }

  async function logout() {
    try {
      await authApi.logout();
    } finally {
      forget();
    }
  }

  return { profile, checked, signedIn, displayName, ensureLoaded, signedInAs, forget, logout };
});
