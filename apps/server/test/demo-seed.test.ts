import { expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { seedDemo } from '../src/demo/seed.ts';

describeEachDatabase('demo seed', (ctx) => {
  it('loads the owner, the catalogue and the marketing once, and the demo checkout shows the promotion', async () => {
    const first = await seedDemo(ctx(), { print: false });
    expect(first).toMatchObject({ ownerCreated: true, catalog: { seeded: true }, marketing: true });
    const again = await seedDemo(ctx(), { print: false });
    expect(again).toMatchObject({ ownerCreated: false, catalog: { seeded: false }, marketing: false });

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
});
