import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Permission } from '@mall/contract';
import { authApi, type Me } from '../api/auth.ts';
import { ApiError } from '../api/http.ts';

/** Who is signed in and what they may do. */
export const useSessionStore = defineStore('session', () => {
  const me = ref<Me | null>(null);
  const checked = ref(false);

  const permissions = computed(() => new Set<string>(me.value?.permissions ?? []));
  function can(permission: Permission | Permission[] | undefined): boolean {
    if (!permission) return true;
    const wanted = Array.isArray(permission) ? permission : [permission];
    return wanted.some((p) => permissions.value.has(p));
  }

  /** Asks the API once who is signed in (the session cookie decides). */
  async function ensureLoaded(): Promise<Me | null> {
    if (checked.value) return me.value;
    try {
      me.value = await authApi.me();
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      me.value = null;
    } finally {
      checked.value = true;
    }
    return me.value;
  }

  async function login(username: string, password: string): Promise<Me> {
    const session = await authApi.login({ username, password });
    me.value = session.staff;
    checked.value = true;
    return session.staff;
  }

  async function logout(): Promise<void> {
    try {
      await authApi.logout();
    } finally {
      me.value = null;
      checked.value = true;
    }
  }

  function forget(): void {
    me.value = null;
    checked.value = true;
  }

  return { me, checked, can, ensureLoaded, login, logout, forget };
});
