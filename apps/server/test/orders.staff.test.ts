import { beforeAll, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { describeEachDatabase } from './harness.ts';
import { expectStockExplained, stockOf } from './inventory-fixtures.ts';
import { auditRows } from './catalog-fixtures.ts';
import {
  call,
  checkoutCounts,
  drain,
  eventTypes,
  getOrder,
  grantPoints,
  heldFor,
  messageKinds,
  newBuyer,
  paidOrder,
  payOrder,
  pointsBalance,
  productWith,
  staffOrder,
  trackingNo,
  unpaidOrder,
  type Buyer,
  type Session,
  type Sku,
} from './orders-fixtures.ts';
import { refunds } from '../src/modules/payments/payments.tables.ts';
import { shoppers } from '../src/modules/accounts/accounts.tables.ts';

describeEachDatabase('orders: staff work and access', (ctx) => {
  let owner: Session;
  let operator: Session;
  let warehouse: Session;
  let service: Session;
  let lamp: Sku;
  let mug: Sku;

  beforeAll(async () => {
    owner = await ctx().staffSession('owner');
    operator = await ctx().staffSession('operator');
    warehouse = await ctx().staffSession('warehouse');
    service = await ctx().staffSession('customer_service');
    lamp = await productWith(ctx(), owner.headers, 20_000, 100, { title: '台灯' });
    mug = await productWith(ctx(), owner.headers, 4_000, 100, { title: '马克杯' });
  });

  it('closes a paid order with a refund: stock back, money back through the payment, points back', async () => {
    const c = ctx();
    const buyer = await newBuyer(c);
    await grantPoints(c, owner.headers, buyer.id, 1_000);
    const before = await stockOf(c, lamp.skuId);
    const order = await unpaidOrder(c, buyer, [{ skuId: lamp.skuId, quantity: 2 }], { points: 1_000 });
    expect(order.totalAmount).toBe(40_000 - 1_000);
    await payOrder(c, buyer, order.id);
    expect(await pointsBalance(c, buyer)).toBe(0);

    const noRefund = await call(c, 'POST', `/api/admin/orders/${order.id}/close`, operator.headers, { reason: '缺货' });
    expect(noRefund.statusCode).toBe(400);
    const res = await call(c, 'POST', `/api/admin/orders/${order.id}/close`, operator.headers, { reason: '缺货，无法发货', refund: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'closed', closeReason: '缺货，无法发货', refundedAmount: 39_000, staffActions: { canShip: false, canClose: false } });
    expect(res.json().lines[0]).toMatchObject({ refundedQuantity: 2, refundedAmount: 39_000 });
    const [refund] = await c.db.select().from(refunds).where(and(eq(refunds.refType, 'order'), eq(refunds.refId, String(order.id))));
    expect(refund).toMatchObject({ amount: 39_000, reason: '缺货，无法发货' });
    expect((await stockOf(c, lamp.skuId)).reserved).toBe(before.reserved);
    await expectStockExplained(c, lamp.skuId);
    expect(await pointsBalance(c, buyer)).toBe(1_000);
    await drain(c);
    expect(await eventTypes(c, order.id)).toEqual(['order.placed', 'order.paid', 'order.closed', 'refund.succeeded']);
    expect(await messageKinds(c, buyer.id)).toEqual(expect.arrayContaining(['order.closed', 'order.refund_succeeded']));
    expect(await auditRows(c, 'order.close', order.id)).toHaveLength(1);

    const again = await call(c, 'POST', `/api/admin/orders/${order.id}/close`, operator.headers, { reason: '再关一次', refund: true });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('ORDER_STATE_INVALID');
  });

  it('refuses bad shipments and leaves the order as it was', async () => {
    const c = ctx();
    const buyer = await newBuyer(c);
    const unpaid = await unpaidOrder(c, buyer, [{ skuId: mug.skuId, quantity: 1 }]);
    const early = await call(c, 'POST', `/api/admin/orders/${unpaid.id}/ship`, warehouse.headers, { carrier: '顺丰速运', trackingNo: trackingNo() });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('ORDER_STATE_INVALID');

    const order = await paidOrder(c, buyer, [{ skuId: mug.skuId, quantity: 2 }]);
    const lineId = order.lines[0].id;
    const used = trackingNo();
    const other = await paidOrder(c, buyer, [{ skuId: mug.skuId, quantity: 1 }]);
    expect((await call(c, 'POST', `/api/admin/orders/${other.id}/ship`, warehouse.headers, { carrier: '顺丰速运', trackingNo: used })).statusCode).toBe(200);
    const before = await checkoutCounts(c);
    const cases: [unknown, number, string][] = [
      [{ carrier: '顺丰速运', trackingNo: trackingNo(), lines: [{ orderLineId: lineId, quantity: 3 }] }, 409, 'SHIPMENT_QUANTITY_INVALID'],
      [{ carrier: '顺丰速运', trackingNo: trackingNo(), lines: [{ orderLineId: other.lines[0].id, quantity: 1 }] }, 422, 'ORDER_LINE_UNKNOWN'],
      [{ carrier: '顺丰速运', trackingNo: used }, 409, 'SHIPMENT_TRACKING_TAKEN'],
      [{ carrier: '顺丰速运', trackingNo: 'SF 12 34' }, 400, 'VALIDATION_FAILED'],
      [{ carrier: '', trackingNo: trackingNo() }, 400, 'VALIDATION_FAILED'],
      [{ carrier: '顺丰速运', trackingNo: trackingNo(), lines: [] }, 400, 'VALIDATION_FAILED'],
      [{ carrier: '顺丰速运', trackingNo: trackingNo(), lines: [{ orderLineId: lineId, quantity: 1 }, { orderLineId: lineId, quantity: 1 }] }, 400, 'VALIDATION_FAILED'],
      [{ carrier: '顺丰速运', trackingNo: trackingNo(), lines: [{ orderLineId: lineId, quantity: 0 }] }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [body, status, code] of cases) {
      const res = await call(c, 'POST', `/api/admin/orders/${order.id}/ship`, warehouse.headers, body);
      expect(res.statusCode, `${JSON.stringify(body)} → ${res.body}`).toBe(status);
      expect(res.json().code).toBe(code);
    }
    const unknown = await call(c, 'POST', '/api/admin/orders/2000000000/ship', warehouse.headers, { carrier: '顺丰速运', trackingNo: trackingNo() });
    expect(unknown.statusCode).toBe(404);
    const badId = await call(c, 'POST', '/api/admin/orders/abc/ship', warehouse.headers, { carrier: '顺丰速运', trackingNo: trackingNo() });
    expect(badId.statusCode).toBe(400);
    expect(await checkoutCounts(c)).toEqual(before);
    expect((await staffOrder(c, owner, order.id)).lines[0].shippedQuantity).toBe(0);
    expect(await auditRows(c, 'order.ship', order.id)).toHaveLength(0);
    const ok = await call(c, 'POST', `/api/admin/orders/${order.id}/ship`, warehouse.headers, { carrier: '顺丰速运', trackingNo: trackingNo() });
    expect(ok.statusCode).toBe(200);
    expect(await auditRows(c, 'order.ship', order.id)).toHaveLength(1);
  });

  it('lets each role do only what its permissions allow', async () => {
    const c = ctx();
    const buyer = await newBuyer(c);
    const order = await paidOrder(c, buyer, [{ skuId: mug.skuId, quantity: 1 }]);
    const path = `/api/admin/orders/${order.id}`;
    const ship = { carrier: '中通快递', trackingNo: trackingNo() };
    const close = { reason: '测试', refund: true };
    for (const who of [warehouse, service, operator]) {
      expect((await call(c, 'GET', '/api/admin/orders', who.headers)).statusCode).toBe(200);
      expect((await call(c, 'GET', path, who.headers)).statusCode).toBe(200);
    }
    expect((await call(c, 'POST', `${path}/ship`, service.headers, ship)).statusCode).toBe(403);
    expect((await call(c, 'POST', `${path}/remarks`, service.headers, { remark: 'x' })).statusCode).toBe(403);
    expect((await call(c, 'POST', `${path}/close`, service.headers, close)).statusCode).toBe(403);
    expect((await call(c, 'POST', `${path}/close`, warehouse.headers, close)).statusCode).toBe(403);
    expect((await call(c, 'GET', '/api/admin/orders/export.csv', warehouse.headers)).statusCode).toBe(403);
    expect((await call(c, 'GET', '/api/admin/orders/export.csv', service.headers)).statusCode).toBe(403);
    expect((await call(c, 'GET', '/api/admin/orders', {})).statusCode).toBe(401);
    expect((await call(c, 'GET', path, buyer.headers)).statusCode).toBe(403);
    expect((await staffOrder(c, owner, order.id)).status).toBe('awaiting_shipment');

    const remark = await call(c, 'POST', `${path}/remarks`, warehouse.headers, { remark: '易碎，加固包装' });
    expect(remark.statusCode, remark.body).toBe(200);
    expect(remark.json()).toMatchObject({ staffRemark: '易碎，加固包装' });
    expect(remark.json().timeline.at(-1)).toMatchObject({ type: 'order.remarked', note: '易碎，加固包装' });
    expect(await auditRows(c, 'order.remark', order.id)).toHaveLength(1);
    expect((await getOrder(c, buyer, order.id)).timeline.map((e: { type: string }) => e.type)).not.toContain('order.remarked');
    expect((await getOrder(c, buyer, order.id))).not.toHaveProperty('staffRemark');
    const shipped = await call(c, 'POST', `${path}/ship`, warehouse.headers, ship);
    expect(shipped.statusCode, shipped.body).toBe(200);
    expect(shipped.json().status).toBe('shipped');
  });

  it("keeps every shopper to their own orders: another's order is not found", async () => {
    const c = ctx();
    const alice = await newBuyer(c);
    const bob = await newBuyer(c);
    const unpaid = await unpaidOrder(c, alice, [{ skuId: mug.skuId, quantity: 1 }]);
    const paid = await paidOrder(c, alice, [{ skuId: mug.skuId, quantity: 1 }]);
    await call(c, 'POST', `/api/admin/orders/${paid.id}/ship`, warehouse.headers, { carrier: '顺丰速运', trackingNo: trackingNo() });
    const before = await checkoutCounts(c);
    const attempts = [
      call(c, 'GET', `/api/orders/${unpaid.id}`, bob.headers),
      call(c, 'POST', `/api/orders/${unpaid.id}/cancel`, bob.headers),
      call(c, 'POST', `/api/orders/${unpaid.id}/payments`, bob.headers, { provider: 'sandbox' }),
      call(c, 'POST', `/api/orders/${paid.id}/confirm-receipt`, bob.headers),
      call(c, 'GET', '/api/orders/2000000000', bob.headers),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.statusCode, res.body).toBe(404);
      expect(res.json().code).toBe('NOT_FOUND');
    }
    const list = await call(c, 'GET', '/api/orders', bob.headers);
    expect(list.json()).toMatchObject({ items: [], total: 0 });
    expect(await checkoutCounts(c)).toEqual(before);
    expect((await getOrder(c, alice, unpaid.id)).status).toBe('awaiting_payment');
    expect((await getOrder(c, alice, paid.id)).status).toBe('shipped');
    expect((await call(c, 'GET', `/api/orders/${unpaid.id}`, {})).statusCode).toBe(401);
  });

  it('refuses shopper moves the order cannot make, with nothing changed', async () => {
    const c = ctx();
    const buyer = await newBuyer(c);
    const paid = await paidOrder(c, buyer, [{ skuId: mug.skuId, quantity: 1 }]);
    const cases = [
      [`/api/orders/${paid.id}/cancel`, undefined, 409, 'ORDER_STATE_INVALID'],
      [`/api/orders/${paid.id}/confirm-receipt`, undefined, 409, 'ORDER_STATE_INVALID'],
      [`/api/orders/${paid.id}/payments`, { provider: 'sandbox' }, 409, 'ORDER_STATE_INVALID'],
      [`/api/orders/${paid.id}/payments`, { provider: 'paypal' }, 400, 'VALIDATION_FAILED'],
      [`/api/orders/${paid.id}/payments`, {}, 400, 'VALIDATION_FAILED'],
      [`/api/orders/${paid.id}/cancel`, { reason: 'x'.repeat(201) }, 400, 'VALIDATION_FAILED'],
      ['/api/orders/0/cancel', undefined, 400, 'VALIDATION_FAILED'],
    ] as const;
    const before = await checkoutCounts(c);
    for (const [url, body, status, code] of cases) {
      const res = await call(c, 'POST', url, buyer.headers, body);
      expect(res.statusCode, `${url} → ${res.body}`).toBe(status);
      expect(res.json().code).toBe(code);
    }
    expect(await checkoutCounts(c)).toEqual(before);
    expect((await getOrder(c, buyer, paid.id)).status).toBe('awaiting_shipment');
  });

  it('lists the shopper’s orders by status with counts for the tabs', async () => {
    const c = ctx();
    const buyer = await newBuyer(c);
    const a = await unpaidOrder(c, buyer, [{ skuId: mug.skuId, quantity: 1 }]);
    const b = await paidOrder(c, buyer, [{ skuId: lamp.skuId, quantity: 1 }]);
    const cancelled = await unpaidOrder(c, buyer, [{ skuId: mug.skuId, quantity: 2 }]);
    expect((await call(c, 'POST', `/api/orders/${cancelled.id}/cancel`, buyer.headers)).statusCode).toBe(200);
    const all = await call(c, 'GET', '/api/orders?pageSize=2', buyer.headers);
    expect(all.statusCode, all.body).toBe(200);
    expect(all.json()).toMatchObject({ total: 3, page: 1, pageSize: 2, counts: { awaiting_payment: 1, awaiting_shipment: 1, cancelled: 1, shipped: 0 } });
    expect(all.json().items.map((o: { id: number }) => o.id)).toEqual([cancelled.id, b.id]);
    const unpaid = await call(c, 'GET', '/api/orders?status=awaiting_payment', buyer.headers);
    expect(unpaid.json().items.map((o: { id: number }) => o.id)).toEqual([a.id]);
    expect(unpaid.json().items[0]).toMatchObject({ itemCount: 1, lines: [expect.objectContaining({ title: '马克杯' })] });
    expect((await call(c, 'GET', '/api/orders?status=lost', buyer.headers)).statusCode).toBe(400);
    expect((await call(c, 'GET', '/api/orders?pageSize=1000', buyer.headers)).statusCode).toBe(400);
  });

  it('finds orders for staff by status, number, shopper, date, product and words, and exports them', async () => {
    const c = ctx();
    const buyer: Buyer = await newBuyer(c);
    const vase = await productWith(c, owner.headers, 8_800, 10, { title: '青花瓷花瓶' });
    const first = await paidOrder(c, buyer, [{ skuId: vase.skuId, quantity: 2 }, { skuId: mug.skuId, quantity: 1 }]);
    c.clock.advance(3_600_000);
    const from = c.clock.now().toISOString();
    const second = await unpaidOrder(c, buyer, [{ skuId: vase.skuId, quantity: 1 }], { note: '=cmd|calc' });
    const ids = async (query: string) => {
      const res = await call(c, 'GET', `/api/admin/orders?${query}`, service.headers);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items.map((o: { id: number }) => o.id);
    };
    expect(await ids(`productId=${vase.productId}`)).toEqual([second.id, first.id]);
    expect(await ids(`productId=${vase.productId}&status=awaiting_shipment`)).toEqual([first.id]);
    expect(await ids(`orderNo=${first.orderNo}`)).toEqual([first.id]);
    expect(await ids(`q=${encodeURIComponent('青花瓷')}`)).toEqual([second.id, first.id]);
    expect(await ids(`productId=${vase.productId}&from=${encodeURIComponent(from)}`)).toEqual([second.id]);
    expect(await ids(`productId=${vase.productId}&to=${encodeURIComponent(from)}`)).toEqual([first.id]);
    const [{ email }] = (await c.db.select({ email: shoppers.email }).from(shoppers).where(eq(shoppers.id, buyer.id))) as [{ email: string }];
    expect(await ids(`shopper=${encodeURIComponent(email.toUpperCase())}`)).toEqual([second.id, first.id]);
    expect(await ids('shopper=13000000000')).toEqual([]);
    const page = await call(c, 'GET', `/api/admin/orders?productId=${vase.productId}`, service.headers);
    expect(page.json()).toMatchObject({ total: 2, counts: { awaiting_payment: 1, awaiting_shipment: 1 } });
    expect(page.json().items[1]).toMatchObject({ receiver: '李四', receiverPhone: '13912345678', shopper: { id: buyer.id, email } });
    for (const bad of ['from=yesterday', `from=${encodeURIComponent(from)}&to=${encodeURIComponent(from)}`, 'productId=-1', `q=${'x'.repeat(101)}`]) {
      expect((await call(c, 'GET', `/api/admin/orders?${bad}`, service.headers)).statusCode, bad).toBe(400);
    }

    const csv = await call(c, 'GET', `/api/admin/orders/export.csv?productId=${vase.productId}`, operator.headers);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.startsWith('\uFEFF订单号,')).toBe(true);
    const rows = csv.body.trim().split('\r\n');
    expect(rows).toHaveLength(1 + 3);
    expect(rows[1]).toContain(`${first.orderNo},`);
    expect(rows[1]).toContain('青花瓷花瓶,,');
    expect(rows[1]).toContain(',88.00,2,176.00,');
    expect(rows[3]).toContain(`${second.orderNo},`);
    expect(rows[3]).toContain("'=cmd|calc");
  });

  it('records refunds for after-sales: stock back for unshipped units, closes when all is refunded', async () => {
    const c = ctx();
    const buyer = await newBuyer(c);
    const stranger = await newBuyer(c);
    const order = await paidOrder(c, buyer, [{ skuId: lamp.skuId, quantity: 3 }]);
    const orders = c.services.orders;
    expect(await c.db.transaction((tx) => orders.getOrderForAfterSales(tx, stranger.id, order.id))).toBeUndefined();
    const view = await c.db.transaction((tx) => orders.getOrderForAfterSales(tx, buyer.id, order.id));
    expect(view).toMatchObject({ id: order.id, status: 'awaiting_shipment', paidAmount: 60_000, lines: [{ quantity: 3, payAmount: 60_000, shippedQuantity: 0, refundedQuantity: 0, afterSalesAllowed: true }] });
    const lineId = view!.lines[0]!.id;
    const reservedBefore = (await stockOf(c, lamp.skuId)).reserved;

    await c.db.transaction((tx) => orders.recordLineRefund(tx, { orderId: order.id, lines: [{ orderLineId: lineId, quantity: 1, amount: 20_000 }], reason: '仅退款', actor: 'staff:alice' }));
    expect((await stockOf(c, lamp.skuId)).reserved).toBe(reservedBefore - 1);
    expect(await heldFor(c, order.id)).toEqual([{ skuId: lamp.skuId, quantity: 2, status: 'held' }]);
    let detail = await getOrder(c, buyer, order.id);
    expect(detail).toMatchObject({ status: 'awaiting_shipment', refundedAmount: 20_000, lines: [{ refundedQuantity: 1, refundedAmount: 20_000 }] });

    const exceeds = c.db.transaction((tx) => orders.recordLineRefund(tx, { orderId: order.id, lines: [{ orderLineId: lineId, quantity: 3, amount: 1 }], reason: 'x', actor: 'system' }));
    await expect(exceeds).rejects.toMatchObject({ code: 'ORDER_REFUND_EXCEEDS' });
    const tooMuch = c.db.transaction((tx) => orders.recordLineRefund(tx, { orderId: order.id, lines: [{ orderLineId: lineId, quantity: 0, amount: 40_001 }], reason: 'x', actor: 'system' }));
    await expect(tooMuch).rejects.toMatchObject({ code: 'ORDER_REFUND_EXCEEDS' });

    // One unit ships; the rest is refunded: the order closes, nothing is left held.
    const ship = await call(c, 'POST', `/api/admin/orders/${order.id}/ship`, warehouse.headers, { carrier: '顺丰速运', trackingNo: trackingNo(), lines: [{ orderLineId: lineId, quantity: 1 }] });
    expect(ship.statusCode, ship.body).toBe(200);
    await c.db.transaction((tx) => orders.recordLineRefund(tx, { orderId: order.id, lines: [{ orderLineId: lineId, quantity: 2, amount: 40_000 }], reason: '退货退款', actor: 'staff:alice' }));
    detail = await getOrder(c, buyer, order.id);
    expect(detail).toMatchObject({ status: 'closed', refundedAmount: 60_000, closeReason: '退货退款' });
    expect((await heldFor(c, order.id)).filter((r) => r.status === 'held')).toEqual([]);
    await expectStockExplained(c, lamp.skuId);
    expect(await eventTypes(c, order.id)).toEqual(['order.placed', 'order.paid', 'order.refunded', 'order.partially_shipped', 'order.refunded', 'order.closed']);
  });
});
