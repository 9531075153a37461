import { expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { seedDemo } from '../src/demo/seed.ts';

describeEachDatabase('decoration: demo home page', (ctx) => {
  it('publishes a home page with a campaign banner, a presale block, a notice and a product grid, once', async () => {
    await seedDemo(ctx(), { print: false });
    const home = await ctx().app.inject({ method: 'GET', url: '/api/pages/home' });
    expect(home.statusCode, home.body).toBe(200);
    const blocks = home.json().blocks as { type: string; images?: { link: { type: string; path: string } }[]; campaigns?: { countdown: unknown }[] }[];
    expect(blocks.map((b) => b.type)).toEqual(['banner', 'notice', 'presale', 'productGrid']);
    expect(blocks[0]!.images![0]!.link).toMatchObject({ type: 'presale' });
    expect(blocks[2]!.campaigns!.length).toBeGreaterThan(0);
    const staff = (await ctx().staffSession('owner')).headers;
    const before = (await ctx().app.inject({ method: 'GET', url: '/api/admin/decoration/pages', headers: staff })).json().items[0];
    await seedDemo(ctx(), { print: false });
    const after = (await ctx().app.inject({ method: 'GET', url: '/api/admin/decoration/pages', headers: staff })).json().items[0];
    expect(after.revision).toBe(before.revision);
  });
});
