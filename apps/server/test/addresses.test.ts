import { eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase, type TestContext } from './harness.ts';
import { shopperAddresses } from '../src/modules/addresses/addresses.tables.ts';
import { getAddressForOrder } from '../src/modules/addresses/index.ts';
import { AppError } from '../src/platform/errors.ts';

type Headers = { authorization: string };

const address = (overrides: Record<string, unknown> = {}) => ({
  receiver: '张三',
  phone: '13812345678',
  province: '广东省',
  city: '深圳市',
  district: '南山区',
  detail: '科技园南区 1 栋 101',
  postalCode: '518057',
  tag: '家',
  ...overrides,
});

async function rowsOf(ctx: TestContext, shopperId: number) {
  return ctx.db.select().from(shopperAddresses).where(eq(shopperAddresses.shopperId, shopperId)).orderBy(shopperAddresses.id);
}

describeEachDatabase('addresses', (ctx) => {
  const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Headers, payload?: unknown) =>
    ctx().app.inject({ method, url, headers, payload: payload as never });

  async function add(headers: Headers, overrides: Record<string, unknown> = {}) {
    const res = await api('POST', '/api/me/addresses', headers, address(overrides));
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number; isDefault: boolean } & Record<string, unknown>;
  }

  it('creates the first address as the default, trimmed and normalised', async () => {
    const shopper = await ctx().shopperSession();
    const created = await add(shopper.headers, {
      receiver: '  张三 ',
      phone: '+86 138-1234-5678',
      province: ' 广东省',
      city: '深圳市 ',
      district: '南山区',
      detail: '科技园南区   1 栋\t101 ',
      postalCode: '５１８０５７',
      tag: ' 公司 ',
    });
    expect(created).toMatchObject({
      receiver: '张三',
      phone: '13812345678',
      province: '广东省',
      city: '深圳市',
      detail: '科技园南区 1 栋 101',
      postalCode: '518057',
      tag: '公司',
      isDefault: true,
    });
    const list = await api('GET', '/api/me/addresses', shopper.headers);
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ total: 1, items: [{ id: created.id, isDefault: true }] });
  });

  it('accepts landlines with area codes and normalises them', async () => {
    const shopper = await ctx().shopperSession();
    expect((await add(shopper.headers, { phone: '010-12345678' })).phone).toBe('010-12345678');
    expect((await add(shopper.headers, { phone: '(0755) 8765 4321' })).phone).toBe('0755-87654321');
    expect((await add(shopper.headers, { phone: '02112345678' })).phone).toBe('021-12345678');
    expect((await add(shopper.headers, { phone: '0571-8888888-123', postalCode: '', tag: '' })).phone).toBe('0571-8888888-123');
    const rows = await rowsOf(ctx(), shopper.id);
    expect(rows.at(-1)).toMatchObject({ phone: '0571-8888888-123', postalCode: null, tag: null });
  });

  it('keeps exactly one default: a new default unsets the old, and POST /default switches', async () => {
    const shopper = await ctx().shopperSession();
    const first = await add(shopper.headers);
    const second = await add(shopper.headers, { receiver: '李四' });
    expect(second.isDefault).toBe(false);
    const third = await add(shopper.headers, { receiver: '王五', isDefault: true });
    expect(third.isDefault).toBe(true);
    let rows = await rowsOf(ctx(), shopper.id);
    expect(rows.filter((r) => r.isDefault).map((r) => r.id)).toEqual([third.id]);

    const res = await api('POST', `/api/me/addresses/${first.id}/default`, shopper.headers);
    expect(res.statusCode).toBe(200);
    expect(res.json().isDefault).toBe(true);
    rows = await rowsOf(ctx(), shopper.id);
    expect(rows.filter((r) => r.isDefault).map((r) => r.id)).toEqual([first.id]);

    const viaPatch = await api('PATCH', `/api/me/addresses/${second.id}`, shopper.headers, { isDefault: true });
    expect(viaPatch.statusCode).toBe(200);
    rows = await rowsOf(ctx(), shopper.id);
    expect(rows.filter((r) => r.isDefault).map((r) => r.id)).toEqual([second.id]);

    const list = (await api('GET', '/api/me/addresses', shopper.headers)).json();
    expect(list.items.map((a: { id: number }) => a.id)).toEqual([second.id, third.id, first.id]);
  });

  it('refuses to unset the default, and leaves it as it was', async () => {
    const shopper = await ctx().shopperSession();
    const first = await add(shopper.headers);
    await add(shopper.headers);
    const res = await api('PATCH', `/api/me/addresses/${first.id}`, shopper.headers, { isDefault: false, detail: '别处' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('ADDRESS_DEFAULT_REQUIRED');
    const [row] = (await rowsOf(ctx(), shopper.id)).filter((r) => r.id === first.id);
    expect(row).toMatchObject({ isDefault: true, detail: '科技园南区 1 栋 101' });
  });

  it('promotes the most recently added address when the default is deleted', async () => {
    const shopper = await ctx().shopperSession();
    const first = await add(shopper.headers);
    ctx().clock.advance(60_000);
    const second = await add(shopper.headers, { receiver: '李四' });
    ctx().clock.advance(60_000);
    const third = await add(shopper.headers, { receiver: '王五' });
    await api('POST', `/api/me/addresses/${second.id}/default`, shopper.headers);

    const removeOther = await api('DELETE', `/api/me/addresses/${first.id}`, shopper.headers);
    expect(removeOther.statusCode).toBe(200);
    expect((await rowsOf(ctx(), shopper.id)).filter((r) => r.isDefault).map((r) => r.id)).toEqual([second.id]);

    const removeDefault = await api('DELETE', `/api/me/addresses/${second.id}`, shopper.headers);
    expect(removeDefault.statusCode).toBe(200);
    expect(removeDefault.json()).toEqual({ ok: true });
    expect((await rowsOf(ctx(), shopper.id)).filter((r) => r.isDefault).map((r) => r.id)).toEqual([third.id]);

    await api('DELETE', `/api/me/addresses/${third.id}`, shopper.headers);
    expect(await rowsOf(ctx(), shopper.id)).toEqual([]);
    const again = await api('DELETE', `/api/me/addresses/${third.id}`, shopper.headers);
    expect(again.statusCode).toBe(404);
  });

  it('changes only the given fields; null clears the postal code and tag', async () => {
    const shopper = await ctx().shopperSession();
    const created = await add(shopper.headers);
    ctx().clock.advance(1000);
    const res = await api('PATCH', `/api/me/addresses/${created.id}`, shopper.headers, { detail: ' 新地址 2 号 ', postalCode: null, tag: null });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ receiver: '张三', detail: '新地址 2 号', postalCode: null, tag: null, isDefault: true });
    expect(new Date(res.json().updatedAt).getTime()).toBeGreaterThan(new Date(res.json().createdAt).getTime());
    const empty = await api('PATCH', `/api/me/addresses/${created.id}`, shopper.headers, {});
    expect(empty.statusCode).toBe(400);
  });

  it('allows at most 20 addresses', async () => {
    const shopper = await ctx().shopperSession();
    for (let i = 0; i < 20; i++) await add(shopper.headers, { detail: `第 ${i} 号` });
    const res = await api('POST', '/api/me/addresses', shopper.headers, address({ detail: '第 21 号' }));
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'ADDRESS_LIMIT_REACHED' });
    expect(res.json().title).toContain('20');
    expect(await rowsOf(ctx(), shopper.id)).toHaveLength(20);
  });

  it('holds the limit and the single default under concurrent requests', async () => {
    const shopper = await ctx().shopperSession();
    for (let i = 0; i < 17; i++) await add(shopper.headers, { detail: `第 ${i} 号` });
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => api('POST', '/api/me/addresses', shopper.headers, address({ detail: `并发 ${i}`, isDefault: true }))),
    );
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(3);
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(3);
    const rows = await rowsOf(ctx(), shopper.id);
    expect(rows).toHaveLength(20);
    expect(rows.filter((r) => r.isDefault)).toHaveLength(1);
    const ids = rows.slice(0, 6).map((r) => r.id);
    await Promise.all(ids.map((id) => api('POST', `/api/me/addresses/${id}/default`, shopper.headers)));
    expect((await rowsOf(ctx(), shopper.id)).filter((r) => r.isDefault)).toHaveLength(1);
  });

  it('refuses bad input with field paths and stores nothing', async () => {
    const shopper = await ctx().shopperSession();
    const cases: [Record<string, unknown>, string][] = [
      [{ receiver: '' }, 'receiver'],
      [{ receiver: '   ' }, 'receiver'],
      [{ receiver: '张'.repeat(21) }, 'receiver'],
      [{ receiver: 42 }, 'receiver'],
      [{ phone: '12345678901' }, 'phone'],
      [{ phone: '1381234567' }, 'phone'],
      [{ phone: '12345' }, 'phone'],
      [{ phone: 13812345678 }, 'phone'],
      [{ province: '' }, 'province'],
      [{ city: '市'.repeat(21) }, 'city'],
      [{ district: null }, 'district'],
      [{ detail: '' }, 'detail'],
      [{ detail: '路'.repeat(121) }, 'detail'],
      [{ postalCode: '12345' }, 'postalCode'],
      [{ postalCode: 518057 }, 'postalCode'],
      [{ tag: '非常长的标签名字' }, 'tag'],
      [{ isDefault: 'yes' }, 'isDefault'],
    ];
    for (const [overrides, path] of cases) {
      const res = await api('POST', '/api/me/addresses', shopper.headers, address(overrides));
      expect(res.statusCode, JSON.stringify(overrides)).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
      expect(res.json().errors.map((e: { path: string }) => e.path).join(','), JSON.stringify(overrides)).toContain(path);
    }
    const { receiver: _r, ...missing } = address();
    const res = await api('POST', '/api/me/addresses', shopper.headers, missing);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toContain('receiver');
    expect(await rowsOf(ctx(), shopper.id)).toEqual([]);

    const created = await add(shopper.headers);
    const bad = await api('PATCH', `/api/me/addresses/${created.id}`, shopper.headers, { phone: 'not a phone', detail: '改了' });
    expect(bad.statusCode).toBe(400);
    expect((await rowsOf(ctx(), shopper.id))[0]).toMatchObject({ phone: '13812345678', detail: '科技园南区 1 栋 101' });
    expect((await api('GET', '/api/me/addresses/abc', shopper.headers)).statusCode).toBe(400);
    expect((await api('GET', '/api/me/addresses/99999999', shopper.headers)).statusCode).toBe(404);
    expect((await api('POST', '/api/me/addresses/1e9/default', shopper.headers)).statusCode).toBe(404);
  });

  it('refuses a mainland address whose province, city or district is not real or not nested, with 422 and the field', async () => {
    const shopper = await ctx().shopperSession();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ province: '火星省' }, 'province', 'ADDRESS_PROVINCE_UNKNOWN'],
      [{ province: '北京市' }, 'city', 'ADDRESS_CITY_UNKNOWN'],
      [{ city: '杭州市' }, 'city', 'ADDRESS_CITY_UNKNOWN'],
      [{ district: '朝阳区' }, 'district', 'ADDRESS_DISTRICT_UNKNOWN'],
      [{ country: 'cn', city: '广州市' }, 'district', 'ADDRESS_DISTRICT_UNKNOWN'],
    ];
    for (const [overrides, path, code] of cases) {
      const res = await api('POST', '/api/me/addresses', { ...shopper.headers, 'accept-language': 'en' } as Headers, address(overrides));
      expect(res.statusCode, JSON.stringify(overrides)).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: 'ADDRESS_REGION_INVALID', errors: [{ path, code }] });
      expect(res.json().errors).toHaveLength(1);
    }
    const zh = await api('POST', '/api/me/addresses', shopper.headers, address({ province: '北京市' }));
    expect(zh.json().errors[0].title).toBe('北京市没有「深圳市」');
    expect(await rowsOf(ctx(), shopper.id)).toEqual([]);

    const municipality = await add(shopper.headers, { province: '北京市', city: '北京市', district: '朝阳区' });
    const countyLevel = await add(shopper.headers, { province: '湖北省', city: '省直辖县', district: '仙桃市' });
    const abroad = await add(shopper.headers, { country: 'US', province: 'California', city: 'San Francisco', district: 'Mission' });
    expect([municipality.city, countyLevel.district, abroad.province]).toEqual(['北京市', '仙桃市', 'California']);
  });

  it('judges a changed region as it will be saved, and leaves an untouched region alone', async () => {
    const shopper = await ctx().shopperSession();
    const created = await add(shopper.headers);
    const wrongCity = await api('PATCH', `/api/me/addresses/${created.id}`, shopper.headers, { city: '杭州市', detail: '改了' });
    expect(wrongCity.statusCode).toBe(422);
    expect(wrongCity.json()).toMatchObject({ code: 'ADDRESS_REGION_INVALID', errors: [{ path: 'city' }] });
    const moved = await api('PATCH', `/api/me/addresses/${created.id}`, shopper.headers, { province: '浙江省', city: '杭州市', district: '西湖区' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ province: '浙江省', city: '杭州市', district: '西湖区', detail: '科技园南区 1 栋 101' });

    const abroad = await add(shopper.headers, { country: 'US', province: 'California', city: 'San Francisco', district: 'Mission' });
    const backHome = await api('PATCH', `/api/me/addresses/${abroad.id}`, shopper.headers, { country: 'CN' });
    expect(backHome.statusCode).toBe(422);
    expect(backHome.json().errors[0].path).toBe('province');
    expect((await api('PATCH', `/api/me/addresses/${abroad.id}`, shopper.headers, { city: 'Oakland' })).statusCode).toBe(200);

    // An address saved before regions were checked can still be used and made the default.
    const [legacy] = await ctx()
      .db.insert(shopperAddresses)
      .values({ ...address({ province: '某省', city: '某市', district: '某区' }), postalCode: null, tag: null, shopperId: shopper.id, country: 'CN', createdAt: ctx().clock.now(), updatedAt: ctx().clock.now() })
      .returning();
    expect((await api('PATCH', `/api/me/addresses/${legacy!.id}`, shopper.headers, { phone: '13900000000' })).statusCode).toBe(200);
    expect((await api('POST', `/api/me/addresses/${legacy!.id}/default`, shopper.headers)).statusCode).toBe(200);
    const rows = await rowsOf(ctx(), shopper.id);
    expect(rows.find((r) => r.id === created.id)).toMatchObject({ province: '浙江省', detail: '科技园南区 1 栋 101' });
  });

  it("answers another shopper's address with 404 and leaves it unchanged", async () => {
    const owner = await ctx().shopperSession();
    const other = await ctx().shopperSession();
    const mine = await add(owner.headers);
    await add(owner.headers, { receiver: '李四' });
    const otherOwn = await add(other.headers);
    const before = await rowsOf(ctx(), owner.id);

    for (const [method, url, payload] of [
      ['GET', `/api/me/addresses/${mine.id}`, undefined],
      ['PATCH', `/api/me/addresses/${mine.id}`, { detail: '偷改' }],
      ['DELETE', `/api/me/addresses/${mine.id}`, undefined],
      ['POST', `/api/me/addresses/${mine.id}/default`, undefined],
    ] as const) {
      const res = await api(method, url, other.headers, payload);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().code).toBe('NOT_FOUND');
    }
    expect(await rowsOf(ctx(), owner.id)).toEqual(before);
    const list = (await api('GET', '/api/me/addresses', other.headers)).json();
    expect(list.items.map((a: { id: number }) => a.id)).toEqual([otherOwn.id]);
    expect((await rowsOf(ctx(), other.id)).filter((r) => r.isDefault).map((r) => r.id)).toEqual([otherOwn.id]);
  });

  it('requires a signed-in shopper', async () => {
    const anonymous = await ctx().app.inject({ method: 'GET', url: '/api/me/addresses' });
    expect(anonymous.statusCode).toBe(401);
    const total = async () => (await ctx().db.select({ n: sql<number>`count(*)::int` }).from(shopperAddresses))[0]!.n;
    const before = await total();
    const posted = await ctx().app.inject({ method: 'POST', url: '/api/me/addresses', payload: address() });
    expect(posted.statusCode).toBe(401);
    const staff = await ctx().staffSession('owner');
    const asStaff = await api('POST', '/api/me/addresses', staff.headers, address());
    expect(asStaff.statusCode).toBe(401);
    expect(await total()).toBe(before);
  });

  it('gives orders a snapshot of the shopper’s own address only', async () => {
    const owner = await ctx().shopperSession();
    const other = await ctx().shopperSession();
    const created = await add(owner.headers, { postalCode: null });
    const snapshot = await ctx().db.transaction((tx) => getAddressForOrder(tx, owner.id, created.id));
    expect(snapshot).toEqual({ receiver: '张三', phone: '13812345678', province: '广东省', city: '深圳市', district: '南山区', detail: '科技园南区 1 栋 101', postalCode: null, country: 'CN' });
    const viaService = await ctx().db.transaction((tx) => ctx().services.addresses.getAddressForOrder(tx, owner.id, created.id));
    expect(viaService).toEqual(snapshot);
    const refused = await ctx()
      .db.transaction((tx) => getAddressForOrder(tx, other.id, created.id))
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('NOT_FOUND');
    expect((refused as AppError).status).toBe(404);
  });
});
