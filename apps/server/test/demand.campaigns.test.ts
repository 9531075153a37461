import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { presaleCampaigns } from '../src/modules/presale/index.ts';
import { describeEachDatabase } from './harness.ts';
import { createCampaign, demandMessages, shelvedProduct, subscribe, subscriptionRows, type Headers } from './demand-fixtures.ts';

const HOUR = 3_600_000;

describeEachDatabase('demand: campaign opening and the waitlist', (ctx) => {
  const later = (ms: number) => new Date(ctx().clock.now().getTime() + ms);
  const offer = (input: Parameters<ReturnType<typeof ctx>['services']['demand']['offerFreedUnits']>[1]) =>
    ctx().db.transaction((tx) => ctx().services.demand.offerFreedUnits(tx, input));

  it('tells subscribers of the campaign, its products and its SKUs once when its order window opens', async () => {
    const p = await shelvedProduct(ctx(), [0, 0], '预售手办');
    const unrelated = await shelvedProduct(ctx(), [0]);
    const id = await createCampaign(ctx(), {
      name: '夏日预售',
      startsAt: later(HOUR),
      endsAt: later(72 * HOUR),
      items: [{ productId: p.productId, skuId: p.skuIds[0]! }],
    });
    const [a, b, c, d, e] = await Promise.all([1, 2, 3, 4, 5].map(() => ctx().shopperSession()));
    const subs = [
      await subscribe(ctx(), a!.headers, 'campaign', id),
      await subscribe(ctx(), b!.headers, 'product', p.productId),
      await subscribe(ctx(), c!.headers, 'sku', p.skuIds[0]!),
      await subscribe(ctx(), d!.headers, 'campaign', id),
      await subscribe(ctx(), d!.headers, 'product', p.productId),
    ];
    const notInCampaign = [await subscribe(ctx(), e!.headers, 'product', unrelated.productId), await subscribe(ctx(), e!.headers, 'sku', p.skuIds[1]!)];

    await ctx().jobs.drain();
    expect(await demandMessages(ctx(), a!.id)).toHaveLength(0);

    ctx().clock.advance(HOUR);
    await Promise.all([ctx().jobs.drain(), ctx().jobs.drain(), ctx().jobs.drain()]);
    await ctx().jobs.drain();
    for (const shopper of [a!, b!, c!, d!]) {
      const messages = await demandMessages(ctx(), shopper.id);
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatchObject({ kind: 'demand.campaign_open', title: '开售提醒：夏日预售', data: { campaignId: id } });
      expect(messages[0]!.body).toContain('夏日预售');
    }
    expect(await demandMessages(ctx(), e!.id)).toHaveLength(0);
    const rows = await subscriptionRows(ctx(), [...subs, ...notInCampaign].map((s) => s.id));
    expect(rows.map((r) => r.notifiedKind)).toEqual(['demand.campaign_open', 'demand.campaign_open', 'demand.campaign_open', 'demand.campaign_open', 'demand.campaign_open', null, null]);

    // Later sweeps tell nobody again; subscribing after the opening joins the waitlist instead.
    ctx().clock.advance(60_000);
    const late = await subscribe(ctx(), a!.headers, 'campaign', id, 200);
    expect(late).toMatchObject({ status: 'waiting' });
    await ctx().jobs.drain();
    expect(await demandMessages(ctx(), a!.id)).toHaveLength(1);
    expect((await subscriptionRows(ctx(), [late.id]))[0]!.notifiedAt).toBeNull();
  });

  it('tells nobody about a campaign that ended (or was ended early) before the sweep', async () => {
    const p = await shelvedProduct(ctx(), [0]);
    const short = await createCampaign(ctx(), { name: '短预售', startsAt: later(HOUR), endsAt: later(2 * HOUR), items: [{ productId: p.productId, skuId: p.skuIds[0]! }] });
    const stopped = await createCampaign(ctx(), { name: '提前结束', startsAt: later(HOUR), endsAt: later(72 * HOUR), items: [] });
    const me = await ctx().shopperSession();
    await subscribe(ctx(), me.headers, 'campaign', short);
    await subscribe(ctx(), me.headers, 'campaign', stopped);
    await ctx().db.update(presaleCampaigns).set({ endedEarlyAt: later(90 * 60_000) }).where(eq(presaleCampaigns.id, stopped));
    ctx().clock.advance(3 * HOUR);
    await ctx().jobs.drain();
    expect(await demandMessages(ctx(), me.id)).toHaveLength(0);
  });

  it('offers freed units to the earliest waiting shoppers, one message each, never twice', async () => {
    const p = await shelvedProduct(ctx(), [0], '爆款预售');
    const id = await createCampaign(ctx(), { name: '秒杀预售', startsAt: later(-HOUR), endsAt: later(72 * HOUR), items: [{ productId: p.productId, skuId: p.skuIds[0]! }] });
    const shoppers: { id: number; headers: Headers }[] = [];
    for (let i = 0; i < 5; i++) {
      ctx().clock.advance(60_000);
      const shopper = await ctx().shopperSession();
      shoppers.push(shopper);
      await subscribe(ctx(), shopper.headers, i % 2 === 0 ? 'campaign' : 'sku', i % 2 === 0 ? id : p.skuIds[0]!);
    }
    ctx().clock.advance(60_000);
    await subscribe(ctx(), shoppers[0]!.headers, 'product', p.productId); // waits twice, counts once
    await ctx().jobs.drain(); // they subscribed after the opening: the sweeper leaves them to the waitlist
    expect(await demandMessages(ctx(), shoppers[0]!.id)).toHaveLength(0);

    expect(await offer({ campaignId: id, skuId: p.skuIds[0]!, units: 2 })).toEqual({ shopperIds: [shoppers[0]!.id, shoppers[1]!.id] });
    const first = await demandMessages(ctx(), shoppers[0]!.id);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ kind: 'demand.units_freed', title: '补货提醒：秒杀预售 · 爆款预售（色0）', data: { campaignId: id, productId: p.productId, skuId: p.skuIds[0] } });
    expect(first[0]!.body).toContain('2 件');
    const mine = (await ctx().app.inject({ method: 'GET', url: '/api/me/notify-me', headers: shoppers[0]!.headers })).json();
    expect(mine.items.map((s: { status: string; notifiedKind: string }) => [s.status, s.notifiedKind])).toEqual([
      ['notified', 'demand.units_freed'],
      ['notified', 'demand.units_freed'],
    ]);

    expect(await offer({ campaignId: id, skuId: p.skuIds[0]!, units: 1 })).toEqual({ shopperIds: [shoppers[2]!.id] });
    // A rolled-back offer (the caller's transaction failed) tells nobody and claims nothing.
    await ctx()
      .db.transaction(async (tx) => {
        await ctx().services.demand.offerFreedUnits(tx, { campaignId: id, skuId: p.skuIds[0]!, units: 1 });
        throw new Error('order cancel failed');
      })
      .catch(() => undefined);
    expect(await demandMessages(ctx(), shoppers[3]!.id)).toHaveLength(0);
    expect(await offer({ campaignId: id, skuId: p.skuIds[0]!, units: 10 })).toEqual({ shopperIds: [shoppers[3]!.id, shoppers[4]!.id] });
    expect(await offer({ campaignId: id, units: 3 })).toEqual({ shopperIds: [] });
    for (const shopper of shoppers) expect(await demandMessages(ctx(), shopper.id, 'demand.units_freed'), `shopper ${shopper.id}`).toHaveLength(1);
  });

  it('serves a product waitlist and splits parallel offers between different shoppers', async () => {
    const p = await shelvedProduct(ctx(), [0], '预订商品');
    const shoppers: { id: number; headers: Headers }[] = [];
    for (let i = 0; i < 4; i++) {
      ctx().clock.advance(1_000);
      const shopper = await ctx().shopperSession();
      shoppers.push(shopper);
      await subscribe(ctx(), shopper.headers, 'product', p.productId);
    }
    const results = await Promise.all([offer({ productId: p.productId, units: 1 }), offer({ productId: p.productId, units: 1 })]);
    const told = results.flatMap((r) => r.shopperIds);
    expect(told).toHaveLength(2);
    expect(new Set(told)).toEqual(new Set([shoppers[0]!.id, shoppers[1]!.id]));
    expect(await offer({ skuId: p.skuIds[0]!, units: 1 })).toEqual({ shopperIds: [shoppers[2]!.id] });
    expect((await demandMessages(ctx(), shoppers[2]!.id))[0]).toMatchObject({ kind: 'demand.units_freed', data: { campaignId: null, productId: p.productId, skuId: p.skuIds[0] } });
  });

  it('refuses a bad offer with VALIDATION_FAILED and tells nobody; an unknown target tells nobody', async () => {
    const p = await shelvedProduct(ctx(), [0]);
    const me = await ctx().shopperSession();
    await subscribe(ctx(), me.headers, 'product', p.productId);
    const bad = [
      { units: 1 },
      { productId: p.productId, units: 0 },
      { productId: p.productId, units: -1 },
      { productId: p.productId, units: 1.5 },
      { productId: p.productId, units: Number.MAX_SAFE_INTEGER },
      { productId: 0, units: 1 },
      { productId: p.productId, skuId: -4, units: 1 },
      { campaignId: 2 ** 40, units: 1 },
    ];
    for (const input of bad) await expect(offer(input), JSON.stringify(input)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await offer({ skuId: 2_000_000_000, units: 1 })).toEqual({ shopperIds: [] });
    expect(await offer({ campaignId: 2_000_000_000, units: 1 })).toEqual({ shopperIds: [] });
    expect(await demandMessages(ctx(), me.id)).toHaveLength(0);
    expect(await offer({ productId: p.productId, units: 1 })).toEqual({ shopperIds: [me.id] });
  });
});
