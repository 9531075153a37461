import { and, count, eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { createStockedProduct, ledgerExplains, ledgerTotals, stockOf, type StockFixture } from './inventory-fixtures.ts';
import { auditLog } from '../src/platform/platform.tables.ts';

describeEachDatabase('inventory HTTP API', (ctx) => {
  let owner: { authorization: string };
  let warehouse: { authorization: string };
  let service: { authorization: string };
  let p: StockFixture;
  let q: StockFixture;

  beforeAll(async () => {
    owner = (await ctx().staffSession('owner')).headers;
    warehouse = (await ctx().staffSession('warehouse')).headers;
    service = (await ctx().staffSession('customer_service')).headers;
    p = await createStockedProduct(ctx(), [{ onHand: 10, threshold: 3 }, { onHand: 0 }, { onHand: 2, threshold: 5 }], '美的变频空调 KFR-35');
    q = await createStockedProduct(ctx(), [{ onHand: 7 }], '海尔冰箱 BCD-500');
  });

  const inject = (method: 'GET' | 'POST' | 'PUT', url: string, headers?: Record<string, string>, payload?: unknown) =>
    ctx().app.inject({ method, url, headers, payload: payload as never });
  const adjust = (skuId: number, body: unknown, headers: Record<string, string> = warehouse) => inject('POST', `/api/admin/inventory/${skuId}/adjustments`, headers, body);
  const audits = async (action: string) => (await ctx().db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, action)))[0]!.n;

  it('lets inventory readers read, writers write, and refuses everyone else', async () => {
    const sku = p.skuIds[0]!;
    expect((await inject('GET', '/api/admin/inventory')).statusCode).toBe(401);
    expect((await adjust(sku, { delta: 1, reason: 'restock' }, {})).statusCode).toBe(401);
    const shopper = (await ctx().shopperSession()).headers;
    expect((await inject('GET', '/api/admin/inventory', shopper)).statusCode).toBe(403);
    expect((await inject('GET', `/api/admin/stock-ledger`, shopper)).statusCode).toBe(403);
    expect((await inject('GET', '/api/admin/inventory', service)).statusCode).toBe(200);
    expect((await inject('GET', `/api/admin/inventory/${sku}`, service)).statusCode).toBe(200);
    expect((await inject('GET', '/api/admin/stock-ledger', service)).statusCode).toBe(200);
    expect((await inject('GET', '/api/admin/stocktakes', service)).statusCode).toBe(200);
    const refused = [
      await adjust(sku, { delta: 1, reason: 'restock' }, service),
      await inject('PUT', `/api/admin/inventory/${sku}/threshold`, service, { threshold: 1 }),
      await inject('POST', '/api/admin/stocktakes', service, { lines: [{ skuId: sku, countedOnHand: 1 }] }),
      await adjust(sku, { delta: 1, reason: 'restock' }, shopper),
    ];
    for (const res of refused) {
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN');
    }
    expect(await stockOf(ctx(), sku)).toMatchObject({ onHand: 10, lowStockThreshold: 3 });
  });

  it('lists stock with product, SKU code and barcode, filtered and paged', async () => {
    const all = (await inject('GET', `/api/admin/inventory?productId=${p.productId}`, owner)).json();
    expect(all.total).toBe(3);
    expect(all.items[0]).toMatchObject({
      skuId: p.skuIds[0],
      productId: p.productId,
      productTitle: '美的变频空调 KFR-35',
      specValues: { 颜色: '色0' },
      skuCode: p.codes[0],
      barcode: p.barcodes[0],
      onHand: 10,
      reserved: 0,
      sellable: 10,
      lowStockThreshold: 3,
      lowStock: false,
    });
    expect(typeof all.items[0].updatedAt).toBe('string');
    const byTitle = (await inject('GET', `/api/admin/inventory?q=${encodeURIComponent('变频空调')}`, owner)).json();
    expect(byTitle.items.map((i: { skuId: number }) => i.skuId)).toEqual(p.skuIds);
    const byCode = (await inject('GET', `/api/admin/inventory?q=${p.codes[2]}`, owner)).json();
    expect(byCode.items.map((i: { skuId: number }) => i.skuId)).toEqual([p.skuIds[2]]);
    const byBarcode = (await inject('GET', `/api/admin/inventory?q=${q.barcodes[0]}`, owner)).json();
    expect(byBarcode.items.map((i: { skuId: number }) => i.skuId)).toEqual([q.skuIds[0]]);
    expect((await inject('GET', `/api/admin/inventory?q=${encodeURIComponent('%')}`, owner)).json().total).toBe(0);
    const low = (await inject('GET', `/api/admin/inventory?lowStock=true&productId=${p.productId}`, owner)).json();
    expect(low.items.map((i: { skuId: number; lowStock: boolean }) => [i.skuId, i.lowStock])).toEqual([[p.skuIds[2], true]]);
    const out = (await inject('GET', `/api/admin/inventory?outOfStock=true&productId=${p.productId}`, owner)).json();
    expect(out.items.map((i: { skuId: number }) => i.skuId)).toEqual([p.skuIds[1]]);
    const paged = (await inject('GET', `/api/admin/inventory?productId=${p.productId}&page=2&pageSize=2`, owner)).json();
    expect(paged).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(paged.items.map((i: { skuId: number }) => i.skuId)).toEqual([p.skuIds[2]]);
    for (const bad of ['pageSize=1000', 'productId=abc', 'lowStock=maybe', `q=${'x'.repeat(101)}`, 'page=0']) {
      const res = await inject('GET', `/api/admin/inventory?${bad}`, owner);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
  });

  it('shows one SKU with its recent ledger and held reservations', async () => {
    const sku = q.skuIds[0]!;
    await ctx().db.transaction((tx) => ctx().services.inventory.reserve(tx, { refType: 'order', refId: 'http-detail', lines: [{ skuId: sku, quantity: 2 }], actor: 'order:1' }));
    const res = await inject('GET', `/api/admin/inventory/${sku}`, service);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ skuId: sku, onHand: 7, reserved: 2, sellable: 5, heldReservations: [{ refType: 'order', refId: 'http-detail', quantity: 2 }] });
    expect(res.json().recentLedger.map((e: { movement: string }) => e.movement)).toEqual(['reserve', 'initial']);
    const missing = await inject('GET', '/api/admin/inventory/987654', service);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('NOT_FOUND');
    expect((await inject('GET', '/api/admin/inventory/abc', service)).statusCode).toBe(400);
    expect((await inject('GET', '/api/admin/inventory/99999999999', service)).statusCode).toBe(400);
  });

  it('adjusts stock with an audit row and refuses bad or impossible adjustments leaving nothing changed', async () => {
    const sku = p.skuIds[0]!;
    const before = await audits('inventory.adjust');
    const res = await adjust(sku, { delta: 5, reason: 'restock', note: '供应商补货' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      stock: { skuId: sku, onHand: 15, sellable: 15 },
      entry: { movement: 'adjust', deltaOnHand: 5, onHandAfter: 15, reason: 'restock', note: '供应商补货', productTitle: '美的变频空调 KFR-35' },
    });
    expect(res.json().entry.actor).toMatch(/^staff:/);
    expect(await audits('inventory.adjust')).toBe(before + 1);
    const [audit] = await ctx().db.select().from(auditLog).where(and(eq(auditLog.action, 'inventory.adjust'), eq(auditLog.entityId, String(sku))));
    expect(audit).toMatchObject({ entityType: 'sku', changes: { delta: 5, reason: 'restock', onHand: [10, 15] } });

    await ctx().db.transaction((tx) => ctx().services.inventory.reserve(tx, { refType: 'order', refId: 'http-adj', lines: [{ skuId: sku, quantity: 12 }], actor: 'order:2' }));
    const ledgerRows = (await ledgerTotals(ctx(), sku)).rows;
    const bodies: unknown[] = [
      { delta: '5', reason: 'restock' },
      { delta: 1.5, reason: 'restock' },
      { reason: 'restock' },
      { delta: 5 },
      { delta: 5, reason: 'stolen-by-aliens' },
      { delta: 0, reason: 'correction' },
      { delta: 1e12, reason: 'restock' },
      { delta: -5, reason: 'restock' },
      { delta: 5, reason: 'damage' },
      { delta: 1, reason: 'restock', note: 'x'.repeat(501) },
      { delta: null, reason: 'restock' },
      [1, 2],
    ];
    for (const body of bodies) {
      const bad = await adjust(sku, body);
      expect(bad.statusCode, JSON.stringify(body)).toBe(400);
      expect(bad.headers['content-type']).toContain('application/problem+json');
    }
    const below = await adjust(sku, { delta: -4, reason: 'damage' }, { ...warehouse, 'accept-language': 'en' });
    expect(below.statusCode).toBe(409);
    expect(below.json()).toMatchObject({ code: 'STOCK_BELOW_RESERVED', title: '美的变频空调 KFR-35（色0）: 11 on hand would be fewer than the 12 units reserved' });
    const zhBelow = await adjust(sku, { delta: -4, reason: 'damage' });
    expect(zhBelow.json().title).toContain('已预留的 12 件');
    expect((await adjust(987_654, { delta: 1, reason: 'restock' })).statusCode).toBe(404);
    expect(await stockOf(ctx(), sku)).toMatchObject({ onHand: 15, reserved: 12 });
    expect((await ledgerTotals(ctx(), sku)).rows).toBe(ledgerRows);
    expect(await audits('inventory.adjust')).toBe(before + 1);
  });

  it('applies a retried adjustment once: same key replays, another body is refused, concurrent duplicates apply once', async () => {
    const sku = p.skuIds[1]!;
    const key = { ...warehouse, 'idempotency-key': 'adjust-key-0001' };
    const first = await adjust(sku, { delta: 3, reason: 'restock' }, key);
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const replay = await adjust(sku, { delta: 3, reason: 'restock' }, key);
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(first.json());
    expect(await stockOf(ctx(), sku)).toMatchObject({ onHand: 3 });
    const reused = await adjust(sku, { delta: 4, reason: 'restock' }, key);
    expect(reused.statusCode).toBe(422);
    expect(reused.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await stockOf(ctx(), sku)).toMatchObject({ onHand: 3 });

    const concurrentKey = { ...warehouse, 'idempotency-key': 'adjust-key-0002' };
    const pair = await Promise.all([adjust(sku, { delta: 2, reason: 'found' }, concurrentKey), adjust(sku, { delta: 2, reason: 'found' }, concurrentKey)]);
    expect(pair.map((r) => r.statusCode)).toEqual([201, 201]);
    expect(pair.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(1);
    expect(pair[0]!.json()).toEqual(pair[1]!.json());
    expect(await stockOf(ctx(), sku)).toMatchObject({ onHand: 5 });

    const refusedKey = { ...warehouse, 'idempotency-key': 'adjust-key-0003' };
    expect((await adjust(sku, { delta: -6, reason: 'loss' }, refusedKey)).statusCode).toBe(409);
    expect((await adjust(sku, { delta: -5, reason: 'loss' }, { ...warehouse, 'idempotency-key': 'short' })).statusCode).toBe(400);
    expect(await stockOf(ctx(), sku)).toMatchObject({ onHand: 5 });
    expect((await ledgerExplains(ctx(), sku)).ok).toBe(true);
  });

  it('sets a threshold with an audit row, and low-stock alerts reach the staff notifications', async () => {
    const sku = q.skuIds[0]!; // 7 on hand, 2 reserved
    const res = await inject('PUT', `/api/admin/inventory/${sku}/threshold`, warehouse, { threshold: 4 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ skuId: sku, lowStockThreshold: 4, sellable: 5, lowStock: false });
    expect(await audits('inventory.threshold')).toBeGreaterThan(0);
    for (const body of [{ threshold: -1 }, { threshold: 'ten' }, {}, { threshold: 1e12 }]) {
      expect((await inject('PUT', `/api/admin/inventory/${sku}/threshold`, warehouse, body)).statusCode).toBe(400);
    }
    expect((await inject('PUT', '/api/admin/inventory/987654/threshold', warehouse, { threshold: 1 })).statusCode).toBe(404);
    expect((await adjust(sku, { delta: -2, reason: 'damage' })).statusCode).toBe(201); // sellable 3 < 4
    await ctx().jobs.drain();
    const notes = (await inject('GET', '/api/admin/notifications', service)).json();
    const alert = notes.items.find((n: { kind: string; data: { skuId: number } }) => n.kind === 'low_stock' && n.data.skuId === sku);
    expect(alert).toMatchObject({ data: { skuId: sku, productId: q.productId, productTitle: '海尔冰箱 BCD-500', sellable: 3, threshold: 4 } });
  });

  it('records stocktakes and lists and shows them', async () => {
    const [a, b] = [p.skuIds[2]!, q.skuIds[0]!]; // a: 2 on hand; b: 5 on hand, 2 reserved
    const before = await audits('inventory.stocktake');
    const res = await inject('POST', '/api/admin/stocktakes', { ...warehouse, 'idempotency-key': 'stocktake-0001' }, { note: '年终盘点', lines: [{ skuId: b, countedOnHand: 6 }, { skuId: a, countedOnHand: 2 }] });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ note: '年终盘点', lineCount: 2, changedLineCount: 1, netDifference: 1 });
    const replay = await inject('POST', '/api/admin/stocktakes', { ...warehouse, 'idempotency-key': 'stocktake-0001' }, { note: '年终盘点', lines: [{ skuId: b, countedOnHand: 6 }, { skuId: a, countedOnHand: 2 }] });
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(res.json());
    expect(await stockOf(ctx(), b)).toMatchObject({ onHand: 6, reserved: 2 });
    expect(await audits('inventory.stocktake')).toBe(before + 1);
    const id = res.json().id;
    const shown = (await inject('GET', `/api/admin/stocktakes/${id}`, service)).json();
    expect(shown.lines).toEqual([
      expect.objectContaining({ skuId: a, expectedOnHand: 2, countedOnHand: 2, difference: 0, productTitle: '美的变频空调 KFR-35' }),
      expect.objectContaining({ skuId: b, expectedOnHand: 5, countedOnHand: 6, difference: 1 }),
    ]);
    const list = (await inject('GET', '/api/admin/stocktakes', service)).json();
    expect(list.items[0]).toMatchObject({ id, lineCount: 2 });
    expect((await inject('GET', '/api/admin/stocktakes/987654', service)).statusCode).toBe(404);

    const refused = await inject('POST', '/api/admin/stocktakes', warehouse, { lines: [{ skuId: a, countedOnHand: 9 }, { skuId: b, countedOnHand: 1 }] });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('STOCKTAKE_BELOW_RESERVED');
    for (const body of [
      { lines: [] },
      { lines: [{ skuId: a, countedOnHand: 1 }, { skuId: a, countedOnHand: 2 }] },
      { lines: [{ skuId: a, countedOnHand: -1 }] },
      { lines: [{ skuId: 'a', countedOnHand: 1 }] },
      { lines: [{ skuId: a, countedOnHand: 1e12 }] },
      { lines: Array.from({ length: 501 }, (_, i) => ({ skuId: i + 1, countedOnHand: 1 })) },
      {},
    ]) {
      expect((await inject('POST', '/api/admin/stocktakes', warehouse, body)).statusCode).toBe(400);
    }
    expect((await inject('POST', '/api/admin/stocktakes', warehouse, { lines: [{ skuId: a, countedOnHand: 9 }, { skuId: 987_654, countedOnHand: 1 }] })).statusCode).toBe(404);
    expect(await stockOf(ctx(), a)).toMatchObject({ onHand: 2 });
    expect(await audits('inventory.stocktake')).toBe(before + 1);
  });

  it('lists the stock ledger newest first with filters', async () => {
    const sku = p.skuIds[0]!;
    const bySku = (await inject('GET', `/api/admin/stock-ledger?skuId=${sku}`, service)).json();
    expect(bySku.items.map((e: { movement: string }) => e.movement)).toEqual(['reserve', 'adjust', 'initial']);
    expect(bySku.total).toBe(3);
    const ids = bySku.items.map((e: { id: number }) => e.id);
    expect([...ids].sort((x: number, y: number) => y - x)).toEqual(ids);
    const adjustments = (await inject('GET', `/api/admin/stock-ledger?skuId=${sku}&movement=adjust`, service)).json();
    expect(adjustments.items).toHaveLength(1);
    const byRef = (await inject('GET', '/api/admin/stock-ledger?refType=order&refId=http-adj', service)).json();
    expect(byRef.items.map((e: { skuId: number; deltaReserved: number }) => [e.skuId, e.deltaReserved])).toEqual([[sku, 12]]);

    ctx().clock.advance(3_600_000);
    const later = ctx().clock.now().toISOString();
    await adjust(sku, { delta: 1, reason: 'found' });
    const since = (await inject('GET', `/api/admin/stock-ledger?skuId=${sku}&from=${encodeURIComponent(later)}`, service)).json();
    expect(since.items.map((e: { movement: string }) => e.movement)).toEqual(['adjust']);
    const until = (await inject('GET', `/api/admin/stock-ledger?skuId=${sku}&to=${encodeURIComponent(later)}`, service)).json();
    expect(until.total).toBe(3);
    const paged = (await inject('GET', `/api/admin/stock-ledger?skuId=${sku}&pageSize=2&page=2`, service)).json();
    expect(paged).toMatchObject({ total: 4, page: 2, pageSize: 2 });
    expect(paged.items).toHaveLength(2);
    for (const bad of ['movement=teleport', 'from=yesterday', `from=${encodeURIComponent(later)}&to=${encodeURIComponent('2020-01-01T00:00:00Z')}`, 'skuId=-1', 'pageSize=101']) {
      const res = await inject('GET', `/api/admin/stock-ledger?${bad}`, service);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
  });
});
