import { eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { auditRows } from './catalog-fixtures.ts';
import { appError, claim, couponBody, createTemplate, inHours, outcome } from './promotions-fixtures.ts';
import { DAY } from '../src/platform/clock.ts';
import { couponTemplates, shopperCoupons } from '../src/modules/promotions/promotions.tables.ts';

describeEachDatabase('coupons', (ctx) => {
  const svc = () => ctx().services.promotions;
  const countTemplates = async () => (await ctx().db.select({ n: sql<number>`count(*)::int` }).from(couponTemplates))[0]!.n;
  const countHeld = async () => (await ctx().db.select({ n: sql<number>`count(*)::int` }).from(shopperCoupons))[0]!.n;
  const template = async (id: number) => (await ctx().db.select().from(couponTemplates).where(eq(couponTemplates.id, id)))[0]!;
  const mine = async (headers: { authorization: string }, status: string) => {
    const res = await ctx().app.inject({ method: 'GET', url: `/api/me/coupons?status=${status}`, headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: { id: number; status: string; orderId: number | null; source: string }[]; total: number };
  };

  it('lets marketing staff create, list with counts, edit and delete templates, audited', async () => {
    const operator = await ctx().staffSession('operator');
    const created = await createTemplate(ctx(), operator.headers, { totalQuantity: 3, perShopperLimit: 2 });
    expect(created).toMatchObject({ label: '满100减10', remaining: 3, claimedCount: 0 });
    const percent = await createTemplate(ctx(), operator.headers, { name: '8折券', kind: 'percent', amount: null, payPercent: 80, maxDiscount: 2000, threshold: 0 });
    expect(percent.label).toBe('8折 最多减20');

    const shopper = await ctx().shopperSession();
    const held = await claim(ctx(), shopper.headers, created.id);
    await ctx().db.transaction((tx) => svc().useCoupon(tx, { shopperId: shopper.id, couponId: held.id, orderId: 77 }));
    const list = await ctx().app.inject({ method: 'GET', url: '/api/admin/coupon-templates?pageSize=100', headers: operator.headers });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.find((t: { id: number }) => t.id === created.id)).toMatchObject({ claimedCount: 1, usedCount: 1, remaining: 2 });

    const patch = await ctx().app.inject({ method: 'PATCH', url: `/api/admin/coupon-templates/${created.id}`, headers: operator.headers, payload: { name: '新客券', totalQuantity: 10 } });
    expect(patch.statusCode, patch.body).toBe(200);
    expect(patch.json()).toMatchObject({ name: '新客券', totalQuantity: 10, remaining: 9 });
    expect(await auditRows(ctx(), 'coupon_template.update', created.id)).toHaveLength(1);

    const del = await ctx().app.inject({ method: 'DELETE', url: `/api/admin/coupon-templates/${percent.id}`, headers: operator.headers });
    expect(del.statusCode).toBe(200);
    expect((await ctx().app.inject({ method: 'GET', url: `/api/admin/coupon-templates/${percent.id}`, headers: operator.headers })).statusCode).toBe(404);
    expect(await auditRows(ctx(), 'coupon_template.create', percent.id)).toHaveLength(1);
    expect(await auditRows(ctx(), 'coupon_template.delete', percent.id)).toHaveLength(1);
  });

  it('fixes the terms once claimed, keeps the quantity above what was claimed, and refuses to delete', async () => {
    const owner = await ctx().staffSession('owner');
    const t = await createTemplate(ctx(), owner.headers, { totalQuantity: 5, perShopperLimit: 3 });
    const shopper = await ctx().shopperSession();
    await claim(ctx(), shopper.headers, t.id);
    await claim(ctx(), shopper.headers, t.id);
    const url = `/api/admin/coupon-templates/${t.id}`;
    const terms = await ctx().app.inject({ method: 'PATCH', url, headers: owner.headers, payload: { amount: 5000 } });
    expect(terms.statusCode).toBe(409);
    expect(terms.json().code).toBe('COUPON_TERMS_LOCKED');
    const below = await ctx().app.inject({ method: 'PATCH', url, headers: owner.headers, payload: { totalQuantity: 1 } });
    expect(below.statusCode).toBe(400);
    expect(below.json().errors[0].path).toBe('totalQuantity');
    const del = await ctx().app.inject({ method: 'DELETE', url, headers: owner.headers });
    expect(del.statusCode).toBe(409);
    expect(del.json().code).toBe('COUPON_TEMPLATE_IN_USE');
    expect(await template(t.id)).toMatchObject({ amount: 1000, totalQuantity: 5, claimedCount: 2 });
    const same = await ctx().app.inject({ method: 'PATCH', url, headers: owner.headers, payload: { amount: 1000, active: false } });
    expect(same.statusCode, same.body).toBe(200);
  });

  it('refuses bad templates with 400 and creates nothing', async () => {
    const owner = await ctx().staffSession('owner');
    const before = await countTemplates();
    const now = ctx().clock.now().toISOString();
    for (const payload of [
      couponBody({ amount: undefined }),
      couponBody({ kind: 'percent', amount: null }),
      couponBody({ kind: 'percent', amount: null, payPercent: 100 }),
      couponBody({ kind: 'fixed', payPercent: 80 }),
      couponBody({ amount: -1 }),
      couponBody({ amount: 1.5 }),
      couponBody({ amount: '10' }),
      couponBody({ amount: 1e15 }),
      couponBody({ totalQuantity: 0 }),
      couponBody({ totalQuantity: 1e9 }),
      couponBody({ perShopperLimit: 0 }),
      couponBody({ validity: { kind: 'fixed', from: now, until: now } }),
      couponBody({ validity: { kind: 'days', days: 0 } }),
      couponBody({ validity: undefined }),
      couponBody({ validity: { kind: 'fixed', from: 'yesterday', until: now } }),
      couponBody({ kind: 'bogus' }),
      couponBody({ name: '  ' }),
      couponBody({ productIds: [999_999] }),
      couponBody({ categoryIds: [3, 3] }),
      couponBody({ productIds: [-1] }),
    ]) {
      const res = await ctx().app.inject({ method: 'POST', url: '/api/admin/coupon-templates', headers: owner.headers, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
    expect(await countTemplates()).toBe(before);
    const missing = await ctx().app.inject({ method: 'PATCH', url: '/api/admin/coupon-templates/999999', headers: owner.headers, payload: { name: 'x' } });
    expect(missing.statusCode).toBe(404);
    const badId = await ctx().app.inject({ method: 'GET', url: '/api/admin/coupon-templates/abc', headers: owner.headers });
    expect(badId.statusCode).toBe(400);
  });

  it('keeps templates and issuing to marketing staff', async () => {
    const owner = await ctx().staffSession('owner');
    const t = await createTemplate(ctx(), owner.headers);
    const shopper = await ctx().shopperSession();
    const routes = [
      { method: 'GET' as const, url: '/api/admin/coupon-templates' },
      { method: 'POST' as const, url: '/api/admin/coupon-templates', payload: couponBody() },
      { method: 'PATCH' as const, url: `/api/admin/coupon-templates/${t.id}`, payload: { name: 'x' } },
      { method: 'DELETE' as const, url: `/api/admin/coupon-templates/${t.id}` },
      { method: 'POST' as const, url: `/api/admin/coupon-templates/${t.id}/issue`, payload: { shopperIds: [shopper.id] } },
    ];
    const warehouse = await ctx().staffSession('warehouse');
    const service = await ctx().staffSession('customer_service');
    for (const route of routes) {
      for (const who of [shopper, warehouse, service]) expect((await ctx().app.inject({ ...route, headers: who.headers })).statusCode, route.url).toBe(403);
      expect((await ctx().app.inject(route)).statusCode).toBe(401);
    }
    expect(await template(t.id)).toMatchObject({ name: t.name, claimedCount: 0 });
  });

  it('lets shoppers claim within the total and their own limit', async () => {
    const owner = await ctx().staffSession('owner');
    const t = await createTemplate(ctx(), owner.headers, { totalQuantity: 3, perShopperLimit: 2 });
    const [a, b] = [await ctx().shopperSession(), await ctx().shopperSession()];
    const listed = await ctx().app.inject({ method: 'GET', url: '/api/coupons/available', headers: a.headers });
    expect(listed.json().items.find((i: { templateId: number }) => i.templateId === t.id)).toMatchObject({ remaining: 3, claimedByMe: 0, canClaim: true, label: '满100减10' });
    await claim(ctx(), a.headers, t.id);
    await claim(ctx(), a.headers, t.id);
    const third = await ctx().app.inject({ method: 'POST', url: `/api/coupons/${t.id}/claim`, headers: a.headers });
    expect([third.statusCode, third.json().code]).toEqual([409, 'COUPON_CLAIM_LIMIT']);
    await claim(ctx(), b.headers, t.id);
    const again = await ctx().app.inject({ method: 'POST', url: `/api/coupons/${t.id}/claim`, headers: b.headers });
    expect([again.statusCode, again.json().code]).toEqual([409, 'COUPON_SOLD_OUT']);
    const anonymous = await ctx().app.inject({ method: 'GET', url: '/api/coupons/available' });
    expect(anonymous.json().items.some((i: { templateId: number }) => i.templateId === t.id)).toBe(false);
    expect((await mine(a.headers, 'unused')).total).toBe(2);
    expect(await template(t.id)).toMatchObject({ claimedCount: 3 });
  });

  it('refuses claims of switched-off, staff-only, ended or unknown templates', async () => {
    const owner = await ctx().staffSession('owner');
    const shopper = await ctx().shopperSession();
    const off = await createTemplate(ctx(), owner.headers, { active: false });
    const staffOnly = await createTemplate(ctx(), owner.headers, { claimable: false });
    const ending = await createTemplate(ctx(), owner.headers, { validity: { kind: 'fixed', from: inHours(ctx(), -1), until: inHours(ctx(), 2) } });
    ctx().clock.advance(3 * 3_600_000);
    for (const [id, code] of [
      [off.id, 'COUPON_INACTIVE'],
      [staffOnly.id, 'COUPON_NOT_CLAIMABLE'],
      [ending.id, 'COUPON_CLAIM_ENDED'],
    ] as const) {
      const res = await ctx().app.inject({ method: 'POST', url: `/api/coupons/${id}/claim`, headers: shopper.headers });
      expect([res.statusCode, res.json().code]).toEqual([409, code]);
    }
    const available = (await ctx().app.inject({ method: 'GET', url: '/api/coupons/available', headers: shopper.headers })).json();
    expect(available.items.some((i: { templateId: number }) => [off.id, staffOnly.id, ending.id].includes(i.templateId))).toBe(false);
    expect((await ctx().app.inject({ method: 'POST', url: '/api/coupons/999999/claim', headers: shopper.headers })).statusCode).toBe(404);
    expect((await ctx().app.inject({ method: 'POST', url: '/api/coupons/abc/claim', headers: shopper.headers })).statusCode).toBe(400);
    expect((await ctx().app.inject({ method: 'POST', url: `/api/coupons/${off.id}/claim` })).statusCode).toBe(401);
    expect((await mine(shopper.headers, 'unused')).total).toBe(0);
  });

  it('never exceeds the total or the per-shopper limit under concurrent claims', async () => {
    const owner = await ctx().staffSession('owner');
    const scarce = await createTemplate(ctx(), owner.headers, { totalQuantity: 5, perShopperLimit: 1 });
    const shoppers = await Promise.all(Array.from({ length: 8 }, () => ctx().shopperSession()));
    const attempts = shoppers.flatMap((s) => [s.id, s.id, s.id]);
    const results = await Promise.all(attempts.map((id) => outcome(svc().claimCoupon(id, scarce.id))));
    expect(results.filter((r) => r === null)).toHaveLength(5);
    for (const code of results) expect([null, 'COUPON_SOLD_OUT', 'COUPON_CLAIM_LIMIT']).toContain(code);
    const held = await ctx().db.select().from(shopperCoupons).where(eq(shopperCoupons.templateId, scarce.id));
    expect(held).toHaveLength(5);
    expect(new Set(held.map((h) => h.shopperId)).size).toBe(5);
    expect(await template(scarce.id)).toMatchObject({ claimedCount: 5 });

    const generous = await createTemplate(ctx(), owner.headers, { totalQuantity: 100, perShopperLimit: 3 });
    const one = shoppers[0]!;
    const burst = await Promise.all(Array.from({ length: 10 }, () => outcome(svc().claimCoupon(one.id, generous.id))));
    expect(burst.filter((r) => r === null)).toHaveLength(3);
    expect(burst.filter((r) => r !== null).every((r) => r === 'COUPON_CLAIM_LIMIT')).toBe(true);
    expect(await template(generous.id)).toMatchObject({ claimedCount: 3 });
  });

  it('expires coupons by the clock, N days after claiming or at the end of a fixed window', async () => {
    const owner = await ctx().staffSession('owner');
    const shopper = await ctx().shopperSession();
    const relative = await createTemplate(ctx(), owner.headers, { validity: { kind: 'days', days: 3 } });
    const fixed = await createTemplate(ctx(), owner.headers, { validity: { kind: 'fixed', from: inHours(ctx(), 24), until: inHours(ctx(), 5 * 24) } });
    const r = await claim(ctx(), shopper.headers, relative.id);
    const f = await claim(ctx(), shopper.headers, fixed.id);
    expect(new Date(r.validUntil).getTime() - new Date(r.validFrom).getTime()).toBe(3 * DAY);
    expect(f.validFrom).toBe(inHours(ctx(), 24));
    // Not yet valid: held and listed as unused, but not usable.
    const early = await appError(ctx().db.transaction((tx) => svc().useCoupon(tx, { shopperId: shopper.id, couponId: f.id, orderId: 1 })));
    expect([early.code, early.status]).toEqual(['COUPON_NOT_STARTED', 409]);
    expect((await mine(shopper.headers, 'unused')).items.map((c) => c.id).sort()).toEqual([r.id, f.id].sort());

    ctx().clock.advance(3 * DAY);
    expect((await mine(shopper.headers, 'unused')).items.map((c) => c.id)).toEqual([f.id]);
    expect((await mine(shopper.headers, 'expired')).items.map((c) => c.id)).toEqual([r.id]);
    ctx().clock.advance(2 * DAY);
    expect((await mine(shopper.headers, 'unused')).total).toBe(0);
    expect((await mine(shopper.headers, 'expired')).items.map((c) => c.status)).toEqual(['expired', 'expired']);
    const late = await ctx().app.inject({ method: 'POST', url: `/api/coupons/${fixed.id}/claim`, headers: shopper.headers });
    expect(late.json().code).toBe('COUPON_CLAIM_ENDED');
    const bad = await ctx().app.inject({ method: 'GET', url: '/api/me/coupons?status=lost', headers: shopper.headers });
    expect(bad.statusCode).toBe(400);
  });

  it('uses a coupon once, for its owner only, and gives it back when the unpaid order is cancelled', async () => {
    const owner = await ctx().staffSession('owner');
    const [shopper, other] = [await ctx().shopperSession(), await ctx().shopperSession()];
    const t = await createTemplate(ctx(), owner.headers, { validity: { kind: 'days', days: 2 } });
    const c = await claim(ctx(), shopper.headers, t.id);
    const use = (shopperId: number, orderId: number) => ctx().db.transaction((tx) => svc().useCoupon(tx, { shopperId, couponId: c.id, orderId }));
    const restore = (orderId: number) => ctx().db.transaction((tx) => svc().restoreCoupon(tx, { couponId: c.id, orderId }));

    expect((await appError(use(other.id, 900))).code).toBe('COUPON_UNAVAILABLE');
    await use(shopper.id, 1001);
    await use(shopper.id, 1001); // the same order again: nothing changes
    expect((await appError(use(shopper.id, 1002))).code).toBe('COUPON_ALREADY_USED');
    expect((await mine(shopper.headers, 'used')).items).toMatchObject([{ id: c.id, status: 'used', orderId: 1001 }]);

    expect(await restore(1002)).toEqual({ restored: false, status: null });
    expect(await restore(1001)).toEqual({ restored: true, status: 'unused' });
    expect(await restore(1001)).toEqual({ restored: false, status: null });
    expect((await mine(shopper.headers, 'unused')).items.map((x) => x.id)).toEqual([c.id]);

    await use(shopper.id, 1003);
    ctx().clock.advance(2 * DAY + 1);
    expect(await restore(1003)).toEqual({ restored: false, status: 'expired' });
    expect((await mine(shopper.headers, 'expired')).items).toMatchObject([{ id: c.id, status: 'expired', orderId: null }]);
    expect((await appError(use(shopper.id, 1004))).code).toBe('COUPON_EXPIRED');
  });

  it('rolls the coupon back with the order transaction that failed', async () => {
    const owner = await ctx().staffSession('owner');
    const shopper = await ctx().shopperSession();
    const c = await claim(ctx(), shopper.headers, (await createTemplate(ctx(), owner.headers)).id);
    const failing = ctx().db.transaction(async (tx) => {
      await svc().useCoupon(tx, { shopperId: shopper.id, couponId: c.id, orderId: 5 });
      throw new Error('order insert failed');
    });
    await expect(failing).rejects.toThrow('order insert failed');
    expect((await mine(shopper.headers, 'unused')).items.map((x) => x.id)).toEqual([c.id]);
  });

  it('lets staff issue a staff-only template to shoppers, all or nothing', async () => {
    const operator = await ctx().staffSession('operator');
    const [a, b] = [await ctx().shopperSession(), await ctx().shopperSession()];
    const t = await createTemplate(ctx(), operator.headers, { name: '补偿券', claimable: false, totalQuantity: 3, perShopperLimit: 1 });
    const url = `/api/admin/coupon-templates/${t.id}/issue`;
    const heldBefore = await countHeld();
    const unknown = await ctx().app.inject({ method: 'POST', url, headers: operator.headers, payload: { shopperIds: [a.id, 999_999] } });
    expect(unknown.statusCode).toBe(404);
    const tooMany = await ctx().app.inject({ method: 'POST', url, headers: operator.headers, payload: { shopperIds: [a.id, b.id, a.id] } });
    expect(tooMany.statusCode).toBe(400);
    expect(await countHeld()).toBe(heldBefore);
    expect(await template(t.id)).toMatchObject({ claimedCount: 0 });

    const issued = await ctx().app.inject({ method: 'POST', url, headers: operator.headers, payload: { shopperIds: [a.id, b.id], note: '物流延误补偿' } });
    expect(issued.statusCode, issued.body).toBe(201);
    expect(issued.json().issued).toBe(2);
    expect((await mine(a.headers, 'unused')).items).toMatchObject([{ source: 'issue' }]);
    // Issuing ignores the per-shopper limit but not the total.
    const again = await ctx().app.inject({ method: 'POST', url, headers: operator.headers, payload: { shopperIds: [a.id] } });
    expect(again.statusCode).toBe(201);
    const soldOut = await ctx().app.inject({ method: 'POST', url, headers: operator.headers, payload: { shopperIds: [b.id] } });
    expect([soldOut.statusCode, soldOut.json().code]).toEqual([409, 'COUPON_SOLD_OUT']);
    expect(await template(t.id)).toMatchObject({ claimedCount: 3 });
    expect(await auditRows(ctx(), 'coupon_template.issue', t.id)).toHaveLength(2);
    const missing = await ctx().app.inject({ method: 'POST', url: '/api/admin/coupon-templates/999999/issue', headers: operator.headers, payload: { shopperIds: [a.id] } });
    expect(missing.statusCode).toBe(404);
  });
});
