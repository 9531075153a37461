import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { products } from '../src/modules/catalog/index.ts';
import { outbox } from '../src/platform/platform.tables.ts';
import { describeEachDatabase } from './harness.ts';
import { demandMessages, restock, shelvedProduct, subscribe, subscriptionRows, type Headers } from './demand-fixtures.ts';

describeEachDatabase('demand: back in stock', (ctx) => {
  let warehouse: Headers;
  beforeAll(async () => {
    warehouse = (await ctx().staffSession('warehouse')).headers;
  });

  const queuedArrivals = async () => (await ctx().db.select().from(outbox).where(eq(outbox.topic, 'inventory.back_in_stock'))).length;

  it('tells every subscriber of the SKU or its product once when a restock brings stock back', async () => {
    const p = await shelvedProduct(ctx(), [0, 0], '限量球鞋');
    const [a, b, c, other] = [await ctx().shopperSession(), await ctx().shopperSession(), await ctx().shopperSession(), await ctx().shopperSession()];
    const subA = await subscribe(ctx(), a.headers, 'product', p.productId);
    const subB = await subscribe(ctx(), b.headers, 'sku', p.skuIds[0]!);
    const subC1 = await subscribe(ctx(), c.headers, 'product', p.productId);
    const subC2 = await subscribe(ctx(), c.headers, 'sku', p.skuIds[0]!);
    const subOther = await subscribe(ctx(), other.headers, 'sku', p.skuIds[1]!);

    const res = await ctx().app.inject({ method: 'POST', url: `/api/admin/inventory/${p.skuIds[0]}/adjustments`, headers: warehouse, payload: { delta: 5, reason: 'restock' } });
    expect(res.statusCode, res.body).toBe(201);
    expect(await demandMessages(ctx(), a.id)).toHaveLength(0); // delivered through the outbox, not inline
    await ctx().jobs.drain();

    for (const shopper of [a, b, c]) {
      const messages = await demandMessages(ctx(), shopper.id);
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatchObject({
        kind: 'demand.back_in_stock',
        title: '到货提醒：限量球鞋',
        body: '您订阅的「限量球鞋（色0）」已到货，现在可以购买了。库存有限，先到先得。',
        data: { productId: p.productId, skuId: p.skuIds[0] },
      });
    }
    expect(await demandMessages(ctx(), other.id)).toHaveLength(0);
    const inbox = (await ctx().app.inject({ method: 'GET', url: '/api/me/messages', headers: a.headers })).json();
    expect(inbox.items[0]).toMatchObject({ kind: 'demand.back_in_stock', title: '到货提醒：限量球鞋', readAt: null });

    const rows = await subscriptionRows(ctx(), [subA.id, subB.id, subC1.id, subC2.id, subOther.id]);
    expect(rows.map((r) => [r.notifiedKind, r.notifiedAt?.toISOString() ?? null])).toEqual([
      ...Array.from({ length: 4 }, () => ['demand.back_in_stock', ctx().clock.now().toISOString()]),
      [null, null],
    ]);
    const listed = (await ctx().app.inject({ method: 'GET', url: '/api/me/notify-me', headers: b.headers })).json();
    expect(listed.items[0]).toMatchObject({ id: subB.id, status: 'notified', notifiedKind: 'demand.back_in_stock' });

    // Draining again, or a second restock while still in stock, tells nobody anything.
    await ctx().jobs.drain();
    const queued = await queuedArrivals();
    await restock(ctx(), p.skuIds[0]!, 3);
    expect(await queuedArrivals()).toBe(queued); // no crossing, no arrival
    await ctx().jobs.drain();
    for (const shopper of [a, b, c]) expect(await demandMessages(ctx(), shopper.id)).toHaveLength(1);

    // Sold out again: only those who subscribe again hear of the next arrival.
    await restock(ctx(), p.skuIds[0]!, -8);
    ctx().clock.advance(60_000);
    const again = await subscribe(ctx(), a.headers, 'product', p.productId, 200);
    expect(again).toMatchObject({ id: subA.id, status: 'waiting', notifiedAt: null, subscribedAt: ctx().clock.now().toISOString() });
    await restock(ctx(), p.skuIds[0]!, 2);
    await ctx().jobs.drain();
    expect((await demandMessages(ctx(), a.id)).map((m) => m.kind)).toEqual(['demand.back_in_stock', 'demand.back_in_stock']);
    expect(await demandMessages(ctx(), b.id)).toHaveLength(1);
    expect(await demandMessages(ctx(), c.id)).toHaveLength(1);
  });

  it('counts released reservations and stocktakes as arrivals too', async () => {
    const p = await shelvedProduct(ctx(), [2, 0]);
    const inv = ctx().services.inventory;
    await ctx().db.transaction((tx) => inv.reserve(tx, { refType: 'order', refId: 'demand-r1', lines: [{ skuId: p.skuIds[0]!, quantity: 2 }], actor: 'test' }));
    const me = await ctx().shopperSession();
    await subscribe(ctx(), me.headers, 'sku', p.skuIds[0]!);
    await subscribe(ctx(), me.headers, 'sku', p.skuIds[1]!);
    await ctx().db.transaction((tx) => inv.release(tx, { refType: 'order', refId: 'demand-r1', actor: 'test', reason: 'cancel' }));
    await inv.stocktake(undefined, { lines: [{ skuId: p.skuIds[1]!, countedOnHand: 4 }], actor: 'test' });
    await ctx().jobs.drain();
    const messages = await demandMessages(ctx(), me.id, 'demand.back_in_stock');
    expect(messages.map((m) => m.data)).toEqual([
      { productId: p.productId, skuId: p.skuIds[0] },
      { productId: p.productId, skuId: p.skuIds[1] },
    ]);
  });

  it('leaves subscribers waiting when the units are gone before delivery or the product is off shelf, and queues nothing for a rolled-back restock', async () => {
    const p = await shelvedProduct(ctx(), [0]);
    const me = await ctx().shopperSession();
    const sub = await subscribe(ctx(), me.headers, 'product', p.productId);
    const queued = await queuedArrivals();
    await ctx()
      .db.transaction(async (tx) => {
        await ctx().services.inventory.adjust(tx, { skuId: p.skuIds[0]!, delta: 3, reason: 'restock', actor: 'test' });
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    expect(await queuedArrivals()).toBe(queued);

    // Restocked and snapped up before the message went out: nothing to tell yet.
    await restock(ctx(), p.skuIds[0]!, 1);
    await ctx().db.transaction((tx) => ctx().services.inventory.reserve(tx, { refType: 'order', refId: 'demand-gone', lines: [{ skuId: p.skuIds[0]!, quantity: 1 }], actor: 'test' }));
    await ctx().jobs.drain();
    expect(await demandMessages(ctx(), me.id)).toHaveLength(0);
    expect((await subscriptionRows(ctx(), [sub.id]))[0]!.notifiedAt).toBeNull();

    // Off shelf: stock arrives but cannot be bought, so the wait goes on.
    await ctx().db.transaction((tx) => ctx().services.inventory.release(tx, { refType: 'order', refId: 'demand-gone', actor: 'test', reason: 'cancel' }));
    await restock(ctx(), p.skuIds[0]!, -1);
    await ctx().db.update(products).set({ onShelf: false }).where(eq(products.id, p.productId));
    await restock(ctx(), p.skuIds[0]!, 2);
    await ctx().jobs.drain();
    expect(await demandMessages(ctx(), me.id)).toHaveLength(0);

    // Back on shelf and the next arrival tells them.
    await restock(ctx(), p.skuIds[0]!, -2);
    await ctx().db.update(products).set({ onShelf: true }).where(eq(products.id, p.productId));
    await restock(ctx(), p.skuIds[0]!, 2);
    await ctx().jobs.drain();
    expect(await demandMessages(ctx(), me.id)).toHaveLength(1);
  });

  it('tells each subscriber once when several runners deliver at the same time', async () => {
    const p = await shelvedProduct(ctx(), [0, 0], '并发商品');
    const shoppers: { id: number; headers: Headers }[] = [];
    for (let i = 0; i < 12; i++) {
      const shopper = await ctx().shopperSession();
      shoppers.push(shopper);
      await subscribe(ctx(), shopper.headers, 'product', p.productId);
      await subscribe(ctx(), shopper.headers, 'sku', p.skuIds[i % 2]!);
    }
    const skusTold = async () => Promise.all(shoppers.map(async (s) => (await demandMessages(ctx(), s.id)).map((m) => (m.data as { skuId: number }).skuId)));

    // SKU 0 arrives: every product subscriber (all of them) hears once, with one message even when waiting twice.
    await restock(ctx(), p.skuIds[0]!, 5);
    await Promise.all([ctx().jobs.drain(), ctx().jobs.drain(), ctx().jobs.drain()]);
    expect(await skusTold()).toEqual(shoppers.map(() => [p.skuIds[0]]));

    // SKU 1 arrives: only its own subscribers were still waiting.
    await restock(ctx(), p.skuIds[1]!, 5);
    await Promise.all([ctx().jobs.drain(), ctx().jobs.drain()]);
    expect(await skusTold()).toEqual(shoppers.map((_, i) => (i % 2 === 1 ? [p.skuIds[0], p.skuIds[1]] : [p.skuIds[0]])));
  });

  it('claims each wait once when two handlers run the same arrival in parallel transactions', async () => {
    const p = await shelvedProduct(ctx(), [0]);
    const subs = [];
    for (let i = 0; i < 10; i++) subs.push(await subscribe(ctx(), (await ctx().shopperSession()).headers, i % 3 === 0 ? 'sku' : 'product', i % 3 === 0 ? p.skuIds[0]! : p.productId));
    await ctx().db.transaction((tx) => ctx().services.inventory.adjust(tx, { skuId: p.skuIds[0]!, delta: 1, reason: 'restock', actor: 'test' }));
    const payload = { skuId: p.skuIds[0]!, productId: p.productId, sellable: 1, ledgerId: 1 };
    const claimed = await Promise.all([1, 2, 3].map(() => ctx().db.transaction((tx) => ctx().services.demand.onBackInStock(tx, payload))));
    expect(claimed.reduce((a, b) => a + b, 0)).toBe(10);
    const rows = await subscriptionRows(ctx(), subs.map((s) => s.id));
    expect(rows.every((r) => r.notifiedKind === 'demand.back_in_stock')).toBe(true);
  });

  it('tells each subscriber once per SKU when arrivals of two SKUs of one product are delivered together', async () => {
    const p = await shelvedProduct(ctx(), [0, 0], '并发商品二');
    const shoppers: { id: number; headers: Headers }[] = [];
    for (let i = 0; i < 12; i++) {
      const shopper = await ctx().shopperSession();
      shoppers.push(shopper);
      await subscribe(ctx(), shopper.headers, 'product', p.productId);
      await subscribe(ctx(), shopper.headers, 'sku', p.skuIds[i % 2]!);
    }
    await restock(ctx(), p.skuIds[0]!, 5);
    await restock(ctx(), p.skuIds[1]!, 5);
    await Promise.all([ctx().jobs.drain(), ctx().jobs.drain(), ctx().jobs.drain()]);
    await ctx().jobs.drain();
    let total = 0;
    for (const [i, shopper] of shoppers.entries()) {
      const skus = (await demandMessages(ctx(), shopper.id)).map((m) => (m.data as { skuId: number }).skuId);
      // The product wait ends at whichever arrival came first, the SKU wait at its own SKU's arrival.
      expect(new Set(skus).size, `shopper ${i}`).toBe(skus.length);
      expect(skus).toContain(p.skuIds[i % 2]);
      total += skus.length;
    }
    expect(total).toBe(18);
  });
});
