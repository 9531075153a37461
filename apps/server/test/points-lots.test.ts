import { and, eq, gt } from 'drizzle-orm';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { describeEachDatabase, type TestContext } from './harness.ts';
import { pointsLedger } from '../src/modules/points/points.tables.ts';
import type { DbOrTx } from '../src/platform/db.ts';

const DAY = 86_400_000;

describeEachDatabase('points: lots, expiry, caps', (ctx) => {
  const pts = () => ctx().services.points;
  const inTx = <T>(fn: (tx: DbOrTx) => Promise<T>) => ctx().db.transaction(fn);
  let nextOrder = 10_000;
  const orderId = () => nextOrder++;
  const rows = (shopperId: number) => ctx().db.select().from(pointsLedger).where(eq(pointsLedger.shopperId, shopperId)).orderBy(pointsLedger.id);
  const lots = (shopperId: number) => ctx().db.select().from(pointsLedger).where(and(eq(pointsLedger.shopperId, shopperId), gt(pointsLedger.remaining, 0))).orderBy(pointsLedger.id);
  async function setPoints(c: TestContext, points: Record<string, unknown>) {
    const owner = await c.staffSession('owner');
    const res = await c.app.inject({ method: 'PATCH', url: '/api/admin/settings', headers: owner.headers, payload: { points } });
    expect(res.statusCode, res.body).toBe(200);
  }
  /** The lots explain the balance: what is left of them sums to it; the ledger's deltas do too. */
  async function expectLotsExplain(shopperId: number) {
    const all = await rows(shopperId);
    const balance = await pts().balance(ctx().db, shopperId);
    expect(all.reduce((s, r) => s + r.delta, 0)).toBe(balance);
    expect(all.reduce((s, r) => s + r.remaining, 0)).toBe(balance);
    for (const r of all) expect(r.remaining).toBeGreaterThanOrEqual(0);
    for (const r of all) if (r.delta <= 0) expect(r.remaining).toBe(0);
  }

  it('keeps the lots equal to the balance after any sequence of earn, spend, give back, take back, adjust and expire', async () => {
    const c = ctx();
    await setPoints(c, { earnPerYuan: 1, expiry: 'days', expiryDays: 3, maxEarnPerOrder: 0, maxEarnPerDay: 0 });
    const op = fc.oneof(
      fc.record({ kind: fc.constant('earn' as const), paid: fc.integer({ min: 100, max: 50_000 }) }),
      fc.record({ kind: fc.constant('spend' as const), points: fc.integer({ min: 1, max: 400 }) }),
      fc.record({ kind: fc.constant('refundSpent' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat(), amount: fc.option(fc.integer({ min: 1, max: 300 }), { nil: undefined }) }),
      fc.record({ kind: fc.constant('adjust' as const), delta: fc.integer({ min: -200, max: 200 }).filter((d) => d !== 0) }),
      fc.record({ kind: fc.constant('expire' as const), days: fc.integer({ min: 0, max: 4 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 10 }), async (ops) => {
        const { id } = await c.shopperSession();
        const earned: number[] = [];
        const spent: number[] = [];
        for (const o of ops) {
          if (o.kind === 'earn') {
            const order = orderId();
            await inTx((tx) => pts().earnForOrder(tx, { shopperId: id, orderId: order, paidAmount: o.paid }));
            earned.push(order);
          } else if (o.kind === 'spend') {
            const order = orderId();
            await inTx((tx) => pts().spend(tx, { shopperId: id, points: o.points, orderId: order })).then(
              () => spent.push(order),
              (e: { code?: string }) => expect(e.code).toBe('POINTS_INSUFFICIENT'),
            );
          } else if (o.kind === 'refundSpent' && spent.length > 0) {
            await inTx((tx) => pts().refundSpent(tx, { shopperId: id, orderId: spent[o.pick % spent.length]! }));
          } else if (o.kind === 'reverse' && earned.length > 0) {
            await inTx((tx) => pts().reverseEarned(tx, { shopperId: id, orderId: earned[o.pick % earned.length]!, amount: o.amount }));
          } else if (o.kind === 'adjust') {
            const owner = await c.staffSession('owner');
            await c.app.inject({ method: 'POST', url: `/api/admin/points/${id}/adjust`, headers: owner.headers, payload: { delta: o.delta, note: 'test' } });
          } else if (o.kind === 'expire') {
            c.clock.advance(o.days * DAY);
            await pts().expireDue();
          }
          await expectLotsExplain(id);
        }
      }),
      { numRuns: 15 },
    );
  });

  it('spends the lots expiring first, never-expiring lots last, and takes a reversal from the order’s own lot', async () => {
    const c = ctx();
    const { id } = await c.shopperSession();
    await setPoints(c, { earnPerYuan: 1, expiry: 'never' });
    const forever = orderId();
    await inTx((tx) => pts().earnForOrder(tx, { shopperId: id, orderId: forever, paidAmount: 10_000 })); // 100, never expires
    await setPoints(c, { expiry: 'days', expiryDays: 30 });
    const older = orderId();
    await inTx((tx) => pts().earnForOrder(tx, { shopperId: id, orderId: older, paidAmount: 5_000 })); // 50, expires in 30 days
    c.clock.advance(DAY);
    const newer = orderId();
    await inTx((tx) => pts().earnForOrder(tx, { shopperId: id, orderId: newer, paidAmount: 8_000 })); // 80, expires a day later

    await inTx((tx) => pts().spend(tx, { shopperId: id, points: 70, orderId: orderId() }));
    const left = new Map((await rows(id)).filter((r) => r.reason === 'earn_order').map((r) => [r.orderId, r.remaining]));
    expect([left.get(forever), left.get(older), left.get(newer)]).toEqual([100, 0, 60]);

    // Taking back what `forever` earned comes out of its own lot first, though it would be spent last.
    expect(await inTx((tx) => pts().reverseEarned(tx, { shopperId: id, orderId: forever, amount: 30 }))).toEqual({ reversed: 30, shortfall: 0 });
    const after = new Map((await rows(id)).filter((r) => r.reason === 'earn_order').map((r) => [r.orderId, r.remaining]));
    expect([after.get(forever), after.get(older), after.get(newer)]).toEqual([70, 0, 60]);
    await expectLotsExplain(id);
  });

  it('expires due lots once, even with two sweeps at once, one expire row per lot', async () => {
    const c = ctx();
    await setPoints(c, { earnPerYuan: 1, expiry: 'days', expiryDays: 10 });
    const shoppers = await Promise.all([c.shopperSession(), c.shopperSession(), c.shopperSession()]);
    for (const s of shoppers) {
      await inTx((tx) => pts().earnForOrder(tx, { shopperId: s.id, orderId: orderId(), paidAmount: 12_000 }));
      await inTx((tx) => pts().spend(tx, { shopperId: s.id, points: 20, orderId: orderId() }));
    }
    c.clock.advance(9 * DAY);
    await pts().expireDue();
    for (const s of shoppers) expect((await rows(s.id)).some((r) => r.reason === 'expire')).toBe(false);
    const res = await c.app.inject({ method: 'GET', url: '/api/me/points', headers: shoppers[0]!.headers });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().expiring).toEqual([{ points: 100, expiresAt: expect.any(String) }]);

    c.clock.advance(DAY);
    const [a, b] = await Promise.all([pts().expireDue(), pts().expireDue()]);
    expect(a + b).toBeGreaterThanOrEqual(3);
    for (const s of shoppers) {
      const all = await rows(s.id);
      const expired = all.filter((r) => r.reason === 'expire');
      expect(expired.map((r) => r.delta)).toEqual([-100]);
      expect(await pts().balance(c.db, s.id)).toBe(0);
      await expectLotsExplain(s.id);
    }
    expect(await pts().expireDue()).toBe(0);
    expect((await lots(shoppers[0]!.id)).length).toBe(0);
  });

  it('caps what an order and a shop day earn; the day cap starts again the next day', async () => {
    const c = ctx();
    await setPoints(c, { earnPerYuan: 2, expiry: 'never', maxEarnPerOrder: 300, maxEarnPerDay: 500 });
    const { id } = await c.shopperSession();
    const earn = (paid: number) => inTx((tx) => pts().earnForOrder(tx, { shopperId: id, orderId: orderId(), paidAmount: paid }));
    expect(await earn(100_000)).toEqual({ earned: 300 }); // 2,000 by the rate, 300 by the order cap
    expect(await earn(10_000)).toEqual({ earned: 200 });
    expect(await earn(10_000)).toEqual({ earned: 0 }); // the day's 500 are reached
    c.clock.advance(DAY);
    expect(await earn(10_000)).toEqual({ earned: 200 });
    await setPoints(c, { maxEarnPerOrder: 0, maxEarnPerDay: 0, earnPerYuan: 1 });
    await expectLotsExplain(id);
  });
});
