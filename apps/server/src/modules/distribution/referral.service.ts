// Referral codes and bindings: who brought whom through a share link (推广码, 上下级绑定).
import crypto from 'node:crypto';
import type { MyReferral, ReferralBindingView, ReferralSource, ReferralStaffBindBody, ReferralVisitBody, ShopSettings } from '@mall/contract';
import type { Clock } from '../../platform/clock.ts';
import type { Db, DbOrTx } from '../../platform/db.ts';
import { recordAudit, type StaffContext } from '../../platform/audit.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import {
  bindingOfShopper,
  codeOfShopper,
  insertBinding,
  insertCode,
  listBindings,
  replaceExpiredBinding,
  shopperNickname,
  shopperOfCode,
  upsertBinding,
  type ReferralBindingRow,
} from './referral.repo.ts';
import { bindingDecision, bindingExpiry, bindingValidAt, makeReferralCode, normalizeReferralCode } from './referral.rules.ts';

export interface ReferralDeps {
  db: Db;
  clock: Clock;
  settings: { get(db?: DbOrTx): Promise<ShopSettings> };
  publicBaseUrl: string;
  /** Random index source for codes (tests make collisions with it). */
  randomIndex?: (n: number) => number;
}

const MAX_CODE_ATTEMPTS = 8;

/** The referrer in force for `shopperId` at `at` (respecting expiry), or null. For commissions. */
export async function referrerOf(db: DbOrTx, shopperId: number, at: Date): Promise<number | null> {
  const binding = await bindingOfShopper(db, shopperId);
  return binding && bindingValidAt(binding, at) ? binding.referrerId : null;
}

export const shopBaseUrl = (publicBaseUrl: string) => publicBaseUrl.replace(/\/+$/, '');

export function toBindingView(binding: ReferralBindingRow, names: { shopperNickname: string | null; referrerNickname: string | null }): ReferralBindingView {
  return {
    shopperId: binding.shopperId,
    shopperNickname: names.shopperNickname,
    referrerId: binding.referrerId,
    referrerNickname: names.referrerNickname,
    source: binding.source as ReferralSource,
    via: binding.via ?? null,
    boundAt: binding.boundAt.toISOString(),
    expiresAt: binding.expiresAt?.toISOString() ?? null,
  };
}

export function createReferralService(deps: ReferralDeps) {
  const { db, clock, settings } = deps;
  const randomIndex = deps.randomIndex ?? ((n: number) => crypto.randomInt(n));

  /** The shopper's code, made on first use; a collision with another's code draws again. */
  async function codeOf(shopperId: number, tx: DbOrTx = db): Promise<string> {
    for (let attempt = 0; attempt < MAX_CODE_ATTEMPTS; attempt++) {
      const existing = await codeOfShopper(tx, shopperId);
      if (existing) return existing;
      await insertCode(tx, shopperId, makeReferralCode(randomIndex), clock.now());
    }
    const existing = await codeOfShopper(tx, shopperId);
    if (existing) return existing;
    throw new AppError('CONFLICT');
  }

  async function myReferral(shopperId: number): Promise<MyReferral> {
    const code = await codeOf(shopperId);
    return { code, shareUrl: `${shopBaseUrl(deps.publicBaseUrl)}/?ref=${code}` };
  }

  /**
   * Binds `shopperId` to the owner of `rawCode` by the shop's rule. An unknown or own code is
   * ignored (false), never an error: a bad link must not break a sign-up.
   */
  async function bindThroughLink(tx: DbOrTx, shopperId: number, rawCode: string | undefined, source: 'signup' | 'visit', via: Record<string, unknown> | null) {
    const code = normalizeReferralCode(rawCode);
    if (!code) return false;
    const referrerId = await shopperOfCode(tx, code);
    if (referrerId === undefined) return false;
    const rule = (await settings.get(tx)).referral;
    const now = clock.now();
    const existing = await bindingOfShopper(tx, shopperId);
    const decision = bindingDecision(shopperId, referrerId, existing, now, rule);
    const row = { shopperId, referrerId, source, via, boundAt: now, expiresAt: bindingExpiry(now, rule) };
    if (decision === 'bind') return insertBinding(tx, row);
    if (decision === 'rebind') return replaceExpiredBinding(tx, row);
    return false;
  }

  /** At sign-up (e-mail, or a first SMS sign-in that creates the shopper), in the sign-up's transaction. */
  async function bindAtSignUp(tx: DbOrTx, shopperId: number, rawCode: string | undefined): Promise<boolean> {
    if (!rawCode) return false;
    return bindThroughLink(tx, shopperId, rawCode, 'signup', { link: 'signup' });
  }

  /** A signed-in shopper opened a share link: binds only when the shop binds on first visit. */
  async function visit(shopperId: number, body: ReferralVisitBody): Promise<{ bound: boolean }> {
    const rule = (await settings.get()).referral;
    if (rule.bindOn !== 'first_visit') return { bound: false };
    const via = body.via ? { ...body.via } : null;
    return { bound: await bindThroughLink(db, shopperId, body.code, 'visit', via) };
  }

  async function viewOf(tx: DbOrTx, shopperId: number): Promise<ReferralBindingView | null> {
    const [row] = await listBindings(tx, { shopperId }).then((rows) => rows.filter((r) => r.binding.shopperId === shopperId));
    return row ? toBindingView(row.binding, row) : null;
  }

  async function list(filter: { shopperId?: number; referrerId?: number }): Promise<{ items: ReferralBindingView[] }> {
    const rows = await listBindings(db, filter);
    return { items: rows.map((r) => toBindingView(r.binding, r)) };
  }

  /** Staff set who referred a shopper (replacing any binding); it lasts as the shop's rule says. */
  async function staffBind(ctx: StaffContext, body: ReferralStaffBindBody): Promise<ReferralBindingView> {
    if (body.shopperId === body.referrerId) throw new AppError('REFERRAL_SELF', {}, [{ path: 'referrerId', message: 'must differ from shopperId' }]);
    return db.transaction(async (tx) => {
      for (const id of [body.shopperId, body.referrerId]) {
        if ((await shopperNickname(tx, id)) === undefined) throw notFound({ zh: '用户', en: 'Shopper' }, id);
      }
      const rule = (await settings.get(tx)).referral;
      const now = clock.now();
      const before = await bindingOfShopper(tx, body.shopperId, true);
      const via = body.note ? { note: body.note } : null;
      await upsertBinding(tx, { shopperId: body.shopperId, referrerId: body.referrerId, source: 'staff', via, boundAt: now, expiresAt: bindingExpiry(now, rule) });
      await recordAudit(tx, clock, ctx, {
        action: 'referral.bind',
        entityType: 'shopper',
        entityId: body.shopperId,
        changes: { referrerId: [before?.referrerId ?? null, body.referrerId], source: [before?.source ?? null, 'staff'], note: body.note ?? null },
      });
      return (await viewOf(tx, body.shopperId))!;
    });
  }

  return { codeOf, myReferral, bindAtSignUp, visit, list, staffBind, referrerOf: (tx: DbOrTx, shopperId: number, at: Date) => referrerOf(tx, shopperId, at) };
}

export type ReferralService = ReturnType<typeof createReferralService>;
