import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { newBuyer, productWith, unpaidOrder } from './orders-fixtures.ts';
import { orders } from '../src/modules/orders/orders.tables.ts';
import { insertOrderWithFreshNo } from '../src/modules/orders/orders.repo.ts';
import { newPaymentNo } from '../src/modules/payments/payments.rules.ts';

describeEachDatabase('order and payment numbers', (ctx) => {
  it('an order number already taken is replaced by a fresh one, inside the same transaction', async () => {
    const owner = await ctx().staffSession('owner');
    const sku = await productWith(ctx(), owner.headers, 1_000, 5, { title: '号码测试' });
    const buyer = await newBuyer(ctx());
    const first = await unpaidOrder(ctx(), buyer, [{ skuId: sku.skuId, quantity: 1 }]);
    const [existing] = await ctx().db.select().from(orders).where(eq(orders.id, first.id));
    const offered = [existing!.orderNo, existing!.orderNo, '20991231000000000001'];
    const { id: _id, ...copy } = existing!;
    const inserted = await ctx().db.transaction((tx) =>
      insertOrderWithFreshNo(tx, (orderNo) => ({ ...copy, orderNo, checkoutKey: 'collision-test' }), () => offered.shift()!),
    );
    expect(inserted.orderNo).toBe('20991231000000000001');
    expect(offered).toHaveLength(0);
  });

  it('gives up after five collisions rather than looping', async () => {
    const [existing] = await ctx().db.select().from(orders).limit(1);
    const { id: _id, ...copy } = existing!;
    await expect(
      ctx().db.transaction((tx) => insertOrderWithFreshNo(tx, (orderNo) => ({ ...copy, orderNo, checkoutKey: 'collision-test-2' }), () => existing!.orderNo)),
    ).rejects.toThrow();
  });

  it('payment numbers are unique even in a flash-sale second', () => {
    const at = new Date('2026-11-23T02:03:04Z');
    expect(new Set(Array.from({ length: 20_000 }, () => newPaymentNo(at))).size).toBe(20_000);
  });
});
