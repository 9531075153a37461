import { expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { auditRows, countRows, createCategory, createProduct, uniq, type Headers } from './catalog-fixtures.ts';

describeEachDatabase('catalog categories', (ctx) => {
  let owner: { id: number; headers: Headers };
  const inject = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers = owner.headers) =>
    ctx().app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

  it('creates a tree that staff and shoppers see, with audit rows', async () => {
    owner = await ctx().staffSession('owner');
    const figures = await createCategory(ctx(), owner.headers, '手办');
    const scale = await createCategory(ctx(), owner.headers, '比例手办', figures.id);
    await createCategory(ctx(), owner.headers, 'Q版手办', figures.id);
    const admin = await inject('GET', '/api/admin/categories');
    expect(admin.statusCode).toBe(200);
    const node = admin.json().items.find((c: { id: number }) => c.id === figures.id);
    expect(node.children.map((c: { name: string }) => c.name).sort()).toEqual(['Q版手办', '比例手办']);
    const shop = await ctx().app.inject({ method: 'GET', url: '/api/categories' });
    expect(shop.statusCode).toBe(200);
    expect(shop.json()).toEqual(admin.json());
    const audits = await auditRows(ctx(), 'category.create', scale.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorStaffId: owner.id, entityType: 'category', changes: { name: '比例手办', parentId: figures.id } });
  });

  it('renames and moves, and refuses cycles with 409 CATEGORY_CYCLE', async () => {
    const a = await createCategory(ctx(), owner.headers, uniq('A'));
    const b = await createCategory(ctx(), owner.headers, uniq('B'), a.id);
    const c = await createCategory(ctx(), owner.headers, uniq('C'), b.id);
    for (const parentId of [a.id, c.id]) {
      const res = await inject('PATCH', `/api/admin/categories/${a.id}`, { parentId });
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('CATEGORY_CYCLE');
    }
    const moved = await inject('PATCH', `/api/admin/categories/${c.id}`, { parentId: null, name: '改名', nameEn: 'Renamed', sortOrder: 7 });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ id: c.id, parentId: null, name: '改名', nameEn: 'Renamed', sortOrder: 7 });
    const audit = await auditRows(ctx(), 'category.update', c.id);
    expect(audit[0]?.changes).toMatchObject({ parentId: [b.id, null], name: [expect.any(String), '改名'] });
  });

  it('refuses a sibling with the same name (409) but allows it elsewhere in the tree', async () => {
    const parent = await createCategory(ctx(), owner.headers, uniq('P'));
    await createCategory(ctx(), owner.headers, '景品', parent.id);
    const same = await inject('POST', '/api/admin/categories', { name: '景品', parentId: parent.id });
    expect(same.statusCode).toBe(409);
    expect(same.json().code).toBe('CATEGORY_NAME_TAKEN');
    const other = await createCategory(ctx(), owner.headers, uniq('Q'));
    expect((await inject('POST', '/api/admin/categories', { name: '景品', parentId: other.id })).statusCode).toBe(201);
  });

  it('deletes only empty categories', async () => {
    const parent = await createCategory(ctx(), owner.headers, uniq('D'));
    const child = await createCategory(ctx(), owner.headers, uniq('E'), parent.id);
    const withChildren = await inject('DELETE', `/api/admin/categories/${parent.id}`);
    expect(withChildren.statusCode).toBe(409);
    expect(withChildren.json().code).toBe('CATEGORY_HAS_CHILDREN');
    const product = await createProduct(ctx(), owner.headers, { categoryId: child.id });
    const withProducts = await inject('DELETE', `/api/admin/categories/${child.id}`);
    expect(withProducts.statusCode).toBe(409);
    expect(withProducts.json().code).toBe('CATEGORY_HAS_PRODUCTS');
    expect((await inject('PATCH', `/api/admin/products/${product.id}`, { categoryId: null })).statusCode).toBe(200);
    expect((await inject('DELETE', `/api/admin/categories/${child.id}`)).statusCode).toBe(200);
    expect((await inject('DELETE', `/api/admin/categories/${parent.id}`)).json()).toEqual({ ok: true });
    expect(await auditRows(ctx(), 'category.delete', parent.id)).toHaveLength(1);
    const gone = await inject('DELETE', `/api/admin/categories/${parent.id}`);
    expect(gone.statusCode).toBe(404);
    expect(gone.json().code).toBe('NOT_FOUND');
  });

  it('answers bad input with 4xx and changes nothing', async () => {
    const before = await countRows(ctx(), 'categories');
    const cases: [string, string, unknown, number][] = [
      ['POST', '/api/admin/categories', {}, 400],
      ['POST', '/api/admin/categories', { name: '' }, 400],
      ['POST', '/api/admin/categories', { name: 'a/b' }, 400],
      ['POST', '/api/admin/categories', { name: 'x'.repeat(31) }, 400],
      ['POST', '/api/admin/categories', { name: 5 }, 400],
      ['POST', '/api/admin/categories', { name: uniq('N'), parentId: 999_999 }, 400],
      ['POST', '/api/admin/categories', { name: uniq('N'), parentId: 'abc' }, 400],
      ['PATCH', '/api/admin/categories/999999', { name: 'x' }, 404],
      ['PATCH', '/api/admin/categories/abc', { name: 'x' }, 400],
      ['DELETE', '/api/admin/categories/99999999999', undefined, 400],
    ];
    for (const [method, url, payload, status] of cases) {
      const res = await inject(method as 'POST', url, payload);
      expect(res.statusCode, `${method} ${url} ${JSON.stringify(payload)}: ${res.body}`).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect(await countRows(ctx(), 'categories')).toBe(before);
  });

  it('only staff with catalog.write may change categories', async () => {
    const shopper = await ctx().shopperSession();
    const service = await ctx().staffSession('customer_service');
    expect((await inject('POST', '/api/admin/categories', { name: uniq('X') }, shopper.headers)).statusCode).toBe(403);
    expect((await inject('POST', '/api/admin/categories', { name: uniq('X') }, service.headers)).statusCode).toBe(403);
    expect((await ctx().app.inject({ method: 'POST', url: '/api/admin/categories', payload: { name: 'x' } })).statusCode).toBe(401);
    expect((await inject('GET', '/api/admin/categories', undefined, service.headers)).statusCode).toBe(200);
  });
});
