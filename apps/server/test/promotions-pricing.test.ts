import { beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { auditRows, createCategory, createProduct, uniq } from './catalog-fixtures.ts';
import { appError, claim, createPromotion, createTemplate, inHours } from './promotions-fixtures.ts';
import { DAY, HOUR } from '../src/platform/clock.ts';
import { promotions } from '../src/modules/promotions/promotions.tables.ts';
import type { QuoteInput } from '../src/modules/promotions/index.ts';

describeEachDatabase('promotions and pricing', (ctx) => {
  const svc = () => ctx().services.promotions;
  const quote = (input: QuoteInput) => ctx().db.transaction((tx) => svc().quote(tx, input));
  const activeIds = async () => (await ctx().app.inject({ method: 'GET', url: '/api/promotions/active' })).json().items.map((p: { id: number }) => p.id);
  // Each test prices against its own promotions only.
  beforeEach(async () => {
    await ctx().db.update(promotions).set({ active: false });
  });

  it('runs promotions by the clock: scheduled, running, ended, switched off', async () => {
    const operator = await ctx().staffSession('operator');
    const p = await createPromotion(ctx(), operator.headers, { startsAt: inHours(ctx(), 2), endsAt: inHours(ctx(), 26) });
    expect(p).toMatchObject({ state: 'scheduled', label: '满300减40，满500减80' });
    expect(await activeIds()).not.toContain(p.id);
    ctx().clock.advance(2 * HOUR);
    expect(await activeIds()).toEqual([p.id]);
    const running = await ctx().app.inject({ method: 'GET', url: '/api/admin/promotions?state=running', headers: operator.headers });
    expect(running.json().items.map((x: { id: number }) => x.id)).toEqual([p.id]);
    ctx().clock.advance(DAY);
    expect(await activeIds()).not.toContain(p.id);
    const got = await ctx().app.inject({ method: 'GET', url: `/api/admin/promotions/${p.id}`, headers: operator.headers });
    expect(got.json().state).toBe('ended');

    const q = await createPromotion(ctx(), operator.headers);
    expect(await activeIds()).toEqual([q.id]);
    const off = await ctx().app.inject({ method: 'PATCH', url: `/api/admin/promotions/${q.id}`, headers: operator.headers, payload: { active: false } });
    expect(off.json().state).toBe('inactive');
    expect(await activeIds()).toEqual([]);
    expect(await auditRows(ctx(), 'promotion.update', q.id)).toHaveLength(1);
  });

  it('edits, switches kind and deletes promotions; refuses bad ones with 400', async () => {
    const owner = await ctx().staffSession('owner');
    const category = await createCategory(ctx(), owner.headers, uniq('手办'));
    const p = await createPromotion(ctx(), owner.headers, { categoryIds: [category.id] });
    const url = `/api/admin/promotions/${p.id}`;
    const toDiscount = await ctx().app.inject({ method: 'PATCH', url, headers: owner.headers, payload: { kind: 'discount', payPercent: 85 } });
    expect(toDiscount.statusCode, toDiscount.body).toBe(200);
    expect(toDiscount.json()).toMatchObject({ kind: 'discount', payPercent: 85, tiers: [], label: '8.5折', categoryIds: [category.id] });
    const now = ctx().clock.now().toISOString();
    for (const payload of [
      { kind: 'full_reduction' },
      { payPercent: 0 },
      { payPercent: 100 },
      { endsAt: inHours(ctx(), -5) },
      { categoryIds: [999_999] },
      { startsAt: 'soon' },
    ]) {
      const res = await ctx().app.inject({ method: 'PATCH', url, headers: owner.headers, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
    const base = { name: '满减', kind: 'full_reduction', startsAt: now, endsAt: inHours(ctx(), 1) };
    for (const payload of [
      { ...base, tiers: [] },
      { ...base, tiers: [{ threshold: 10_000, amount: 20_000 }] },
      { ...base, tiers: [{ threshold: 30_000, amount: 4000 }, { threshold: 20_000, amount: 5000 }] },
      { ...base, tiers: [{ threshold: 30_000, amount: 4000 }], payPercent: 90 },
      { ...base, kind: 'discount' },
      { ...base, tiers: [{ threshold: 30_000, amount: 4000 }], endsAt: now },
      { ...base, tiers: [{ threshold: 30_000, amount: 4000 }], productIds: [999_999] },
      { ...base, tiers: Array.from({ length: 6 }, (_, i) => ({ threshold: (i + 1) * 1000, amount: i + 1 })) },
    ]) {
      const res = await ctx().app.inject({ method: 'POST', url: '/api/admin/promotions', headers: owner.headers, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
    expect((await ctx().app.inject({ method: 'GET', url, headers: owner.headers })).json()).toMatchObject({ kind: 'discount', payPercent: 85 });
    expect((await ctx().app.inject({ method: 'DELETE', url, headers: owner.headers })).statusCode).toBe(200);
    expect((await ctx().app.inject({ method: 'DELETE', url, headers: owner.headers })).statusCode).toBe(404);
    expect(await auditRows(ctx(), 'promotion.delete', p.id)).toHaveLength(1);
  });

  it('keeps promotion management to marketing staff', async () => {
    const owner = await ctx().staffSession('owner');
    const p = await createPromotion(ctx(), owner.headers);
    const warehouse = await ctx().staffSession('warehouse');
    const shopper = await ctx().shopperSession();
    for (const route of [
      { method: 'GET' as const, url: '/api/admin/promotions' },
      { method: 'POST' as const, url: '/api/admin/promotions', payload: { name: 'x', kind: 'discount', payPercent: 90, startsAt: inHours(ctx(), 0), endsAt: inHours(ctx(), 1) } },
      { method: 'PATCH' as const, url: `/api/admin/promotions/${p.id}`, payload: { active: false } },
      { method: 'DELETE' as const, url: `/api/admin/promotions/${p.id}` },
    ]) {
      expect((await ctx().app.inject({ ...route, headers: warehouse.headers })).statusCode).toBe(403);
      expect((await ctx().app.inject({ ...route, headers: shopper.headers })).statusCode).toBe(403);
    }
    expect(await activeIds()).toEqual([p.id]);
  });

  it('shows the fixed order of steps and the stacking rules to anyone, following the settings', async () => {
    const res = await ctx().app.inject({ method: 'GET', url: '/api/pricing/rules' });
    expect(res.statusCode).toBe(200);
    const rules = res.json();
    expect(rules.steps.map((s: { step: string }) => s.step)).toEqual(['goods', 'promotion', 'coupon', 'points', 'shipping']);
    expect(rules.stacking.couponStacksWithPromotions).toBe(true);
    expect(rules.stacking.rules[1]).toBe('优惠券可与促销活动同享。');
    expect(rules.points).toMatchObject({ pointsPerYuan: 100, maxPercentOfOrder: 50 });
    const owner = await ctx().staffSession('owner');
    await ctx().app.inject({ method: 'PATCH', url: '/api/admin/settings', headers: owner.headers, payload: { couponStacksWithPromotions: false } });
    const after = (await ctx().app.inject({ method: 'GET', url: '/api/pricing/rules' })).json();
    expect(after.stacking).toMatchObject({ couponStacksWithPromotions: false });
    expect(after.stacking.rulesEn[1]).toContain('do not combine');
    await ctx().app.inject({ method: 'PATCH', url: '/api/admin/settings', headers: owner.headers, payload: { couponStacksWithPromotions: true } });
  });

  it('quotes with running promotions, the shopper’s coupon and points, in the fixed order', async () => {
    const owner = await ctx().staffSession('owner');
    const figures = await createCategory(ctx(), owner.headers, uniq('手办'));
    const product = await createProduct(ctx(), owner.headers);
    await createPromotion(ctx(), owner.headers, { name: '手办9折', kind: 'discount', tiers: null, payPercent: 90, categoryIds: [figures.id] });
    await createPromotion(ctx(), owner.headers, { name: '全场满减' });
    await createPromotion(ctx(), owner.headers, { name: '未开始', startsAt: inHours(ctx(), 1), tiers: [{ threshold: 1, amount: 1 }] });
    const shopper = await ctx().shopperSession();
    const coupon = await claim(ctx(), shopper.headers, (await createTemplate(ctx(), owner.headers)).id);
    const topUp = await ctx().app.inject({ method: 'POST', url: `/api/admin/points/${shopper.id}/adjust`, headers: owner.headers, payload: { delta: 2000, note: '测试' } });
    expect(topUp.statusCode, topUp.body).toBe(200);
    const lines = [
      { skuId: product.skus[0].id, productId: product.id, categoryIds: [figures.id], unitPrice: 20_000, quantity: 1 },
      { skuId: 999, productId: 999, categoryIds: [], unitPrice: 20_000, quantity: 1 },
    ];
    const b = await quote({ shopperId: shopper.id, lines, couponId: coupon.id, points: 5000 });
    // 9折 on line 1: −2000; 满300减40 on 38000: −4000; coupon 满100减10: −1000 on 33000; points: 2000 (the balance) of 50% × 32000.
    expect(b).toMatchObject({ goodsAmount: 40_000, promotionDiscount: 6000, couponDiscount: 1000, pointsDiscount: 2000, pointsUsed: 2000, shippingFee: 0, totalAmount: 31_000 });
    expect(b.lines.map((l) => l.label)).toEqual(['商品金额', '手办9折：9折', '全场满减：满300减40', '优惠券 满100减10：满100减10', '积分抵扣（2,000 积分）', '满99元包邮']);
    expect(b.notices.map((n) => n.code)).toEqual(['POINTS_CAPPED_BY_BALANCE']);
    const guest = await quote({ shopperId: null, lines, points: 10 });
    expect(guest).toMatchObject({ promotionDiscount: 6000, pointsUsed: 0 });
  });

  it('refuses a coupon that is not the shopper’s to use, and bad quote input, with clear codes', async () => {
    const owner = await ctx().staffSession('owner');
    const [shopper, other] = [await ctx().shopperSession(), await ctx().shopperSession()];
    const c = await claim(ctx(), shopper.headers, (await createTemplate(ctx(), owner.headers)).id);
    const lines = [{ skuId: 1, productId: 1, categoryIds: [], unitPrice: 20_000, quantity: 1 }];
    for (const input of [
      { shopperId: other.id, lines, couponId: c.id },
      { shopperId: null, lines, couponId: c.id },
      { shopperId: shopper.id, lines, couponId: 999_999 },
    ]) {
      const error = await appError(quote(input));
      expect(error.code).toBe('COUPON_UNAVAILABLE');
    }
    await ctx().db.transaction((tx) => svc().useCoupon(tx, { shopperId: shopper.id, couponId: c.id, orderId: 42 }));
    const used = await appError(quote({ shopperId: shopper.id, lines, couponId: c.id }));
    expect([used.code, used.status]).toEqual(['COUPON_ALREADY_USED', 409]);
    for (const input of [
      { shopperId: shopper.id, lines, points: -1 },
      { shopperId: shopper.id, lines, points: 1.5 },
      { shopperId: shopper.id, lines: [{ ...lines[0]!, quantity: 0 }] },
      { shopperId: shopper.id, lines: [{ ...lines[0]!, unitPrice: -5 }] },
      { shopperId: shopper.id, lines: [{ ...lines[0]!, unitPrice: 1e13, quantity: 100_000 }] },
    ]) {
      expect((await appError(quote(input))).code).toBe('VALIDATION_FAILED');
    }
  });

  it('lists my usable coupons for a cart, best first, with why the others do not apply', async () => {
    const owner = await ctx().staffSession('owner');
    const shopper = await ctx().shopperSession();
    const small = await claim(ctx(), shopper.headers, (await createTemplate(ctx(), owner.headers)).id);
    const percent = await claim(ctx(), shopper.headers, (await createTemplate(ctx(), owner.headers, { name: '8折', kind: 'percent', amount: null, payPercent: 80, maxDiscount: 5000, threshold: 0 })).id);
    const big = await claim(ctx(), shopper.headers, (await createTemplate(ctx(), owner.headers, { name: '满1000减100', amount: 10_000, threshold: 100_000 })).id);
    const short = await claim(ctx(), shopper.headers, (await createTemplate(ctx(), owner.headers, { validity: { kind: 'days', days: 1 } })).id);
    ctx().clock.advance(DAY);
    const lines = [{ skuId: 1, productId: 1, categoryIds: [], unitPrice: 15_000, quantity: 1 }];
    const choices = await svc().availableCoupons(ctx().db, shopper.id, lines);
    expect(choices.map((c) => [c.coupon.id, c.discount, c.usable, c.notice?.code ?? null])).toEqual([
      [percent.id, 3000, true, null],
      [small.id, 1000, true, null],
      [big.id, 0, false, 'COUPON_BELOW_THRESHOLD'],
    ]);
    expect(choices.some((c) => c.coupon.id === short.id)).toBe(false);
  });
});
