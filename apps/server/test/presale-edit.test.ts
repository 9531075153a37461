// Editing campaigns (spec §1 freeze rule), the early end, the ship-date change (§4), and the staff list.
import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { auditRows } from './catalog-fixtures.ts';
import { campaignRow, createCampaign, DAY, depositBody, fullBody, get, hold, iso, itemRows, patch, post, presaleProduct } from './presale-fixtures.ts';
import { outbox } from '../src/platform/platform.tables.ts';

const URL = '/api/admin/presale/campaigns';

describeEachDatabase('presale campaigns: editing, early end, ship date', (ctx) => {
  const owner = () => ctx().staffSession('owner');

  it('before it has orders a campaign may change freely: prices, deposits, type, windows; new terms text bumps the terms version', async () => {
    const staff = await owner();
    const p = await presaleProduct(ctx(), staff.headers);
    const c = await createCampaign(ctx(), staff.headers, depositBody(ctx(), p.skuId));
    const res = await patch(ctx(), `${URL}/${c.id}`, staff.headers, {
      termsText: '定金不退；商家原因无法发货时双倍返还。',
      endsAt: iso(ctx(), 6 * DAY),
      balanceStartsAt: iso(ctx(), 6 * DAY),
      items: [{ skuId: p.skuId, presalePrice: 70_000, depositPercent: 10, quota: 40 }],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ termsVersion: 2, endsAt: iso(ctx(), 6 * DAY), items: [{ presalePrice: 70_000, deposit: 7_000, depositValue: 7_000, quota: 40, perBuyerLimit: 2 }] });
    // Before orders the ship date is an ordinary field; it is kept in no history.
    const ship = await patch(ctx(), `${URL}/${c.id}`, staff.headers, { ship: { kind: 'days_after_paid', shipDays: 12 } });
    expect(ship.json()).toMatchObject({ ship: { kind: 'days_after_paid', shipDays: 12 }, shipDateChanges: [] });
    // The same text again does not bump the version.
    expect((await patch(ctx(), `${URL}/${c.id}`, staff.headers, { termsText: '定金不退；商家原因无法发货时双倍返还。' })).json().termsVersion).toBe(2);
    const full = await patch(ctx(), `${URL}/${c.id}`, staff.headers, { type: 'full' });
    expect(full.statusCode, full.body).toBe(200);
    expect(full.json()).toMatchObject({ type: 'full', depositKind: null, balanceStartsAt: null, balanceEndsAt: null, items: [{ deposit: null, depositValue: null }] });
    // Back to deposit: a deposit and a balance window are needed again.
    const noDeposit = await patch(ctx(), `${URL}/${c.id}`, staff.headers, { type: 'deposit', balanceStartsAt: iso(ctx(), 6 * DAY), balanceEndsAt: iso(ctx(), 9 * DAY) });
    expect(noDeposit.json()).toMatchObject({ code: 'PRESALE_DEPOSIT_INVALID', errors: [{ path: `skus.${p.skuId}.deposit` }] });
    const back = await patch(ctx(), `${URL}/${c.id}`, staff.headers, { type: 'deposit', balanceStartsAt: iso(ctx(), 6 * DAY), balanceEndsAt: iso(ctx(), 9 * DAY), items: [{ skuId: p.skuId, deposit: 5_000 }] });
    expect(back.json()).toMatchObject({ type: 'deposit', depositKind: 'earnest', items: [{ deposit: 5_000, depositValue: 5_000 }] });
    // Four edits changed something (the repeated terms text and the refused edit did not).
    expect((await auditRows(ctx(), 'presale.update', c.id)).length).toBe(4);
  });

  it('Once a campaign has orders, the prices, deposits and type of its items are frozen; the windows may be extended, the quota raised (nothing changes on a refusal)', async () => {
    const staff = await owner();
    const p = await presaleProduct(ctx(), staff.headers);
    const extra = await presaleProduct(ctx(), staff.headers);
    const c = await createCampaign(ctx(), staff.headers, depositBody(ctx(), p.skuId, { tiers: [{ deposits: 10, balanceOff: 1000 }] }));
    const buyer = await ctx().shopperSession();
    ctx().clock.advance(DAY);
    await hold(ctx(), { itemId: c.items[0].id, shopperId: buyer.id, quantity: 2 });
    const frozenRow = await campaignRow(ctx(), c.id);
    const refusals: [Record<string, unknown>, string, string][] = [
      [{ items: [{ skuId: p.skuId, presalePrice: 70_000 }] }, 'PRESALE_CAMPAIGN_FROZEN', 'items.0'],
      [{ items: [{ skuId: p.skuId, deposit: 12_000 }] }, 'PRESALE_CAMPAIGN_FROZEN', 'items.0'],
      [{ items: [{ skuId: p.skuId, depositValue: 12_000 }] }, 'PRESALE_CAMPAIGN_FROZEN', 'items.0'],
      [{ type: 'full' }, 'PRESALE_CAMPAIGN_FROZEN', 'type'],
      [{ depositKind: 'prepayment' }, 'PRESALE_CAMPAIGN_FROZEN', 'depositKind'],
      [{ tiers: [] }, 'PRESALE_CAMPAIGN_FROZEN', 'tiers'],
      [{ removeSkuIds: [p.skuId] }, 'PRESALE_CAMPAIGN_FROZEN', 'removeSkuIds'],
      [{ endsAt: iso(ctx(), 5 * DAY) }, 'PRESALE_WINDOW_SHORTENED', 'endsAt'],
      [{ balanceEndsAt: iso(ctx(), 9 * DAY) }, 'PRESALE_WINDOW_SHORTENED', 'balanceEndsAt'],
      [{ balanceStartsAt: iso(ctx(), 7.5 * DAY) }, 'PRESALE_WINDOW_SHORTENED', 'balanceStartsAt'],
      [{ startsAt: iso(ctx(), DAY / 2) }, 'PRESALE_WINDOW_SHORTENED', 'startsAt'],
      [{ items: [{ skuId: p.skuId, quota: 40 }] }, 'PRESALE_QUOTA_LOWERED', 'items.0.quota'],
      [{ ship: { kind: 'days_after_paid', shipDays: 10 } }, 'PRESALE_SHIP_CHANGE_REQUIRED', 'ship'],
    ];
    for (const [body, code, path] of refusals) {
      const res = await patch(ctx(), `${URL}/${c.id}`, staff.headers, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(409);
      expect(res.json().code, JSON.stringify(body)).toBe(code);
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect(await campaignRow(ctx(), c.id)).toEqual(frozenRow);
    expect((await itemRows(ctx(), c.id))[0]).toMatchObject({ presalePrice: 80_000, depositAmount: 10_000, quota: 50, soldUnits: 2 });

    const allowed = await patch(ctx(), `${URL}/${c.id}`, staff.headers, {
      name: '延长预售',
      endsAt: iso(ctx(), 8 * DAY), // 9 days from the start of the test
      balanceStartsAt: iso(ctx(), 8 * DAY),
      balanceEndsAt: iso(ctx(), 12 * DAY),
      items: [{ skuId: p.skuId, quota: 80, perBuyerLimit: 3 }, { skuId: extra.skuId, presalePrice: 50_000, deposit: 5_000, quota: 10, perBuyerLimit: 1 }],
    });
    expect(allowed.statusCode, allowed.body).toBe(200);
    expect(allowed.json()).toMatchObject({ name: '延长预售', frozen: true, items: [{ skuId: p.skuId, quota: 80, sold: 2, left: 78, perBuyerLimit: 3 }, { skuId: extra.skuId, quota: 10 }] });
    // The balance window may not be moved later: that would shorten it.
    const moved = await patch(ctx(), `${URL}/${c.id}`, staff.headers, { endsAt: iso(ctx(), 9 * DAY) });
    expect(moved.statusCode).toBe(422);
    expect(moved.json().code).toBe('PRESALE_WINDOW_INVALID');
  });

  it('an ended campaign keeps its order window and items; its texts and balance window may still change', async () => {
    const staff = await owner();
    const p = await presaleProduct(ctx(), staff.headers);
    const c = await createCampaign(ctx(), staff.headers, depositBody(ctx(), p.skuId));
    const end = await post(ctx(), `${URL}/${c.id}/end`, staff.headers, {});
    expect(end.statusCode).toBe(200);
    expect(end.json()).toMatchObject({ status: 'ended', endedEarlyAt: ctx().clock.now().toISOString() });
    for (const body of [{ endsAt: iso(ctx(), 20 * DAY) }, { items: [{ skuId: p.skuId, quota: 60 }] }, { type: 'full' }]) {
      const res = await patch(ctx(), `${URL}/${c.id}`, staff.headers, body);
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'PRESALE_CAMPAIGN_ENDED', title: `预售活动「${c.name}」已结束` });
    }
    const texts = await patch(ctx(), `${URL}/${c.id}`, staff.headers, { rulesText: '活动已结束', balanceEndsAt: iso(ctx(), 12 * DAY) });
    expect(texts.statusCode, texts.body).toBe(200);
  });

  it('the merchant can also end it early: once; audited', async () => {
    const staff = await owner();
    const p = await presaleProduct(ctx(), staff.headers);
    const c = await createCampaign(ctx(), staff.headers, fullBody(ctx(), p.skuId, { startsAt: iso(ctx(), -DAY) }));
    expect(c.status).toBe('active');
    expect((await post(ctx(), `${URL}/${c.id}/end`, staff.headers, {})).json().status).toBe('ended');
    const again = await post(ctx(), `${URL}/${c.id}/end`, staff.headers, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('PRESALE_CAMPAIGN_ENDED');
    expect(await auditRows(ctx(), 'presale.end', c.id)).toHaveLength(1);
    expect((await post(ctx(), `${URL}/99999999/end`, staff.headers, {})).statusCode).toBe(404);
  });

  it('The merchant can move the estimated ship date with a reason and a compensation; the history of changes is kept, buyers are told through the outbox', async () => {
    const staff = await owner();
    const p = await presaleProduct(ctx(), staff.headers);
    const c = await createCampaign(ctx(), staff.headers, depositBody(ctx(), p.skuId));
    const template = await post(ctx(), '/api/admin/coupon-templates', staff.headers, { name: '延期补偿券', kind: 'fixed', amount: 2000, totalQuantity: 1000, validity: { kind: 'days', days: 30 }, claimable: false });
    expect(template.statusCode, template.body).toBe(201);
    const res = await post(ctx(), `${URL}/${c.id}/ship-date`, staff.headers, { shipDate: iso(ctx(), 45 * DAY), reason: '工厂排产延迟', compensation: { kind: 'coupon', templateId: template.json().id } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ ship: { kind: 'date', shipDate: iso(ctx(), 45 * DAY) }, shipDateChanges: [{ from: c.ship, to: { kind: 'date', shipDate: iso(ctx(), 45 * DAY) }, reason: '工厂排产延迟', compensation: { kind: 'coupon', templateId: template.json().id } }] });
    const second = await post(ctx(), `${URL}/${c.id}/ship-date`, staff.headers, { shipDays: 20, reason: '改为付款后 20 天发货', compensation: { kind: 'points', points: 500 } });
    expect(second.json().shipDateChanges).toHaveLength(2);
    expect(second.json().shipDateChanges[1]).toMatchObject({ from: { kind: 'date' }, to: { kind: 'days_after_paid', shipDays: 20 }, compensation: { kind: 'points', points: 500 } });
    const messages = await ctx().db.select().from(outbox).where(and(eq(outbox.topic, 'presale.ship_date_changed')));
    expect(messages.map((m) => m.payload)).toEqual(second.json().shipDateChanges.map((ch: { id: number }) => ({ campaignId: c.id, changeId: ch.id })));
    expect(await auditRows(ctx(), 'presale.ship_date', c.id)).toHaveLength(2);

    const before = await campaignRow(ctx(), c.id);
    const refusals: [unknown, number, string][] = [
      [{ shipDays: 20, reason: '同上' }, 422, 'PRESALE_SHIP_DATE_UNCHANGED'],
      [{ shipDate: iso(ctx(), 0), reason: '早于开售' }, 422, 'PRESALE_WINDOW_INVALID'],
      [{ shipDays: 3 }, 400, 'VALIDATION_FAILED'],
      [{ shipDays: 3, shipDate: iso(ctx(), 40 * DAY), reason: 'both' }, 400, 'VALIDATION_FAILED'],
      [{ reason: 'neither' }, 400, 'VALIDATION_FAILED'],
      [{ shipDays: 3, reason: 'x', compensation: { kind: 'coupon', templateId: 99_999_999 } }, 400, 'VALIDATION_FAILED'],
      [{ shipDays: 3, reason: 'x', compensation: { kind: 'cash', amount: 5 } }, 400, 'VALIDATION_FAILED'],
      [{ shipDays: 3, reason: 'x', compensation: { kind: 'points', points: 0 } }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [body, status, code] of refusals) {
      const r = await post(ctx(), `${URL}/${c.id}/ship-date`, staff.headers, body);
      expect(r.statusCode, JSON.stringify(body)).toBe(status);
      expect(r.json().code).toBe(code);
    }
    expect(await campaignRow(ctx(), c.id)).toEqual(before);
    expect((await get(ctx(), `${URL}/${c.id}`, staff.headers)).json().shipDateChanges).toHaveLength(2);
    expect((await post(ctx(), `${URL}/99999999/ship-date`, staff.headers, { shipDays: 3, reason: 'x' })).statusCode).toBe(404);
  });

  it('lists campaigns by status, type and name, paged, with sold and quota per item', async () => {
    const staff = await owner();
    const tag = `列表${Date.now().toString(36)}`;
    const [a, b, d] = await Promise.all([1, 2, 3].map(() => presaleProduct(ctx(), staff.headers)));
    const upcoming = await createCampaign(ctx(), staff.headers, depositBody(ctx(), a!.skuId, { name: `${tag} 即将` }));
    const active = await createCampaign(ctx(), staff.headers, fullBody(ctx(), b!.skuId, { name: `${tag} 进行`, startsAt: iso(ctx(), -DAY) }));
    const ended = await createCampaign(ctx(), staff.headers, fullBody(ctx(), d!.skuId, { name: `${tag} 结束`, startsAt: iso(ctx(), -DAY) }));
    await post(ctx(), `${URL}/${ended.id}/end`, staff.headers, {});
    const buyer = await ctx().shopperSession();
    await hold(ctx(), { itemId: active.items[0].id, shopperId: buyer.id, quantity: 3 });
    const list = async (query: string) => (await get(ctx(), `${URL}?q=${encodeURIComponent(tag)}&${query}`, staff.headers)).json();
    expect((await list('')).total).toBe(3);
    expect((await list('status=upcoming')).items.map((i: { id: number }) => i.id)).toEqual([upcoming.id]);
    expect((await list('status=ended')).items.map((i: { id: number }) => i.id)).toEqual([ended.id]);
    const activeList = await list('status=active');
    expect(activeList.items).toEqual([expect.objectContaining({ id: active.id, frozen: true, items: [expect.objectContaining({ sold: 3, quota: 20, left: 17 })] })]);
    expect((await list('type=full')).total).toBe(2);
    const paged = await list('pageSize=2&page=2');
    expect(paged).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(paged.items).toHaveLength(1);
    expect((await get(ctx(), `${URL}?status=soon`, staff.headers)).statusCode).toBe(400);
    expect((await get(ctx(), `${URL}?pageSize=1000`, staff.headers)).statusCode).toBe(400);
    expect((await get(ctx(), `${URL}?q=${encodeURIComponent('%_')}`, staff.headers)).json().total).toBe(0);
  });

  it('bad edits answer 4xx and change nothing; unknown campaigns 404', async () => {
    const staff = await owner();
    const p = await presaleProduct(ctx(), staff.headers);
    const c = await createCampaign(ctx(), staff.headers, depositBody(ctx(), p.skuId));
    const before = await campaignRow(ctx(), c.id);
    const cases: [unknown, number, string][] = [
      [{ endsAt: 'later' }, 400, 'VALIDATION_FAILED'],
      [{ items: [{ presalePrice: 1 }] }, 400, 'VALIDATION_FAILED'],
      [{ removeSkuIds: [p.skuId] }, 400, 'VALIDATION_FAILED'],
      [{ removeSkuIds: [123_456_789] }, 400, 'VALIDATION_FAILED'],
      [{ items: [{ skuId: p.skuId, quota: 1 }] }, 422, 'PRESALE_QUOTA_INVALID'],
      [{ items: [{ skuId: 99_999_999, presalePrice: 1, deposit: 1, quota: 1, perBuyerLimit: 1 }] }, 422, 'PRESALE_SKU_UNKNOWN'],
      [{ items: [{ skuId: (await presaleProduct(ctx(), staff.headers)).skuId, quota: 1 }] }, 400, 'VALIDATION_FAILED'],
      [{ endsAt: iso(ctx(), -DAY) }, 422, 'PRESALE_WINDOW_INVALID'],
      [{ depositKind: 'cash' }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [body, status, code] of cases) {
      const res = await patch(ctx(), `${URL}/${c.id}`, staff.headers, body);
      expect(res.statusCode, JSON.stringify(body) + res.body).toBe(status);
      expect(res.json().code).toBe(code);
    }
    expect(await campaignRow(ctx(), c.id)).toEqual(before);
    expect(await itemRows(ctx(), c.id)).toHaveLength(1);
    expect((await patch(ctx(), `${URL}/99999999`, staff.headers, { name: 'x' })).statusCode).toBe(404);
  });
});
