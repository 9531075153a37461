// Spec §5: the buyer may cancel a pre-order that holds no non-refundable payment (upfront:
// refunded, authorize: voided, on_release: nothing to give back, deposit: only when its terms make
// it refundable); unpaid pre-orders time out; staff close one with everything refunded.
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { call, drain, getOrder, pressPay, startPay } from './orders-fixtures.ts';
import { advanceAndDrain, buyerIn, openUnits, payNow, placePreorder, preorderSku, restock, stockOf } from './preorders-fixtures.ts';
import { paymentRow } from './payments-helpers.ts';
import { auditRows } from './catalog-fixtures.ts';

const cancel = (c: Parameters<typeof getOrder>[0], buyer: { headers: Record<string, string> }, orderId: number) => call(c, 'POST', `/api/orders/${orderId}/cancel`, buyer.headers, { reason: '不想等了' });

describeEachDatabase('pre-orders: cancelling', (ctx) => {
  describe('§5 the buyer cancels when nothing non-refundable was paid', () => {
    it('upfront, waiting for stock: refunded in full, its units under the cap freed', async () => {
      const c = ctx();
      const owner = await c.staffSession('owner');
      const sku = await preorderSku(c, owner.headers, { cap: 3 });
      const buyer = await buyerIn(c);
      const order = await placePreorder(c, buyer, sku.skuId, 2);
      await payNow(c, buyer, order.id);
      expect((await getOrder(c, buyer, order.id)).actions).toMatchObject({ canCancel: true, cancelRefunds: true });
      const res = await cancel(c, buyer, order.id);
      expect(res.statusCode, res.body).toBe(200);
      await drain(c);
      const after = await getOrder(c, buyer, order.id);
      expect(after).toMatchObject({ status: 'cancelled', paidAmount: 200_000, refundedAmount: 200_000 });
      expect(after.payments[0].refunds[0]).toMatchObject({ amount: 200_000, status: 'succeeded' });
      expect(await openUnits(c, sku.skuId)).toBe(0);
    });

    it('authorize, waiting for stock: the authorisation is voided, nothing taken', async () => {
      const c = ctx();
      const owner = await c.staffSession('owner');
      const sku = await preorderSku(c, owner.headers, { strategy: 'authorize' });
      const buyer = await buyerIn(c);
      const order = await placePreorder(c, buyer, sku.skuId, 1);
      const paymentNo = await payNow(c, buyer, order.id);
      expect((await cancel(c, buyer, order.id)).statusCode).toBe(200);
      await drain(c);
      expect(await paymentRow(c, paymentNo)).toMatchObject({ status: 'closed', closeReason: 'voided', paidAmount: 0 });
      expect(await getOrder(c, buyer, order.id)).toMatchObject({ status: 'cancelled', paidAmount: 0, refundedAmount: 0 });
      expect(await openUnits(c, sku.skuId)).toBe(0);
    });

    it('an authorisation arriving for a pre-order no longer waiting for it is voided', async () => {
      const c = ctx();
      const owner = await c.staffSession('owner');
      const sku = await preorderSku(c, owner.headers, { strategy: 'authorize' });
      const buyer = await buyerIn(c);
      const order = await placePreorder(c, buyer, sku.skuId, 1);
      const { paymentNo } = await startPay(c, buyer, order.id);
      expect((await cancel(c, buyer, order.id)).statusCode).toBe(200);
      await pressPay(c, paymentNo);
      await drain(c);
      expect(await paymentRow(c, paymentNo)).toMatchObject({ status: 'closed', closeReason: 'voided' });
      expect((await getOrder(c, buyer, order.id)).status).toBe('cancelled');
    });

    it('on_release: cancelled with nothing to refund; a refundable deposit comes back; a filled, paid pre-order gives its stock to the next in line', async () => {
      const c = ctx();
      const owner = await c.staffSession('owner');
      const later = await preorderSku(c, owner.headers, { strategy: 'on_release' });
      const buyer = await buyerIn(c);
      const waiting = await placePreorder(c, buyer, later.skuId, 1);
      expect((await cancel(c, buyer, waiting.id)).statusCode).toBe(200);
      expect(await getOrder(c, buyer, waiting.id)).toMatchObject({ status: 'cancelled', refundedAmount: 0, payments: [] });
      expect(await openUnits(c, later.skuId)).toBe(0);

      const refundable = await preorderSku(c, owner.headers, { strategy: 'deposit', depositAmount: 30_000, depositRefundable: true });
      const terms = { depositTerms: { accepted: true, version: refundable.setting.termsVersion } };
      const deposit = await placePreorder(c, buyer, refundable.skuId, 1, terms);
      await payNow(c, buyer, deposit.id);
      expect((await getOrder(c, buyer, deposit.id)).actions).toMatchObject({ canCancel: true, cancelRefunds: true });
      expect((await cancel(c, buyer, deposit.id)).statusCode).toBe(200);
      await drain(c);
      expect(await getOrder(c, buyer, deposit.id)).toMatchObject({ status: 'cancelled', refundedAmount: 30_000 });

      const upfront = await preorderSku(c, owner.headers);
      const next = await buyerIn(c);
      const first = await placePreorder(c, buyer, upfront.skuId, 1);
      await payNow(c, buyer, first.id);
      const second = await placePreorder(c, next, upfront.skuId, 1);
      await payNow(c, next, second.id);
      await restock(c, owner.headers, upfront.skuId, 1);
      await drain(c);
      expect((await getOrder(c, buyer, first.id)).status).toBe('awaiting_shipment');
      expect((await cancel(c, buyer, first.id)).statusCode).toBe(200);
      await drain(c);
      expect(await getOrder(c, buyer, first.id)).toMatchObject({ status: 'cancelled', refundedAmount: 100_000 });
      expect((await getOrder(c, next, second.id)).status).toBe('awaiting_shipment');
      expect(await stockOf(c, upfront.skuId)).toEqual({ onHand: 1, reserved: 1, sellable: 0 });
    });

    it('an unpaid pre-order times out like any order, freeing its units under the cap', async () => {
      const c = ctx();
      const owner = await c.staffSession('owner');
      const sku = await preorderSku(c, owner.headers, { cap: 2 });
      const buyer = await buyerIn(c);
      const order = await placePreorder(c, buyer, sku.skuId, 2);
      expect(await openUnits(c, sku.skuId)).toBe(2);
      await advanceAndDrain(c, 31 * 60_000);
      expect((await getOrder(c, buyer, order.id)).status).toBe('cancelled');
      expect(await openUnits(c, sku.skuId)).toBe(0);
    });
  });

  describe('§5 staff close', () => {
    it('closes a pre-order waiting for stock with everything refunded, audited; presale-only choices are refused', async () => {
      const c = ctx();
      const owner = await c.staffSession('owner');
      const sku = await preorderSku(c, owner.headers);
      const buyer = await buyerIn(c);
      const order = await placePreorder(c, buyer, sku.skuId, 1);
      await payNow(c, buyer, order.id);
      const close = (body: Record<string, unknown>) => call(c, 'POST', `/api/admin/orders/${order.id}/close`, owner.headers, { reason: '厂家停产', refund: true, ...body });
      const keep = await close({ keepDeposit: true });
      expect(keep.statusCode).toBe(400);
      const closed = await close({});
      expect(closed.statusCode, closed.body).toBe(200);
      expect(closed.json().status).toBe('closed');
      await drain(c);
      expect(await getOrder(c, buyer, order.id)).toMatchObject({ status: 'closed', refundedAmount: 100_000 });
      expect(await openUnits(c, sku.skuId)).toBe(0);
      expect(await auditRows(c, 'order.close', order.id)).toHaveLength(1);
    });
  });
});
