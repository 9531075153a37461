// Opening a cart for a request: a shopper's, a guest's (cookie token), or both (then the guest
// cart merges into the shopper's, once), inside the call's one transaction.
import crypto from 'node:crypto';
import { CART_LIMITS, type CartNotice, type CartView } from '@mall/contract';
import { hashToken } from '../../platform/auth.ts';
import type { Tx } from '../../platform/db.ts';
import * as repo from './cart.repo.ts';
import { mergeNotices, planMerge } from './cart.rules.ts';
import { buildCartView } from './cart-view.ts';
import type { CartDeps } from './cart.service.ts';

const GUEST_TTL_MS = CART_LIMITS.guestDays * 86_400_000;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{20,100}$/;

/** Who is asking: a signed-in shopper, the raw guest-cart token of the cookie, or both (then they merge). */
export interface CartIdentity {
  shopperId: number | null;
  guestToken: string | null | undefined;
}

/** What the HTTP layer does with the guest-cart cookie after the call. */
export type CartCookie = { action: 'set'; token: string; expiresAt: Date } | { action: 'clear' } | null;

export interface CartResult {
  cart: CartView;
  cookie: CartCookie;
}

/** read: no lock, nothing created; write: the existing cart locked; create: locked, created when missing. */
export type CartMode = 'read' | 'write' | 'create';

interface OpenCart {
  cart: repo.CartRow | null;
  guestToken: string | null;
  notices: CartNotice[];
  cookie: CartCookie;
}

export function createCartSession(deps: CartDeps) {
  const { db, clock } = deps;

  /** Moves the guest cart's lines into the shopper's cart and deletes it, once: the guest cart is locked first. */
  async function mergeGuestCart(tx: Tx, shopperId: number, guestToken: string, now: Date): Promise<CartNotice[]> {
    const guest = await repo.findGuestCart(tx, hashToken(guestToken), now, true);
    if (!guest) return [];
    const guestItems = await repo.itemsOf(tx, guest.id);
    await repo.deleteCart(tx, guest.id);
    if (guestItems.length === 0) return [];
    const target = await repo.ensureShopperCart(tx, shopperId, now);
    const plan = planMerge(await repo.itemsOf(tx, target.id), guestItems);
    for (const update of plan.updates) await repo.updateItem(tx, target.id, update.id, { quantity: update.quantity, selected: update.selected, updatedAt: now });
    for (const line of plan.inserts) await repo.insertItem(tx, { cartId: target.id, ...line, updatedAt: now });
    await repo.touchCart(tx, target.id, now, null);
    return mergeNotices(plan);
  }

  async function openCart(tx: Tx, identity: CartIdentity, mode: CartMode): Promise<OpenCart> {
    const now = clock.now();
    const token = identity.guestToken && TOKEN_PATTERN.test(identity.guestToken) ? identity.guestToken : null;
    const hadCookie = Boolean(identity.guestToken);
    if (identity.shopperId !== null) {
      const notices = token ? await mergeGuestCart(tx, identity.shopperId, token, now) : [];
      const cart =
        mode === 'create' ? await repo.ensureShopperCart(tx, identity.shopperId, now) : ((await repo.findShopperCart(tx, identity.shopperId, mode === 'write')) ?? null);
      return { cart, guestToken: null, notices, cookie: hadCookie ? { action: 'clear' } : null };
    }
    if (token) {
      const found = await repo.findGuestCart(tx, hashToken(token), now, mode !== 'read');
      if (found) return { cart: found, guestToken: token, notices: [], cookie: null };
    }
    const stale: CartCookie = hadCookie ? { action: 'clear' } : null;
    if (mode !== 'create') return { cart: null, guestToken: null, notices: [], cookie: stale };
    const fresh = crypto.randomBytes(32).toString('base64url');
    const cart = await repo.insertGuestCart(tx, hashToken(fresh), now, new Date(now.getTime() + GUEST_TTL_MS));
    return { cart, guestToken: fresh, notices: [], cookie: null };
  }

  /** One call, one transaction: open (and merge), change, then read back the cart. */
  function run(identity: CartIdentity, mode: CartMode, work?: (tx: Tx, cart: repo.CartRow | null) => Promise<void>): Promise<CartResult> {
    return db.transaction(async (tx) => {
      const opened = await openCart(tx, identity, mode);
      let cookie = opened.cookie;
      if (work) await work(tx, opened.cart);
      if (mode !== 'read' && opened.cart) {
        const now = clock.now();
        const expiresAt = opened.guestToken ? new Date(now.getTime() + GUEST_TTL_MS) : null;
        await repo.touchCart(tx, opened.cart.id, now, expiresAt);
        if (opened.guestToken && expiresAt) cookie = { action: 'set', token: opened.guestToken, expiresAt };
      }
      const items = opened.cart ? await repo.itemsOf(tx, opened.cart.id) : [];
      const cart = await buildCartView(tx, deps, { shopperId: identity.shopperId, items, notices: opened.notices });
      return { cart, cookie };
    });
  }

  return { run };
}
