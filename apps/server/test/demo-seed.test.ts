import { expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { seedDemo } from '../src/demo/seed.ts';

describeEachDatabase('demo seed', (ctx) => {
  it('loads the owner, the catalogue and the marketing once, and the demo checkout shows the promotion', async () => {
    const first = await seedDemo(ctx(), { print: false });
    expect(first).toMatchObject({ ownerCreated: true, catalog: { seeded: true }, marketing: true, presale: true });
    const again = await seedDemo(ctx(), { print: false });
    expect(again).toMatchObject({ ownerCreated: false, catalog: { seeded: false }, marketing: false, presale: false });

    const login = await ctx().app.inject({ method: 'POST', url: '/api/admin/auth/login', payload: { username: 'owner', password: 'demo-owner-2026' } });
    expect(login.statusCode).toBe(200);
    const coupons = await ctx().app.inject({ method: 'GET', url: '/api/coupons/available' });
    expect(coupons.json().items.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['新人券 满100减10', '家电 9折券 最多减200']));

    const figures = await ctx().app.inject({ method: 'GET', url: `/api/products?q=${encodeURIComponent('比例手办')}&sort=price_desc` });
    const product = figures.json().items[0];
    const detail = (await ctx().app.inject({ method: 'GET', url: `/api/products/${product.id}` })).json();
    const sku = detail.skus.find((s: { stock: number }) => s.stock > 0);
    const shopper = await ctx().shopperSession();
    const preview = await ctx().app.inject({
      method: 'POST',
      url: '/api/checkout/preview',
      headers: shopper.headers,
      payload: { items: [{ skuId: sku.id, quantity: 1 }] },
    });
    expect(preview.statusCode).toBe(200);
    const breakdown = preview.json().breakdown;
    expect(sku.price).toBeGreaterThanOrEqual(60000);
    expect(breakdown.promotionDiscount).toBe(8000);
    expect(breakdown.lines.map((l: { label: string }) => l.label)).toEqual(expect.arrayContaining([expect.stringContaining('满600减80')]));
  });

  it('loads a live deposit presale of a limited figure, a live full-payment presale and an upcoming campaign, once, listed in the presale zone', async () => {
    const owner = await ctx().staffSession('owner');
    const list = await ctx().app.inject({ method: 'GET', url: '/api/admin/presale/campaigns?pageSize=50', headers: owner.headers });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().total).toBe(3); // the second seed run added none
    const byType = (type: string, status: string) => list.json().items.filter((c: { type: string; status: string }) => c.type === type && c.status === status);
    const [deposit] = byType('deposit', 'active');
    const [full] = byType('full', 'active');
    const [upcoming] = byType('deposit', 'upcoming');
    expect(deposit).toMatchObject({ depositKind: 'earnest', minTarget: 20, commission: { distribution: true } });
    expect(deposit.name).toContain('限定版');
    expect(deposit.termsText).toContain('定金不退');
    expect(deposit.tiers.length).toBeGreaterThan(0);
    expect(deposit.ship.kind).toBe('date');
    const item = deposit.items[0];
    expect(item).toMatchObject({ quota: 100, perBuyerLimit: 2, specValues: { 版本: '限定版' } });
    expect(item.deposit * 100).toBeLessThanOrEqual(20 * item.presalePrice);
    expect(item.depositValue).toBeGreaterThan(item.deposit);
    expect(full).toMatchObject({ type: 'full', ship: { kind: 'days_after_paid' } });
    expect(new Date(upcoming.startsAt).getTime()).toBeGreaterThan(ctx().clock.now().getTime() + 2 * 86_400_000);

    const zone = await ctx().app.inject({ method: 'GET', url: '/api/presale' });
    expect(zone.statusCode).toBe(200);
    const shown = zone.json().items.map((c: { id: number; status: string }) => [c.id, c.status]);
    expect(shown).toEqual(expect.arrayContaining([[deposit.id, 'active'], [full.id, 'active'], [upcoming.id, 'upcoming']]));
    const product = await ctx().app.inject({ method: 'GET', url: `/api/products/${item.productId}/presale` });
    expect(product.json()).toMatchObject({ id: deposit.id, status: 'active', depositKindLabel: { zh: '定金' } });
  });

  it('§5 demo: the appliance shop’s dishwasher is out of stock and takes pre-orders with a deposit, for China only, expected in three weeks', async () => {
    await seedDemo(ctx(), { print: false });
    expect((await seedDemo(ctx(), { print: false })).preorders).toBe(false);
    const found = await ctx().app.inject({ method: 'GET', url: `/api/products?q=${encodeURIComponent('洗碗机')}` });
    const dishwasher = found.json().items.find((p: { title: string }) => p.title.includes('洗碗机'));
    expect(dishwasher).toBeDefined();
    const terms = await ctx().app.inject({ method: 'GET', url: `/api/products/${dishwasher.id}/preorder`, remoteAddress: '1.2.4.8' });
    expect(terms.statusCode, terms.body).toBe(200);
    expect(terms.json()).toMatchObject({ visitorCountry: 'CN' });
    const sku = terms.json().skus[0];
    expect(sku).toMatchObject({ preorderable: true, label: { zh: '预订', en: 'Pre-order' }, strategy: 'deposit', depositPerUnit: 50_000, countries: ['CN'], countryAllowed: true, unitsLeft: 50 });
    const days = (new Date(sku.availableAt).getTime() - ctx().clock.now().getTime()) / 86_400_000;
    expect(days).toBeGreaterThan(14);
    expect(days).toBeLessThanOrEqual(30);
  });
});
