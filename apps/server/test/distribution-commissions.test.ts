// Issue 8: commission on orders — two levels, product rates, both settlement modes, claw-back,
// after-sales postponing settlement; every amount a ledger row.
import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase, type TestContext } from './harness.ts';
import { apply, applyBody, call, complete, drain, newBuyer, paidOrder, setupShop, ship, staffMove, type Shop } from './aftersales-fixtures.ts';
import { account, bind, commissionsOf, distributor, expectLedgerMatchesAccounts, ledgerOf, setShop } from './distribution-fixtures.ts';
import { orders } from '../src/modules/orders/orders.tables.ts';
import { DAY } from '../src/platform/clock.ts';

const settle = (c: TestContext) => c.services.distribution.commissions.settleDue();

describeEachDatabase('distribution: commissions', (ctx) => {
  let shop: Shop;
  beforeAll(async () => {
    shop = await setupShop(ctx());
  });

  it("settleOn 'paid': two levels at the product's or the shop's rate on the goods paid, settled by the sweeper; a later refund leaves settled commission alone", async () => {
    const c = ctx();
    const { owner } = shop;
    await setShop(c, owner, { commission: { settleOn: 'paid' }, distributors: { level1Permille: 50, level2Permille: 20 } });
    const rate = await call(c, 'PUT', `/api/admin/distribution/products/${shop.cable.productId}/rate`, owner.headers, { level1Permille: 100, level2Permille: 30 });
    expect(rate.statusCode, rate.body).toBe(200);
    const upper = await distributor(c, owner);
    const direct = await distributor(c, owner);
    await bind(c, direct.id, upper.id);
    const buyer = await newBuyer(c);
    await bind(c, buyer.id, direct.id);

    const order = await paidOrder(c, buyer, [
      { skuId: shop.tv.skuId, quantity: 1 },
      { skuId: shop.cable.skuId, quantity: 1 },
    ]);
    const [paid] = await c.db.select().from(orders).where(eq(orders.id, order.id));
    // Due at the payment: the outbox drain above already ran the settlement sweeper.
    expect(await commissionsOf(c, order.id)).toEqual([
      { beneficiaryId: direct.id, kind: 'level1', baseAmount: 13_000, amount: 500 + 300, status: 'settled', settleAt: paid!.paidAt },
      { beneficiaryId: upper.id, kind: 'level2', baseAmount: 13_000, amount: 200 + 90, status: 'settled', settleAt: paid!.paidAt },
    ]);
    expect(await account(c, direct.id)).toEqual({ pending: 0, available: 800, frozen: 0, withdrawn: 0 });
    expect(await ledgerOf(c, direct.id)).toEqual([
      ['pending', 800, 'commission_earned'],
      ['pending', -800, 'commission_settled'],
      ['available', 800, 'commission_settled'],
    ]);

    const mine = await call(c, 'GET', '/api/distribution/commissions', direct.headers);
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().items).toHaveLength(1);
    expect(mine.json().items[0]).toMatchObject({ orderNo: order.orderNo, kind: 'level1', amount: 800, status: 'settled' });
    expect(mine.json().items[0].buyer).toContain('*');
    const me = await call(c, 'GET', '/api/distribution/me', upper.headers);
    expect(me.json()).toMatchObject({ distributor: { status: 'approved' }, balances: { pending: 0, available: 290 }, team: { level1: 1, level2: 1 } });
    expect(await settle(c)).toBe(0);

    // Settled commission is not clawed back by a later refund.
    const ticket = await apply(c, buyer, applyBody(order, { lines: [{ orderLineId: order.lines[1]!.id, quantity: 1 }] }));
    await staffMove(c, shop.service, ticket.id, 'approve', { note: 'ok' });
    await drain(c);
    expect((await commissionsOf(c, order.id)).map((r) => [r.status, r.amount])).toEqual([
      ['settled', 800],
      ['settled', 290],
    ]);
    expect(await account(c, direct.id)).toEqual({ pending: 0, available: 800, frozen: 0, withdrawn: 0 });
    await expectLedgerMatchesAccounts(c);
  });

  it("settleOn 'after_protection': a partial refund claws back proportionally; settles only once the protection days pass with no after-sales open", async () => {
    const c = ctx();
    const { owner } = shop;
    await setShop(c, owner, { commission: { settleOn: 'after_protection', protectionDays: 7 }, distributors: { level1Permille: 50, level2Permille: 20 } });
    const referrer = await distributor(c, owner);
    const buyer = await newBuyer(c);
    await bind(c, buyer.id, referrer.id);
    const order = await paidOrder(c, buyer, [{ skuId: shop.tv.skuId, quantity: 2 }]);
    expect(await commissionsOf(c, order.id)).toMatchObject([{ beneficiaryId: referrer.id, kind: 'level1', baseAmount: 20_000, amount: 1_000, status: 'pending', settleAt: null }]);
    await settle(c);
    expect((await commissionsOf(c, order.id))[0]!.status).toBe('pending');

    // Half of it refunded before shipping: half the commission goes.
    const refund = await apply(c, buyer, applyBody(order, { lines: [{ orderLineId: order.lines[0]!.id, quantity: 1 }] }));
    await staffMove(c, shop.service, refund.id, 'approve', { note: 'ok' });
    await drain(c);
    expect(await commissionsOf(c, order.id)).toMatchObject([{ baseAmount: 10_000, amount: 500, status: 'pending' }]);
    expect(await account(c, referrer.id)).toMatchObject({ pending: 500, available: 0 });

    await ship(c, owner, order.id);
    await complete(c, buyer, order.id);
    await drain(c);
    const [completed] = await c.db.select().from(orders).where(eq(orders.id, order.id));
    expect((await commissionsOf(c, order.id))[0]!.settleAt).toEqual(new Date(completed!.completedAt!.getTime() + 7 * DAY));

    // An after-sales request opened in the protection period holds settlement back.
    const open = await apply(c, buyer, applyBody(order, { lines: [{ orderLineId: order.lines[0]!.id, quantity: 1 }] }));
    c.clock.advance(7 * DAY + 60_000);
    await settle(c);
    const postponed = (await commissionsOf(c, order.id))[0]!;
    expect(postponed.status).toBe('pending');
    expect(postponed.settleAt!.getTime()).toBeGreaterThan(c.clock.now().getTime());

    await staffMove(c, shop.service, open.id, 'reject', { reason: '不符合退款条件' });
    c.clock.advance(DAY + 60_000);
    await settle(c);
    expect(await commissionsOf(c, order.id)).toMatchObject([{ amount: 500, status: 'settled' }]);
    expect(await account(c, referrer.id)).toMatchObject({ pending: 0, available: 500 });
    await expectLedgerMatchesAccounts(c);
  });

  it('two settlement sweeps at once settle each due commission exactly once', async () => {
    const c = ctx();
    const { owner } = shop;
    await setShop(c, owner, { commission: { settleOn: 'after_protection', protectionDays: 1 }, distributors: { level1Permille: 50, level2Permille: 20 } });
    const referrer = await distributor(c, owner);
    const buyer = await newBuyer(c);
    await bind(c, buyer.id, referrer.id);
    for (let i = 0; i < 4; i++) {
      const order = await paidOrder(c, buyer, [{ skuId: shop.tv.skuId, quantity: 1 }]);
      await ship(c, owner, order.id);
      await complete(c, buyer, order.id);
    }
    await drain(c);
    expect(await account(c, referrer.id)).toMatchObject({ pending: 2_000, available: 0 });
    c.clock.advance(DAY + 60_000);
    const [a, b] = await Promise.all([settle(c), settle(c)]);
    expect(a + b).toBeGreaterThanOrEqual(4);
    expect(await account(c, referrer.id)).toMatchObject({ pending: 0, available: 2_000 });
    expect((await ledgerOf(c, referrer.id)).filter(([, , reason]) => reason === 'commission_settled')).toHaveLength(8);
    await expectLedgerMatchesAccounts(c);
  });

  it('closing a paid order claws back all its unsettled commission; an unpaid order earns none', async () => {
    const c = ctx();
    const { owner } = shop;
    await setShop(c, owner, { commission: { settleOn: 'after_protection' } });
    const referrer = await distributor(c, owner);
    const buyer = await newBuyer(c);
    await bind(c, buyer.id, referrer.id);
    const order = await paidOrder(c, buyer, [{ skuId: shop.tv.skuId, quantity: 1 }]);
    expect(await account(c, referrer.id)).toMatchObject({ pending: 500 });
    const closed = await call(c, 'POST', `/api/admin/orders/${order.id}/close`, owner.headers, { reason: '缺货', refund: true });
    expect(closed.statusCode, closed.body).toBe(200);
    await drain(c);
    expect(await commissionsOf(c, order.id)).toMatchObject([{ amount: 0, status: 'clawed_back' }]);
    expect(await account(c, referrer.id)).toMatchObject({ pending: 0, available: 0 });

    const unpaid = await call(c, 'POST', '/api/orders', { ...buyer.headers, 'idempotency-key': `dist-${buyer.id}-unpaid` }, { items: [{ skuId: shop.tv.skuId, quantity: 1 }], addressId: buyer.addressId });
    expect(unpaid.statusCode, unpaid.body).toBe(201);
    const cancelled = await call(c, 'POST', `/api/orders/${unpaid.json().id}/cancel`, buyer.headers, {});
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    await drain(c);
    expect(await commissionsOf(c, unpaid.json().id)).toEqual([]);
    await expectLedgerMatchesAccounts(c);
  });

  it('pays the nearest agent up the chain a dividend and the regional agent of the shipping city a rebate; nobody earns on their own order', async () => {
    const c = ctx();
    const { owner } = shop;
    await setShop(c, owner, { commission: { settleOn: 'paid' }, distributors: { level1Permille: 50, level2Permille: 20 } });
    const bad = await call(c, 'PUT', `/api/admin/distribution/distributors/${(await distributor(c, owner)).id}/roles`, owner.headers, {
      isAgent: false,
      agentPermille: 0,
      regionProvince: '广东省',
      regionCity: '杭州市',
      regionPermille: 10,
    });
    expect(bad.statusCode, bad.body).toBe(400);
    expect(bad.json().code).toBe('REGION_INVALID');

    const farAgent = await distributor(c, owner, { isAgent: true, agentPermille: 80 });
    const agent = await distributor(c, owner, { isAgent: true, agentPermille: 30 });
    const middle = await distributor(c, owner);
    const direct = await distributor(c, owner);
    const regional = await distributor(c, owner, { regionProvince: '广东省', regionCity: '深圳市', regionPermille: 10 });
    await bind(c, agent.id, farAgent.id);
    await bind(c, middle.id, agent.id);
    await bind(c, direct.id, middle.id);
    const buyer = await newBuyer(c);
    await bind(c, buyer.id, direct.id);

    const order = await paidOrder(c, buyer, [{ skuId: shop.tv.skuId, quantity: 1 }]);
    expect((await commissionsOf(c, order.id)).map((r) => [r.beneficiaryId, r.kind, r.amount])).toEqual([
      [direct.id, 'level1', 500],
      [middle.id, 'level2', 200],
      [agent.id, 'agent_dividend', 300],
      [regional.id, 'regional_rebate', 100],
    ]);

    // The regional agent's own order: no rebate to themself.
    const regionalAsBuyer = { ...regional, addressId: (await call(c, 'POST', '/api/me/addresses', regional.headers, { receiver: '赵六', phone: '13812345678', province: '广东省', city: '深圳市', district: '南山区', detail: '1 号' })).json().id };
    const own = await paidOrder(c, regionalAsBuyer, [{ skuId: shop.tv.skuId, quantity: 1 }]);
    expect(await commissionsOf(c, own.id)).toEqual([]);

    const disabled = await call(c, 'POST', `/api/admin/distribution/distributors/${regional.id}/disable`, owner.headers, {});
    expect(disabled.statusCode, disabled.body).toBe(200);
    await expectLedgerMatchesAccounts(c);
  });

  it('shoppers apply once; staff review with distribution.manage only; auto-approval when the shop needs no review', async () => {
    const c = ctx();
    const { owner } = shop;
    await setShop(c, owner, { distributors: { autoApprove: false } });
    const shopper = await c.shopperSession();
    const first = await call(c, 'POST', '/api/distribution/apply', shopper.headers, { realName: '孙七', phone: '13600000000' });
    expect(first.json()).toMatchObject({ status: 'pending' });
    const again = await call(c, 'POST', '/api/distribution/apply', shopper.headers, { realName: '孙七', phone: '13600000000' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('DISTRIBUTOR_ALREADY_APPLIED');
    expect((await call(c, 'POST', '/api/distribution/apply', shopper.headers, { realName: '孙七', phone: '123' })).statusCode).toBe(400);
    expect((await call(c, 'POST', `/api/admin/distribution/distributors/${shopper.id}/approve`, shop.warehouse.headers, {})).statusCode).toBe(403);
    const rejected = await call(c, 'POST', `/api/admin/distribution/distributors/${shopper.id}/reject`, owner.headers, { note: '资料不全' });
    expect(rejected.json()).toMatchObject({ status: 'rejected', reviewNote: '资料不全' });
    expect((await call(c, 'POST', `/api/admin/distribution/distributors/${shopper.id}/disable`, owner.headers, {})).json().code).toBe('DISTRIBUTOR_STATUS_INVALID');
    const list = await call(c, 'GET', '/api/admin/distribution/distributors?status=rejected', owner.headers);
    expect(list.json().items.map((d: { shopperId: number }) => d.shopperId)).toContain(shopper.id);

    await setShop(c, owner, { distributors: { autoApprove: true } });
    const auto = await c.shopperSession();
    expect((await call(c, 'POST', '/api/distribution/apply', auto.headers, { realName: '周八', phone: '13500000000' })).json()).toMatchObject({ status: 'approved' });
    await setShop(c, owner, { distributors: { autoApprove: false } });
  });

  // Last: it moves the clock a week on, past the staff session used by the tests above.
  it("the buyer's own full refund before shipping takes back all unsettled commission once, both levels; a return after completion claws back in proportion before settlement", async () => {
    const c = ctx();
    const { owner } = shop;
    await setShop(c, owner, { commission: { settleOn: 'after_protection', protectionDays: 7 }, distributors: { level1Permille: 50, level2Permille: 20 } });
    const upper = await distributor(c, owner);
    const direct = await distributor(c, owner);
    await bind(c, direct.id, upper.id);
    const buyer = await newBuyer(c);
    await bind(c, buyer.id, direct.id);

    // Paid, then the buyer asks for all of it back before shipping (the shopper's way to cancel a paid order).
    const order = await paidOrder(c, buyer, [{ skuId: shop.tv.skuId, quantity: 2 }]);
    expect((await commissionsOf(c, order.id)).map((r) => [r.beneficiaryId, r.amount, r.status])).toEqual([
      [direct.id, 1_000, 'pending'],
      [upper.id, 400, 'pending'],
    ]);
    const whole = await apply(c, buyer, applyBody(order));
    await staffMove(c, shop.service, whole.id, 'approve', { note: 'ok' });
    await drain(c);
    await drain(c);
    expect((await commissionsOf(c, order.id)).map((r) => [r.amount, r.status])).toEqual([
      [0, 'clawed_back'],
      [0, 'clawed_back'],
    ]);
    expect(await account(c, direct.id)).toEqual({ pending: 0, available: 0, frozen: 0, withdrawn: 0 });
    expect(await account(c, upper.id)).toEqual({ pending: 0, available: 0, frozen: 0, withdrawn: 0 });
    const clawed = (await ledgerOf(c, direct.id)).filter(([, , reason]) => reason === 'commission_clawed_back');
    expect(clawed.reduce((sum, [, delta]) => sum + Number(delta), 0)).toBe(-1_000);

    // Another order completes; inside the protection period one of two units comes back (return and refund).
    const second = await paidOrder(c, buyer, [{ skuId: shop.tv.skuId, quantity: 2 }]);
    await ship(c, owner, second.id);
    await complete(c, buyer, second.id);
    await drain(c);
    const ret = await apply(c, buyer, applyBody(second, { type: 'return_refund', reason: '与描述不符', lines: [{ orderLineId: second.lines[0]!.id, quantity: 1 }] }));
    await staffMove(c, shop.service, ret.id, 'approve', {});
    const sent = await call(c, 'POST', `/api/aftersales/${ret.id}/return-shipment`, buyer.headers, { carrier: '顺丰速运', trackingNo: 'SF1234567890' });
    expect(sent.statusCode, sent.body).toBe(200);
    await staffMove(c, shop.service, ret.id, 'receive');
    await staffMove(c, shop.service, ret.id, 'refund', {});
    await drain(c);
    await drain(c);
    expect((await commissionsOf(c, second.id)).map((r) => [r.amount, r.status])).toEqual([
      [500, 'pending'],
      [200, 'pending'],
    ]);
    c.clock.advance(7 * DAY + 60_000);
    await settle(c);
    expect((await commissionsOf(c, second.id)).map((r) => [r.amount, r.status])).toEqual([
      [500, 'settled'],
      [200, 'settled'],
    ]);
    expect(await account(c, direct.id)).toMatchObject({ pending: 0, available: 500 });
    expect(await account(c, upper.id)).toMatchObject({ pending: 0, available: 200 });

    // The back office's list names the distributor and totals what is pending, settled and taken back.
    const staff = await c.staffSession('owner'); // the earlier sessions ran out while the clock moved on
    const listed = await call(c, 'GET', `/api/admin/distribution/commissions?beneficiaryId=${direct.id}`, staff.headers);
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().totals).toEqual({ pending: 0, settled: 500, clawedBack: 1_000 + 500 });
    expect(listed.json().items.map((i: { beneficiaryName: string; orderId: number }) => [i.beneficiaryName, i.orderId])).toEqual([
      ['王五', second.id],
      ['王五', order.id],
    ]);
    expect((await call(c, 'GET', '/api/admin/distribution/commissions', (await c.shopperSession()).headers)).statusCode).toBe(403);
    await expectLedgerMatchesAccounts(c);
  });
});
