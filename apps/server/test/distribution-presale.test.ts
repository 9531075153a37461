// Issue 8: presale orders earn only the commission kinds their campaign allows, once fully paid.
import { expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { getOrder, newBuyer, placeOrder } from './orders-fixtures.ts';
import { advanceAndSweep, DAY, depositOrder, openDepositCampaign, openFullCampaign, payStage } from './presale-orders-fixtures.ts';
import { bind, commissionsOf, distributor, expectLedgerMatchesAccounts, setShop } from './distribution-fixtures.ts';

describeEachDatabase('distribution: presale commission flags', (ctx) => {
  it('a campaign without distribution earns nothing; one with distribution only pays level 1, not the agent or regional rebate; a deposit order earns at its balance', async () => {
    const c = ctx();
    const owner = await c.staffSession('owner');
    await setShop(c, owner, { commission: { settleOn: 'after_protection', protectionDays: 7 }, distributors: { level1Permille: 50, level2Permille: 20 } });
    const referrer = await distributor(c, owner, { isAgent: true, agentPermille: 30 });
    const regional = await distributor(c, owner, { regionProvince: '上海市', regionCity: '上海市', regionPermille: 10 });
    const buyer = await newBuyer(c);
    await bind(c, buyer.id, referrer.id);

    const plain = await openFullCampaign(c, owner.headers);
    const none = await placeOrder(c, buyer, { items: [{ skuId: plain.sku.skuId, quantity: 1 }] });
    expect(none.statusCode, none.body).toBe(201);
    await payStage(c, buyer, none.json().id);
    expect(await commissionsOf(c, none.json().id)).toEqual([]);

    const distributing = await openFullCampaign(c, owner.headers, { commission: { distribution: true } });
    const earning = await placeOrder(c, buyer, { items: [{ skuId: distributing.sku.skuId, quantity: 1 }] });
    expect(earning.statusCode, earning.body).toBe(201);
    await payStage(c, buyer, earning.json().id);
    const [level1, ...others] = await commissionsOf(c, earning.json().id);
    expect(others).toEqual([]);
    expect(level1).toMatchObject({ beneficiaryId: referrer.id, kind: 'level1', status: 'pending' });
    expect(level1!.amount).toBe(Math.floor((level1!.baseAmount * 50) / 1000));
    expect(level1!.baseAmount).toBeGreaterThan(0);

    const { campaign, sku } = await openDepositCampaign(c, owner.headers, { commission: { distribution: true, regionalRebate: true } });
    const deposit = await depositOrder(c, buyer, campaign, sku.skuId, 1);
    await payStage(c, buyer, deposit.id);
    expect(await commissionsOf(c, deposit.id)).toEqual([]);
    await advanceAndSweep(c, 2 * DAY);
    await payStage(c, buyer, deposit.id);
    expect((await commissionsOf(c, deposit.id)).map((r) => [r.beneficiaryId, r.kind])).toEqual([
      [referrer.id, 'level1'],
      [regional.id, 'regional_rebate'],
    ]);
    await expectLedgerMatchesAccounts(c);
  });

  it('a tiered campaign: commission is on what the buyer paid for the goods after the tier discount, taken off once', async () => {
    const c = ctx();
    const owner = await c.staffSession('owner');
    await setShop(c, owner, { commission: { settleOn: 'paid' }, distributors: { level1Permille: 50, level2Permille: 20 } });
    const referrer = await distributor(c, owner);
    const { campaign, sku } = await openDepositCampaign(c, owner.headers, { minTarget: 3, tiers: [{ deposits: 3, balanceOff: 2_000 }], commission: { distribution: true } });
    const buyer = await newBuyer(c);
    await bind(c, buyer.id, referrer.id);
    const other = await newBuyer(c);
    const order = await depositOrder(c, buyer, campaign, sku.skuId, 2);
    await payStage(c, buyer, order.id);
    await payStage(c, other, (await depositOrder(c, other, campaign, sku.skuId, 1)).id);
    await advanceAndSweep(c, 2 * DAY);
    await payStage(c, buyer, order.id);

    const paid = await getOrder(c, buyer, order.id);
    expect(paid.status).toBe('awaiting_shipment');
    expect(paid.presale.tierDiscount).toBe(2 * 2_000);
    const goodsPaid = paid.lines.reduce((sum: number, l: { payAmount: number }) => sum + l.payAmount, 0);
    expect(goodsPaid).toBe(paid.totalAmount - paid.shippingFee);
    expect(await commissionsOf(c, order.id)).toMatchObject([{ beneficiaryId: referrer.id, kind: 'level1', baseAmount: goodsPaid, amount: Math.floor((goodsPaid * 50) / 1000) }]);
    await expectLedgerMatchesAccounts(c);
  });
});
