// Spec §5: when stock arrives, pre-orders are filled first come, first served (by paid/placed
// time), one by one while stock suffices, each moving on per its payment strategy, the buyer told;
// shipping commits the reserved stock, and an authorised payment is captured on shipment.
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { call, drain, getOrder, heldFor, messageKinds, placeOrder, trackingNo } from './orders-fixtures.ts';
import { buyerIn, DAY, openUnits, payNow, placePreorder, preorderRow, preorderSku, preorderView, restock, stockOf, advanceAndDrain } from './preorders-fixtures.ts';
import { paymentRow } from './payments-helpers.ts';
import { subscribe } from './demand-fixtures.ts';

describeEachDatabase('pre-orders: the fill on stock arrival', (ctx) => {
  describe('§5 first come, first served', () => {
    it('fills the oldest paid pre-orders one by one while stock suffices, never skipping the next in line; shipping commits the reserved stock', async () => {
      const c = ctx();
      const owner = await c.staffSession('owner');
      const sku = await preorderSku(c, owner.headers);
      const [a, b, d] = [await buyerIn(c), await buyerIn(c), await buyerIn(c)];
      const orderB = await placePreorder(c, b, sku.skuId, 2);
      const orderA = await placePreorder(c, a, sku.skuId, 1);
      const orderD = await placePreorder(c, d, sku.skuId, 1);
      // In line by the time each was paid, not placed: A, then B, then D.
      await payNow(c, a, orderA.id);
      c.clock.advance(60_000);
      await payNow(c, b, orderB.id);
      c.clock.advance(60_000);
      await payNow(c, d, orderD.id);
      expect((await getOrder(c, a, orderA.id)).status).toBe('awaiting_stock');
      expect(await preorderView(c, d, orderD.id)).toMatchObject({ queuePosition: 3 });
      expect(await openUnits(c, sku.skuId)).toBe(4);

      await restock(c, owner.headers, sku.skuId, 2);
      await drain(c);
      // A takes 1; B needs 2 and 1 is left: the fill stops there, D (who would fit) waits behind B.
      expect((await getOrder(c, a, orderA.id)).status).toBe('awaiting_shipment');
      expect((await getOrder(c, b, orderB.id)).status).toBe('awaiting_stock');
      expect((await getOrder(c, d, orderD.id)).status).toBe('awaiting_stock');
      expect(await heldFor(c, orderA.id)).toEqual([{ skuId: sku.skuId, quantity: 1, status: 'held' }]);
      expect(await stockOf(c, sku.skuId)).toEqual({ onHand: 2, reserved: 1, sellable: 1 });
      expect(await openUnits(c, sku.skuId)).toBe(3);
      expect(await messageKinds(c, a.id)).toContain('preorder.filled');
      expect(await preorderView(c, d, orderD.id)).toMatchObject({ queuePosition: 2 });

      await restock(c, owner.headers, sku.skuId, 2);
      await drain(c);
      expect((await getOrder(c, b, orderB.id)).status).toBe('awaiting_shipment');
      expect((await getOrder(c, d, orderD.id)).status).toBe('awaiting_shipment');
      expect(await stockOf(c, sku.skuId)).toEqual({ onHand: 4, reserved: 4, sellable: 0 });
      expect(await openUnits(c, sku.skuId)).toBe(0);

      const shipped = await call(c, 'POST', `/api/admin/orders/${orderB.id}/ship`, owner.headers, { carrier: '顺丰', trackingNo: trackingNo() });
      expect(shipped.statusCode, shipped.body).toBe(200);
      expect(shipped.json().status).toBe('shipped');
      expect(await stockOf(c, sku.skuId)).toEqual({ onHand: 2, reserved: 2, sellable: 0 });
      expect(await heldFor(c, orderB.id)).toEqual([{ skuId: sku.skuId, quantity: 2, status: 'committed' }]);
    });

    it('fills in the restock itself: a buyer who comes before any job runs cannot take the units owed to the pre-order', async () => {
      const c = ctx();
      const owner = await c.staffSession('owner');
      const sku = await preorderSku(c, owner.headers);
      const waiting = await buyerIn(c);
      const order = await placePreorder(c, waiting, sku.skuId, 1);
      await payNow(c, waiting, order.id);
      await restock(c, owner.headers, sku.skuId, 1);
      // No outbox delivery, no sweeper: the restock's own transaction filled it.
      expect((await getOrder(c, waiting, order.id)).status).toBe('awaiting_shipment');
      expect(await stockOf(c, sku.skuId)).toEqual({ onHand: 1, reserved: 1, sellable: 0 });
      const late = await buyerIn(c);
      const res = await placeOrder(c, late, { items: [{ skuId: sku.skuId, quantity: 1 }] });
      // Nothing is left to sell: the late buyer joins the line as a pre-order instead.
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().kind).toBe('preorder');
      expect(await stockOf(c, sku.skuId)).toEqual({ onHand: 1, reserved: 1, sellable: 0 });
      expect((await getOrder(c, waiting, order.id)).status).toBe('awaiting_shipment');
    });

    it('fills from the inventory back-in-stock event alone, before "notify me" subscribers hear of what is left', async () => {
      const c = ctx();
      const owner = await c.staffSession('owner');
      const sku = await preorderSku(c, owner.headers);
      const buyer = await buyerIn(c);
      const watcher = await c.shopperSession();
      await subscribe(c, watcher.headers, 'sku', sku.skuId);
      const order = await placePreorder(c, buyer, sku.skuId, 1);
      await payNow(c, buyer, order.id);
      await restock(c, owner.headers, sku.skuId, 1);
      // Only outbox messages, no sweeper: the arrival event fills the pre-order.
      while (await c.jobs.deliverOne());
      expect((await getOrder(c, buyer, order.id)).status).toBe('awaiting_shipment');
      expect(await stockOf(c, sku.skuId)).toEqual({ onHand: 1, reserved: 1, sellable: 0 });
      // The arrival went to the pre-order: nothing left to tell subscribers of.
      expect(await messageKinds(c, watcher.id)).not.toContain('demand.back_in_stock');
      await restock(c, owner.headers, sku.skuId, 1);
      while (await c.jobs.deliverOne());
      expect(await messageKinds(c, watcher.id)).toContain('demand.back_in_stock');
    });

    it('two fills of one SKU at once (several instances) never fill an order twice nor reserve more than arrived', async () => {
      const c = ctx();
      const owner = await c.staffSession('owner');
      const sku = await preorderSku(c, owner.headers);
      // Four units held by a normal order, so pre-orders are taken meanwhile.
      await restock(c, owner.headers, sku.skuId, 4);
      const holder = await buyerIn(c);
      const held = await placeOrder(c, holder, { items: [{ skuId: sku.skuId, quantity: 4 }] });
      expect(held.statusCode, held.body).toBe(201);
      const orders = [];
      for (let i = 0; i < 6; i++) {
        const buyer = await buyerIn(c);
        const order = await placePreorder(c, buyer, sku.skuId, 1);
        await payNow(c, buyer, order.id);
        orders.push({ buyer, order });
      }
      // The holder cancels: the four units come back without any job running yet (a restock would
      // fill in its own transaction); then sweepers and fills race.
      const cancelled = await call(c, 'POST', `/api/orders/${held.json().id}/cancel`, holder.headers, { reason: '不要了' });
      expect(cancelled.statusCode, cancelled.body).toBe(200);
      const fills = await Promise.all([
        c.services.orders.sweepPreorderFills(),
        c.services.orders.sweepPreorderFills(),
        c.db.transaction((tx) => c.services.orders.fillPreordersIn(tx, sku.skuId)),
      ]);
      await drain(c);
      const statuses = await Promise.all(orders.map(({ buyer, order }) => getOrder(c, buyer, order.id).then((o) => o.status)));
      expect(statuses).toEqual(['awaiting_shipment', 'awaiting_shipment', 'awaiting_shipment', 'awaiting_shipment', 'awaiting_stock', 'awaiting_stock']);
      expect(fills.reduce((n, f) => n + f, 0)).toBe(4);
      expect(await stockOf(c, sku.skuId)).toEqual({ onHand: 4, reserved: 4, sellable: 0 });
      for (const { order } of orders.slice(0, 4)) expect(await heldFor(c, order.id)).toHaveLength(1);
      expect(await openUnits(c, sku.skuId)).toBe(2);
    });
  });

  describe('§5 each strategy moves on when filled', () => {
    it('authorize: authorised now (capture manual), in line, filled to shipment, captured automatically when it ships', async () => {
      const c = ctx();
      const owner = await c.staffSession('owner');
      const sku = await preorderSku(c, owner.headers, { strategy: 'authorize' });
      const buyer = await buyerIn(c);
      const order = await placePreorder(c, buyer, sku.skuId, 1);
      const paymentNo = await payNow(c, buyer, order.id);
      expect(await paymentRow(c, paymentNo)).toMatchObject({ status: 'authorized', captureMode: 'manual', paidAmount: 0 });
      let now = await getOrder(c, buyer, order.id);
      expect(now).toMatchObject({ status: 'awaiting_stock', paidAmount: 0, actions: { canCancel: true, cancelRefunds: true } });
      await restock(c, owner.headers, sku.skuId, 1);
      await drain(c);
      expect((await getOrder(c, buyer, order.id)).status).toBe('awaiting_shipment');
      expect((await paymentRow(c, paymentNo)).status).toBe('authorized');
      const shipped = await call(c, 'POST', `/api/admin/orders/${order.id}/ship`, owner.headers, { carrier: '京东', trackingNo: trackingNo() });
      expect(shipped.statusCode, shipped.body).toBe(200);
      await drain(c);
      expect(await paymentRow(c, paymentNo)).toMatchObject({ status: 'succeeded', paidAmount: 100_000 });
      now = await getOrder(c, buyer, order.id);
      expect(now).toMatchObject({ status: 'shipped', paidAmount: 100_000, refundedAmount: 0 });
      expect((await preorderRow(c, order.id)).capturedAt).not.toBeNull();
      expect(await messageKinds(c, buyer.id)).toEqual(expect.arrayContaining(['preorder.queued', 'preorder.filled', 'preorder.captured']));
    });

    it('deposit: deposit paid, filled → balance payable by its deadline; lapsed → cancelled, deposit kept, stock to the next in line', async () => {
      const c = ctx();
      const owner = await c.staffSession('owner');
      const sku = await preorderSku(c, owner.headers, { strategy: 'deposit', depositAmount: 20_000, payDays: 3 });
      const terms = { depositTerms: { accepted: true, version: sku.setting.termsVersion } };
      const [first, second] = [await buyerIn(c), await buyerIn(c)];
      const o1 = await placePreorder(c, first, sku.skuId, 1, terms);
      const o2 = await placePreorder(c, second, sku.skuId, 1, terms);
      await payNow(c, first, o1.id);
      await payNow(c, second, o2.id);
      expect(await getOrder(c, first, o1.id)).toMatchObject({ status: 'awaiting_stock', paidAmount: 20_000, actions: { canPay: false, canCancel: false } });
      const cancel = await call(c, 'POST', `/api/orders/${o1.id}/cancel`, first.headers, {});
      expect(cancel.statusCode).toBe(409);
      expect(cancel.json().code).toBe('PREORDER_CANCEL_REFUSED');

      await restock(c, owner.headers, sku.skuId, 1);
      await drain(c);
      const filled = await getOrder(c, first, o1.id);
      expect(filled).toMatchObject({ status: 'awaiting_balance', actions: { canPay: true, payStage: 'balance' } });
      expect(new Date((await preorderView(c, first, o1.id)).payBy).getTime()).toBe(c.clock.now().getTime() + 3 * DAY);
      expect(await messageKinds(c, first.id)).toContain('preorder.filled');
      expect((await getOrder(c, second, o2.id)).status).toBe('awaiting_stock');

      await advanceAndDrain(c, 3 * DAY);
      const lapsed = await getOrder(c, first, o1.id);
      expect(lapsed).toMatchObject({ status: 'cancelled', refundedAmount: 0 });
      expect((await preorderRow(c, o1.id)).forfeitedAmount).toBe(20_000);
      expect(await messageKinds(c, first.id)).toContain('preorder.lapsed');
      expect((await getOrder(c, first, o1.id)).actions.canPay).toBe(false);
      // The released unit went to the next in line.
      expect((await getOrder(c, second, o2.id)).status).toBe('awaiting_balance');
      await payNow(c, second, o2.id);
      expect(await getOrder(c, second, o2.id)).toMatchObject({ status: 'awaiting_shipment', paidAmount: 100_000 });
      expect((await preorderRow(c, o2.id)).balancePaymentId).not.toBeNull();
    });

    it('on_release: nothing paid until filled, then N days to pay; lapsed → cancelled, stock to the next in line', async () => {
      const c = ctx();
      const owner = await c.staffSession('owner');
      const sku = await preorderSku(c, owner.headers, { strategy: 'on_release', payDays: 2 });
      const [first, second] = [await buyerIn(c), await buyerIn(c)];
      const o1 = await placePreorder(c, first, sku.skuId, 1);
      c.clock.advance(60_000);
      const o2 = await placePreorder(c, second, sku.skuId, 1);
      await restock(c, owner.headers, sku.skuId, 1);
      await drain(c);
      const filled = await getOrder(c, first, o1.id);
      expect(filled).toMatchObject({ status: 'awaiting_payment', actions: { canPay: true, payStage: 'full' } });
      expect(new Date(filled.paymentDueAt).getTime()).toBe(c.clock.now().getTime() + 2 * DAY);
      expect(await messageKinds(c, first.id)).toContain('preorder.filled');

      await advanceAndDrain(c, 2 * DAY);
      expect((await getOrder(c, first, o1.id)).status).toBe('cancelled');
      const next = await getOrder(c, second, o2.id);
      expect(next.status).toBe('awaiting_payment');
      await payNow(c, second, o2.id);
      expect(await getOrder(c, second, o2.id)).toMatchObject({ status: 'awaiting_shipment', paidAmount: 100_000 });
      expect(await stockOf(c, sku.skuId)).toEqual({ onHand: 1, reserved: 1, sellable: 0 });
    });
  });
});
