import { and, count, eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { MAX_ON_HAND } from '@mall/contract';
import { describeEachDatabase } from './harness.ts';
import { createStockedProduct, ledgerExplains, ledgerTotals, stockOf } from './inventory-fixtures.ts';
import { stockLedger, stockReservations, stocktakeLines, stocktakes } from '../src/modules/inventory/inventory.tables.ts';
import { auditLog, outbox } from '../src/platform/platform.tables.ts';
import { staffNotifications } from '../src/modules/notifications/notifications.tables.ts';
import type { Tx } from '../src/platform/db.ts';

describeEachDatabase('inventory service', (ctx) => {
  const inv = () => ctx().services.inventory;
  const inTx = <T>(fn: (tx: Tx) => Promise<T>) => ctx().db.transaction(fn);
  const reserve = (refId: string, lines: { skuId: number; quantity: number }[], refType = 'order') =>
    inTx((tx) => inv().reserve(tx, { refType, refId, lines, actor: 'order:test' }));
  const release = (refId: string) => inTx((tx) => inv().release(tx, { refType: 'order', refId, reason: 'cancel', actor: 'order:test' }));
  const commit = (refId: string, skuIds?: number[]) => inTx((tx) => inv().commit(tx, { refType: 'order', refId, skuIds, actor: 'order:test' }));
  const ledgerRows = async (skuId: number) => (await ledgerTotals(ctx(), skuId)).rows;
  const reservationsOf = (refId: string) => ctx().db.select().from(stockReservations).where(eq(stockReservations.refId, refId));
  const auditCount = async (action: string) => (await ctx().db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, action)))[0]!.n;
  const lowStockNotifications = async (skuId: number) =>
    ctx()
      .db.select()
      .from(staffNotifications)
      .where(and(eq(staffNotifications.kind, 'low_stock'), sql`${staffNotifications.data}->>'skuId' = ${String(skuId)}`));
  const expectExplained = async (skuId: number) => expect((await ledgerExplains(ctx(), skuId)).ok).toBe(true);

  it('reserves stock, records the reservation and a ledger line, and lowers sellable', async () => {
    const p = await createStockedProduct(ctx(), [{ onHand: 10 }, { onHand: 4 }]);
    expect(await inv().hasStockMovements(ctx().db, p.skuIds)).toBe(false);
    const result = await reserve('r-basic', [{ skuId: p.skuIds[1]!, quantity: 2 }, { skuId: p.skuIds[0]!, quantity: 3 }]);
    expect(result.reserved).toEqual([{ skuId: p.skuIds[0], quantity: 3 }, { skuId: p.skuIds[1], quantity: 2 }]);
    expect(await stockOf(ctx(), p.skuIds[0]!)).toMatchObject({ onHand: 10, reserved: 3 });
    expect(await stockOf(ctx(), p.skuIds[1]!)).toMatchObject({ onHand: 4, reserved: 2 });
    const sellable = await inv().sellableBySkuIds(ctx().db, [...p.skuIds, 999_999]);
    expect([...sellable]).toEqual([[p.skuIds[0], 7], [p.skuIds[1], 2], [999_999, 0]]);
    const held = await reservationsOf('r-basic');
    expect(held.map((r) => [r.skuId, r.quantity, r.status]).sort()).toEqual([[p.skuIds[0], 3, 'held'], [p.skuIds[1], 2, 'held']].sort());
    const [entry] = await ctx().db.select().from(stockLedger).where(and(eq(stockLedger.skuId, p.skuIds[0]!), eq(stockLedger.movement, 'reserve')));
    expect(entry).toMatchObject({ deltaOnHand: 0, deltaReserved: 3, onHandAfter: 10, reservedAfter: 3, reason: 'order', refType: 'order', refId: 'r-basic', actor: 'order:test' });
    expect(await inv().hasStockMovements(ctx().db, [p.skuIds[1]!])).toBe(true);
    for (const skuId of p.skuIds) await expectExplained(skuId);
  });

  it('reserves all lines or none, naming the SKU that is short and what is sellable', async () => {
    const p = await createStockedProduct(ctx(), [{ onHand: 10 }, { onHand: 2 }], '限量手办');
    await reserve('r-other', [{ skuId: p.skuIds[1]!, quantity: 1 }]);
    const before = await Promise.all(p.skuIds.map((id) => ledgerRows(id)));
    await expect(reserve('r-short', [{ skuId: p.skuIds[0]!, quantity: 5 }, { skuId: p.skuIds[1]!, quantity: 2 }])).rejects.toMatchObject({
      code: 'INSUFFICIENT_STOCK',
      params: { skuId: p.skuIds[1], sellable: 1, requested: 2, sku: '限量手办（色1）' },
    });
    expect(await stockOf(ctx(), p.skuIds[0]!)).toMatchObject({ onHand: 10, reserved: 0 });
    expect(await stockOf(ctx(), p.skuIds[1]!)).toMatchObject({ onHand: 2, reserved: 1 });
    expect(await reservationsOf('r-short')).toEqual([]);
    expect(await Promise.all(p.skuIds.map((id) => ledgerRows(id)))).toEqual(before);
  });

  it('does not reserve twice for the same reference and SKU, and refuses a different quantity', async () => {
    const p = await createStockedProduct(ctx(), [{ onHand: 10 }, { onHand: 10 }]);
    await reserve('r-twice', [{ skuId: p.skuIds[0]!, quantity: 4 }]);
    const again = await reserve('r-twice', [{ skuId: p.skuIds[0]!, quantity: 4 }, { skuId: p.skuIds[1]!, quantity: 1 }]);
    expect(again).toEqual({ reserved: [{ skuId: p.skuIds[1], quantity: 1 }], alreadyHeld: [{ skuId: p.skuIds[0], quantity: 4 }] });
    expect(await stockOf(ctx(), p.skuIds[0]!)).toMatchObject({ reserved: 4 });
    await expect(reserve('r-twice', [{ skuId: p.skuIds[0]!, quantity: 5 }])).rejects.toMatchObject({ code: 'RESERVATION_CONFLICT' });
    expect(await stockOf(ctx(), p.skuIds[0]!)).toMatchObject({ reserved: 4 });
    await release('r-twice');
    await expect(reserve('r-twice', [{ skuId: p.skuIds[0]!, quantity: 4 }])).rejects.toMatchObject({ code: 'RESERVATION_CONFLICT' });
    for (const skuId of p.skuIds) await expectExplained(skuId);
  });

  it('merges repeated lines of one SKU and refuses bad lines and unknown SKUs with nothing changed', async () => {
    const p = await createStockedProduct(ctx(), [{ onHand: 10 }]);
    const sku = p.skuIds[0]!;
    await reserve('r-merge', [{ skuId: sku, quantity: 2 }, { skuId: sku, quantity: 3 }]);
    expect(await stockOf(ctx(), sku)).toMatchObject({ reserved: 5 });
    expect((await reservationsOf('r-merge'))[0]).toMatchObject({ quantity: 5 });
    for (const quantity of [0, -1, 1.5, 1e9, Number.NaN]) {
      await expect(reserve('r-bad', [{ skuId: sku, quantity }])).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    }
    await expect(reserve('r-bad', [])).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(reserve('', [{ skuId: sku, quantity: 1 }])).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(reserve('r-bad', [{ skuId: sku, quantity: 1 }, { skuId: 987_654, quantity: 1 }])).rejects.toMatchObject({ code: 'NOT_FOUND', params: { id: 987_654 } });
    expect(await stockOf(ctx(), sku)).toMatchObject({ onHand: 10, reserved: 5 });
    expect(await reservationsOf('r-bad')).toEqual([]);
    await expectExplained(sku);
  });

  it('releases held units exactly once', async () => {
    const p = await createStockedProduct(ctx(), [{ onHand: 6 }, { onHand: 6 }]);
    await reserve('r-rel', [{ skuId: p.skuIds[0]!, quantity: 2 }, { skuId: p.skuIds[1]!, quantity: 6 }]);
    expect(await release('r-rel')).toEqual({ released: [{ skuId: p.skuIds[0], quantity: 2 }, { skuId: p.skuIds[1], quantity: 6 }] });
    expect(await release('r-rel')).toEqual({ released: [] });
    expect(await release('r-never-reserved')).toEqual({ released: [] });
    for (const skuId of p.skuIds) {
      expect(await stockOf(ctx(), skuId)).toMatchObject({ onHand: 6, reserved: 0 });
      await expectExplained(skuId);
    }
    expect((await reservationsOf('r-rel')).every((r) => r.status === 'released' && r.settledAt !== null)).toBe(true);
    const releases = await ctx().db.select().from(stockLedger).where(and(eq(stockLedger.refId, 'r-rel'), eq(stockLedger.movement, 'release')));
    expect(releases.map((r) => r.deltaReserved).sort()).toEqual([-2, -6]);
    expect(releases.every((r) => r.reason === 'cancel')).toBe(true);
  });

  it('commits on shipment, partially by SKU, once, and a committed reservation is not released', async () => {
    const p = await createStockedProduct(ctx(), [{ onHand: 8 }, { onHand: 8 }]);
    await reserve('r-ship', [{ skuId: p.skuIds[0]!, quantity: 3 }, { skuId: p.skuIds[1]!, quantity: 2 }]);
    expect(await commit('r-ship', [p.skuIds[1]!])).toEqual({ committed: [{ skuId: p.skuIds[1], quantity: 2 }] });
    expect(await stockOf(ctx(), p.skuIds[1]!)).toMatchObject({ onHand: 6, reserved: 0 });
    expect(await stockOf(ctx(), p.skuIds[0]!)).toMatchObject({ onHand: 8, reserved: 3 });
    expect(await commit('r-ship', [p.skuIds[1]!])).toEqual({ committed: [] });
    expect(await commit('r-ship')).toEqual({ committed: [{ skuId: p.skuIds[0], quantity: 3 }] });
    expect(await commit('r-ship')).toEqual({ committed: [] });
    expect(await release('r-ship')).toEqual({ released: [] });
    expect(await stockOf(ctx(), p.skuIds[0]!)).toMatchObject({ onHand: 5, reserved: 0 });
    const [entry] = await ctx().db.select().from(stockLedger).where(and(eq(stockLedger.skuId, p.skuIds[0]!), eq(stockLedger.movement, 'commit')));
    expect(entry).toMatchObject({ deltaOnHand: -3, deltaReserved: -3, onHandAfter: 5, reservedAfter: 0, reason: 'shipment' });
    for (const skuId of p.skuIds) await expectExplained(skuId);
  });

  it('adjusts stock by hand with a ledger line and an audit row', async () => {
    const p = await createStockedProduct(ctx(), [{ onHand: 5 }]);
    const sku = p.skuIds[0]!;
    const audits = await auditCount('inventory.adjust');
    const restock = await inv().adjust(undefined, { skuId: sku, delta: 20, reason: 'restock', note: '到货', actor: 'system' });
    expect(restock.stock).toMatchObject({ skuId: sku, onHand: 25, reserved: 0, sellable: 25, productTitle: p.title });
    expect(restock.entry).toMatchObject({ movement: 'adjust', deltaOnHand: 20, deltaReserved: 0, onHandAfter: 25, reason: 'restock', note: '到货', actor: 'system' });
    await inv().adjust(undefined, { skuId: sku, delta: -4, reason: 'damage', actor: 'system' });
    expect(await stockOf(ctx(), sku)).toMatchObject({ onHand: 21 });
    expect(await auditCount('inventory.adjust')).toBe(audits + 2);
    await expectExplained(sku);
  });

  it('refuses an adjustment below reserved, below zero, beyond the maximum or against its reason, changing nothing', async () => {
    const p = await createStockedProduct(ctx(), [{ onHand: 10 }, { onHand: MAX_ON_HAND - 5 }]);
    const sku = p.skuIds[0]!;
    await reserve('r-adj', [{ skuId: sku, quantity: 7 }]);
    const rows = await ledgerRows(sku);
    const audits = await auditCount('inventory.adjust');
    const adjust = (delta: number, reason: 'loss' | 'restock' | 'correction' | 'damage' = 'correction', skuId = sku) =>
      inv().adjust(undefined, { skuId, delta, reason, actor: 'system' });
    await expect(adjust(-4, 'loss')).rejects.toMatchObject({ code: 'STOCK_BELOW_RESERVED', params: { onHand: 6, reserved: 7 } });
    await expect(adjust(-11)).rejects.toMatchObject({ code: 'STOCK_NEGATIVE', params: { current: 10, decrease: 11 } });
    await expect(adjust(10, 'correction', p.skuIds[1]!)).rejects.toMatchObject({ code: 'STOCK_LIMIT_EXCEEDED' });
    await expect(adjust(3, 'damage')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(adjust(-3, 'restock')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(adjust(0)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(adjust(1_000_001)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(adjust(2, 'restock', 987_654)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await stockOf(ctx(), sku)).toMatchObject({ onHand: 10, reserved: 7 });
    expect(await stockOf(ctx(), p.skuIds[1]!)).toMatchObject({ onHand: MAX_ON_HAND - 5 });
    expect(await ledgerRows(sku)).toBe(rows);
    expect(await auditCount('inventory.adjust')).toBe(audits);
    await adjust(-3, 'loss');
    expect(await stockOf(ctx(), sku)).toMatchObject({ onHand: 7, reserved: 7 });
    await expectExplained(sku);
  });

  it('takes stock: counted numbers replace on hand, with expected vs counted and ledger lines only for changes', async () => {
    const p = await createStockedProduct(ctx(), [{ onHand: 10 }, { onHand: 5 }, { onHand: 0 }]);
    await reserve('r-count', [{ skuId: p.skuIds[0]!, quantity: 2 }]);
    const audits = await auditCount('inventory.stocktake');
    const result = await inv().stocktake(undefined, {
      note: '月度盘点',
      actor: 'system',
      lines: [
        { skuId: p.skuIds[2]!, countedOnHand: 3 },
        { skuId: p.skuIds[0]!, countedOnHand: 8 },
        { skuId: p.skuIds[1]!, countedOnHand: 5 },
      ],
    });
    expect(result).toMatchObject({ note: '月度盘点', actor: 'system', lineCount: 3, changedLineCount: 2, netDifference: 1 });
    expect(result.lines.map((l) => [l.skuId, l.expectedOnHand, l.countedOnHand, l.difference])).toEqual([
      [p.skuIds[0], 10, 8, -2],
      [p.skuIds[1], 5, 5, 0],
      [p.skuIds[2], 0, 3, 3],
    ]);
    expect(await stockOf(ctx(), p.skuIds[0]!)).toMatchObject({ onHand: 8, reserved: 2 });
    expect(await stockOf(ctx(), p.skuIds[2]!)).toMatchObject({ onHand: 3 });
    const entries = await ctx().db.select().from(stockLedger).where(and(eq(stockLedger.refType, 'stocktake'), eq(stockLedger.refId, String(result.id))));
    expect(entries.map((e) => [e.skuId, e.deltaOnHand, e.note]).sort()).toEqual([[p.skuIds[0], -2, '月度盘点'], [p.skuIds[2], 3, '月度盘点']].sort());
    expect(await auditCount('inventory.stocktake')).toBe(audits + 1);
    for (const skuId of p.skuIds) await expectExplained(skuId);
  });

  it('refuses a whole stocktake when one count is below reserved or a SKU is unknown', async () => {
    const p = await createStockedProduct(ctx(), [{ onHand: 10 }, { onHand: 10 }]);
    await reserve('r-count2', [{ skuId: p.skuIds[1]!, quantity: 4 }]);
    const [before] = await ctx().db.select({ n: count() }).from(stocktakes);
    const [linesBefore] = await ctx().db.select({ n: count() }).from(stocktakeLines);
    const take = (lines: { skuId: number; countedOnHand: number }[]) => inv().stocktake(undefined, { lines, actor: 'system' });
    await expect(take([{ skuId: p.skuIds[0]!, countedOnHand: 1 }, { skuId: p.skuIds[1]!, countedOnHand: 3 }])).rejects.toMatchObject({
      code: 'STOCKTAKE_BELOW_RESERVED',
      params: { skuId: p.skuIds[1], counted: 3, reserved: 4 },
    });
    await expect(take([{ skuId: p.skuIds[0]!, countedOnHand: 1 }, { skuId: 987_654, countedOnHand: 3 }])).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(take([{ skuId: p.skuIds[0]!, countedOnHand: 1 }, { skuId: p.skuIds[0]!, countedOnHand: 3 }])).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(take([{ skuId: p.skuIds[0]!, countedOnHand: -1 }])).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(take([])).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await stockOf(ctx(), p.skuIds[0]!)).toMatchObject({ onHand: 10 });
    expect(await ctx().db.select({ n: count() }).from(stocktakes)).toEqual([before]);
    expect(await ctx().db.select({ n: count() }).from(stocktakeLines)).toEqual([linesBefore]);
    await expectExplained(p.skuIds[0]!);
  });

  it('raises one low-stock alert per dip below the threshold, and again after stock recovers', async () => {
    const p = await createStockedProduct(ctx(), [{ onHand: 10, threshold: 5 }], '蓝牙音箱');
    const sku = p.skuIds[0]!;
    await reserve('low-1', [{ skuId: sku, quantity: 5 }]); // sellable 5: not below
    await ctx().jobs.drain();
    expect(await lowStockNotifications(sku)).toHaveLength(0);
    await reserve('low-2', [{ skuId: sku, quantity: 1 }]); // 4 < 5: alert
    await reserve('low-3', [{ skuId: sku, quantity: 2 }]); // still in the dip
    await inv().adjust(undefined, { skuId: sku, delta: -1, reason: 'damage', actor: 'system' });
    expect(await stockOf(ctx(), sku)).toMatchObject({ lowStockAlerted: true });
    await ctx().jobs.drain();
    const first = await lowStockNotifications(sku);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({
      permission: 'inventory.read',
      data: { skuId: sku, productId: p.productId, productTitle: '蓝牙音箱', sellable: 4, threshold: 5 },
    });
    expect(first[0]!.titleZh).toContain('蓝牙音箱');
    await release('low-3'); // sellable 1 → 3: still in the dip
    expect(await stockOf(ctx(), sku)).toMatchObject({ lowStockAlerted: true });
    await release('low-1'); // 3 → 8: above the threshold again, flag clears
    expect(await stockOf(ctx(), sku)).toMatchObject({ lowStockAlerted: false });
    await reserve('low-4', [{ skuId: sku, quantity: 4 }]); // 4: a new dip
    await ctx().jobs.drain();
    expect(await lowStockNotifications(sku)).toHaveLength(2);
    await ctx().jobs.drain();
    expect(await lowStockNotifications(sku)).toHaveLength(2);
  });

  it('raises no alert for a rolled-back change or a threshold of 0, and none for setting a threshold', async () => {
    const p = await createStockedProduct(ctx(), [{ onHand: 10, threshold: 8 }, { onHand: 3 }]);
    await inTx(async (tx) => {
      await inv().reserve(tx, { refType: 'order', refId: 'low-rb', lines: [{ skuId: p.skuIds[0]!, quantity: 5 }], actor: 'x' });
      throw new Error('order failed later');
    }).catch(() => undefined);
    await reserve('low-zero', [{ skuId: p.skuIds[1]!, quantity: 3 }]);
    const changed = await inv().setThreshold(undefined, { skuId: p.skuIds[1]!, threshold: 2, actor: 'system' });
    expect(changed).toMatchObject({ lowStockThreshold: 2, lowStock: true, lowStockAlerted: true });
    await ctx().jobs.drain();
    expect(await lowStockNotifications(p.skuIds[0]!)).toHaveLength(0);
    expect(await lowStockNotifications(p.skuIds[1]!)).toHaveLength(0);
    expect(await stockOf(ctx(), p.skuIds[0]!)).toMatchObject({ reserved: 0, lowStockAlerted: false });
    await expect(inv().setThreshold(undefined, { skuId: 987_654, threshold: 2, actor: 'system' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(inv().setThreshold(undefined, { skuId: p.skuIds[0]!, threshold: -1, actor: 'system' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const [pending] = await ctx().db.select({ n: count() }).from(outbox).where(eq(outbox.status, 'pending'));
    expect(pending!.n).toBe(0);
  });
});

