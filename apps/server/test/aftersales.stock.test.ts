import { and, count, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import {
  aftersalesCounts,
  apply,
  applyBody,
  call,
  drain,
  newBuyer,
  paidOrder,
  setupShop,
  ship,
  staffMove,
  unpaidOrder,
  type Buyer,
  type PlacedOrder,
  type Shop,
} from './aftersales-fixtures.ts';
import { createProduct } from './catalog-fixtures.ts';
import { expectStockExplained, stockOf } from './inventory-fixtures.ts';
import { stockLedger } from '../src/modules/inventory/inventory.tables.ts';

describeEachDatabase('after-sales: stock for returned goods and replacements', (ctx) => {
  let shop: Shop;
  let buyer: Buyer;
  const ticketLedger = (ticketId: number) =>
    ctx().db.select().from(stockLedger).where(and(eq(stockLedger.refType, 'aftersales'), eq(stockLedger.refId, String(ticketId)))).orderBy(stockLedger.id);
  const ledgerRows = async () => (await ctx().db.select({ n: count() }).from(stockLedger))[0]!.n;
  const numbers = async (skuId: number) => {
    const row = await stockOf(ctx(), skuId);
    return { onHand: row.onHand, reserved: row.reserved };
  };
  const newSku = async (initialStock: number) => {
    const created = await createProduct(ctx(), shop.owner.headers, { afterSalesAllowed: true, skus: [{ specValues: {}, price: 4_000, initialStock }] });
    return created.skus[0].id as number;
  };
  /** An order of `quantity` units, paid and shipped, and a ticket of `type` on it, approved and sent back. */
  const returnedTicket = async (skuId: number, quantity: number, type: 'exchange' | 'return_refund'): Promise<{ order: PlacedOrder; ticketId: number }> => {
    const order = await paidOrder(ctx(), buyer, [{ skuId, quantity }]);
    await ship(ctx(), shop.owner, order.id);
    const applied = await apply(ctx(), buyer, applyBody(order, { type, reason: '质量问题' }));
    await staffMove(ctx(), shop.service, applied.id, 'approve', {});
    const sent = await call(ctx(), 'POST', `/api/aftersales/${applied.id}/return-shipment`, buyer.headers, { carrier: '中通快递', trackingNo: `ZT${applied.id}0000` });
    expect(sent.statusCode, sent.body).toBe(200);
    return { order, ticketId: applied.id };
  };

  it('sets up a shop and a buyer', async () => {
    shop = await setupShop(ctx());
    buyer = await newBuyer(ctx());
  });

  it('exchange: the returned units go back on hand when received, the replacement leaves stock when shipped', async () => {
    const skuId = await newSku(5);
    const { ticketId } = await returnedTicket(skuId, 2, 'exchange');
    expect(await numbers(skuId)).toEqual({ onHand: 3, reserved: 0 });

    const received = await staffMove(ctx(), shop.service, ticketId, 'receive', { note: '包装完好' });
    expect(received.status).toBe('received');
    expect(await numbers(skuId)).toEqual({ onHand: 5, reserved: 0 });
    await staffMove(ctx(), shop.service, ticketId, 'ship-exchange', { carrier: '顺丰速运', trackingNo: 'SF7778889990' });
    expect(await numbers(skuId)).toEqual({ onHand: 3, reserved: 0 });

    const rows = await ticketLedger(ticketId);
    expect(rows.map((r) => [r.skuId, r.movement, r.reason, r.deltaOnHand, r.deltaReserved, r.onHandAfter, r.refId])).toEqual([
      [skuId, 'adjust', 'return', 2, 0, 5, String(ticketId)],
      [skuId, 'adjust', 'exchange', -2, 0, 3, String(ticketId)],
    ]);
    expect(rows.every((r) => r.actor.startsWith('staff:') && r.note?.startsWith('售后 AS'))).toBe(true);
    await expectStockExplained(ctx(), skuId);
  });

  it('exchange: refused with 409 INSUFFICIENT_STOCK and nothing changed when too little is sellable', async () => {
    const skuId = await newSku(1);
    const { ticketId } = await returnedTicket(skuId, 1, 'exchange');
    await staffMove(ctx(), shop.service, ticketId, 'receive', { restock: false });
    expect(await numbers(skuId)).toEqual({ onHand: 0, reserved: 0 });
    expect(await ticketLedger(ticketId)).toEqual([]);

    const refused = async () => {
      const before = { counts: await aftersalesCounts(ctx()), stock: await numbers(skuId), ledger: await ledgerRows() };
      const res = await call(ctx(), 'POST', `/api/admin/aftersales/${ticketId}/ship-exchange`, shop.service.headers, { carrier: '顺丰速运', trackingNo: 'SF1112223334' });
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json()).toMatchObject({ code: 'INSUFFICIENT_STOCK' });
      expect({ counts: await aftersalesCounts(ctx()), stock: await numbers(skuId), ledger: await ledgerRows() }).toEqual(before);
      expect((await call(ctx(), 'GET', `/api/admin/aftersales/${ticketId}`, shop.service.headers)).json()).toMatchObject({ status: 'received', exchangeTrackingNo: null });
      return res.json();
    };
    expect(await refused()).toMatchObject({ code: 'INSUFFICIENT_STOCK' });

    // On hand but held by another shopper's unpaid order: still not sellable.
    const restock = await call(ctx(), 'POST', `/api/admin/inventory/${skuId}/adjustments`, shop.owner.headers, { delta: 1, reason: 'restock' });
    expect(restock.statusCode, restock.body).toBe(201);
    const other = await newBuyer(ctx());
    await unpaidOrder(ctx(), other, [{ skuId, quantity: 1 }]);
    expect(await numbers(skuId)).toEqual({ onHand: 1, reserved: 1 });
    await refused();

    // Once there is a sellable unit, the replacement ships.
    await call(ctx(), 'POST', `/api/admin/inventory/${skuId}/adjustments`, shop.owner.headers, { delta: 1, reason: 'restock' });
    const shipped = await staffMove(ctx(), shop.service, ticketId, 'ship-exchange', { carrier: '顺丰速运', trackingNo: 'SF1112223334' });
    expect(shipped.status).toBe('exchanged');
    expect(await numbers(skuId)).toEqual({ onHand: 1, reserved: 1 });
    expect((await ticketLedger(ticketId)).map((r) => [r.reason, r.deltaOnHand])).toEqual([['exchange', -1]]);
    await expectStockExplained(ctx(), skuId);
  });

  it('return and refund: received goods are restocked by default, not when staff say so; the refund moves no stock', async () => {
    const skuId = await newSku(10);
    const first = await returnedTicket(skuId, 3, 'return_refund');
    expect(await numbers(skuId)).toEqual({ onHand: 7, reserved: 0 });
    for (const bad of [{ restock: 'yes' }, { restock: 1 }, { note: 'x'.repeat(501) }]) {
      const before = { counts: await aftersalesCounts(ctx()), stock: await numbers(skuId) };
      const res = await call(ctx(), 'POST', `/api/admin/aftersales/${first.ticketId}/receive`, shop.service.headers, bad);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
      expect({ counts: await aftersalesCounts(ctx()), stock: await numbers(skuId) }).toEqual(before);
    }
    const forbidden = await call(ctx(), 'POST', `/api/admin/aftersales/${first.ticketId}/receive`, shop.warehouse.headers, {});
    expect(forbidden.statusCode).toBe(403);
    expect(await numbers(skuId)).toEqual({ onHand: 7, reserved: 0 });

    await staffMove(ctx(), shop.service, first.ticketId, 'receive');
    expect(await numbers(skuId)).toEqual({ onHand: 10, reserved: 0 });
    await staffMove(ctx(), shop.service, first.ticketId, 'refund', {});
    await drain(ctx());
    expect((await call(ctx(), 'GET', `/api/aftersales/${first.ticketId}`, buyer.headers)).json().status).toBe('refunded');
    expect(await numbers(skuId)).toEqual({ onHand: 10, reserved: 0 });
    expect((await ticketLedger(first.ticketId)).map((r) => [r.movement, r.reason, r.deltaOnHand, r.onHandAfter])).toEqual([['adjust', 'return', 3, 10]]);

    const second = await returnedTicket(skuId, 2, 'return_refund');
    await staffMove(ctx(), shop.service, second.ticketId, 'receive', { restock: false, note: '商品已损坏，不可再售' });
    expect(await numbers(skuId)).toEqual({ onHand: 8, reserved: 0 });
    expect(await ticketLedger(second.ticketId)).toEqual([]);
    await expectStockExplained(ctx(), skuId);
  });

  it('takes exchange as a removal reason for manual adjustments too', async () => {
    const skuId = await newSku(4);
    const up = await call(ctx(), 'POST', `/api/admin/inventory/${skuId}/adjustments`, shop.owner.headers, { delta: 1, reason: 'exchange' });
    expect(up.statusCode).toBe(400);
    const down = await call(ctx(), 'POST', `/api/admin/inventory/${skuId}/adjustments`, shop.owner.headers, { delta: -1, reason: 'exchange', note: '线下换货' });
    expect(down.statusCode, down.body).toBe(201);
    expect(down.json().entry).toMatchObject({ reason: 'exchange', deltaOnHand: -1, refType: null });
    await expectStockExplained(ctx(), skuId);
  });
});
