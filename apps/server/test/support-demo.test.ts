import { expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { seedDemo } from '../src/demo/seed.ts';

describeEachDatabase('support: demo data', (ctx) => {
  it('seeds FAQ, a warranty on the appliances and service points once', async () => {
    expect((await seedDemo(ctx(), { print: false })).support).toBe(true);
    expect((await seedDemo(ctx(), { print: false })).support).toBe(false);
    const get = (url: string) => ctx().app.inject({ method: 'GET', url });
    const found = await get(`/api/support/faq/search?q=${encodeURIComponent('退款 申请')}`);
    expect(found.json().items[0].title).toBe('退款怎么申请？');
    const fridges = (await get(`/api/products?q=${encodeURIComponent('冰箱')}`)).json().items;
    expect(fridges.length).toBeGreaterThan(0);
    expect((await get(`/api/products/${fridges[0].id}/warranty`)).json()).toMatchObject({ name: '大家电全国联保', months: 12 });
    const points = await get(`/api/support/service-points?${new URLSearchParams({ province: '广东省', city: '珠海市' })}`);
    expect(points.json()).toMatchObject({ scope: 'province', fellBack: true });
    expect(points.json().items).toHaveLength(2);
  });
});
