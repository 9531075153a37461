import { expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { seedDemo } from '../src/demo/seed.ts';

describeEachDatabase('installation: demo data', (ctx) => {
  it('marks the large appliances as coming with installation, once, and not the figures', async () => {
    await seedDemo(ctx(), { print: false });
    const owner = await ctx().staffSession('owner');
    const get = (url: string, headers = {}) => ctx().app.inject({ method: 'GET', url, headers });
    const marked = (await get('/api/admin/installation/products', owner.headers)).json().items as { productId: number; title: string; note: string }[];
    expect(marked.length).toBeGreaterThanOrEqual(8);
    await seedDemo(ctx(), { print: false });
    expect((await get('/api/admin/installation/products', owner.headers)).json().items).toHaveLength(marked.length);

    const washer = (await get(`/api/products?q=${encodeURIComponent('洗衣机')}`)).json().items[0];
    expect((await get(`/api/products/${washer.id}/installation`)).json()).toEqual({ productId: washer.id, offered: true, note: '送货入户，免费安装（含进排水管）' });
    const figure = (await get(`/api/products?q=${encodeURIComponent('比例手办')}`)).json().items[0];
    expect((await get(`/api/products/${figure.id}/installation`)).json().offered).toBe(false);
  });
});
