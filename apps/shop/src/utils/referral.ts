// The share link's `?ref=` code: kept for the browser session, sent at sign-up and on a signed-in visit.
import type { LocationQuery } from 'vue-router';
import type { ShareType } from '../api/referral.ts';

export const REFERRAL_STORAGE_KEY = 'mall_ref';
const CODE = /^[2-9A-HJ-NP-Z]{6}$/;

type Store = Pick<Storage, 'getItem' | 'setItem'>;
const sessionStore = (): Store | undefined => (typeof sessionStorage === 'undefined' ? undefined : sessionStorage);

/** Keeps a well-formed `ref` of the URL (the newest link wins); returns it, or null when the URL has none. */
export function captureReferral(query: LocationQuery, store: Store | undefined = sessionStore()): string | null {
  const raw = Array.isArray(query.ref) ? query.ref[0] : query.ref;
  const code = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
  if (!CODE.test(code)) return null;
  try {
    store?.setItem(REFERRAL_STORAGE_KEY, code);
  } catch {
    // Private mode may refuse storage: the code still works for this page.
  }
  return code;
}

/** The code to send at sign-up, if a share link brought this visitor. */
export function pendingReferral(store: Store | undefined = sessionStore()): string | undefined {
  try {
    return store?.getItem(REFERRAL_STORAGE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

/** What the visitor followed, from the page path (/product/12, /presale/3). */
export function referralVia(path: string): { type: ShareType; id: number } | undefined {
  const match = /^\/(product|presale)\/(\d+)/.exec(path);
  return match ? { type: match[1] === 'product' ? 'product' : 'presale', id: Number(match[2]) } : undefined;
}
