import { eq, inArray } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { shopperMessages, staffNotifications } from '../src/modules/notifications/notifications.tables.ts';
import { describeEachDatabase, type TestContext } from './harness.ts';

type Headers = { authorization: string };

async function seedMessages(ctx: TestContext, shopperId: number, n: number, prefix: string) {
  for (let i = 1; i <= n; i++) {
    ctx.clock.advance(60_000);
    await ctx.db.transaction((tx) =>
      ctx.services.notifications.notifyShopper(tx, { shopperId, kind: 'order.completed', title: `${prefix} ${i}`, body: `body ${i}`, data: { n: i } }),
    );
  }
}

describeEachDatabase('notifications: shopper message centre', (ctx) => {
  const get = (url: string, headers?: Headers) => ctx().app.inject({ method: 'GET', url, headers });
  const post = (url: string, headers?: Headers) => ctx().app.inject({ method: 'POST', url, headers });

  it('pages my messages newest first, with the unread count', async () => {
    const me = await ctx().shopperSession();
    await seedMessages(ctx(), me.id, 25, 'msg');
    const first = await get('/api/me/messages?page=1&pageSize=10', me.headers);
    expect(first.statusCode).toBe(200);
    const body = first.json();
    expect(body).toMatchObject({ total: 25, unread: 25, page: 1, pageSize: 10 });
    expect(body.items.map((m: { title: string }) => m.title)).toEqual([25, 24, 23, 22, 21, 20, 19, 18, 17, 16].map((n) => `msg ${n}`));
    expect(body.items[0]).toEqual({
      id: expect.any(Number),
      kind: 'order.completed',
      title: 'msg 25',
      body: 'body 25',
      data: { n: 25 },
      createdAt: ctx().clock.now().toISOString(),
      readAt: null,
    });
    const last = (await get('/api/me/messages?page=3&pageSize=10', me.headers)).json();
    expect(last.items.map((m: { title: string }) => m.title)).toEqual(['msg 5', 'msg 4', 'msg 3', 'msg 2', 'msg 1']);
    expect((await get('/api/me/messages?page=4&pageSize=10', me.headers)).json().items).toEqual([]);
    expect((await get('/api/me/messages', me.headers)).json()).toMatchObject({ page: 1, pageSize: 20, total: 25 });
  });

  it('marks one read (keeping the first read time), then all, and counts unread', async () => {
    const me = await ctx().shopperSession();
    await seedMessages(ctx(), me.id, 3, 'note');
    const [newest] = (await get('/api/me/messages', me.headers)).json().items;
    const readAt = ctx().clock.now().toISOString();
    const read = await post(`/api/me/messages/${newest.id}/read`, me.headers);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ id: newest.id, title: 'note 3', readAt });
    ctx().clock.advance(60_000);
    expect((await post(`/api/me/messages/${newest.id}/read`, me.headers)).json().readAt).toBe(readAt);
    expect((await get('/api/me/messages/unread-count', me.headers)).json()).toEqual({ unread: 2 });
    const unreadOnly = (await get('/api/me/messages?unreadOnly=true', me.headers)).json();
    expect(unreadOnly).toMatchObject({ total: 2, unread: 2 });
    expect(unreadOnly.items.map((m: { title: string }) => m.title)).toEqual(['note 2', 'note 1']);

    const all = await post('/api/me/messages/read-all', me.headers);
    expect(all.statusCode).toBe(200);
    expect(all.json()).toEqual({ updated: 2 });
    expect((await post('/api/me/messages/read-all', me.headers)).json()).toEqual({ updated: 0 });
    expect((await get('/api/me/messages/unread-count', me.headers)).json()).toEqual({ unread: 0 });
    const listed = (await get('/api/me/messages', me.headers)).json();
    expect(listed).toMatchObject({ total: 3, unread: 0 });
    expect(listed.items.find((m: { id: number }) => m.id === newest.id).readAt).toBe(readAt);
  });

  it("keeps another shopper's messages out of sight and out of reach", async () => {
    const alice = await ctx().shopperSession();
    const bob = await ctx().shopperSession();
    await seedMessages(ctx(), alice.id, 2, 'alice');
    await seedMessages(ctx(), bob.id, 1, 'bob');
    const aliceIds = (await get('/api/me/messages', alice.headers)).json().items.map((m: { id: number }) => m.id);
    const bobs = (await get('/api/me/messages', bob.headers)).json();
    expect(bobs).toMatchObject({ total: 1, unread: 1 });
    expect(bobs.items.map((m: { title: string }) => m.title)).toEqual(['bob 1']);

    const stolen = await post(`/api/me/messages/${aliceIds[0]}/read`, bob.headers);
    expect(stolen.statusCode).toBe(404);
    expect(stolen.json().code).toBe('NOT_FOUND');
    expect((await post('/api/me/messages/read-all', bob.headers)).json()).toEqual({ updated: 1 });
    const rows = await ctx().db.select().from(shopperMessages).where(inArray(shopperMessages.id, aliceIds));
    expect(rows.map((r) => r.readAt)).toEqual([null, null]);
    expect((await get('/api/me/messages/unread-count', alice.headers)).json()).toEqual({ unread: 2 });
  });

  it('asks for a shopper session', async () => {
    for (const [method, url] of [
      ['GET', '/api/me/messages'],
      ['GET', '/api/me/messages/unread-count'],
      ['POST', '/api/me/messages/1/read'],
      ['POST', '/api/me/messages/read-all'],
    ] as const) {
      const anonymous = await ctx().app.inject({ method, url });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.json().code).toBe('UNAUTHENTICATED');
      const staff = await ctx().staffSession('owner');
      expect((await ctx().app.inject({ method, url, headers: staff.headers })).statusCode).toBe(401);
    }
  });

  it('refuses bad input with a 4xx problem and changes nothing', async () => {
    const me = await ctx().shopperSession();
    await seedMessages(ctx(), me.id, 1, 'keep');
    for (const url of [
      '/api/me/messages?pageSize=1000',
      '/api/me/messages?pageSize=0',
      '/api/me/messages?page=0',
      '/api/me/messages?page=abc',
      '/api/me/messages?unreadOnly=maybe',
    ]) {
      const res = await get(url, me.headers);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
    for (const id of ['abc', '0', '-1', '1.5', '99999999999']) {
      const res = await post(`/api/me/messages/${id}/read`, me.headers);
      expect(res.statusCode, id).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const unknown = await post('/api/me/messages/2147483647/read', me.headers);
    expect(unknown.statusCode).toBe(404);
    expect((await get('/api/me/messages/unread-count', me.headers)).json()).toEqual({ unread: 1 });
  });
});

describeEachDatabase('notifications: back office read-all', (ctx) => {
  async function seedStaff(kind: string, permission: 'inventory.read' | 'settings.manage') {
    return ctx().db.transaction((tx) =>
      ctx().services.notifications.notifyStaff(tx, { kind, permission, titleZh: kind, titleEn: kind, data: {} }),
    );
  }

  it('marks every notification my role can see read, and leaves the others unread', async () => {
    const stock = await seedStaff('low_stock', 'inventory.read');
    const stock2 = await seedStaff('low_stock', 'inventory.read');
    const settingsOnly = await seedStaff('settings.changed', 'settings.manage');
    const warehouse = await ctx().staffSession('warehouse');
    const res = await ctx().app.inject({ method: 'POST', url: '/api/admin/notifications/read-all', headers: warehouse.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ updated: 2 });
    const rows = await ctx().db.select().from(staffNotifications).where(inArray(staffNotifications.id, [stock.id, stock2.id, settingsOnly.id]));
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(stock.id)!.readAt).not.toBeNull();
    expect(byId.get(stock.id)!.readBy).toMatch(/^warehouse/);
    expect(byId.get(settingsOnly.id)!.readAt).toBeNull();
    const again = await ctx().app.inject({ method: 'POST', url: '/api/admin/notifications/read-all', headers: warehouse.headers });
    expect(again.json()).toEqual({ updated: 0 });

    const owner = await ctx().staffSession('owner');
    const list = await ctx().app.inject({ method: 'GET', url: '/api/admin/notifications?unreadOnly=true', headers: owner.headers });
    expect(list.json()).toMatchObject({ total: 1, unread: 1 });
    expect(list.json().items[0].id).toBe(settingsOnly.id);
    const [unchanged] = await ctx().db.select().from(staffNotifications).where(eq(staffNotifications.id, settingsOnly.id));
    expect(unchanged!.readAt).toBeNull();
  });

  it('asks for a staff session', async () => {
    const anonymous = await ctx().app.inject({ method: 'POST', url: '/api/admin/notifications/read-all' });
    expect(anonymous.statusCode).toBe(401);
    const shopper = await ctx().shopperSession();
    const res = await ctx().app.inject({ method: 'POST', url: '/api/admin/notifications/read-all', headers: shopper.headers });
    expect(res.statusCode).toBe(403);
  });
});
