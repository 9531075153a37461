// Spec §5 (beyond), 分批发货: a deposit campaign released in batches; paid deposits ranked by payment
// time, each batch with its own balance window and ship date, buyers told and shown their batch.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { TestContext } from './harness.ts';
import { describeEachDatabase } from './harness.ts';
import { getOrder, messageKinds, newBuyer, pressPay, startPay, type Session } from './orders-fixtures.ts';
import { get, iso, post } from './presale-fixtures.ts';
import { advanceAndSweep, buyerWithPaidDeposit, depositOrder, openDepositCampaign, openFullCampaign, payBalanceRes, payStage, presaleRow, DAY } from './presale-orders-fixtures.ts';
import { presaleBatches } from '../src/modules/presale/presale.tables.ts';
import { presaleReminderSends } from '../src/modules/orders/orders.tables.ts';

const put = (c: TestContext, url: string, headers: Record<string, string>, payload: unknown) => c.app.inject({ method: 'PUT', url, headers, payload: payload as never });

/** Batch 1 pays its balance from the order window's close for 3 days and ships on day 8; batch 2 pays from day 10 and ships on day 15 (sessions last 14 days). */
function twoBatches(c: TestContext, first: number, second: number) {
  return [
    { units: first, balanceStartsAt: iso(c, 2 * DAY), balanceEndsAt: iso(c, 5 * DAY), shipDate: iso(c, 8 * DAY) },
    { units: second, balanceStartsAt: iso(c, 10 * DAY), balanceEndsAt: iso(c, 13 * DAY), shipDate: iso(c, 15 * DAY) },
  ];
}

const setBatches = (c: TestContext, owner: Session, campaignId: number, batches: unknown[]) => put(c, `/api/admin/presale/campaigns/${campaignId}/batches`, owner.headers, { batches });

async function batchRows(c: TestContext, campaignId: number) {
  return c.db.select().from(presaleBatches).where(eq(presaleBatches.campaignId, campaignId)).orderBy(presaleBatches.seq);
}

describeEachDatabase('presale batches (分批发货)', (ctx) => {
  describe('setting batches', () => {
    it('refuses batches that do not add up to the quota, a single batch, a full-payment campaign, and windows out of order, field by field', async () => {
      const c = ctx();
      const owner = await c.staffSession('owner');
      const { campaign } = await openDepositCampaign(c, owner.headers, {}, { item: { quota: 10 } });
      const url = `/api/admin/presale/campaigns/${campaign.id}/batches`;

      const units = await setBatches(c, owner, campaign.id, twoBatches(c, 3, 5));
      expect(units.statusCode).toBe(422);
      expect(units.json()).toMatchObject({ code: 'PRESALE_BATCHES_UNITS' });
      expect(units.json().title).toContain('8');

      const single = await setBatches(c, owner, campaign.id, twoBatches(c, 10, 1).slice(0, 1));
      expect(single.statusCode).toBe(400);
      expect(single.json().errors).toEqual([expect.objectContaining({ path: 'batches' })]);

      const [one, two] = twoBatches(c, 4, 6);
      const early = await setBatches(c, owner, campaign.id, [{ ...one!, balanceStartsAt: iso(c, DAY) }, { ...two!, shipDate: iso(c, 7 * DAY) }]);
      expect(early.statusCode).toBe(422);
      expect(early.json().code).toBe('PRESALE_WINDOW_INVALID');
      // Each field names its rule in the shop's language as well as the developer's English.
      expect(early.json().errors[0]).toMatchObject({ code: 'PRESALE_WINDOW_INVALID', title: '预售活动的时间设置不正确', message: 'the balance window opens too early for the order window' });
      // Batch 2 shipping on day 7 is both before its own window opens and before batch 1 ships.
      expect(early.json().errors.map((e: { path: string }) => e.path)).toEqual(['batches.0.balanceStartsAt', 'batches.1.shipDate', 'batches.1.shipDate']);
      const overtaking = await setBatches(c, owner, campaign.id, [{ ...one!, balanceStartsAt: iso(c, 3 * DAY) }, { ...two!, balanceStartsAt: iso(c, 2 * DAY) }]);
      expect(overtaking.json().errors.map((e: { path: string }) => e.path)).toEqual(['batches.1.balanceStartsAt']);

      const full = await openFullCampaign(c, owner.headers);
      const refused = await setBatches(c, owner, full.campaign.id, twoBatches(c, 10, 10));
      expect(refused.statusCode).toBe(422);
      expect(refused.json().code).toBe('PRESALE_BATCHES_DEPOSIT_ONLY');

      const support = await c.staffSession('warehouse');
      expect((await put(c, url, support.headers, { batches: twoBatches(c, 4, 6) })).statusCode).toBe(403);
      expect(await batchRows(c, campaign.id)).toEqual([]);

      const ok = await setBatches(c, owner, campaign.id, twoBatches(c, 4, 6));
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json().batches.map((b: { seq: number; units: number; assignedUnits: number }) => [b.seq, b.units, b.assignedUnits])).toEqual([
        [1, 4, 0],
        [2, 6, 0],
      ]);
      const shop = (await get(c, `/api/presale/campaigns/${campaign.id}`)).json();
      expect(shop.batches).toHaveLength(2);
      expect(shop.batches[1].shipDate).toBe(twoBatches(c, 4, 6)[1]!.shipDate);
    });

    it('cannot add batches once deposits are paid for one shipment', async () => {
      const c = ctx();
      const owner = await c.staffSession('owner');
      const { campaign, sku } = await openDepositCampaign(c, owner.headers, {}, { item: { quota: 10 } });
      await buyerWithPaidDeposit(c, campaign, sku.skuId);
      const res = await setBatches(c, owner, campaign.id, twoBatches(c, 4, 6));
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('PRESALE_BATCHES_LOCKED');
    });
  });

  it('ranks paid deposits by payment time into the earliest batch with room; each batch has its own balance window, lapse and reminders', async () => {
    const c = ctx();
    const owner = await c.staffSession('owner');
    const { campaign, sku } = await openDepositCampaign(c, owner.headers, { reminders: [{ kind: 'window_open' }] }, { item: { quota: 5, perBuyerLimit: 2 } });
    expect((await setBatches(c, owner, campaign.id, twoBatches(c, 2, 3))).statusCode).toBe(200);

    // Placed first, paid last: the rank is the payment's.
    const early = await newBuyer(c);
    const earlyOrder = await depositOrder(c, early, campaign, sku.skuId, 1);
    const second = await newBuyer(c);
    const secondOrder = await depositOrder(c, second, campaign, sku.skuId, 1);
    const pair = await newBuyer(c);
    const pairOrder = await depositOrder(c, pair, campaign, sku.skuId, 2);
    await payStage(c, second, secondOrder.id);
    await payStage(c, pair, pairOrder.id); // 2 units: batch 1 has room for 1 only, so batch 2
    await payStage(c, early, earlyOrder.id); // the last unit of batch 1

    const seqOf = async (buyer: Session, orderId: number) => (await getOrder(c, buyer, orderId)).presale.batch;
    expect(await seqOf(second, secondOrder.id)).toEqual({ seq: 1, of: 2 });
    expect(await seqOf(pair, pairOrder.id)).toEqual({ seq: 2, of: 2 });
    expect(await seqOf(early, earlyOrder.id)).toEqual({ seq: 1, of: 2 });
    expect((await batchRows(c, campaign.id)).map((b) => b.assignedUnits)).toEqual([2, 2]);
    const pairView = await getOrder(c, pair, pairOrder.id);
    expect(pairView.presale.balanceStartsAt).toBe(twoBatches(c, 2, 3)[1]!.balanceStartsAt.replace(/\.\d+Z$/, '.000Z'));
    expect(pairView.presale.estimatedShipDate).toBe(pairView.presale.ship.shipDate);
    expect(await messageKinds(c, pair.id)).toContain('presale.deposit_paid');

    // Batch 1's window opens when the order window closes (day 2 from the campaign's start); batch 2 is not open.
    await advanceAndSweep(c, 2 * DAY);
    await payStage(c, early, earlyOrder.id);
    expect((await getOrder(c, early, earlyOrder.id)).status).toBe('awaiting_shipment');
    const tooSoon = await payBalanceRes(c, pair, pairOrder.id);
    expect(tooSoon.statusCode).toBe(409);
    expect(tooSoon.json().code).toBe('PRESALE_BALANCE_NOT_OPEN');
    const reminded = await c.db.select().from(presaleReminderSends).where(eq(presaleReminderSends.campaignId, campaign.id));
    expect(reminded.map((r) => r.orderId).sort()).toEqual([earlyOrder.id, secondOrder.id].sort());

    // Batch 1's window closes: its unpaid order lapses (deposit kept); batch 2's waits for its own window.
    await advanceAndSweep(c, 3 * DAY + 1);
    expect((await getOrder(c, second, secondOrder.id)).status).toBe('cancelled');
    expect((await presaleRow(c, secondOrder.id)).forfeitedAmount).toBe(10_000);
    expect((await getOrder(c, pair, pairOrder.id)).status).toBe('awaiting_balance');
    expect((await batchRows(c, campaign.id)).map((b) => b.assignedUnits)).toEqual([1, 2]);

    await advanceAndSweep(c, 5 * DAY);
    const reminders = await c.db.select().from(presaleReminderSends).where(eq(presaleReminderSends.orderId, pairOrder.id));
    expect(reminders).toHaveLength(1);
    await payStage(c, pair, pairOrder.id);
    expect((await getOrder(c, pair, pairOrder.id)).status).toBe('awaiting_shipment');

    // Staff see each batch's orders (to ship a batch together) and the batches in the campaign report.
    const listed = await get(c, `/api/admin/orders?campaignId=${campaign.id}&batch=2`, owner.headers);
    expect(listed.json().items.map((o: { id: number }) => o.id)).toEqual([pairOrder.id]);
    expect((await get(c, `/api/admin/orders?batch=2`, owner.headers)).statusCode).toBe(400);
    const ids = async (query: string) => (await get(c, `/api/admin/orders?${query}`, owner.headers)).json().items.map((o: { id: number }) => o.id);
    expect(await ids('kind=presale_deposit')).toContain(pairOrder.id);
    expect(await ids('kind=normal')).not.toContain(pairOrder.id);
    expect((await get(c, `/api/admin/orders?kind=gift`, owner.headers)).statusCode).toBe(400);
    const report = (await get(c, `/api/admin/presale/campaigns/${campaign.id}/report`, owner.headers)).json();
    expect(report.batches.map((b: { seq: number; assignedUnits: number; orders: number; balancesPaid: number }) => [b.seq, b.assignedUnits, b.orders, b.balancesPaid])).toEqual([
      [1, 1, 2, 1], // two orders were placed in batch 1; one lapsed, giving its unit back
      [2, 2, 1, 1],
    ]);
  });

  it('locks units and dates once buyers are placed but lets a balance window be extended; a ship-date change reaches only its batch', async () => {
    const c = ctx();
    const owner = await c.staffSession('owner');
    const { campaign, sku } = await openDepositCampaign(c, owner.headers, {}, { item: { quota: 4, perBuyerLimit: 2 } });
    const batches = twoBatches(c, 2, 2);
    expect((await setBatches(c, owner, campaign.id, batches)).statusCode).toBe(200);
    const first = await buyerWithPaidDeposit(c, campaign, sku.skuId, 2);
    const later = await buyerWithPaidDeposit(c, campaign, sku.skuId, 2);

    const moved = await setBatches(c, owner, campaign.id, [batches[0], { ...batches[1]!, units: 3 }]);
    expect(moved.statusCode).toBe(409);
    expect(moved.json()).toMatchObject({ code: 'PRESALE_BATCHES_LOCKED', errors: [{ path: 'batches.1.units' }] });
    const extended = await setBatches(c, owner, campaign.id, [batches[0], { ...batches[1]!, balanceEndsAt: iso(c, 14 * DAY) }]);
    expect(extended.statusCode, extended.body).toBe(200);
    expect((await getOrder(c, later.buyer, later.order.id)).presale.balanceEndsAt).toBe(new Date(iso(c, 14 * DAY)).toISOString());

    const shipUrl = `/api/admin/presale/campaigns/${campaign.id}/ship-date`;
    const unnamed = await post(c, shipUrl, owner.headers, { shipDate: iso(c, 40 * DAY), reason: '模具返工' });
    expect(unnamed.statusCode).toBe(422);
    expect(unnamed.json().code).toBe('PRESALE_BATCH_REQUIRED');
    const unknown = await post(c, shipUrl, owner.headers, { shipDate: iso(c, 40 * DAY), reason: '模具返工', batch: 3 });
    expect(unknown.json().code).toBe('PRESALE_BATCH_UNKNOWN');
    const days = await post(c, shipUrl, owner.headers, { shipDays: 5, reason: '模具返工', batch: 2 });
    expect(days.statusCode).toBe(400);
    expect(days.json().errors).toEqual([expect.objectContaining({ path: 'shipDays' })]);

    const res = await post(c, shipUrl, owner.headers, { shipDate: iso(c, 40 * DAY), reason: '模具返工', batch: 2, compensation: { kind: 'points', points: 300 } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().shipDateChanges.at(-1)).toMatchObject({ batch: 2, reason: '模具返工' });
    expect(res.json().batches[1].shipDate).toBe(new Date(iso(c, 40 * DAY)).toISOString());
    await advanceAndSweep(c, 0);
    const laterView = await getOrder(c, later.buyer, later.order.id);
    expect(laterView.presale.estimatedShipDate).toBe(new Date(iso(c, 40 * DAY)).toISOString());
    expect(laterView.presale.shipDateChanges).toHaveLength(1);
    expect(await messageKinds(c, later.buyer.id)).toContain('presale.ship_date_changed');
    const firstView = await getOrder(c, first.buyer, first.order.id);
    expect(firstView.presale.shipDateChanges).toHaveLength(0);
    expect(await messageKinds(c, first.buyer.id)).not.toContain('presale.ship_date_changed');
  });

  it('places concurrent deposit payments without ever promising a batch more than it makes', async () => {
    const c = ctx();
    const owner = await c.staffSession('owner');
    const { campaign, sku } = await openDepositCampaign(c, owner.headers, {}, { item: { quota: 12, perBuyerLimit: 1 } });
    expect((await setBatches(c, owner, campaign.id, twoBatches(c, 5, 7))).statusCode).toBe(200);
    const buyers = await Promise.all(Array.from({ length: 12 }, () => newBuyer(c)));
    const orders = [];
    for (const buyer of buyers) orders.push({ buyer, order: await depositOrder(c, buyer, campaign, sku.skuId, 1) });
    const started = await Promise.all(orders.map(({ buyer, order }) => startPay(c, buyer, order.id)));
    await Promise.all(started.map(({ paymentNo }) => pressPay(c, paymentNo)));
    // The payment notices are applied by four job runners at once, as by four server instances.
    await Promise.all([c.jobs.drain(), c.jobs.drain(), c.jobs.drain(), c.jobs.drain()]);
    await advanceAndSweep(c, 0);
    const rows = await batchRows(c, campaign.id);
    expect(rows.map((b) => b.assignedUnits)).toEqual([5, 7]);
    const placed = await Promise.all(orders.map(({ order }) => presaleRow(c, order.id)));
    for (const b of rows) expect(placed.filter((p) => p.batchId === b.id)).toHaveLength(b.assignedUnits);
  });
});
