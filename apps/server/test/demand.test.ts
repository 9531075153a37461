import { count, eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { DEMAND_LIMITS } from '@mall/contract';
import { demandSubscriptions } from '../src/modules/demand/demand.tables.ts';
import { describeEachDatabase } from './harness.ts';
import { createStockedProduct } from './inventory-fixtures.ts';
import { createCampaign, shelvedProduct, subscribe, type Headers } from './demand-fixtures.ts';

const HOUR = 3_600_000;

describeEachDatabase('demand: notify me (subscriptions)', (ctx) => {
  let operator: Headers;
  let service: Headers;
  beforeAll(async () => {
    operator = (await ctx().staffSession('operator')).headers;
    service = (await ctx().staffSession('customer_service')).headers;
  });

  const inject = (method: 'GET' | 'POST' | 'DELETE', url: string, headers?: Headers, payload?: unknown) =>
    ctx().app.inject({ method, url, headers, payload: payload as never });
  const mine = async (headers: Headers) => (await inject('GET', '/api/me/notify-me', headers)).json();
  const total = async () => (await ctx().db.select({ n: count() }).from(demandSubscriptions))[0]!.n;

  it('subscribes to a sold-out product idempotently, lists it with its title, and unsubscribes', async () => {
    const p = await shelvedProduct(ctx(), [0], '初音未来 手办');
    const me = await ctx().shopperSession();
    const first = await subscribe(ctx(), me.headers, 'product', p.productId);
    expect(first).toEqual({
      id: expect.any(Number),
      target: 'product',
      targetId: p.productId,
      title: '初音未来 手办',
      productId: p.productId,
      skuId: null,
      campaignId: null,
      status: 'waiting',
      subscribedAt: ctx().clock.now().toISOString(),
      notifiedAt: null,
      notifiedKind: null,
      createdAt: ctx().clock.now().toISOString(),
    });
    ctx().clock.advance(60_000);
    const again = await subscribe(ctx(), me.headers, 'product', p.productId, 200);
    expect(again).toEqual(first);
    const list = await mine(me.headers);
    expect(list).toMatchObject({ total: 1, page: 1, pageSize: 20 });
    expect(list.items).toEqual([first]);

    const res = await inject('DELETE', `/api/notify-me/${first.id}`, me.headers);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    expect((await mine(me.headers)).items).toEqual([]);
    const gone = await inject('DELETE', `/api/notify-me/${first.id}`, me.headers);
    expect(gone.statusCode).toBe(404);
    expect(gone.json().code).toBe('NOT_FOUND');
  });

  it('subscribes to a SKU (named with its spec) and to an off-shelf product even when it has stock', async () => {
    const p = await shelvedProduct(ctx(), [4, 0], '联名卫衣');
    const me = await ctx().shopperSession();
    const sku = await subscribe(ctx(), me.headers, 'sku', p.skuIds[1]!);
    expect(sku).toMatchObject({ target: 'sku', title: '联名卫衣（色1）', productId: p.productId, skuId: p.skuIds[1], status: 'waiting' });
    const offShelf = await createStockedProduct(ctx(), [{ onHand: 9 }], '下架商品');
    expect(await subscribe(ctx(), me.headers, 'product', offShelf.productId)).toMatchObject({ title: '下架商品', status: 'waiting' });
    expect((await mine(me.headers)).total).toBe(2);
  });

  it('refuses a product or SKU on sale in stock now with 409 NOTIFY_NOT_NEEDED, storing nothing', async () => {
    const p = await shelvedProduct(ctx(), [3, 0], '有货商品');
    const me = await ctx().shopperSession();
    const before = await total();
    for (const [target, targetId] of [
      ['product', p.productId],
      ['sku', p.skuIds[0]!],
    ] as const) {
      const res = await inject('POST', '/api/notify-me', me.headers, { target, targetId });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'NOTIFY_NOT_NEEDED' });
      expect(res.json().title).toContain('有货商品');
    }
    expect(await total()).toBe(before);
    // The sold-out SKU of the same product can still be waited for.
    await subscribe(ctx(), me.headers, 'sku', p.skuIds[1]!);
  });

  it('answers unknown products, SKUs and campaigns with 404 and stores nothing', async () => {
    const me = await ctx().shopperSession();
    const before = await total();
    for (const target of ['product', 'sku', 'campaign']) {
      const res = await inject('POST', '/api/notify-me', me.headers, { target, targetId: 2_000_000_000 });
      expect(res.statusCode, target).toBe(404);
      expect(res.json().code).toBe('NOT_FOUND');
    }
    expect(await total()).toBe(before);
  });

  it('subscribes to an upcoming or open campaign, and refuses an ended one with 409', async () => {
    const p = await shelvedProduct(ctx(), [0]);
    const now = ctx().clock.now().getTime();
    const items = [{ productId: p.productId, skuId: p.skuIds[0]! }];
    const upcoming = await createCampaign(ctx(), { name: '新年预售', startsAt: new Date(now + HOUR), endsAt: new Date(now + 48 * HOUR), items });
    const ended = await createCampaign(ctx(), { name: '旧预售', startsAt: new Date(now - 48 * HOUR), endsAt: new Date(now - HOUR), items: [] });
    const me = await ctx().shopperSession();
    expect(await subscribe(ctx(), me.headers, 'campaign', upcoming)).toMatchObject({ target: 'campaign', title: '新年预售', campaignId: upcoming, status: 'waiting' });
    const res = await inject('POST', '/api/notify-me', me.headers, { target: 'campaign', targetId: ended });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'NOTIFY_CAMPAIGN_ENDED', title: expect.stringContaining('旧预售') });
    expect((await mine(me.headers)).total).toBe(1);
  });

  it('keeps each shopper to their own subscriptions', async () => {
    const p = await shelvedProduct(ctx(), [0]);
    const alice = await ctx().shopperSession();
    const bob = await ctx().shopperSession();
    const hers = await subscribe(ctx(), alice.headers, 'product', p.productId);
    const res = await inject('DELETE', `/api/notify-me/${hers.id}`, bob.headers);
    expect(res.statusCode).toBe(404);
    expect((await mine(bob.headers)).items).toEqual([]);
    expect((await mine(alice.headers)).items.map((s: { id: number }) => s.id)).toEqual([hers.id]);
  });

  it('requires a signed-in shopper', async () => {
    const p = await shelvedProduct(ctx(), [0]);
    const before = await total();
    expect((await inject('POST', '/api/notify-me', undefined, { target: 'product', targetId: p.productId })).statusCode).toBe(401);
    expect((await inject('GET', '/api/me/notify-me')).statusCode).toBe(401);
    expect((await inject('DELETE', '/api/notify-me/1')).statusCode).toBe(401);
    expect((await inject('POST', '/api/notify-me', operator, { target: 'product', targetId: p.productId })).statusCode).toBe(401);
    expect(await total()).toBe(before);
  });

  it('answers bad input with 400 VALIDATION_FAILED and changes nothing', async () => {
    const p = await shelvedProduct(ctx(), [0]);
    const me = await ctx().shopperSession();
    const before = await total();
    const bodies: unknown[] = [
      {},
      { target: 'product' },
      { targetId: p.productId },
      { target: 'order', targetId: p.productId },
      { target: 'product', targetId: String(p.productId) },
      { target: 'product', targetId: 0 },
      { target: 'product', targetId: -3 },
      { target: 'product', targetId: 1.5 },
      { target: 'product', targetId: 2_147_483_648 },
      { target: 'product', targetId: 1e300 },
      { target: 'product', targetId: p.productId, shopperId: 1 },
      [{ target: 'product', targetId: p.productId }],
    ];
    for (const body of bodies) {
      const res = await inject('POST', '/api/notify-me', me.headers, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
    for (const id of ['abc', '0', '-1', '99999999999']) {
      expect((await inject('DELETE', `/api/notify-me/${id}`, me.headers)).statusCode).toBe(400);
    }
    expect((await inject('GET', '/api/me/notify-me?pageSize=1000', me.headers)).statusCode).toBe(400);
    expect(await total()).toBe(before);
  });

  it(`limits a shopper to ${DEMAND_LIMITS.waitingPerShopper} waiting reminders`, async () => {
    const p = await shelvedProduct(ctx(), [0]);
    const me = await ctx().shopperSession();
    const now = ctx().clock.now();
    const rows = Array.from({ length: DEMAND_LIMITS.waitingPerShopper }, (_, i) => ({
      shopperId: me.id,
      target: 'sku' as const,
      targetId: 1_500_000_000 + i,
      subscribedAt: now,
      createdAt: now,
    }));
    await ctx().db.insert(demandSubscriptions).values(rows);
    const res = await inject('POST', '/api/notify-me', me.headers, { target: 'product', targetId: p.productId });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('NOTIFY_LIMIT_REACHED');
    // One notified wait frees a place.
    await ctx().db.update(demandSubscriptions).set({ notifiedAt: now, notifiedKind: 'demand.back_in_stock' }).where(eq(demandSubscriptions.targetId, 1_500_000_000));
    await subscribe(ctx(), me.headers, 'product', p.productId);
  });

  it('shows staff the subscribers of a target with counts, paged and filtered, to marketing and catalog readers only', async () => {
    const p = await shelvedProduct(ctx(), [0]);
    const shoppers: { id: number; headers: Headers }[] = [];
    for (let i = 0; i < 3; i++) {
      shoppers.push(await ctx().shopperSession());
      await subscribe(ctx(), shoppers[i]!.headers, 'product', p.productId);
      ctx().clock.advance(60_000);
    }
    await ctx().db.update(demandSubscriptions).set({ notifiedAt: ctx().clock.now(), notifiedKind: 'demand.back_in_stock' }).where(eq(demandSubscriptions.shopperId, shoppers[1]!.id));
    const url = `/api/admin/demand/subscriptions?target=product&targetId=${p.productId}`;
    const all = await inject('GET', url, operator);
    expect(all.statusCode).toBe(200);
    expect(all.json()).toMatchObject({ target: 'product', targetId: p.productId, count: 3, waiting: 2, notified: 1, total: 3 });
    expect(all.json().items.map((s: { shopperId: number }) => s.shopperId)).toEqual(shoppers.map((s) => s.id));
    expect(all.json().items[1]).toMatchObject({ status: 'notified', notifiedKind: 'demand.back_in_stock', nickname: expect.any(String) });
    const page2 = (await inject('GET', `${url}&page=2&pageSize=2`, service)).json();
    expect(page2).toMatchObject({ count: 3, total: 3, page: 2, pageSize: 2 });
    expect(page2.items.map((s: { shopperId: number }) => s.shopperId)).toEqual([shoppers[2]!.id]);
    const waiting = (await inject('GET', `${url}&status=waiting`, operator)).json();
    expect(waiting).toMatchObject({ count: 3, total: 2 });
    const none = (await inject('GET', '/api/admin/demand/subscriptions?target=campaign&targetId=999999', operator)).json();
    expect(none).toMatchObject({ count: 0, waiting: 0, notified: 0, items: [], total: 0 });

    expect((await inject('GET', url)).statusCode).toBe(401);
    expect((await inject('GET', url, shoppers[0]!.headers)).statusCode).toBe(403);
    for (const bad of ['?target=product', '?targetId=1', '?target=order&targetId=1', '?target=product&targetId=abc', '?target=product&targetId=1&status=x', `?target=product&targetId=1&pageSize=101`]) {
      const res = await inject('GET', `/api/admin/demand/subscriptions${bad}`, operator);
      expect(res.statusCode, bad).toBe(400);
    }
  });
});
