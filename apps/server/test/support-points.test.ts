import { expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { auditRows, type Headers } from './catalog-fixtures.ts';

describeEachDatabase('support: repair network', (ctx) => {
  let staff: Headers;
  const send = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers: Headers | null = staff) =>
    ctx().app.inject({ method, url, ...(headers ? { headers } : {}), ...(payload === undefined ? {} : { payload: payload as object }) });
  const search = (query: Record<string, string>) => send('GET', `/api/support/service-points?${new URLSearchParams(query)}`, undefined, null);

  const point = (overrides: Record<string, unknown>) => ({
    name: '美的授权服务中心',
    province: '广东省',
    city: '深圳市',
    district: '南山区',
    address: '科技园南路 1 号',
    phone: '0755-86001234',
    hours: '周一至周日 9:00-18:00',
    tags: ['空调', '冰箱', '美的'],
    ...overrides,
  });
  async function add(overrides: Record<string, unknown>) {
    const res = await send('POST', '/api/admin/support/service-points', point(overrides));
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number };
  }

  it('creates service points with real regions, audited; guards who may', async () => {
    staff = (await ctx().staffSession('operator')).headers;
    const created = await add({ name: '南山维修站' });
    expect(await auditRows(ctx(), 'service_point.create', created.id)).toHaveLength(1);
    const warehouse = (await ctx().staffSession('warehouse')).headers;
    expect((await send('POST', '/api/admin/support/service-points', point({}), warehouse)).statusCode).toBe(403);
    expect((await send('POST', '/api/admin/support/service-points', point({}), null)).statusCode).toBe(401);
    const changed = await send('PATCH', `/api/admin/support/service-points/${created.id}`, { hours: '工作日 9:00-17:00', active: false });
    expect(changed.json()).toMatchObject({ hours: '工作日 9:00-17:00', active: false });
    expect((await auditRows(ctx(), 'service_point.update', created.id))[0]?.changes).toMatchObject({ active: [true, false] });
    expect((await send('DELETE', `/api/admin/support/service-points/${created.id}`)).statusCode).toBe(200);
  });

  it('refuses region names that are not real divisions, naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ province: '火星省' }, 'province'],
      [{ city: '杭州市' }, 'city'],
      [{ district: '朝阳区' }, 'district'],
    ];
    for (const [overrides, path] of cases) {
      const res = await send('POST', '/api/admin/support/service-points', point(overrides));
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'REGION_INVALID', errors: [expect.objectContaining({ path })] });
    }
    const zh = await send('POST', '/api/admin/support/service-points', point({ city: '杭州市' }));
    expect(zh.json().errors[0]).toMatchObject({ path: 'city', code: 'REGION_UNKNOWN_CITY', title: '广东省没有叫「杭州市」的城市' });
    const en = await ctx().app.inject({ method: 'POST', url: '/api/admin/support/service-points', headers: { ...staff, 'accept-language': 'en' }, payload: point({ province: '火星省' }) });
    expect(en.json()).toMatchObject({ title: 'The province, city or district is not a real region', errors: [{ path: 'province', title: 'There is no province called "火星省"' }] });
    const ok = await add({ name: '待改' });
    const moved = await send('PATCH', `/api/admin/support/service-points/${ok.id}`, { city: '广州市' });
    expect(moved.statusCode).toBe(400);
    expect(moved.json().errors[0].path).toBe('district');
    const phone = await send('POST', '/api/admin/support/service-points', point({ phone: '12345' }));
    expect(phone.statusCode).toBe(400);
    expect(phone.json().errors[0].path).toBe('body.phone');
    const badSearch = await search({ province: '广东省', city: '杭州市' });
    expect(badSearch.statusCode).toBe(400);
    expect(badSearch.json()).toMatchObject({ code: 'REGION_INVALID', errors: [expect.objectContaining({ path: 'city' })] });
    expect((await search({})).json().code).toBe('SERVICE_POINT_SEARCH_NEEDS_REGION');
  });

  it('finds points by region, narrowest first, and falls back to the province when the city has none', async () => {
    const nanshan = await add({ name: '南山服务站', province: '浙江省', city: '杭州市', district: '西湖区', tags: ['空调'] });
    const binjiang = await add({ name: '滨江服务站', province: '浙江省', city: '杭州市', district: '滨江区', tags: ['冰箱'] });
    const ningbo = await add({ name: '宁波服务站', province: '浙江省', city: '宁波市', district: '鄞州区', tags: ['洗衣机'] });
    const closed = await add({ name: '已关闭', province: '浙江省', city: '杭州市', district: '西湖区' });
    await send('PATCH', `/api/admin/support/service-points/${closed.id}`, { active: false });
    await add({ name: '别省', province: '江苏省', city: '南京市', district: '玄武区' });
    const ids = (res: { json(): { items: { id: number }[] } }) => res.json().items.map((i) => i.id);

    const district = await search({ province: '浙江省', city: '杭州市', district: '西湖区' });
    expect(district.json()).toMatchObject({ scope: 'district', requestedScope: 'district', fellBack: false });
    expect(ids(district)).toEqual([nanshan.id]);

    const city = await search({ province: '浙江省', city: '杭州市' });
    expect(city.json()).toMatchObject({ scope: 'city', fellBack: false });
    expect(ids(city).sort()).toEqual([nanshan.id, binjiang.id].sort());

    const noneInDistrict = await search({ province: '浙江省', city: '杭州市', district: '萧山区' });
    expect(noneInDistrict.json()).toMatchObject({ scope: 'city', requestedScope: 'district', fellBack: true });

    const noneInCity = await search({ province: '浙江省', city: '温州市', district: '' });
    expect(noneInCity.json()).toMatchObject({ scope: 'province', requestedScope: 'city', fellBack: true });
    expect(ids(noneInCity).sort()).toEqual([nanshan.id, binjiang.id, ningbo.id].sort());

    const keyword = await search({ province: '浙江省', q: '冰箱' });
    expect(ids(keyword)).toEqual([binjiang.id]);
    const keywordOnly = await search({ q: '宁波 洗衣机' });
    expect(keywordOnly.json()).toMatchObject({ scope: 'keyword', fellBack: false });
    expect(ids(keywordOnly)).toEqual([ningbo.id]);
    const emptyProvince = await search({ province: '西藏自治区' });
    expect(emptyProvince.json()).toMatchObject({ items: [], scope: 'province', fellBack: false });
    const item = district.json().items[0];
    expect(item).toMatchObject({ name: '南山服务站', phone: '0755-86001234', hours: '周一至周日 9:00-18:00', address: '科技园南路 1 号' });
    expect(item).not.toHaveProperty('active');
  });
});
