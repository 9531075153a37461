import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { expectStockExplained, stockOf } from './inventory-fixtures.ts';
import {
  call,
  drain,
  eventTypes,
  getOrder,
  heldFor,
  messageKinds,
  newBuyer,
  paidOrder,
  pointsBalance,
  pressPay,
  productWith,
  startPay,
  staffOrder,
  trackingNo,
  unpaidOrder,
  type Session,
  type Sku,
} from './orders-fixtures.ts';
import { and, eq } from 'drizzle-orm';
import { DAY } from '../src/platform/clock.ts';
import { stockReservations } from '../src/modules/inventory/inventory.tables.ts';

describeEachDatabase('orders: the whole way', (ctx) => {
  let owner: Session;
  let warehouse: Session;
  let figure: Sku;
  let poster: Sku;

  beforeAll(async () => {
    owner = await ctx().staffSession('owner');
    warehouse = await ctx().staffSession('warehouse');
    figure = await productWith(ctx(), owner.headers, 12_000, 10, { title: '初音未来 手办' });
    poster = await productWith(ctx(), owner.headers, 3_000, 10, { title: '海报' });
  });

  it('checks out, pays through the sandbox pay page, ships in two parts, completes and earns points', async () => {
    const c = ctx();
    const buyer = await newBuyer(c);
    const order = await unpaidOrder(c, buyer, [
      { skuId: figure.skuId, quantity: 2 },
      { skuId: poster.skuId, quantity: 1 },
    ]);
    expect(order).toMatchObject({ status: 'awaiting_payment', goodsAmount: 27_000, totalAmount: 27_000, shippingFee: 0 });
    expect(order.address).toMatchObject({ receiver: '李四', city: '上海市' });
    expect(order.lines.map((l: { title: string; quantity: number; unitPrice: number }) => [l.title, l.quantity, l.unitPrice])).toEqual([
      ['初音未来 手办', 2, 12_000],
      ['海报', 1, 3_000],
    ]);
    expect(order.actions).toEqual({ canPay: true, canCancel: true, canConfirm: false, canApplyAfterSales: false, payStage: 'full', cancelRefunds: false });
    expect(new Date(order.paymentDueAt).getTime() - c.clock.now().getTime()).toBe(30 * 60_000);
    expect((await stockOf(c, figure.skuId)).reserved).toBeGreaterThanOrEqual(2);

    const { paymentNo, payUrl } = await startPay(c, buyer, order.id);
    expect(payUrl).toContain(`/pay/sandbox/${paymentNo}`);
    const page = await c.app.inject({ method: 'GET', url: new URL(payUrl).pathname });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('270.00');
    await c.app.inject({ method: 'POST', url: `/pay/sandbox/${paymentNo}/pay`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'confirm=1' });
    await drain(c);
    const paid = await getOrder(c, buyer, order.id);
    expect(paid).toMatchObject({ status: 'awaiting_shipment', paidAmount: 27_000, actions: { canPay: false, canCancel: false, canApplyAfterSales: true } });
    expect(paid.payments).toHaveLength(1);
    // Paid units count as sales (what "sort by sales" reads); unpaid orders never did.
    const salesAfter = async (productId: number) =>
      (await c.app.inject({ method: 'GET', url: `/api/admin/products/${productId}`, headers: owner.headers })).json().salesCount;
    expect(await salesAfter(figure.productId)).toBe(2);
    expect(await salesAfter(poster.productId)).toBe(1);
    expect(paid.payments[0]).toMatchObject({ paymentNo, status: 'succeeded', amount: 27_000 });

    const figureLine = paid.lines.find((l: { skuId: number }) => l.skuId === figure.skuId);
    const posterLine = paid.lines.find((l: { skuId: number }) => l.skuId === poster.skuId);
    const before = await stockOf(c, figure.skuId);
    const first = await call(c, 'POST', `/api/admin/orders/${order.id}/ship`, warehouse.headers, {
      carrier: '顺丰速运',
      trackingNo: trackingNo(),
      lines: [{ orderLineId: figureLine.id, quantity: 1 }],
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ status: 'awaiting_shipment', staffActions: { canShip: true } });
    const afterFirst = await stockOf(c, figure.skuId);
    expect([afterFirst.onHand, afterFirst.reserved]).toEqual([before.onHand - 1, before.reserved - 1]);
    expect(await heldFor(c, order.id)).toEqual([
      { skuId: figure.skuId, quantity: 1, status: 'held' },
      { skuId: poster.skuId, quantity: 1, status: 'held' },
    ]);

    const secondTracking = trackingNo();
    const second = await call(c, 'POST', `/api/admin/orders/${order.id}/ship`, warehouse.headers, { carrier: '中通快递', trackingNo: secondTracking });
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json()).toMatchObject({ status: 'shipped' });
    expect(second.json().shipments.map((s: { lines: unknown[] }) => s.lines)).toEqual([
      [{ orderLineId: figureLine.id, quantity: 1 }],
      [
        { orderLineId: figureLine.id, quantity: 1 },
        { orderLineId: posterLine.id, quantity: 1 },
      ],
    ]);
    expect((await heldFor(c, order.id)).every((r) => r.status === 'committed')).toBe(true);
    await expectStockExplained(c, figure.skuId);
    await expectStockExplained(c, poster.skuId);

    const shipped = await getOrder(c, buyer, order.id);
    expect(shipped.actions.canConfirm).toBe(true);
    expect(shipped.shipments[1]).toMatchObject({ carrier: '中通快递', trackingNo: secondTracking });
    expect(new Date(shipped.autoCompleteAt).getTime() - new Date(shipped.shippedAt).getTime()).toBe(10 * DAY);

    const confirmed = await call(c, 'POST', `/api/orders/${order.id}/confirm-receipt`, buyer.headers);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ status: 'completed', actions: { canConfirm: false } });
    expect(await pointsBalance(c, buyer)).toBe(270);

    expect(await eventTypes(c, order.id)).toEqual(['order.placed', 'order.paid', 'order.partially_shipped', 'order.shipped', 'order.completed']);
    expect(confirmed.json().timeline.map((e: { type: string }) => e.type)).toEqual(['order.placed', 'order.paid', 'order.partially_shipped', 'order.shipped', 'order.completed']);
    expect(confirmed.json().timeline[2].actor).toBe('staff');
    expect(await messageKinds(c, buyer.id)).toEqual(['order.placed', 'order.paid', 'order.shipped', 'order.shipped', 'order.completed']);

    const again = await call(c, 'POST', `/api/orders/${order.id}/confirm-receipt`, buyer.headers);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('ORDER_STATE_INVALID');
    expect(await pointsBalance(c, buyer)).toBe(270);
  });

  it('completes a shipped order by itself after the auto-complete days, earning points once', async () => {
    const c = ctx();
    const buyer = await newBuyer(c);
    const order = await paidOrder(c, buyer, [{ skuId: poster.skuId, quantity: 4 }]);
    const ship = await call(c, 'POST', `/api/admin/orders/${order.id}/ship`, warehouse.headers, { carrier: '顺丰速运', trackingNo: trackingNo() });
    expect(ship.statusCode, ship.body).toBe(200);
    c.clock.advance(10 * DAY - 60_000);
    await drain(c);
    expect((await getOrder(c, buyer, order.id)).status).toBe('shipped');
    c.clock.advance(60_000);
    await drain(c);
    const done = await getOrder(c, buyer, order.id);
    expect(done.status).toBe('completed');
    expect(done.timeline.at(-1)).toMatchObject({ type: 'order.completed', actor: 'system', data: { auto: true } });
    await drain(c);
    expect(await pointsBalance(c, buyer)).toBe(120);
  });

  it('cancels an unpaid order at its payment deadline, releasing its stock', async () => {
    const c = ctx();
    const buyer = await newBuyer(c);
    const before = await stockOf(c, figure.skuId);
    const order = await unpaidOrder(c, buyer, [{ skuId: figure.skuId, quantity: 3 }]);
    expect((await stockOf(c, figure.skuId)).reserved).toBe(before.reserved + 3);
    c.clock.advance(29 * 60_000);
    await drain(c);
    expect((await getOrder(c, buyer, order.id)).status).toBe('awaiting_payment');
    c.clock.advance(60_000);
    const late = await call(c, 'POST', `/api/orders/${order.id}/payments`, buyer.headers, { provider: 'sandbox' });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('ORDER_PAYMENT_EXPIRED');
    await drain(c);
    const cancelled = await getOrder(c, buyer, order.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: '超时未支付', actions: { canPay: false, canCancel: false } });
    expect((await stockOf(c, figure.skuId)).reserved).toBe(before.reserved);
    expect(await heldFor(c, order.id)).toEqual([{ skuId: figure.skuId, quantity: 3, status: 'released' }]);
    await expectStockExplained(c, figure.skuId);
    expect(await messageKinds(c, buyer.id)).toEqual(['order.placed', 'order.cancelled']);
    const second = await c.jobs.drain();
    expect(second.swept).toBe(0);
  });

  it('sweeps each due order in its own transaction and carries on past one that fails', async () => {
    const c = ctx();
    const buyer = await newBuyer(c);
    const broken = await unpaidOrder(c, buyer, [{ skuId: figure.skuId, quantity: 1 }]);
    const fine = await unpaidOrder(c, buyer, [{ skuId: poster.skuId, quantity: 1 }]);
    // Corrupt the first order's reservation so releasing its stock fails.
    await c.db
      .update(stockReservations)
      .set({ quantity: 100_000 })
      .where(and(eq(stockReservations.refType, 'order'), eq(stockReservations.refId, String(broken.id))));
    c.clock.advance(31 * 60_000);
    const swept = await c.services.orders.cancelExpired();
    expect(swept).toBe(1);
    expect((await getOrder(c, buyer, broken.id)).status).toBe('awaiting_payment');
    expect((await getOrder(c, buyer, fine.id)).status).toBe('cancelled');
    await c.db
      .update(stockReservations)
      .set({ quantity: 1 })
      .where(and(eq(stockReservations.refType, 'order'), eq(stockReservations.refId, String(broken.id))));
    expect(await c.services.orders.cancelExpired()).toBe(1);
    expect((await getOrder(c, buyer, broken.id)).status).toBe('cancelled');
    await expectStockExplained(c, figure.skuId);
  });

  it('lets only one of two simultaneous cancels win; the stock is released once', async () => {
    const c = ctx();
    const buyer = await newBuyer(c);
    const before = await stockOf(c, poster.skuId);
    const order = await unpaidOrder(c, buyer, [{ skuId: poster.skuId, quantity: 2 }]);
    const results = await Promise.all([
      call(c, 'POST', `/api/orders/${order.id}/cancel`, buyer.headers),
      call(c, 'POST', `/api/orders/${order.id}/cancel`, buyer.headers),
      c.services.orders.cancelExpired(),
    ]);
    const statuses = [results[0].statusCode, results[1].statusCode].sort();
    expect(statuses).toEqual([200, 409]);
    expect([results[0], results[1]].find((r) => r.statusCode === 409)!.json().code).toBe('ORDER_STATE_INVALID');
    expect((await stockOf(c, poster.skuId)).reserved).toBe(before.reserved);
    expect((await eventTypes(c, order.id)).filter((t) => t === 'order.cancelled')).toHaveLength(1);
    await expectStockExplained(c, poster.skuId);
  });

  it('refunds by itself a payment that arrives after the order was cancelled', async () => {
    const c = ctx();
    const buyer = await newBuyer(c);
    const order = await unpaidOrder(c, buyer, [{ skuId: poster.skuId, quantity: 1 }]);
    const { paymentNo } = await startPay(c, buyer, order.id);
    // The shopper cancels in the app while the pay page is still open, then pays on it.
    const cancel = await call(c, 'POST', `/api/orders/${order.id}/cancel`, buyer.headers, { reason: '不想要了' });
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect(cancel.json()).toMatchObject({ status: 'cancelled', cancelReason: '不想要了' });
    await pressPay(c, paymentNo);
    await drain(c);
    const detail = await getOrder(c, buyer, order.id);
    expect(detail.status).toBe('cancelled');
    expect(detail.paidAmount).toBe(0);
    expect(detail.payments[0]).toMatchObject({ paymentNo, status: 'succeeded', refundedAmount: 4_000 });
    expect(await eventTypes(c, order.id)).toEqual(['order.placed', 'order.cancelled', 'payment.refunded', 'refund.succeeded']);
    expect(await messageKinds(c, buyer.id)).toContain('order.payment_refunded');
  });

  it('refunds a second payment of an order already paid, keeping the order as it is', async () => {
    const c = ctx();
    const buyer = await newBuyer(c);
    const order = await paidOrder(c, buyer, [{ skuId: poster.skuId, quantity: 1 }]);
    const paid = await staffOrder(c, owner, order.id);
    // What the payments core reports when a second payment of the same order succeeds (two
    // pay pages open, two methods): the listener gives that money back.
    await c.db.transaction((tx) =>
      c.services.orders.onPaymentSucceeded(tx, {
        paymentId: paid.payments[0].id,
        paymentNo: paid.payments[0].paymentNo,
        refType: 'order',
        refId: String(order.id),
        stage: 'full',
        amount: paid.totalAmount,
        provider: 'sandbox',
        providerTxnId: 'second-payment',
        at: c.clock.now(),
      }),
    );
    await drain(c);
    const after = await staffOrder(c, owner, order.id);
    expect(after).toMatchObject({ status: 'awaiting_shipment', paidAmount: paid.totalAmount });
    expect((await getOrder(c, buyer, order.id)).payments[0]).toMatchObject({ refundedAmount: paid.totalAmount, refunds: [{ amount: paid.totalAmount, status: 'succeeded' }] });
    expect(after.payments[0].refunds).toHaveLength(1);
    expect(after.payments[0].refunds[0]).toMatchObject({ amount: paid.totalAmount, reason: 'duplicate payment', requestedBy: 'system' });
    expect(await eventTypes(c, order.id)).toEqual(['order.placed', 'order.paid', 'payment.refunded', 'refund.succeeded']);
  });
});

