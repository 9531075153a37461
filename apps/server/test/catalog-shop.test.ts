import { eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { createCategory, createProduct, type Headers } from './catalog-fixtures.ts';
import { products } from '../src/modules/catalog/catalog.tables.ts';

type Item = { id: number; title: string };

describeEachDatabase('catalog for shoppers', (ctx) => {
  let owner: { id: number; headers: Headers };
  const ids: Record<string, number> = {};
  const cats: Record<string, number> = {};
  const list = async (query: string) => {
    const res = await ctx().app.inject({ method: 'GET', url: `/api/products?${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Item[]; total: number; page: number; pageSize: number };
  };
  const names = (page: { items: Item[] }) => page.items.map((i) => Object.entries(ids).find(([, id]) => id === i.id)?.[0]);

  it('sets up a small catalogue', async () => {
    owner = await ctx().staffSession('owner');
    cats.figures = (await createCategory(ctx(), owner.headers, '手办')).id;
    cats.scale = (await createCategory(ctx(), owner.headers, '比例手办', cats.figures)).id;
    cats.chibi = (await createCategory(ctx(), owner.headers, 'Q版手办', cats.figures)).id;
    cats.appliances = (await createCategory(ctx(), owner.headers, '家电')).id;
    cats.fridges = (await createCategory(ctx(), owner.headers, '冰箱', cats.appliances)).id;
    const make = async (name: string, sales: number, body: Record<string, unknown>) => {
      ctx().clock.advance(60_000);
      const p = await createProduct(ctx(), owner.headers, body);
      ids[name] = p.id;
      await ctx().db.update(products).set({ salesCount: sales }).where(eq(products.id, p.id));
      return p;
    };
    await make('miku', 10, {
      title: '初音未来 Miku 1/7 比例手办',
      brand: 'GSC',
      categoryId: cats.scale,
      specs: [{ name: '版本', values: ['普通版', '限定版'] }],
      skus: [
        { specValues: { 版本: '普通版' }, price: 89_900, marketPrice: 99_900, initialStock: 5 },
        { specValues: { 版本: '限定版' }, price: 129_900, initialStock: 0 },
      ],
      imageUrls: ['https://img.example/miku-1.png', 'https://img.example/miku-2.png'],
    });
    await make('nendo', 50, { title: 'Q版 初音 粘土人', subtitle: 'Q版手办 可动', brand: 'GSC', categoryId: cats.chibi, sortOrder: 5, skus: [{ price: 29_900, initialStock: 20 }] });
    await make('fridge', 5, { title: '海尔 对开门冰箱 500L', brand: '海尔', categoryId: cats.fridges, skus: [{ price: 499_900, initialStock: 2 }] });
    await make('hidden', 99, { title: '初音 手办 下架款 Miku', categoryId: cats.scale, onShelf: false, skus: [{ price: 100, initialStock: 1 }] });
    await make('poster', 0, { title: 'Hatsune Mikuverse 周边 海报', sortOrder: 100, skus: [{ price: 1_000, initialStock: 1 }] });
    await make('sale', 1, { title: '50%_off 特价 抱枕', skus: [{ price: 5_000, initialStock: 1 }] });
  });

  it('lists on-shelf products only, by sort order then newest', async () => {
    const page = await list('');
    expect(names(page)).toEqual(['poster', 'nendo', 'sale', 'fridge', 'miku']);
    expect(page).toMatchObject({ total: 5, page: 1, pageSize: 20 });
    expect(page.items[3]).toMatchObject({ title: '海尔 对开门冰箱 500L', minPrice: 499_900, maxPrice: 499_900, salesCount: 5, mainImageUrl: null });
    expect(page.items.find((i) => i.id === ids.miku)).toMatchObject({ minPrice: 89_900, maxPrice: 129_900, mainImageUrl: 'https://img.example/miku-1.png' });
  });

  it('sorts by sales, price and newest', async () => {
    expect(names(await list('sort=sales'))).toEqual(['nendo', 'miku', 'fridge', 'sale', 'poster']);
    expect(names(await list('sort=price_asc'))).toEqual(['poster', 'sale', 'nendo', 'miku', 'fridge']);
    expect(names(await list('sort=price_desc'))).toEqual(['fridge', 'miku', 'nendo', 'sale', 'poster']);
    expect(names(await list('sort=newest'))).toEqual(['sale', 'poster', 'fridge', 'nendo', 'miku']);
  });

  it('pages', async () => {
    const second = await list('sort=price_asc&page=2&pageSize=2');
    expect(names(second)).toEqual(['nendo', 'miku']);
    expect(second).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect((await list('page=9')).items).toEqual([]);
  });

  it('filters by category including subcategories, and by price in fen', async () => {
    expect(names(await list(`categoryId=${cats.figures}&sort=price_asc`))).toEqual(['nendo', 'miku']);
    expect(names(await list(`categoryId=${cats.scale}`))).toEqual(['miku']);
    expect(names(await list(`categoryId=${cats.appliances}`))).toEqual(['fridge']);
    expect((await list('categoryId=999999')).total).toBe(0);
    expect(names(await list('minPrice=5000&maxPrice=89900&sort=price_asc'))).toEqual(['sale', 'nendo', 'miku']);
    expect(names(await list('minPrice=100000'))).toEqual(['fridge']);
  });

  it('searches words in Chinese and English; every word must match; off-shelf never shows', async () => {
    expect(names(await list(`q=${encodeURIComponent('手办')}&sort=price_asc`))).toEqual(['nendo', 'miku']);
    expect(names(await list(`q=${encodeURIComponent('初音')}&sort=price_asc`))).toEqual(['nendo', 'miku']);
    expect(names(await list(`q=${encodeURIComponent('冰箱')}`))).toEqual(['fridge']);
    expect(names(await list('q=MIKU'))).toEqual(['miku', 'poster']);
    expect(names(await list(`q=${encodeURIComponent('gsc  比例')}`))).toEqual(['miku']);
    expect(names(await list(`q=${encodeURIComponent('初音 海尔')}`))).toEqual([]);
    expect(names(await list(`q=${encodeURIComponent('50%')}`))).toEqual(['sale']);
    expect(names(await list('q=_'))).toEqual(['sale']);
    expect(names(await list(`q=${encodeURIComponent('手办')}&categoryId=${cats.appliances}`))).toEqual([]);
  });

  it('ranks search results by similarity under the default sort', async () => {
    // The poster has the larger sort order, but "miku" is a whole word only in the figure's title.
    expect(names(await list('q=miku'))).toEqual(['miku', 'poster']);
    expect(names(await list('q=miku&sort=newest'))).toEqual(['poster', 'miku']);
  });

  it('word search can use the trigram index on search_text', async () => {
    const plan = await ctx().db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL enable_seqscan = off`);
      const result = await tx.execute(sql`EXPLAIN SELECT id FROM products WHERE search_text ILIKE '%初音未来%' AND search_text ILIKE '%miku%'`);
      return JSON.stringify(result);
    });
    expect(plan).toContain('products_search_trgm_idx');
  });

  it('shows an on-shelf product with SKUs, sellable stock, images and category path', async () => {
    const res = await ctx().app.inject({ method: 'GET', url: `/api/products/${ids.miku}` });
    expect(res.statusCode).toBe(200);
    const detail = res.json();
    expect(detail).toMatchObject({
      title: '初音未来 Miku 1/7 比例手办',
      categoryPath: [{ id: cats.figures, name: '手办' }, { id: cats.scale, name: '比例手办' }],
      images: [{ url: 'https://img.example/miku-1.png' }, { url: 'https://img.example/miku-2.png' }],
      skus: [
        { specValues: { 版本: '普通版' }, price: 89_900, marketPrice: 99_900, stock: 5 },
        { specValues: { 版本: '限定版' }, price: 129_900, marketPrice: null, stock: 0 },
      ],
    });
    expect(detail).not.toHaveProperty('code');
    expect(detail.skus[0]).not.toHaveProperty('barcode');
    await ctx().services.inventory.adjust(undefined, { skuId: detail.skus[0].id, delta: -2, reason: 'damage', actor: 'test' });
    const after = (await ctx().app.inject({ method: 'GET', url: `/api/products/${ids.miku}` })).json();
    expect(after.skus[0].stock).toBe(3);
  });

  it('hides deactivated SKUs and off-shelf products from shoppers', async () => {
    const admin = (await ctx().app.inject({ method: 'GET', url: `/api/admin/products/${ids.miku}`, headers: owner.headers })).json();
    await ctx().app.inject({ method: 'PATCH', url: `/api/admin/products/${ids.miku}`, headers: owner.headers, payload: { skus: [{ id: admin.skus[1].id, active: false }] } });
    const detail = (await ctx().app.inject({ method: 'GET', url: `/api/products/${ids.miku}` })).json();
    expect(detail.skus).toHaveLength(1);
    expect(detail.maxPrice).toBe(89_900);

    const hidden = await ctx().app.inject({ method: 'GET', url: `/api/products/${ids.hidden}` });
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().code).toBe('NOT_FOUND');
    await ctx().app.inject({ method: 'POST', url: '/api/admin/products/bulk-shelf', headers: owner.headers, payload: { ids: [ids.fridge], onShelf: false } });
    expect((await ctx().app.inject({ method: 'GET', url: `/api/products/${ids.fridge}` })).statusCode).toBe(404);
    expect((await list(`q=${encodeURIComponent('冰箱')}`)).total).toBe(0);
    expect((await list('')).items.map((i) => i.id)).not.toContain(ids.fridge);
    await ctx().app.inject({ method: 'POST', url: '/api/admin/products/bulk-shelf', headers: owner.headers, payload: { ids: [ids.hidden], onShelf: true } });
    expect((await ctx().app.inject({ method: 'GET', url: `/api/products/${ids.hidden}` })).statusCode).toBe(200);
  });

  it('answers bad queries with 400 and unknown ids with 404', async () => {
    for (const query of ['sort=cheapest', 'minPrice=-1', 'minPrice=abc', 'minPrice=500&maxPrice=100', 'pageSize=1000', 'categoryId=0', `q=${'词'.repeat(101)}`]) {
      const res = await ctx().app.inject({ method: 'GET', url: `/api/products?${query}` });
      expect(res.statusCode, query).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
    expect((await ctx().app.inject({ method: 'GET', url: '/api/products/999999' })).statusCode).toBe(404);
    expect((await ctx().app.inject({ method: 'GET', url: '/api/products/abc' })).statusCode).toBe(400);
  });
});
