import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { call, drain, newBuyer, paidOrder, productWith, trackingNo, unpaidOrder, type Session, type Sku } from './orders-fixtures.ts';
import type { OrderEventMessage } from '../src/modules/orders/index.ts';

describeEachDatabase('orders: the event feed other modules follow', (ctx) => {
  let owner: Session;
  let figure: Sku;
  const seen: OrderEventMessage[] = [];
  let failOnce = true;

  beforeAll(async () => {
    owner = await ctx().staffSession('owner');
    figure = await productWith(ctx(), owner.headers, 9_900, 20, { title: '景品 手办' });
    ctx().services.orderEvents.subscribe(ctx().jobs, 'test-follower', ['order.paid', 'order.completed', 'order.cancelled'], async (_tx, event) => {
      // The first delivery fails: the outbox retries it, and the event still arrives exactly once.
      if (event.type === 'order.completed' && failOnce) {
        failOnce = false;
        throw new Error('follower down');
      }
      seen.push(event);
    });
  });

  it('delivers each subscribed timeline event once, after commit, retried when the follower fails; others are not sent', async () => {
    const c = ctx();
    const buyer = await newBuyer(c);
    const order = await paidOrder(c, buyer, [{ skuId: figure.skuId, quantity: 1 }]);
    const ship = await call(c, 'POST', `/api/admin/orders/${order.id}/ship`, owner.headers, { carrier: '顺丰速运', trackingNo: trackingNo() });
    expect(ship.statusCode, ship.body).toBe(200);
    const confirm = await call(c, 'POST', `/api/orders/${order.id}/confirm-receipt`, buyer.headers, {});
    expect(confirm.statusCode, confirm.body).toBe(200);
    await drain(c);
    c.clock.advance(10 * 60_000); // past the retry backoff
    await drain(c);

    const mine = seen.filter((e) => e.orderId === order.id);
    expect(mine.map((e) => e.type)).toEqual(['order.paid', 'order.completed']);
    expect(mine[1]).toMatchObject({ from: 'shipped', to: 'completed' });
    expect(new Set(mine.map((e) => e.eventId)).size).toBe(2);

    const cancelled = await unpaidOrder(c, buyer, [{ skuId: figure.skuId, quantity: 1 }]);
    const cancel = await call(c, 'POST', `/api/orders/${cancelled.id}/cancel`, buyer.headers, {});
    expect(cancel.statusCode, cancel.body).toBe(200);
    await drain(c);
    expect(seen.filter((e) => e.orderId === cancelled.id).map((e) => e.type)).toEqual(['order.cancelled']);
  });
});
