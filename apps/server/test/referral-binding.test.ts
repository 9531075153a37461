import { beforeEach, describe, expect, it } from 'vitest';
import { REFERRAL_CODE_ALPHABET } from '@mall/contract';
import { describeEachDatabase, type TestContext } from './harness.ts';
import { clientOf, countRows, freshPhone, lastCode } from './accounts-helpers.ts';
import { createReferralService } from '../src/modules/distribution/referral.service.ts';
import { referrerOf } from '../src/modules/distribution/index.ts';
import { DAY } from '../src/platform/clock.ts';

type Headers = { authorization: string };
const CODE_PATTERN = /^[2-9A-HJ-NP-Z]{6}$/;

async function codeOf(ctx: TestContext, headers: Headers): Promise<string> {
  const res = await ctx.app.inject({ method: 'GET', url: '/api/me/referral', headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().code;
}

async function bindingOf(ctx: TestContext, shopperId: number) {
  const rows = await ctx.database.query<{ referrer_id: number; source: string; expires_at: Date | null }>(
    'select referrer_id, source, expires_at from referral_bindings where shopper_id = $1',
    [shopperId],
  );
  return rows[0];
}

async function setReferralRule(ctx: TestContext, rule: Record<string, unknown>) {
  const owner = await ctx.staffSession('owner');
  const res = await ctx.app.inject({ method: 'PATCH', url: '/api/admin/settings', headers: owner.headers, payload: { referral: rule } });
  expect(res.statusCode, res.body).toBe(200);
}

const visit = (ctx: TestContext, headers: Headers, code: string, via?: unknown) =>
  ctx.app.inject({ method: 'POST', url: '/api/referral/visit', headers, payload: { code, ...(via ? { via } : {}) } as never });

describeEachDatabase('referral codes and binding', (ctx) => {
  beforeEach(async () => {
    await setReferralRule(ctx(), { bindOn: 'signup', validDays: null, rebindAllowed: false });
  });

  it('gives each shopper one short unambiguous code, made lazily, and a share base link', async () => {
    const a = await ctx().shopperSession();
    const b = await ctx().shopperSession();
    expect(await countRows(ctx, 'referral_codes', 'shopper_id = $1', [a.id])).toBe(0);
    const res = await ctx().app.inject({ method: 'GET', url: '/api/me/referral', headers: a.headers });
    expect(res.statusCode).toBe(200);
    const { code, shareUrl } = res.json();
    expect(code).toMatch(CODE_PATTERN);
    expect(shareUrl).toMatch(new RegExp(`/\\?ref=${code}$`));
    expect(await codeOf(ctx(), a.headers)).toBe(code);
    expect(await codeOf(ctx(), b.headers)).not.toBe(code);
    expect((await ctx().app.inject({ method: 'GET', url: '/api/me/referral' })).statusCode).toBe(401);
    for (const c of '0O1I') expect(REFERRAL_CODE_ALPHABET).not.toContain(c);
  });

  it('draws again when a new code collides with another shopper’s', async () => {
    const a = await ctx().shopperSession();
    const b = await ctx().shopperSession();
    // The first six draws spell one code, the next six another: b's first attempt collides with a's.
    let draws = 0;
    const randomIndex = () => (draws++ < 6 ? 0 : 1);
    const service = createReferralService({ db: ctx().db, clock: ctx().clock, settings: ctx().services.settings, publicBaseUrl: 'https://shop.test', randomIndex });
    const codeA = await service.codeOf(a.id);
    draws = 0;
    const codeB = await service.codeOf(b.id);
    expect(codeA).toBe('222222');
    expect(codeB).toBe('333333');
    expect(draws).toBe(12);
  });

  it('binds an e-mail sign-up through a code (any case) to the sharer; unknown or missing codes are ignored', async () => {
    const sharer = await ctx().shopperSession();
    const code = await codeOf(ctx(), sharer.headers);
    const client = clientOf(ctx);
    const email = `ref-${Date.now()}@example.com`;
    const res = await client.post('/api/auth/register', { email, password: 'secret-pass-1', referralCode: code.toLowerCase() });
    expect(res.statusCode, res.body).toBe(201);
    const newId = res.json().shopper.id;
    expect(await bindingOf(ctx(), newId)).toMatchObject({ referrer_id: sharer.id, source: 'signup', expires_at: null });
    expect(await referrerOf(ctx().db, newId, ctx().clock.now())).toBe(sharer.id);

    for (const referralCode of ['ZZZZZZ', 'not a code', '']) {
      const other = await clientOf(ctx).post('/api/auth/register', { email: `x${Math.random().toString(36).slice(2)}@example.com`, password: 'secret-pass-1', referralCode });
      expect(other.statusCode, other.body).toBe(201);
      expect(await bindingOf(ctx(), other.json().shopper.id)).toBeUndefined();
    }
  });

  it('binds an SMS sign-up (first sign-in) but not a later sign-in of an existing shopper', async () => {
    const sharer = await ctx().shopperSession();
    const code = await codeOf(ctx(), sharer.headers);
    const phone = freshPhone();
    const client = clientOf(ctx);
    expect((await client.post('/api/auth/otp', { phone })).statusCode).toBe(200);
    const first = await client.post('/api/auth/otp/login', { phone, code: lastCode(ctx, phone), referralCode: code });
    expect(first.statusCode, first.body).toBe(200);
    const id = first.json().shopper.id;
    expect(await bindingOf(ctx(), id)).toMatchObject({ referrer_id: sharer.id, source: 'signup' });

    const phone2 = freshPhone();
    expect((await clientOf(ctx).post('/api/auth/otp', { phone: phone2 })).statusCode).toBe(200);
    const existing = await clientOf(ctx).post('/api/auth/otp/login', { phone: phone2, code: lastCode(ctx, phone2) });
    expect(existing.statusCode).toBe(200);
    ctx().clock.advance(120_000);
    expect((await clientOf(ctx).post('/api/auth/otp', { phone: phone2 })).statusCode).toBe(200);
    const again = await clientOf(ctx).post('/api/auth/otp/login', { phone: phone2, code: lastCode(ctx, phone2), referralCode: code });
    expect(again.statusCode).toBe(200);
    expect(await bindingOf(ctx(), existing.json().shopper.id)).toBeUndefined();
  });

  it('binds a signed-in visitor only when the shop binds on first visit; never to themselves', async () => {
    const sharer = await ctx().shopperSession();
    const code = await codeOf(ctx(), sharer.headers);
    const visitor = await ctx().shopperSession();
    expect((await visit(ctx(), visitor.headers, code)).json()).toEqual({ bound: false });
    expect(await bindingOf(ctx(), visitor.id)).toBeUndefined();

    await setReferralRule(ctx(), { bindOn: 'first_visit' });
    expect((await visit(ctx(), sharer.headers, code)).json()).toEqual({ bound: false });
    expect(await bindingOf(ctx(), sharer.id)).toBeUndefined();
    expect((await visit(ctx(), visitor.headers, 'ZZZZZZ')).json()).toEqual({ bound: false });
    const res = await visit(ctx(), visitor.headers, code, { type: 'product', id: 7 });
    expect(res.json()).toEqual({ bound: true });
    expect(await bindingOf(ctx(), visitor.id)).toMatchObject({ referrer_id: sharer.id, source: 'visit' });

    const another = await ctx().shopperSession();
    expect((await visit(ctx(), visitor.headers, await codeOf(ctx(), another.headers))).json()).toEqual({ bound: false });
    expect((await bindingOf(ctx(), visitor.id))!.referrer_id).toBe(sharer.id);
  });

  it('lets a binding lapse after validDays; a new link rebinds only when the shop allows it', async () => {
    await setReferralRule(ctx(), { bindOn: 'first_visit', validDays: 1, rebindAllowed: false });
    const first = await ctx().shopperSession();
    const second = await ctx().shopperSession();
    const visitor = await ctx().shopperSession();
    const [codeFirst, codeSecond] = [await codeOf(ctx(), first.headers), await codeOf(ctx(), second.headers)];
    expect((await visit(ctx(), visitor.headers, codeFirst)).json().bound).toBe(true);
    expect(await referrerOf(ctx().db, visitor.id, ctx().clock.now())).toBe(first.id);

    ctx().clock.advance(2 * DAY);
    expect(await referrerOf(ctx().db, visitor.id, ctx().clock.now())).toBeNull();
    expect((await visit(ctx(), visitor.headers, codeSecond)).json().bound).toBe(false);

    await setReferralRule(ctx(), { rebindAllowed: true });
    expect((await visit(ctx(), visitor.headers, codeSecond)).json().bound).toBe(true);
    expect(await referrerOf(ctx().db, visitor.id, ctx().clock.now())).toBe(second.id);
    // A binding in force is kept even when rebinding is allowed.
    expect((await visit(ctx(), visitor.headers, codeFirst)).json().bound).toBe(false);
  });

  it('binds once when two links are opened at the same moment', async () => {
    await setReferralRule(ctx(), { bindOn: 'first_visit' });
    const a = await ctx().shopperSession();
    const b = await ctx().shopperSession();
    const visitor = await ctx().shopperSession();
    const codes = [await codeOf(ctx(), a.headers), await codeOf(ctx(), b.headers)];
    const results = await Promise.all(codes.map((code) => visit(ctx(), visitor.headers, code)));
    expect(results.map((r) => r.statusCode)).toEqual([200, 200]);
    expect(results.filter((r) => r.json().bound)).toHaveLength(1);
    expect(await countRows(ctx, 'referral_bindings', 'shopper_id = $1', [visitor.id])).toBe(1);
  });

  describe('staff', () => {
    it('sees who referred whom and sets a binding by hand, audited', async () => {
      const staff = await ctx().staffSession('owner');
      const referrer = await ctx().shopperSession();
      const shopper = await ctx().shopperSession();
      const set = await ctx().app.inject({ method: 'POST', url: '/api/admin/distribution/referrals', headers: staff.headers, payload: { shopperId: shopper.id, referrerId: referrer.id, note: '线下推荐' } });
      expect(set.statusCode, set.body).toBe(200);
      expect(set.json()).toMatchObject({ shopperId: shopper.id, referrerId: referrer.id, source: 'staff' });
      expect(await countRows(ctx, 'audit_log', `action = 'referral.bind' and entity_id = $1 and actor_staff_id = $2`, [String(shopper.id), staff.id])).toBe(1);

      const list = await ctx().app.inject({ method: 'GET', url: `/api/admin/distribution/referrals?shopperId=${referrer.id}`, headers: staff.headers });
      expect(list.statusCode).toBe(200);
      expect(list.json().items).toEqual([expect.objectContaining({ shopperId: shopper.id, referrerId: referrer.id })]);

      const self = await ctx().app.inject({ method: 'POST', url: '/api/admin/distribution/referrals', headers: staff.headers, payload: { shopperId: shopper.id, referrerId: shopper.id } });
      expect(self.statusCode).toBe(400);
      expect(self.json().code).toBe('REFERRAL_SELF');
      const unknown = await ctx().app.inject({ method: 'POST', url: '/api/admin/distribution/referrals', headers: staff.headers, payload: { shopperId: shopper.id, referrerId: 999_999 } });
      expect(unknown.statusCode).toBe(404);
      const warehouse = await ctx().staffSession('warehouse');
      expect((await ctx().app.inject({ method: 'GET', url: '/api/admin/distribution/referrals', headers: warehouse.headers })).statusCode).toBe(403);
    });
  });
});
