// 会员列表: staff find members by nickname, phone or e-mail, by level (its growth range under
// today's levels), biggest spenders or newest first; with members.manage only.
import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase, type TestContext } from './harness.ts';
import { call, type Session } from './orders-fixtures.ts';
import { shoppers } from '../src/modules/accounts/accounts.tables.ts';

describeEachDatabase('members: the member list', (ctx) => {
  let owner: Session;
  let levels: { base: number; silver: number; gold: number };
  const tag = `ml${Date.now().toString(36)}`;
  const list = (c: TestContext, query: string, headers = owner.headers) => call(c, 'GET', `/api/admin/members?${query}`, headers);
  const grow = async (c: TestContext, shopperId: number, delta: number) =>
    expect((await call(c, 'POST', `/api/admin/members/${shopperId}/growth-adjust`, owner.headers, { delta, note: '补录' })).statusCode).toBe(200);

  beforeAll(async () => {
    const c = ctx();
    owner = await c.staffSession('owner');
    const add = async (body: Record<string, unknown>) => {
      const res = await call(c, 'POST', '/api/admin/members/levels', owner.headers, body);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().id as number;
    };
    levels = { base: await add({ name: '普通会员', growthThreshold: 0 }), silver: await add({ name: '白银会员', growthThreshold: 50_000 }), gold: await add({ name: '黄金会员', growthThreshold: 200_000 }) };
  });

  it('searches nickname, phone and e-mail; shows growth, the level it reaches and points; sorts by growth or newest', async () => {
    const c = ctx();
    const small = await c.shopperSession(`${tag}-small@example.com`);
    c.clock.advance(60_000);
    const big = await c.shopperSession(`${tag}-big@example.com`);
    c.clock.advance(60_000);
    const fresh = await c.shopperSession(`${tag}-fresh@example.com`);
    await grow(c, small.id, 60_000);
    await grow(c, big.id, 250_000);
    expect((await call(c, 'POST', `/api/admin/points/${big.id}/adjust`, owner.headers, { delta: 300, note: 'grant' })).statusCode).toBe(200);

    const byGrowth = await list(c, `q=${tag}`);
    expect(byGrowth.statusCode, byGrowth.body).toBe(200);
    expect(byGrowth.json()).toMatchObject({ total: 3, page: 1, pageSize: 20 });
    expect(byGrowth.json().items.map((m: { shopperId: number; growth: number; level: { name: string }; pointsBalance: number }) => [m.shopperId, m.growth, m.level.name, m.pointsBalance])).toEqual([
      [big.id, 250_000, '黄金会员', 300],
      [small.id, 60_000, '白银会员', 0],
      [fresh.id, 0, '普通会员', 0],
    ]);
    expect(byGrowth.json().items[0]).toMatchObject({ nickname: `${tag}-big`, email: `${tag}-big@example.com`, status: 'active' });

    const newest = await list(c, `q=${tag}&sort=joined_desc`);
    expect(newest.json().items.map((m: { shopperId: number }) => m.shopperId)).toEqual([fresh.id, big.id, small.id]);
    const paged = await list(c, `q=${tag}&pageSize=2&page=2`);
    expect(paged.json()).toMatchObject({ total: 3, items: [{ shopperId: fresh.id }] });
    expect((await list(c, `q=${tag.toUpperCase()}-BIG`)).json().items.map((m: { shopperId: number }) => m.shopperId)).toEqual([big.id]);
    const phone = `139${String(small.id).padStart(8, '0')}`;
    await c.db.update(shoppers).set({ phone }).where(eq(shoppers.id, small.id));
    expect((await list(c, `q=${phone.slice(3)}`)).json().items).toMatchObject([{ shopperId: small.id, phone }]);
    // Wildcards are taken literally.
    expect((await list(c, `q=${encodeURIComponent(`${tag}%`)}`)).json().total).toBe(0);
    expect((await list(c, `q=${encodeURIComponent(`${tag}_small`)}`)).json().total).toBe(0);
  });

  it("filters by level as the growth range under today's levels, also after a level is edited", async () => {
    const c = ctx();
    const t = `${tag}lv`;
    const [a, b, d] = [await c.shopperSession(`${t}-a@example.com`), await c.shopperSession(`${t}-b@example.com`), await c.shopperSession(`${t}-d@example.com`)];
    await grow(c, a.id, 49_999);
    await grow(c, b.id, 50_000);
    await grow(c, d.id, 200_000);
    const ids = async (levelId: number) => (await list(c, `q=${t}&levelId=${levelId}`)).json().items.map((m: { shopperId: number }) => m.shopperId).sort();
    expect(await ids(levels.base)).toEqual([a.id]);
    expect(await ids(levels.silver)).toEqual([b.id]);
    expect(await ids(levels.gold)).toEqual([d.id]);
    // Silver now starts higher: b falls back to the base level in the list at once.
    expect((await call(c, 'PUT', `/api/admin/members/levels/${levels.silver}`, owner.headers, { name: '白银会员', growthThreshold: 60_000 })).statusCode).toBe(200);
    expect(await ids(levels.base)).toEqual([a.id, b.id].sort());
    expect(await ids(levels.silver)).toEqual([]);
    expect((await list(c, `q=${t}&levelId=${levels.base}`)).json().items.every((m: { level: { name: string } }) => m.level.name === '普通会员')).toBe(true);
    expect((await list(c, 'levelId=99999')).json()).toMatchObject({ items: [], total: 0 });
  });

  it('is for staff with members.manage; bad queries are 400 problems', async () => {
    const c = ctx();
    const service = await c.staffSession('customer_service');
    const shopper = await c.shopperSession();
    expect((await list(c, '', service.headers)).statusCode).toBe(403);
    expect((await list(c, '', shopper.headers)).statusCode).toBe(403);
    expect((await call(c, 'GET', '/api/admin/members', {})).statusCode).toBe(401);
    for (const bad of ['levelId=abc', 'pageSize=1000', 'sort=name', `q=${'x'.repeat(101)}`]) {
      const res = await list(c, bad);
      expect(res.statusCode, bad).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });
});
