import { expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { auditRows, createProduct, type Headers } from './catalog-fixtures.ts';

describeEachDatabase('support: warranty policies', (ctx) => {
  let owner: Headers;
  const send = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers: Headers | null = owner) =>
    ctx().app.inject({ method, url, ...(headers ? { headers } : {}), ...(payload === undefined ? {} : { payload: payload as object }) });

  async function policy(name: string, months = 12, covers = ['整机']) {
    const res = await send('POST', '/api/admin/support/warranty-policies', { name, months, terms: '<p>保修条款</p>', covers });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number; terms: string };
  }

  it('creates policies with sanitised terms, and guards who may', async () => {
    owner = (await ctx().staffSession('owner')).headers;
    const res = await send('POST', '/api/admin/support/warranty-policies', {
      name: '大家电三年保',
      months: 36,
      terms: '<h3>条款</h3><p onmouseover="x()">压缩机十年<script>document.cookie</script></p>',
      covers: ['整机', '压缩机', '整机', '上门维修'],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name: '大家电三年保', months: 36, covers: ['整机', '压缩机', '上门维修'], productCount: 0 });
    expect(res.json().terms).toBe('<h3>条款</h3><p>压缩机十年</p>');
    expect(await auditRows(ctx(), 'warranty_policy.create', res.json().id)).toHaveLength(1);
    const warehouse = (await ctx().staffSession('warehouse')).headers;
    expect((await send('GET', '/api/admin/support/warranty-policies', undefined, warehouse)).statusCode).toBe(403);
    expect((await send('GET', '/api/admin/support/warranty-policies', undefined, null)).statusCode).toBe(401);
    const bad = await send('POST', '/api/admin/support/warranty-policies', { name: 'x', months: -1, terms: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toContain('body.months');
  });

  it('attaches a policy to products (one per product), shows it to shoppers, detaches', async () => {
    const fridge = await createProduct(ctx(), owner, { title: '双门冰箱' });
    const washer = await createProduct(ctx(), owner, { title: '滚筒洗衣机' });
    const basic = await policy('一年保修', 12);
    const long = await policy('三年保修', 36, ['整机', '上门']);
    expect((await send('GET', `/api/products/${fridge.id}/warranty`, undefined, null)).statusCode).toBe(404);

    const attached = await send('POST', `/api/admin/support/warranty-policies/${basic.id}/products`, { productIds: [fridge.id, washer.id] });
    expect(attached.statusCode).toBe(200);
    expect(attached.json().items).toEqual([
      { productId: fridge.id, title: '双门冰箱' },
      { productId: washer.id, title: '滚筒洗衣机' },
    ]);
    await send('POST', `/api/admin/support/warranty-policies/${long.id}/products`, { productIds: [fridge.id] });
    const shown = await send('GET', `/api/products/${fridge.id}/warranty`, undefined, null);
    expect(shown.statusCode).toBe(200);
    expect(shown.json()).toEqual({ productId: fridge.id, policyId: long.id, name: '三年保修', months: 36, terms: '<p>保修条款</p>', covers: ['整机', '上门'] });
    expect((await send('GET', `/api/products/${washer.id}/warranty`, undefined, null)).json().policyId).toBe(basic.id);
    const list = (await send('GET', '/api/admin/support/warranty-policies')).json().items;
    expect(list.find((p: { id: number }) => p.id === basic.id).productCount).toBe(1);
    expect(list.find((p: { id: number }) => p.id === long.id).productCount).toBe(1);

    const inUse = await send('DELETE', `/api/admin/support/warranty-policies/${basic.id}`);
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().code).toBe('WARRANTY_POLICY_IN_USE');
    expect((await send('DELETE', `/api/admin/support/product-warranties/${washer.id}`)).statusCode).toBe(200);
    expect((await send('GET', `/api/products/${washer.id}/warranty`, undefined, null)).statusCode).toBe(404);
    expect((await send('DELETE', `/api/admin/support/product-warranties/${washer.id}`)).statusCode).toBe(404);
    expect((await send('DELETE', `/api/admin/support/warranty-policies/${basic.id}`)).statusCode).toBe(200);
    expect(await auditRows(ctx(), 'warranty_policy.attach', long.id)).toHaveLength(1);
  });

  it('refuses unknown products by index and unknown policies with 404', async () => {
    const p = await policy('半年保', 6);
    const product = await createProduct(ctx(), owner);
    const res = await send('POST', `/api/admin/support/warranty-policies/${p.id}/products`, { productIds: [product.id, 987654] });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'WARRANTY_PRODUCT_UNKNOWN', errors: [expect.objectContaining({ path: 'productIds.1', title: '商品 987654 不存在' })] });
    expect(res.json().errors).toHaveLength(1);
    expect((await send('GET', `/api/products/${product.id}/warranty`, undefined, null)).statusCode).toBe(404);
    expect((await send('POST', '/api/admin/support/warranty-policies/987654/products', { productIds: [product.id] })).statusCode).toBe(404);
    expect((await send('POST', `/api/admin/support/warranty-policies/${p.id}/products`, { productIds: [] })).statusCode).toBe(400);
    expect((await send('PATCH', `/api/admin/support/warranty-policies/${p.id}`, { months: 18, terms: '<p>新<img src=x onerror=alert(1)></p>' })).json()).toMatchObject({
      months: 18,
      terms: '<p>新<img src="x" /></p>',
    });
  });
});
