import crypto from 'node:crypto';
import { PNG } from 'pngjs';
import { expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { countRows } from './catalog-fixtures.ts';
import { seedDemoCatalog } from '../src/demo/catalog-seed.ts';
import { DEMO_PRODUCTS } from '../src/demo/catalog-demo.ts';

describeEachDatabase('demo catalogue', (ctx) => {
  const seed = () => seedDemoCatalog({ db: ctx().db, catalog: ctx().services.catalog, storage: ctx().storage });

  it('seeds an empty catalogue once, through the service (audited as system)', async () => {
    expect(await countRows(ctx(), 'products')).toBe(0);
    expect(await seed()).toEqual({ seeded: true, products: DEMO_PRODUCTS.length });
    expect(DEMO_PRODUCTS.length).toBeGreaterThanOrEqual(24);
    expect(await countRows(ctx(), 'products')).toBe(DEMO_PRODUCTS.length);
    const skuCount = DEMO_PRODUCTS.reduce((n, p) => n + p.product.skus.length, 0);
    expect(await countRows(ctx(), 'skus')).toBe(skuCount);
    expect(await countRows(ctx(), 'stock_levels')).toBe(skuCount);
    const before = await countRows(ctx(), 'audit_log');
    expect(await seed()).toEqual({ seeded: false, products: 0 });
    expect(await countRows(ctx(), 'products')).toBe(DEMO_PRODUCTS.length);
    expect(await countRows(ctx(), 'audit_log')).toBe(before);
  });

  it('has both shops: figures and appliances, with their categories', async () => {
    const tree = (await ctx().app.inject({ method: 'GET', url: '/api/categories' })).json().items as { id: number; name: string; children: { name: string }[] }[];
    expect(tree.map((c) => c.name)).toEqual(['手办', '盲盒', '景品', '模型', '电视', '冰箱', '洗衣机', '空调', '厨房电器', '延保服务']);
    expect(tree[0]!.children.map((c) => c.name)).toEqual(['比例手办', 'Q版手办']);
    const count = async (name: string) => (await ctx().app.inject({ method: 'GET', url: `/api/products?categoryId=${tree.find((c) => c.name === name)!.id}` })).json().total;
    const figures = (await count('手办')) + (await count('盲盒')) + (await count('景品')) + (await count('模型'));
    const appliances = (await count('电视')) + (await count('冰箱')) + (await count('洗衣机')) + (await count('空调')) + (await count('厨房电器')) + (await count('延保服务'));
    expect(figures).toBeGreaterThanOrEqual(12);
    expect(appliances).toBeGreaterThanOrEqual(12);
  });

  it('finds 手办, 冰箱 and miku in shopper search', async () => {
    const search = async (q: string) => (await ctx().app.inject({ method: 'GET', url: `/api/products?q=${encodeURIComponent(q)}&pageSize=100` })).json();
    const figures = await search('手办');
    expect(figures.total).toBeGreaterThanOrEqual(5);
    expect(figures.items.every((p: { title: string; subtitle: string }) => `${p.title}${p.subtitle}`.includes('手办'))).toBe(true);
    const fridges = await search('冰箱');
    expect(fridges.items.map((p: { title: string }) => p.title)).toEqual(expect.arrayContaining([expect.stringContaining('海尔 十字对开门冰箱')]));
    expect((await search('miku')).total).toBeGreaterThanOrEqual(3);
    expect((await search('初音 景品')).items.map((p: { title: string }) => p.title)).toEqual(['SEGA 初音未来 Miku 景品手办 樱花 Ver.']);
  });

  it('serves every product picture: a distinct 800×800 PNG', async () => {
    const page = (await ctx().app.inject({ method: 'GET', url: '/api/products?pageSize=100' })).json();
    const hashes = new Set<string>();
    for (const item of page.items) {
      const detail = (await ctx().app.inject({ method: 'GET', url: `/api/products/${item.id}` })).json();
      expect(detail.images).toHaveLength(2);
      expect(item.mainImageUrl).toBe(detail.images[0].url);
      for (const image of detail.images) {
        const res = await ctx().app.inject({ method: 'GET', url: image.url });
        expect(res.statusCode, image.url).toBe(200);
        expect(res.headers['content-type']).toBe('image/png');
        const png = PNG.sync.read(res.rawPayload);
        expect([png.width, png.height]).toEqual([800, 800]);
        hashes.add(crypto.createHash('sha256').update(res.rawPayload).digest('hex'));
      }
    }
    expect(hashes.size).toBe(page.items.length * 2);
  });

  it('data is realistic: stock levels, after-sales, warranty, kinds and sources', async () => {
    const admin = await ctx().staffSession('owner');
    const list = (await ctx().app.inject({ method: 'GET', url: '/api/admin/products?pageSize=100', headers: admin.headers })).json().items as { id: number; code: string }[];
    const details = await Promise.all(list.map(async (p) => (await ctx().app.inject({ method: 'GET', url: `/api/admin/products/${p.id}`, headers: admin.headers })).json()));
    const byCode = new Map(details.map((d) => [d.code, d]));
    const stocks = details.flatMap((d) => d.skus.map((s: { stock: number }) => s.stock));
    expect(stocks.filter((s) => s === 0).length).toBeGreaterThanOrEqual(1);
    expect(stocks.filter((s) => s > 0 && s <= 3).length).toBeGreaterThanOrEqual(3);
    for (const code of ['BOX-001', 'BOX-002', 'BOX-003']) expect(byCode.get(code).afterSalesAllowed).toBe(false);
    for (const d of details.filter((x) => x.categoryPath[0]?.name === '冰箱' || x.categoryPath[0]?.name === '电视')) expect(d.warrantyText).not.toBe('');
    expect(details.some((d) => d.kind === 'virtual')).toBe(true);
    expect(details.some((d) => d.source === 'supplier')).toBe(true);
    expect(details.filter((d) => d.skus.length > 1).length).toBeGreaterThanOrEqual(12);
    expect(byCode.get('FR-001').skus.map((s: { specValues: object }) => s.specValues)).toContainEqual({ 容量: '510升', 颜色: '墨羽黑' });
  });
});
