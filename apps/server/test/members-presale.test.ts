// The member price (会员价) never applies to presale prices: they are the campaign's.
import { expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { call, newBuyer } from './orders-fixtures.ts';
import { depositOrder, openDepositCampaign } from './presale-orders-fixtures.ts';

describeEachDatabase('members: no member price on presale orders', (ctx) => {
  it('a gold member pays the campaign price on a deposit presale, while a normal checkout of the same goods gets 会员价', async () => {
    const c = ctx();
    const owner = await c.staffSession('owner');
    for (const level of [
      { name: '普通会员', growthThreshold: 0 },
      { name: '黄金会员', growthThreshold: 200_000, discountPermille: 900 },
    ]) {
      const res = await call(c, 'POST', '/api/admin/members/levels', owner.headers, level);
      expect(res.statusCode, res.body).toBe(200);
    }
    const { campaign, sku, item } = await openDepositCampaign(c, owner.headers, {}, { item: { depositValue: 15_000 } });
    const buyer = await newBuyer(c);
    expect((await call(c, 'POST', `/api/admin/members/${buyer.id}/growth-adjust`, owner.headers, { delta: 300_000, note: '测试' })).statusCode).toBe(200);

    const order = await depositOrder(c, buyer, campaign, sku.skuId, 2);
    expect(order.breakdown.lines.map((l: { step: string }) => l.step)).toEqual(['goods', 'promotion', 'shipping']); // 定金膨胀 only, no 会员价
    expect(order.promotionDiscount).toBe((item.depositValue - item.deposit) * 2);
    expect(order.presale.balance.amount).toBe(item.presalePrice * 2 - item.depositValue * 2);

    const line = { skuId: sku.skuId, productId: sku.productId, categoryIds: [], unitPrice: 100_000, quantity: 1 };
    const normal = await c.db.transaction((tx) => c.services.promotions.quote(tx, { shopperId: buyer.id, lines: [line] }));
    expect(normal.lines.find((l) => l.step === 'member')).toMatchObject({ amount: -10_000, label: '黄金会员 会员价 9折' });
  });
});
