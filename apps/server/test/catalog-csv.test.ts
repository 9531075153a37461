import { expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { auditRows, countRows, createCategory, createProduct, multipart, uniq, type Headers } from './catalog-fixtures.ts';

const HEADER = 'code,title,category,specs,price,market_price,barcode,stock';

describeEachDatabase('catalog CSV export and import', (ctx) => {
  let owner: { id: number; headers: Headers };
  const exportCsv = async (headers: Headers = owner.headers) => {
    const res = await ctx().app.inject({ method: 'GET', url: '/api/admin/products/export.csv', headers });
    expect(res.statusCode).toBe(200);
    return res;
  };
  const importCsv = (csv: string | Buffer, query = '', headers: Headers = owner.headers) =>
    ctx().app.inject({ method: 'POST', url: `/api/admin/products/import${query}`, headers: { ...headers, 'content-type': 'text/csv' }, payload: csv });
  const counts = async () => ({
    products: await countRows(ctx(), 'products'),
    skus: await countRows(ctx(), 'skus'),
    categories: await countRows(ctx(), 'categories'),
    images: await countRows(ctx(), 'product_images'),
    stock: await countRows(ctx(), 'stock_levels'),
  });

  let original = '';
  const codes: string[] = [];

  it('exports every product, one row per SKU, UTF-8 with BOM, prices in yuan', async () => {
    owner = await ctx().staffSession('owner');
    const figures = await createCategory(ctx(), owner.headers, '手办');
    const prizes = await createCategory(ctx(), owner.headers, '景品', figures.id);
    const appliances = await createCategory(ctx(), owner.headers, '家电');
    const a = await createProduct(ctx(), owner.headers, {
      code: 'RT-FIG-1',
      title: '初音未来 景品手办, "限定"',
      subtitle: '景品',
      brand: 'SEGA',
      categoryId: prizes.id,
      afterSalesAllowed: false,
      description: '<p>多行<br />描述</p>\n<p>第二段</p>',
      specs: [{ name: '版本', values: ['普通版', '限定版'] }],
      skus: [
        { specValues: { 版本: '普通版' }, price: 19_900, marketPrice: 25_000, weightGrams: 300, barcode: 'RT6901', skuCode: 'FIG-N', initialStock: 7 },
        { specValues: { 版本: '限定版' }, price: 29_950, initialStock: 0 },
      ],
      imageUrls: ['https://img.example/a.png', '/uploads/demo/a.png'],
    });
    const b = await createProduct(ctx(), owner.headers, {
      code: 'RT-TV-1',
      title: '小米 电视 65寸',
      categoryId: appliances.id,
      warrantyText: '整机两年',
      onShelf: false,
      sortOrder: 9,
      specs: [{ name: '尺寸', values: ['55寸', '65寸'] }, { name: '颜色', values: ['黑', '银'] }],
      skus: [
        { specValues: { 尺寸: '65寸', 颜色: '银' }, price: 399_900, initialStock: 1 },
        { specValues: { 尺寸: '55寸', 颜色: '黑' }, price: 299_900, initialStock: 2 },
      ],
    });
    const c = await createProduct(ctx(), owner.headers, { code: 'RT-WARRANTY', title: '延保服务 一年', kind: 'virtual', source: 'supplier', skus: [{ specValues: {}, price: 9_900, initialStock: 100 }] });
    codes.push(a.code, b.code, c.code);
    const res = await exportCsv();
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain('attachment');
    original = res.body;
    expect(original.charCodeAt(0)).toBe(0xfeff);
    const lines = original.split('\r\n');
    expect(lines).toHaveLength(1 + 5 + 1);
    expect(original).toContain(
      'RT-FIG-1,"初音未来 景品手办, ""限定""",景品,手办/景品,SEGA,physical,own,false,,true,0,版本:普通版,FIG-N,199.00,250.00,300,RT6901,7,https://img.example/a.png|/uploads/demo/a.png,"<p>多行<br />描述</p>\n<p>第二段</p>"\r\n',
    );
    expect(original).toContain('RT-TV-1,小米 电视 65寸,,家电,,physical,own,true,整机两年,false,9,尺寸:55寸;颜色:黑,,2999.00,,0,,2,,');
    expect(original).toContain('RT-WARRANTY,延保服务 一年,,,,virtual,supplier,true,,true,0,,,99.00,,0,,100,,');
  });

  it('importing the export changes nothing', async () => {
    const before = await counts();
    const res = await importCsv(original);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ dryRun: false, created: [], updated: [], unchanged: codes, categoriesCreated: [], rows: 5 });
    expect(await counts()).toEqual(before);
    expect(await auditRows(ctx(), 'catalog.import')).toHaveLength(0);
  });

  it('importing the export undoes later edits', async () => {
    const list = (await ctx().app.inject({ method: 'GET', url: '/api/admin/products?q=rt-fig-1', headers: owner.headers })).json();
    const fig = (await ctx().app.inject({ method: 'GET', url: `/api/admin/products/${list.items[0].id}`, headers: owner.headers })).json();
    const patched = await ctx().app.inject({
      method: 'PATCH',
      url: `/api/admin/products/${fig.id}`,
      headers: owner.headers,
      payload: { title: '改掉的标题', onShelf: false, skus: [{ id: fig.skus[0].id, price: 1 }, { id: fig.skus[1].id, active: false }] },
    });
    expect(patched.statusCode).toBe(200);
    const res = await importCsv(original);
    expect(res.json()).toMatchObject({ updated: ['RT-FIG-1'], created: [] });
    expect((await exportCsv()).body).toBe(original);
    const audit = await auditRows(ctx(), 'catalog.import');
    expect(audit).toHaveLength(1);
    expect(audit[0]!.changes).toMatchObject({ updated: ['RT-FIG-1'], rows: 5 });
  });

  it('round trip: delete everything, import the export, export again: the same file', async () => {
    const items = (await ctx().app.inject({ method: 'GET', url: '/api/admin/products?pageSize=100', headers: owner.headers })).json().items;
    for (const item of items) {
      expect((await ctx().app.inject({ method: 'DELETE', url: `/api/admin/products/${item.id}`, headers: owner.headers })).statusCode).toBe(200);
    }
    const tree = (await ctx().app.inject({ method: 'GET', url: '/api/admin/categories', headers: owner.headers })).json().items;
    const prizes = tree.find((c: { name: string }) => c.name === '手办').children[0];
    expect((await ctx().app.inject({ method: 'DELETE', url: `/api/admin/categories/${prizes.id}`, headers: owner.headers })).statusCode).toBe(200);
    expect((await exportCsv()).body).toBe(`\uFEFF${original.slice(1).split('\r\n')[0]}\r\n`);

    const res = await importCsv(original);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: codes, categoriesCreated: ['手办/景品'] });
    expect((await exportCsv()).body).toBe(original);
    const shopper = await ctx().app.inject({ method: 'GET', url: `/api/products?q=${encodeURIComponent('景品手办')}` });
    expect(shopper.json().items[0]).toMatchObject({ title: '初音未来 景品手办, "限定"', minPrice: 19_900 });
  });

  it('a dry run reports what would happen and writes nothing', async () => {
    const before = await counts();
    const code = uniq('DRY');
    const csv = [HEADER, `${code},新商品,模型/高达/MG,颜色:白,99.00,,,3`, `${code},,,颜色:红,109.00,,,0`, 'RT-WARRANTY,延保服务 两年,,,99.00,,,'].join('\n');
    const res = await importCsv(csv, '?dryRun=true');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ dryRun: true, created: [code], updated: ['RT-WARRANTY'], unchanged: [], categoriesCreated: ['模型', '模型/高达', '模型/高达/MG'], rows: 3 });
    expect(await counts()).toEqual(before);
    const real = await importCsv(csv);
    expect(real.json()).toMatchObject({ dryRun: false, created: [code], updated: ['RT-WARRANTY'] });
    const after = await counts();
    expect(after).toMatchObject({ products: before.products + 1, skus: before.skus + 2, categories: before.categories + 3 });
  });

  it('bad rows: 422 with every row and column, and nothing written', async () => {
    const before = await counts();
    const good = uniq('GOOD');
    const csv = [
      HEADER,
      `${good},好商品,,,10.00,,,1`,
      'RT-FIG-1,,,版本:普通版,abc,,,',
      'BAD CODE,x,,,1.00,,,',
      `${uniq('X')},,,,1.00,-1,,`,
      `${uniq('Y')},同条码,,,1.00,,RT6901,`,
      'RT-TV-1,,,尺寸:55寸,1.00,,,',
    ].join('\n');
    const res = await importCsv(csv);
    expect(res.statusCode).toBe(422);
    const problem = res.json();
    expect(problem.code).toBe('CSV_INVALID');
    expect(problem.errors.map((e: { path: string }) => e.path).sort()).toEqual(
      ['rows.3.price', 'rows.3.title', 'rows.4.code', 'rows.5.market_price', 'rows.5.title', 'rows.7.title'].sort(),
    );
    expect(problem.title).toBe(`导入文件有 ${problem.errors.length} 处错误，未导入任何数据`);
    expect(await counts()).toEqual(before);

    const planErrors = await importCsv([HEADER, `${good},好商品,,,10.00,,,1`, `${uniq('Y')},同条码,,,1.00,,RT6901,`, 'MIXED-1,混乱规格,,颜色:白,1.00,,,', 'MIXED-1,,,尺寸:L,1.00,,,'].join('\n'));
    expect(planErrors.statusCode).toBe(422);
    expect(planErrors.json().errors.map((e: { path: string }) => e.path)).toEqual(['rows.4.specs', 'rows.5.specs', 'rows.3.barcode']);
    expect(await counts()).toEqual(before);
  });

  it('accepts a multipart file; refuses non-UTF-8, other content types and bad headers', async () => {
    const code = uniq('MP');
    const file = multipart('file', 'products.csv', 'text/csv', Buffer.from(`\uFEFF${HEADER}\n${code},上传的,,,5.00,,,2\n`));
    const res = await ctx().app.inject({ method: 'POST', url: '/api/admin/products/import', headers: { ...owner.headers, ...file.headers }, payload: file.payload });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().created).toEqual([code]);
    const gbk = Buffer.from([0x63, 0x6f, 0x64, 0x65, 0x2c, 0xc9, 0xcc, 0xc6, 0xb7, 0x0a]);
    const notUtf8 = await importCsv(gbk);
    expect(notUtf8.statusCode).toBe(422);
    expect(notUtf8.json().errors[0].path).toBe('file');
    const json = await ctx().app.inject({ method: 'POST', url: '/api/admin/products/import', headers: owner.headers, payload: { csv: 'x' } });
    expect(json.statusCode).toBe(415);
    expect((await importCsv('name,price\nx,1')).json().errors.map((e: { message: string }) => e.message)).toEqual(['unknown column "name"']);
    expect((await importCsv(`${HEADER}\n`)).statusCode).toBe(422);
    expect((await importCsv(HEADER, '?dryRun=perhaps')).statusCode).toBe(400);
  });

  it('permissions: customer service may export but not import; price changes need catalog.price', async () => {
    const service = await ctx().staffSession('customer_service');
    await exportCsv(service.headers);
    expect((await importCsv(original, '', service.headers)).statusCode).toBe(403);
    const shopper = await ctx().shopperSession();
    expect((await ctx().app.inject({ method: 'GET', url: '/api/admin/products/export.csv', headers: shopper.headers })).statusCode).toBe(403);

    const warehouse = await ctx().staffSession('warehouse');
    const staffCtx = { actor: { kind: 'staff' as const, id: warehouse.id, role: 'warehouse' as const, username: 'wh', displayName: 'wh' }, ip: null, requestId: null };
    const catalog = ctx().services.catalog;
    await expect(catalog.importCsv(staffCtx, `${HEADER}\nRT-WARRANTY,延保服务 两年,,,1.00,,,`, { dryRun: false })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(catalog.importCsv(staffCtx, `${HEADER}\n${uniq('NEW')},新品,,,1.00,,,`, { dryRun: false })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const titleOnly = await catalog.importCsv(staffCtx, `${HEADER}\nRT-WARRANTY,延保服务 三年,,,99.00,,,`, { dryRun: false });
    expect(titleOnly.updated).toEqual(['RT-WARRANTY']);
  });
});
