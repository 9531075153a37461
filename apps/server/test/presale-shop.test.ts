// The storefront's presale zone, status following the clock, off-shelf products in a presale (spec §1),
// and the end action when the order window ends (spec §4).
import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { auditRows } from './catalog-fixtures.ts';
import { campaignRow, createCampaign, DAY, depositBody, fullBody, get, hold, HOUR, iso, post, presaleProduct } from './presale-fixtures.ts';
import { stockLedger, stockLevels } from '../src/modules/inventory/inventory.tables.ts';
import { products } from '../src/modules/catalog/catalog.tables.ts';

const ADMIN = '/api/admin/presale/campaigns';

describeEachDatabase('presale: the storefront, the clock and the end action', (ctx) => {
  const owner = () => ctx().staffSession('owner');
  const onShelf = async (productId: number) => (await ctx().db.select({ onShelf: products.onShelf }).from(products).where(eq(products.id, productId)))[0]!.onShelf;
  const stock = async (skuId: number) => (await ctx().db.select().from(stockLevels).where(eq(stockLevels.skuId, skuId)))[0]!;

  it('Status follows the clock: upcoming → active → ended, with countdown targets; the zone lists active and upcoming campaigns only', async () => {
    const staff = await owner();
    const p = await presaleProduct(ctx(), staff.headers, { overrides: { imageUrls: ['https://img.example/figure.png'], title: '限定手办' } });
    const c = await createCampaign(ctx(), staff.headers, depositBody(ctx(), p.skuId));
    const shopView = async () => (await get(ctx(), `/api/presale/campaigns/${c.id}`)).json();
    const inZone = async () => ((await get(ctx(), '/api/presale?pageSize=100')).json().items as { id: number }[]).some((i) => i.id === c.id);

    expect(await shopView()).toMatchObject({
      status: 'upcoming',
      countdown: { kind: 'starts', at: c.startsAt },
      depositKind: 'earnest',
      depositKindLabel: { zh: '定金' },
      balanceStartsAt: c.balanceStartsAt,
      ship: c.ship,
      items: [{ productId: p.productId, title: '限定手办', imageUrl: 'https://img.example/figure.png', presalePrice: 80_000, deposit: 10_000, depositValue: 10_000, quota: 50, left: 50 }],
    });
    expect(await inZone()).toBe(true);

    ctx().clock.advance(DAY); // the order window opens
    expect(await shopView()).toMatchObject({ status: 'active', countdown: { kind: 'ends', at: c.endsAt } });
    expect(await inZone()).toBe(true);
    const buyer = await ctx().shopperSession();
    await hold(ctx(), { itemId: c.items[0].id, shopperId: buyer.id, quantity: 2 });
    expect((await shopView()).items[0].left).toBe(48);

    ctx().clock.advance(7 * DAY - 1); // a millisecond before it closes
    expect((await shopView()).status).toBe('active');
    ctx().clock.advance(1);
    expect(await shopView()).toMatchObject({ status: 'ended', countdown: null });
    expect(await inZone()).toBe(false);
    const admin = (await get(ctx(), `${ADMIN}/${c.id}`, staff.headers)).json();
    expect(admin.status).toBe('ended');
  });

  it('An off-shelf product in a presale is not in the normal product list or search; it is listed in the presale zone and reachable from it', async () => {
    const staff = await owner();
    const title = `隐藏款${Date.now().toString(36)}`;
    const p = await presaleProduct(ctx(), staff.headers, { onShelf: false, overrides: { title } });
    const c = await createCampaign(ctx(), staff.headers, fullBody(ctx(), p.skuId, { startsAt: iso(ctx(), -HOUR) }));
    const list = (await get(ctx(), `/api/products?q=${encodeURIComponent(title)}`)).json();
    expect(list.total).toBe(0);
    expect((await get(ctx(), `/api/products/${p.productId}`)).statusCode).toBe(404);
    const zone = (await get(ctx(), '/api/presale?pageSize=100')).json();
    expect(zone.items.find((i: { id: number }) => i.id === c.id)).toMatchObject({ status: 'active', items: [{ productId: p.productId, title, presalePrice: 90_000 }] });
    const forProduct = await get(ctx(), `/api/products/${p.productId}/presale`);
    expect(forProduct.statusCode).toBe(200);
    expect(forProduct.json()).toMatchObject({ id: c.id, type: 'full', depositKindLabel: null, items: [{ productId: p.productId, title }] });
  });

  it("GET /api/products/:id/presale: the campaign covering the product's SKUs (active first, else upcoming, that product's items only), or 404", async () => {
    const staff = await owner();
    const a = await presaleProduct(ctx(), staff.headers);
    const b = await presaleProduct(ctx(), staff.headers);
    const upcoming = await createCampaign(ctx(), staff.headers, fullBody(ctx(), a.skuId, {
      startsAt: iso(ctx(), 10 * DAY),
      endsAt: iso(ctx(), 12 * DAY),
      items: [{ skuId: a.skuId, presalePrice: 90_000, quota: 20, perBuyerLimit: 3 }, { skuId: b.skuId, presalePrice: 90_000, quota: 20, perBuyerLimit: 3 }],
    }));
    expect((await get(ctx(), `/api/products/${a.productId}/presale`)).json()).toMatchObject({ id: upcoming.id, status: 'upcoming', items: [{ productId: a.productId }] });
    const active = await createCampaign(ctx(), staff.headers, fullBody(ctx(), a.skuId, { startsAt: iso(ctx(), -HOUR), endsAt: iso(ctx(), 2 * DAY) }));
    const chosen = (await get(ctx(), `/api/products/${a.productId}/presale`)).json();
    expect(chosen).toMatchObject({ id: active.id, status: 'active' });
    expect(chosen.items).toHaveLength(1);
    ctx().clock.advance(13 * DAY);
    const none = await get(ctx(), `/api/products/${a.productId}/presale`);
    expect(none.statusCode).toBe(404);
    expect(none.json().code).toBe('NOT_FOUND');
    expect((await get(ctx(), '/api/products/99999999/presale')).statusCode).toBe(404);
    expect((await get(ctx(), '/api/presale/campaigns/99999999')).statusCode).toBe(404);
    expect((await get(ctx(), '/api/presale?pageSize=0')).statusCode).toBe(400);
    // Ended campaigns stay reachable by id, marked ended.
    expect((await get(ctx(), `/api/presale/campaigns/${upcoming.id}`)).json().status).toBe('ended');
  });

  it('When the order window ends, back_to_normal puts the products on the shelf at their regular price — once, by the sweeper, not before', async () => {
    const staff = await owner();
    const p = await presaleProduct(ctx(), staff.headers, { onShelf: false, price: 100_000 });
    const c = await createCampaign(ctx(), staff.headers, depositBody(ctx(), p.skuId, { endAction: 'back_to_normal' }));
    ctx().clock.advance(8 * DAY - 1);
    await ctx().jobs.drain();
    expect(await onShelf(p.productId)).toBe(false);
    expect((await campaignRow(ctx(), c.id)).endActionAppliedAt).toBeNull();
    ctx().clock.advance(1);
    await ctx().jobs.drain();
    expect(await onShelf(p.productId)).toBe(true);
    expect((await get(ctx(), `/api/products/${p.productId}`)).json()).toMatchObject({ minPrice: 100_000 });
    expect((await campaignRow(ctx(), c.id)).endActionAppliedAt).toEqual(ctx().clock.now());
    // Idempotent: a later run, even after staff took the product off again, changes nothing.
    expect((await post(ctx(), '/api/admin/products/bulk-shelf', staff.headers, { ids: [p.productId], onShelf: false })).statusCode).toBe(200);
    ctx().clock.advance(HOUR);
    await ctx().jobs.drain();
    expect(await onShelf(p.productId)).toBe(false);
    expect(await auditRows(ctx(), 'presale.end_action', c.id)).toHaveLength(1);
  });

  it('stay_off_shelf takes the products off the shelf when the merchant ends the campaign early', async () => {
    const staff = await owner();
    const p = await presaleProduct(ctx(), staff.headers, { onShelf: true });
    const c = await createCampaign(ctx(), staff.headers, fullBody(ctx(), p.skuId, { startsAt: iso(ctx(), -HOUR), endAction: 'stay_off_shelf' }));
    await ctx().jobs.drain();
    expect(await onShelf(p.productId)).toBe(true);
    await post(ctx(), `${ADMIN}/${c.id}/end`, staff.headers, {});
    await ctx().jobs.drain();
    expect(await onShelf(p.productId)).toBe(false);
    const [audit] = await auditRows(ctx(), 'presale.end_action', c.id);
    expect(audit!.changes).toMatchObject({ endAction: 'stay_off_shelf', offShelf: [p.productId] });
  });

  it('keep_as_stock adds the unsold presale quantity to stock, as a restock adjustment referencing the campaign, once', async () => {
    const staff = await owner();
    const p = await presaleProduct(ctx(), staff.headers, { stock: 3 });
    const c = await createCampaign(ctx(), staff.headers, depositBody(ctx(), p.skuId, { endAction: 'keep_as_stock' }));
    ctx().clock.advance(DAY);
    const buyer = await ctx().shopperSession();
    await hold(ctx(), { itemId: c.items[0].id, shopperId: buyer.id, quantity: 2 });
    ctx().clock.advance(7 * DAY);
    await ctx().jobs.drain();
    await ctx().jobs.drain();
    expect((await stock(p.skuId)).onHand).toBe(3 + 48);
    const ledger = await ctx().db.select().from(stockLedger).where(and(eq(stockLedger.skuId, p.skuId), eq(stockLedger.refType, 'presale_campaign')));
    expect(ledger).toEqual([expect.objectContaining({ movement: 'adjust', deltaOnHand: 48, reason: 'restock', refId: String(c.id), actor: 'system:presale' })]);
  });

  it('a failing end action is left for a later run without blocking the others', async () => {
    const staff = await owner();
    const a = await presaleProduct(ctx(), staff.headers, { stock: 0 });
    const b = await presaleProduct(ctx(), staff.headers, { onShelf: false });
    const failing = await createCampaign(ctx(), staff.headers, fullBody(ctx(), a.skuId, { startsAt: iso(ctx(), -HOUR), endsAt: iso(ctx(), HOUR), endAction: 'keep_as_stock' }));
    const fine = await createCampaign(ctx(), staff.headers, fullBody(ctx(), b.skuId, { startsAt: iso(ctx(), -HOUR), endsAt: iso(ctx(), 2 * HOUR) }));
    // The stock row of the first SKU is gone, so its restock cannot be applied.
    await ctx().db.delete(stockLevels).where(eq(stockLevels.skuId, a.skuId));
    ctx().clock.advance(3 * HOUR);
    await ctx().jobs.drain();
    expect((await campaignRow(ctx(), failing.id)).endActionAppliedAt).toBeNull();
    expect((await campaignRow(ctx(), fine.id)).endActionAppliedAt).not.toBeNull();
    expect(await onShelf(b.productId)).toBe(true);
  });
});
