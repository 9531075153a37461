import { eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { auditRows } from './catalog-fixtures.ts';
import { appError, outcome } from './promotions-fixtures.ts';
import { pointsAccounts, pointsLedger } from '../src/modules/points/points.tables.ts';

describeEachDatabase('points', (ctx) => {
  const pts = () => ctx().services.points;
  const inTx = <T>(fn: (tx: Parameters<Parameters<ReturnType<typeof ctx>['db']['transaction']>[0]>[0]) => Promise<T>) => ctx().db.transaction(fn);
  const balance = (shopperId: number) => pts().balance(ctx().db, shopperId);
  const ledger = (shopperId: number) => ctx().db.select().from(pointsLedger).where(eq(pointsLedger.shopperId, shopperId)).orderBy(pointsLedger.id);
  /** The ledger explains the balance: its deltas sum to it and each row's balance_after follows. */
  async function expectExplained(shopperId: number) {
    const rows = await ledger(shopperId);
    let running = 0;
    for (const row of rows) {
      running += row.delta;
      expect(row.balanceAfter).toBe(running);
    }
    expect(await balance(shopperId)).toBe(running);
    return rows;
  }
  const grant = async (shopperId: number, points: number) => {
    const owner = await ctx().staffSession('owner');
    const res = await ctx().app.inject({ method: 'POST', url: `/api/admin/points/${shopperId}/adjust`, headers: owner.headers, payload: { delta: points, note: 'grant' } });
    expect(res.statusCode, res.body).toBe(200);
  };

  it('earns, spends, gives back and takes back, each once per order', async () => {
    const { id } = await ctx().shopperSession();
    expect(await inTx((tx) => pts().earnForOrder(tx, { shopperId: id, orderId: 1, paidAmount: 19_999 }))).toEqual({ earned: 199 });
    expect(await inTx((tx) => pts().earnForOrder(tx, { shopperId: id, orderId: 1, paidAmount: 19_999 }))).toEqual({ earned: 0 });
    expect(await inTx((tx) => pts().earnForOrder(tx, { shopperId: id, orderId: 9, paidAmount: 99 }))).toEqual({ earned: 0 });
    expect(await balance(id)).toBe(199);

    expect(await inTx((tx) => pts().spend(tx, { shopperId: id, points: 150, orderId: 2 }))).toEqual({ balance: 49 });
    expect(await inTx((tx) => pts().spend(tx, { shopperId: id, points: 150, orderId: 2 }))).toEqual({ balance: 49 });
    expect((await appError(inTx((tx) => pts().spend(tx, { shopperId: id, points: 99, orderId: 2 })))).code).toBe('CONFLICT');
    const short = await appError(inTx((tx) => pts().spend(tx, { shopperId: id, points: 100, orderId: 3 })));
    expect([short.code, short.status, short.params]).toEqual(['POINTS_INSUFFICIENT', 409, { balance: 49, requested: 100 }]);
    for (const points of [0, -5, 1.5, Number.MAX_SAFE_INTEGER]) {
      expect((await appError(inTx((tx) => pts().spend(tx, { shopperId: id, points, orderId: 4 })))).code).toBe('VALIDATION_FAILED');
    }

    expect(await inTx((tx) => pts().refundSpent(tx, { shopperId: id, orderId: 2 }))).toEqual({ refunded: 150 });
    expect(await inTx((tx) => pts().refundSpent(tx, { shopperId: id, orderId: 2 }))).toEqual({ refunded: 0 });
    expect(await inTx((tx) => pts().refundSpent(tx, { shopperId: id, orderId: 3 }))).toEqual({ refunded: 0 });
    expect(await balance(id)).toBe(199);

    expect(await inTx((tx) => pts().reverseEarned(tx, { shopperId: id, orderId: 1, amount: 50 }))).toEqual({ reversed: 50, shortfall: 0 });
    expect(await inTx((tx) => pts().reverseEarned(tx, { shopperId: id, orderId: 1 }))).toEqual({ reversed: 149, shortfall: 0 });
    expect(await inTx((tx) => pts().reverseEarned(tx, { shopperId: id, orderId: 1 }))).toEqual({ reversed: 0, shortfall: 0 });
    expect(await inTx((tx) => pts().reverseEarned(tx, { shopperId: id, orderId: 2 }))).toEqual({ reversed: 0, shortfall: 0 });
    const rows = await expectExplained(id);
    expect(rows.map((r) => [r.reason, r.delta, r.orderId])).toEqual([
      ['earn_order', 199, 1],
      ['spend_order', -150, 2],
      ['refund_order', 150, 2],
      ['reverse_earn', -50, 1],
      ['reverse_earn', -149, 1],
    ]);
  });

  it('earns at the shop’s rate', async () => {
    const owner = await ctx().staffSession('owner');
    await ctx().app.inject({ method: 'PATCH', url: '/api/admin/settings', headers: owner.headers, payload: { points: { earnPerYuan: 3 } } });
    const { id } = await ctx().shopperSession();
    expect(await inTx((tx) => pts().earnForOrder(tx, { shopperId: id, orderId: 70, paidAmount: 1050 }))).toEqual({ earned: 30 });
    await ctx().app.inject({ method: 'PATCH', url: '/api/admin/settings', headers: owner.headers, payload: { points: { earnPerYuan: 1 } } });
  });

  it('takes back only what is there when earned points were already spent, and records the rest', async () => {
    const { id } = await ctx().shopperSession();
    await inTx((tx) => pts().earnForOrder(tx, { shopperId: id, orderId: 10, paidAmount: 10_000 }));
    await inTx((tx) => pts().spend(tx, { shopperId: id, points: 80, orderId: 11 }));
    expect(await inTx((tx) => pts().reverseEarned(tx, { shopperId: id, orderId: 10 }))).toEqual({ reversed: 20, shortfall: 80 });
    expect(await balance(id)).toBe(0);
    // Settled: a later earning is not taken for the same order again.
    await inTx((tx) => pts().earnForOrder(tx, { shopperId: id, orderId: 12, paidAmount: 5000 }));
    expect(await inTx((tx) => pts().reverseEarned(tx, { shopperId: id, orderId: 10 }))).toEqual({ reversed: 0, shortfall: 0 });
    const rows = await expectExplained(id);
    expect(rows.find((r) => r.reason === 'reverse_earn')).toMatchObject({ delta: -20, shortfall: 80, balanceAfter: 0 });
    // Nothing left to take: recorded as a zero-delta row with the whole shortfall.
    const { id: broke } = await ctx().shopperSession();
    await inTx((tx) => pts().earnForOrder(tx, { shopperId: broke, orderId: 13, paidAmount: 3000 }));
    await inTx((tx) => pts().spend(tx, { shopperId: broke, points: 30, orderId: 14 }));
    expect(await inTx((tx) => pts().reverseEarned(tx, { shopperId: broke, orderId: 13 }))).toEqual({ reversed: 0, shortfall: 30 });
    expect((await expectExplained(broke)).at(-1)).toMatchObject({ reason: 'reverse_earn', delta: 0, shortfall: 30 });
  });

  it('leaves nothing behind when the caller’s transaction fails', async () => {
    const { id } = await ctx().shopperSession();
    await grant(id, 100);
    await expect(
      inTx(async (tx) => {
        await pts().spend(tx, { shopperId: id, points: 60, orderId: 20 });
        throw new Error('order failed');
      }),
    ).rejects.toThrow('order failed');
    expect(await balance(id)).toBe(100);
    expect((await expectExplained(id)).map((r) => r.reason)).toEqual(['admin_adjust']);
  });

  it('never goes negative under concurrent spends, and does each order once under concurrent repeats', async () => {
    const { id } = await ctx().shopperSession();
    await grant(id, 100);
    const spends = await Promise.all(Array.from({ length: 30 }, (_, i) => outcome(inTx((tx) => pts().spend(tx, { shopperId: id, points: 10, orderId: 1000 + i })))));
    expect(spends.filter((r) => r === null)).toHaveLength(10);
    expect(spends.filter((r) => r !== null).every((r) => r === 'POINTS_INSUFFICIENT')).toBe(true);
    expect(await balance(id)).toBe(0);

    // Which ten spends won is up to the race: refund one of the orders that did spend.
    const spentOrderId = 1000 + spends.findIndex((r) => r === null);
    const refunds = await Promise.all(Array.from({ length: 6 }, () => inTx((tx) => pts().refundSpent(tx, { shopperId: id, orderId: spentOrderId }))));
    expect(refunds.map((r) => r.refunded).sort((a, b) => b - a)).toEqual([10, 0, 0, 0, 0, 0]);
    const earns = await Promise.all(Array.from({ length: 6 }, () => inTx((tx) => pts().earnForOrder(tx, { shopperId: id, orderId: 5000, paidAmount: 5000 }))));
    expect(earns.map((r) => r.earned).sort((a, b) => b - a)).toEqual([50, 0, 0, 0, 0, 0]);
    const reversals = await Promise.all(Array.from({ length: 6 }, () => inTx((tx) => pts().reverseEarned(tx, { shopperId: id, orderId: 5000, amount: 20 }))));
    expect(reversals.reduce((s, r) => s + r.reversed, 0)).toBe(50);
    expect(await balance(id)).toBe(10);
    await expectExplained(id);
    const [account] = await ctx().db.select().from(pointsAccounts).where(eq(pointsAccounts.shopperId, id));
    expect(account!.balance).toBe(10);
  });

  it('shows shoppers their balance and paged ledger', async () => {
    const shopper = await ctx().shopperSession();
    await grant(shopper.id, 300);
    await inTx((tx) => pts().spend(tx, { shopperId: shopper.id, points: 120, orderId: 31 }));
    await inTx((tx) => pts().earnForOrder(tx, { shopperId: shopper.id, orderId: 32, paidAmount: 4500 }));
    const res = await ctx().app.inject({ method: 'GET', url: '/api/me/points?pageSize=2', headers: shopper.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ shopperId: shopper.id, balance: 225, total: 3, page: 1, pageSize: 2 });
    expect(res.json().items.map((e: { reason: string; delta: number }) => [e.reason, e.delta])).toEqual([
      ['earn_order', 45],
      ['spend_order', -120],
    ]);
    const page2 = await ctx().app.inject({ method: 'GET', url: '/api/me/points?pageSize=2&page=2', headers: shopper.headers });
    expect(page2.json().items).toMatchObject([{ reason: 'admin_adjust', delta: 300, note: 'grant' }]);
    expect((await ctx().app.inject({ method: 'GET', url: '/api/me/points' })).statusCode).toBe(401);
    expect((await ctx().app.inject({ method: 'GET', url: '/api/me/points?pageSize=1000', headers: shopper.headers })).statusCode).toBe(400);
    const fresh = await ctx().shopperSession();
    expect((await ctx().app.inject({ method: 'GET', url: '/api/me/points', headers: fresh.headers })).json()).toMatchObject({ balance: 0, total: 0, items: [] });
  });

  it('lets marketing staff see and adjust points with a reason, audited; refuses others and bad input', async () => {
    const operator = await ctx().staffSession('operator');
    const shopper = await ctx().shopperSession();
    const url = `/api/admin/points/${shopper.id}`;
    const add = await ctx().app.inject({ method: 'POST', url: `${url}/adjust`, headers: operator.headers, payload: { delta: 500, note: '客服补偿' } });
    expect(add.statusCode, add.body).toBe(200);
    expect(add.json()).toMatchObject({ balance: 500, entry: { reason: 'admin_adjust', delta: 500, note: '客服补偿', actor: expect.stringMatching(/^staff:/) } });
    expect(await auditRows(ctx(), 'points.adjust', shopper.id)).toHaveLength(1);
    const tooMuch = await ctx().app.inject({ method: 'POST', url: `${url}/adjust`, headers: operator.headers, payload: { delta: -501, note: '扣除' } });
    expect([tooMuch.statusCode, tooMuch.json().code]).toEqual([409, 'POINTS_INSUFFICIENT']);
    for (const payload of [{ delta: 0, note: 'x' }, { delta: 5 }, { delta: 5, note: '' }, { delta: 1.5, note: 'x' }, { delta: '5', note: 'x' }, { delta: 1e12, note: 'x' }]) {
      const res = await ctx().app.inject({ method: 'POST', url: `${url}/adjust`, headers: operator.headers, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
    expect((await ctx().app.inject({ method: 'POST', url: '/api/admin/points/999999/adjust', headers: operator.headers, payload: { delta: 5, note: 'x' } })).statusCode).toBe(404);
    expect((await ctx().app.inject({ method: 'GET', url: '/api/admin/points/999999', headers: operator.headers })).statusCode).toBe(404);
    const view = await ctx().app.inject({ method: 'GET', url, headers: operator.headers });
    expect(view.json()).toMatchObject({ balance: 500, total: 1 });

    const others = [await ctx().staffSession('warehouse'), await ctx().staffSession('customer_service'), shopper];
    for (const who of others) {
      expect((await ctx().app.inject({ method: 'GET', url, headers: who.headers })).statusCode).toBe(403);
      expect((await ctx().app.inject({ method: 'POST', url: `${url}/adjust`, headers: who.headers, payload: { delta: 5, note: 'x' } })).statusCode).toBe(403);
    }
    expect(await balance(shopper.id)).toBe(500);
    const [{ n }] = (await ctx().db.select({ n: sql<number>`count(*)::int` }).from(pointsLedger).where(eq(pointsLedger.shopperId, shopper.id))) as [{ n: number }];
    expect(n).toBe(1);
  });
});
