import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { MAX_UNIT_PRICE } from '@mall/contract';
import { describeEachDatabase } from './harness.ts';
import { auditRows, countRows, createCategory, createProduct, productBody, uniq, type Headers } from './catalog-fixtures.ts';
import { products, skus } from '../src/modules/catalog/catalog.tables.ts';

const fridgeSpecs = [
  { name: '容量', values: ['400L', '500L'] },
  { name: '颜色', values: ['白', '金'] },
];

describeEachDatabase('catalog products (staff)', (ctx) => {
  let owner: { id: number; headers: Headers };
  const inject = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT', url: string, payload?: unknown, headers: Headers = owner.headers) =>
    ctx().app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

  it('creates a product with specs, SKUs, stock and images in one go, audited', async () => {
    owner = await ctx().staffSession('owner');
    const category = await createCategory(ctx(), owner.headers, uniq('冰箱'));
    const barcode = uniq('69');
    const created = await createProduct(ctx(), owner.headers, {
      title: '  海尔 冰箱 BCD-500  ',
      subtitle: '一级能效 风冷无霜',
      brand: 'Haier',
      categoryId: category.id,
      warrantyText: '整机三年',
      description: '<p onclick="x">大<script>bad()</script><img src="https://img.example/a.png"></p>',
      specs: fridgeSpecs,
      skus: [
        { specValues: { 容量: '400L', 颜色: '白' }, price: 399_900, marketPrice: 459_900, weightGrams: 70_000, barcode, skuCode: 'F400W', initialStock: 8, lowStockThreshold: 2 },
        { specValues: { 颜色: '金', 容量: '500L' }, price: 499_900, initialStock: 0 },
      ],
      imageUrls: ['https://img.example/fridge.png', '/uploads/demo/fridge.png'],
    });
    expect(created).toMatchObject({
      title: '海尔 冰箱 BCD-500',
      brand: 'Haier',
      categoryPath: [{ id: category.id }],
      minPrice: 399_900,
      maxPrice: 499_900,
      onShelf: true,
      description: '<p>大<img src="https://img.example/a.png" /></p>',
      images: [{ url: 'https://img.example/fridge.png', sortOrder: 0 }, { url: '/uploads/demo/fridge.png', sortOrder: 1 }],
    });
    expect(created.skus.map((s: { stock: number; barcode: string | null; marketPrice: number | null }) => [s.stock, s.barcode, s.marketPrice])).toEqual([
      [8, barcode, 459_900],
      [0, null, null],
    ]);
    const [row] = await ctx().db.select().from(products).where(eq(products.id, created.id));
    expect(row!.searchText).toBe(`海尔 冰箱 bcd-500 一级能效 风冷无霜 haier ${created.code.toLowerCase()}`);
    const audit = await auditRows(ctx(), 'product.create', created.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorStaffId: owner.id, changes: { code: created.code, skus: 2 } });
    const fetched = await inject('GET', `/api/admin/products/${created.id}`);
    expect(fetched.json()).toEqual(created);
  });

  it('updates fields and SKUs by id, keeps min/max price and search text in sync, audits the diff', async () => {
    const p = await createProduct(ctx(), owner.headers, {
      specs: fridgeSpecs,
      skus: [
        { specValues: { 容量: '400L', 颜色: '白' }, price: 100_00, initialStock: 3 },
        { specValues: { 容量: '500L', 颜色: '白' }, price: 200_00, initialStock: 3 },
      ],
    });
    ctx().clock.advance(60_000);
    const [a, b] = p.skus;
    const res = await inject('PATCH', `/api/admin/products/${p.id}`, {
      title: '新标题 Fridge',
      brand: 'Midea',
      skus: [
        { id: a.id, price: 150_00 },
        { id: b.id, active: false },
        { specValues: { 容量: '500L', 颜色: '金' }, price: 300_00, initialStock: 4 },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const updated = res.json();
    expect(updated).toMatchObject({ title: '新标题 Fridge', brand: 'Midea', minPrice: 150_00, maxPrice: 300_00 });
    expect(updated.updatedAt).not.toBe(p.updatedAt);
    expect(updated.skus.map((s: { price: number; active: boolean; stock: number }) => [s.price, s.active, s.stock])).toEqual([
      [150_00, true, 3],
      [200_00, false, 3],
      [300_00, true, 4],
    ]);
    const [row] = await ctx().db.select().from(products).where(eq(products.id, p.id));
    expect(row!.searchText).toContain('新标题 fridge');
    expect(row!.searchText).toContain('midea');
    const audit = await auditRows(ctx(), 'product.update', p.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.changes).toMatchObject({
      title: ['测试商品', '新标题 Fridge'],
      skusChanged: [{ id: a.id, priceAmount: [100_00, 150_00] }, { id: b.id, active: [true, false] }],
      skusAdded: [{ specValues: { 容量: '500L', 颜色: '金' }, price: 300_00 }],
    });
    const noop = await inject('PATCH', `/api/admin/products/${p.id}`, { title: '新标题 Fridge' });
    expect(noop.statusCode).toBe(200);
    expect(await auditRows(ctx(), 'product.update', p.id)).toHaveLength(1);
  });

  it('two SKUs may swap spec values and barcodes in one update', async () => {
    const [x, y] = [uniq('B'), uniq('B')];
    const p = await createProduct(ctx(), owner.headers, {
      specs: [{ name: '色', values: ['红', '蓝'] }],
      skus: [
        { specValues: { 色: '红' }, price: 100, barcode: x },
        { specValues: { 色: '蓝' }, price: 200, barcode: y },
      ],
    });
    const res = await inject('PATCH', `/api/admin/products/${p.id}`, {
      skus: [
        { id: p.skus[0].id, specValues: { 色: '蓝' }, barcode: y },
        { id: p.skus[1].id, specValues: { 色: '红' }, barcode: x },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().skus.map((s: { specValues: object; barcode: string }) => [s.specValues, s.barcode])).toEqual([
      [{ 色: '蓝' }, y],
      [{ 色: '红' }, x],
    ]);
  });

  it('refuses inconsistent specs and SKUs with field errors, writing nothing', async () => {
    const before = await countRows(ctx(), 'products');
    const bad = [
      { specs: fridgeSpecs, skus: [{ specValues: { 容量: '400L' }, price: 1 }] },
      { specs: fridgeSpecs, skus: [{ specValues: { 容量: '400L', 颜色: '红' }, price: 1 }] },
      { specs: fridgeSpecs, skus: [{ specValues: { 容量: '400L', 颜色: '白' }, price: 1 }, { specValues: { 颜色: '白', 容量: '400L' }, price: 2 }] },
      { specs: [], skus: [{ specValues: {}, price: 1 }, { specValues: {}, price: 2 }] },
      { specs: [], skus: [{ specValues: { 颜色: '白' }, price: 1 }] },
      { specs: [{ name: '色', values: ['红', '红'] }], skus: [{ specValues: { 色: '红' }, price: 1 }] },
      { skus: [{ specValues: {}, price: 1, barcode: 'DUP1' }, { specValues: {}, price: 1, barcode: 'DUP1' }] },
    ];
    for (const overrides of bad) {
      const res = await inject('POST', '/api/admin/products', productBody(overrides));
      expect(res.statusCode, JSON.stringify(overrides)).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
      expect(res.json().errors[0].path).toMatch(/^(skus|specs)/);
    }
    expect(await countRows(ctx(), 'products')).toBe(before);
  });

  it('answers wrong types, missing fields and huge values with 400, writing nothing', async () => {
    const before = [await countRows(ctx(), 'products'), await countRows(ctx(), 'skus'), await countRows(ctx(), 'stock_levels')];
    const bodies: unknown[] = [
      {},
      { code: uniq('C'), title: 'x' },
      productBody({ title: '' }),
      productBody({ title: 'x'.repeat(121) }),
      productBody({ description: 'x'.repeat(50_001) }),
      productBody({ code: 'has space' }),
      productBody({ kind: 'robot' }),
      productBody({ skus: [] }),
      productBody({ skus: Array.from({ length: 201 }, (_, i) => ({ specValues: { n: String(i) }, price: 1 })) }),
      productBody({ skus: [{ specValues: {}, price: MAX_UNIT_PRICE + 1 }] }),
      productBody({ skus: [{ specValues: {}, price: -1 }] }),
      productBody({ skus: [{ specValues: {}, price: 9.99 }] }),
      productBody({ skus: [{ specValues: {}, price: '100' }] }),
      productBody({ skus: [{ specValues: {}, price: 1, marketPrice: -1 }] }),
      productBody({ skus: [{ specValues: {}, price: 1, initialStock: -1 }] }),
      productBody({ skus: [{ specValues: {}, price: 1, weightGrams: 1e12 }] }),
      productBody({ categoryId: 2_147_483_648 }),
      productBody({ imageUrls: ['javascript:alert(1)'] }),
    ];
    for (const body of bodies) {
      const res = await inject('POST', '/api/admin/products', body);
      expect(res.statusCode, `${JSON.stringify(body).slice(0, 200)} → ${res.body.slice(0, 300)}`).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
    const unknownCategory = await inject('POST', '/api/admin/products', productBody({ categoryId: 999_999 }));
    expect(unknownCategory.statusCode).toBe(400);
    expect(unknownCategory.json().errors).toEqual([{ path: 'categoryId', message: 'no category 999999' }]);
    const notJson = await ctx().app.inject({ method: 'POST', url: '/api/admin/products', headers: { ...owner.headers, 'content-type': 'application/json' }, payload: '{"code":' });
    expect(notJson.statusCode).toBe(400);
    expect(await Promise.all([countRows(ctx(), 'products'), countRows(ctx(), 'skus'), countRows(ctx(), 'stock_levels')])).toEqual(before);
  });

  it('the highest allowed price fits (prices are bigint)', async () => {
    const p = await createProduct(ctx(), owner.headers, { skus: [{ specValues: {}, price: MAX_UNIT_PRICE, marketPrice: MAX_UNIT_PRICE }] });
    expect(p.maxPrice).toBe(MAX_UNIT_PRICE);
  });

  it('product codes and barcodes are unique (409), and a failed create leaves nothing', async () => {
    const barcode = uniq('BC');
    const first = await createProduct(ctx(), owner.headers, { skus: [{ specValues: {}, price: 1, barcode }] });
    const before = await countRows(ctx(), 'products');
    const sameCode = await inject('POST', '/api/admin/products', productBody({ code: first.code }));
    expect(sameCode.statusCode).toBe(409);
    expect(sameCode.json()).toMatchObject({ code: 'PRODUCT_CODE_TAKEN', title: `商品编码 ${first.code} 已被使用` });
    const sameBarcode = await inject('POST', '/api/admin/products', productBody({ skus: [{ specValues: {}, price: 1, barcode }] }));
    expect(sameBarcode.statusCode).toBe(409);
    expect(sameBarcode.json().code).toBe('BARCODE_TAKEN');
    const other = await createProduct(ctx(), owner.headers);
    const patchBarcode = await inject('PATCH', `/api/admin/products/${other.id}`, { skus: [{ id: other.skus[0].id, barcode }] });
    expect(patchBarcode.statusCode).toBe(409);
    const patchCode = await inject('PATCH', `/api/admin/products/${other.id}`, { code: first.code });
    expect(patchCode.statusCode).toBe(409);
    expect(await countRows(ctx(), 'products')).toBe(before + 1);
  });

  it('update: unknown product 404, unknown SKU id 400, inconsistent result 400 — nothing changed', async () => {
    const p = await createProduct(ctx(), owner.headers, { specs: [{ name: '色', values: ['红'] }], skus: [{ specValues: { 色: '红' }, price: 500 }] });
    expect((await inject('PATCH', '/api/admin/products/999999', { title: 'x' })).statusCode).toBe(404);
    const cases = [
      { title: 'changed', skus: [{ id: 999_999, price: 1 }] },
      { title: 'changed', skus: [{ id: p.skus[0].id, active: false }] },
      { title: 'changed', specs: [{ name: '尺寸', values: ['L'] }] },
      { title: 'changed', skus: [{ price: 1 }] },
      { title: 'changed', categoryId: 999_999 },
      { title: 'changed', skus: [{ id: p.skus[0].id, price: 1.5 }] },
      { title: 'changed', onShelf: 'yes' },
    ];
    for (const body of cases) {
      const res = await inject('PATCH', `/api/admin/products/${p.id}`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    const after = (await inject('GET', `/api/admin/products/${p.id}`)).json();
    expect(after).toEqual(p);
    expect(await auditRows(ctx(), 'product.update', p.id)).toHaveLength(0);
  });

  it('deletes a product that only has initial stock; refuses one with other stock movements', async () => {
    const p = await createProduct(ctx(), owner.headers, { skus: [{ specValues: {}, price: 1, initialStock: 3 }] });
    const res = await inject('DELETE', `/api/admin/products/${p.id}`);
    expect(res.statusCode).toBe(200);
    expect((await inject('GET', `/api/admin/products/${p.id}`)).statusCode).toBe(404);
    expect(await auditRows(ctx(), 'product.delete', p.id)).toHaveLength(1);
    expect((await inject('DELETE', `/api/admin/products/${p.id}`)).statusCode).toBe(404);

    const used = await createProduct(ctx(), owner.headers, { skus: [{ specValues: {}, price: 1, initialStock: 3 }] });
    await ctx().services.inventory.adjust(undefined, { skuId: used.skus[0].id, delta: -1, reason: 'damage', actor: 'test' });
    const refused = await inject('DELETE', `/api/admin/products/${used.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('PRODUCT_IN_USE');
    expect((await inject('GET', `/api/admin/products/${used.id}`)).statusCode).toBe(200);
  });

  it('bulk shelf and sort order: all or nothing, audited', async () => {
    const a = await createProduct(ctx(), owner.headers, { onShelf: false });
    const b = await createProduct(ctx(), owner.headers, { onShelf: false });
    const missing = await inject('POST', '/api/admin/products/bulk-shelf', { ids: [a.id, 999_999], onShelf: true });
    expect(missing.statusCode).toBe(404);
    expect((await inject('GET', `/api/admin/products/${a.id}`)).json().onShelf).toBe(false);
    expect((await inject('POST', '/api/admin/products/bulk-shelf', { ids: [a.id, a.id], onShelf: true })).statusCode).toBe(400);
    expect((await inject('POST', '/api/admin/products/bulk-shelf', { ids: [], onShelf: true })).statusCode).toBe(400);
    expect((await inject('POST', '/api/admin/products/bulk-shelf', { ids: [a.id] })).statusCode).toBe(400);
    const ok = await inject('POST', '/api/admin/products/bulk-shelf', { ids: [a.id, b.id], onShelf: true });
    expect(ok.json()).toEqual({ updated: 2 });
    expect((await inject('POST', '/api/admin/products/bulk-shelf', { ids: [a.id, b.id], onShelf: true })).json()).toEqual({ updated: 0 });
    expect((await inject('GET', `/api/admin/products/${b.id}`)).json().onShelf).toBe(true);
    const audit = await auditRows(ctx(), 'product.on_shelf');
    expect(audit.at(-1)!.changes).toEqual({ ids: [a.id, b.id] });

    const sorted = await inject('PUT', '/api/admin/products/sort-order', { items: [{ id: a.id, sortOrder: 50 }, { id: b.id, sortOrder: -3 }] });
    expect(sorted.json()).toEqual({ updated: 2 });
    expect((await inject('GET', `/api/admin/products/${a.id}`)).json().sortOrder).toBe(50);
    expect((await inject('PUT', '/api/admin/products/sort-order', { items: [{ id: a.id, sortOrder: 2_000_000 }] })).statusCode).toBe(400);
    expect((await inject('PUT', '/api/admin/products/sort-order', { items: [{ id: a.id, sortOrder: 1 }, { id: 999_999, sortOrder: 1 }] })).statusCode).toBe(404);
    expect((await inject('GET', `/api/admin/products/${a.id}`)).json().sortOrder).toBe(50);
  });

  it('lists products for staff, on and off the shelf, with filters and paging', async () => {
    const category = await createCategory(ctx(), owner.headers, uniq('L'));
    const tag = uniq('listtag').toLowerCase();
    await createProduct(ctx(), owner.headers, { title: `${tag} 甲`, categoryId: category.id, onShelf: false, kind: 'virtual' });
    await createProduct(ctx(), owner.headers, { title: `${tag} 乙`, categoryId: category.id, source: 'supplier' });
    const all = (await inject('GET', `/api/admin/products?q=${tag}`)).json();
    expect(all.total).toBe(2);
    expect((await inject('GET', `/api/admin/products?q=${tag}&onShelf=false`)).json().items.map((p: { title: string }) => p.title)).toEqual([`${tag} 甲`]);
    expect((await inject('GET', `/api/admin/products?categoryId=${category.id}&kind=virtual`)).json().total).toBe(1);
    expect((await inject('GET', `/api/admin/products?categoryId=${category.id}&source=supplier`)).json().total).toBe(1);
    const paged = (await inject('GET', `/api/admin/products?q=${tag}&pageSize=1&page=2`)).json();
    expect(paged).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(paged.items).toHaveLength(1);
    for (const query of ['pageSize=0', 'pageSize=101', 'page=0', 'kind=robot', 'onShelf=maybe', `q=${'x'.repeat(101)}`, 'categoryId=-1']) {
      expect((await inject('GET', `/api/admin/products?${query}`)).statusCode, query).toBe(400);
    }
  });

  it('permissions: shoppers 403, customer service reads only, warehouse cannot change prices', async () => {
    const p = await createProduct(ctx(), owner.headers);
    const shopper = await ctx().shopperSession();
    const service = await ctx().staffSession('customer_service');
    const warehouse = await ctx().staffSession('warehouse');
    const operator = await ctx().staffSession('operator');
    expect((await inject('GET', '/api/admin/products', undefined, shopper.headers)).statusCode).toBe(403);
    expect((await inject('GET', `/api/admin/products/${p.id}`, undefined, shopper.headers)).statusCode).toBe(403);
    expect((await inject('POST', '/api/admin/products', productBody(), shopper.headers)).statusCode).toBe(403);
    expect((await ctx().app.inject({ method: 'GET', url: '/api/admin/products' })).statusCode).toBe(401);
    expect((await inject('GET', `/api/admin/products/${p.id}`, undefined, service.headers)).statusCode).toBe(200);
    for (const headers of [service.headers, warehouse.headers]) {
      expect((await inject('POST', '/api/admin/products', productBody(), headers)).statusCode).toBe(403);
      expect((await inject('DELETE', `/api/admin/products/${p.id}`, undefined, headers)).statusCode).toBe(403);
      expect((await inject('POST', '/api/admin/products/bulk-shelf', { ids: [p.id], onShelf: false }, headers)).statusCode).toBe(403);
    }
    const priceChange = await inject('PATCH', `/api/admin/products/${p.id}`, { skus: [{ id: p.skus[0].id, price: 1 }] }, warehouse.headers);
    expect(priceChange.statusCode).toBe(403);
    expect(priceChange.json().code).toBe('FORBIDDEN');
    const [row] = await ctx().db.select().from(skus).where(eq(skus.id, p.skus[0].id));
    expect(row!.priceAmount).toBe(10_000);
    const byOperator = await inject('PATCH', `/api/admin/products/${p.id}`, { skus: [{ id: p.skus[0].id, price: 9_000 }] }, operator.headers);
    expect(byOperator.json().minPrice).toBe(9_000);
  });

  it('a role with catalog.write but not catalog.price may edit fields but not prices (service rule)', async () => {
    const p = await createProduct(ctx(), owner.headers);
    const warehouse = await ctx().staffSession('warehouse');
    const staffCtx = { actor: { kind: 'staff' as const, id: warehouse.id, role: 'warehouse' as const, username: 'wh', displayName: 'wh' }, ip: null, requestId: null };
    const catalog = ctx().services.catalog;
    await expect(catalog.updateProduct(staffCtx, p.id, { skus: [{ id: p.skus[0].id, marketPrice: 99 }] })).rejects.toMatchObject({ code: 'FORBIDDEN', params: { permission: 'catalog.price' } });
    await expect(catalog.updateProduct(staffCtx, p.id, { skus: [{ specValues: { x: 'y' }, price: 5 }] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(catalog.createProduct(staffCtx, productBody() as never)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const renamed = await catalog.updateProduct(staffCtx, p.id, { title: '仓库改名', skus: [{ id: p.skus[0].id, price: 10_000, weightGrams: 250 }] });
    expect(renamed).toMatchObject({ title: '仓库改名', minPrice: 10_000, skus: [{ weightGrams: 250 }] });
  });
});
