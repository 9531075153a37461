import { expect, it } from 'vitest';
import { Resvg } from '@resvg/resvg-js';
import { describeEachDatabase, type TestContext } from './harness.ts';
import { createProduct } from './catalog-fixtures.ts';
import { createCampaign, depositBody, presaleProduct } from './presale-fixtures.ts';
import { productImages } from '../src/modules/catalog/index.ts';
import { posterSvg, POSTER_HEIGHT, POSTER_WIDTH } from '../src/modules/distribution/distribution-share-poster.ts';
import { createShareService } from '../src/modules/distribution/distribution-share.service.ts';

type Headers = { authorization: string };

const get = (ctx: TestContext, url: string, headers?: Headers) => ctx.app.inject({ method: 'GET', url, headers });

/** Width and height from a PNG's signature and IHDR chunk. */
function pngSize(bytes: Buffer) {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

async function productWithImage(ctx: TestContext, staff: Headers, onShelf = true, image: 'key' | 'url-only' | 'none' = 'key') {
  const product = await createProduct(ctx, staff, { title: '青花瓷茶具套装', onShelf, skus: [{ specValues: {}, price: 19_900, initialStock: 5 }] });
  if (image === 'none') return product as { id: number };
  const png = new Resvg('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40" fill="#36c"/></svg>').render().asPng();
  const stored = await ctx.storage.put(`products/${product.id}/poster-test.png`, png, 'image/png');
  const storageKey = image === 'key' ? stored.key : null;
  await ctx.db.insert(productImages).values({ productId: product.id, url: stored.url, storageKey, sortOrder: -1, createdAt: ctx.clock.now(), updatedAt: ctx.clock.now() });
  return product as { id: number };
}

describeEachDatabase('share links and posters', (ctx) => {
  it('gives a product share link carrying my code; 404 for unknown or off-shelf products', async () => {
    const staff = await ctx().staffSession('owner');
    const shopper = await ctx().shopperSession();
    const product = await productWithImage(ctx(), staff.headers);
    const res = await get(ctx(), `/api/share?type=product&id=${product.id}`, shopper.headers);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const { code } = (await get(ctx(), '/api/me/referral', shopper.headers)).json();
    expect(body).toMatchObject({ title: '青花瓷茶具套装', code });
    expect(body.url).toMatch(new RegExp(`/product/${product.id}\\?ref=${code}$`));
    expect(body.imageUrl).toContain('/uploads/products/');

    expect((await get(ctx(), '/api/share?type=product&id=999999', shopper.headers)).statusCode).toBe(404);
    const hidden = await productWithImage(ctx(), staff.headers, false);
    expect((await get(ctx(), `/api/share?type=product&id=${hidden.id}`, shopper.headers)).statusCode).toBe(404);
    expect((await get(ctx(), `/api/share?type=product&id=${product.id}`)).statusCode).toBe(401);
    expect((await get(ctx(), `/api/share?type=other&id=${product.id}`, shopper.headers)).statusCode).toBe(400);
  });

  it('gives a presale campaign link to its campaign page; 404 for an unknown campaign', async () => {
    const staff = await ctx().staffSession('owner');
    const shopper = await ctx().shopperSession();
    const { skuId } = await presaleProduct(ctx(), staff.headers);
    const campaign = await createCampaign(ctx(), staff.headers, depositBody(ctx(), skuId));
    const res = await get(ctx(), `/api/share?type=presale&id=${campaign.id}`, shopper.headers);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.url).toMatch(new RegExp(`/presale/${campaign.id}\\?ref=${body.code}$`));
    expect(body.title).toContain('预售');
    expect((await get(ctx(), '/api/share?type=presale&id=999999', shopper.headers)).statusCode).toBe(404);
  });

  it('renders a 750×1200 PNG poster, cached per shopper and subject, for signed-in shoppers only', async () => {
    const staff = await ctx().staffSession('owner');
    const shopper = await ctx().shopperSession();
    const product = await productWithImage(ctx(), staff.headers);
    const url = `/api/share/poster.png?type=product&id=${product.id}`;
    expect((await get(ctx(), url)).statusCode).toBe(401);
    const first = await get(ctx(), url, shopper.headers);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.headers['content-type']).toBe('image/png');
    expect(first.headers['cache-control']).toContain('max-age');
    expect(pngSize(first.rawPayload)).toEqual({ width: POSTER_WIDTH, height: POSTER_HEIGHT });
    expect(first.headers['x-poster-cache']).toBe('miss');
    const second = await get(ctx(), url, shopper.headers);
    expect(second.headers['x-poster-cache']).toBe('hit');
    expect(second.rawPayload.equals(first.rawPayload)).toBe(true);

    const { skuId } = await presaleProduct(ctx(), staff.headers);
    const campaign = await createCampaign(ctx(), staff.headers, depositBody(ctx(), skuId));
    const presale = await get(ctx(), `/api/share/poster.png?type=presale&id=${campaign.id}`, shopper.headers);
    expect(presale.statusCode, presale.body).toBe(200);
    expect(pngSize(presale.rawPayload)).toEqual({ width: POSTER_WIDTH, height: POSTER_HEIGHT });
    expect((await get(ctx(), '/api/share/poster.png?type=presale&id=999999', shopper.headers)).statusCode).toBe(404);
  });

  it('draws the product picture from our storage, by key or by its URL (as the demo stores them)', async () => {
    const staff = await ctx().staffSession('owner');
    const shopper = await ctx().shopperSession();
    const share = createShareService({ db: ctx().db, clock: ctx().clock, settings: ctx().services.settings, storage: ctx().storage, referrals: ctx().services.referrals, publicBaseUrl: 'https://shop.test' });
    const contentOf = async (image: 'key' | 'url-only' | 'none') => share.posterContent(shopper.id, { type: 'product', id: (await productWithImage(ctx(), staff.headers, true, image)).id });
    expect((await contentOf('none')).image).toBeNull();
    expect((await contentOf('key')).image?.mime).toBe('image/png');
    const byUrl = await contentOf('url-only');
    expect(byUrl.image?.mime).toBe('image/png');
    expect(byUrl).toMatchObject({ title: '青花瓷茶具套装', priceLine: '¥199.00', shopName: expect.any(String) });
    expect(byUrl.url).toMatch(/^https:\/\/shop\.test\/product\/\d+\?ref=[2-9A-HJ-NP-Z]{6}$/);
  });

  it('limits fresh poster renders per shopper; cached posters do not count', async () => {
    const staff = await ctx().staffSession('owner');
    const shopper = await ctx().shopperSession();
    const other = await ctx().shopperSession();
    const share = createShareService({
      db: ctx().db,
      clock: ctx().clock,
      settings: ctx().services.settings,
      storage: ctx().storage,
      referrals: ctx().services.referrals,
      publicBaseUrl: 'https://shop.test',
      posterCache: { entries: 10, ttlMs: 600_000, rendersPerMinute: 2 },
    });
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push((await productWithImage(ctx(), staff.headers, true, 'none')).id);
    const poster = (who: number, id: number) => share.poster(who, { type: 'product', id });
    expect((await poster(shopper.id, ids[0]!)).cached).toBe(false);
    expect((await poster(shopper.id, ids[1]!)).cached).toBe(false);
    expect((await poster(shopper.id, ids[0]!)).cached).toBe(true);
    await expect(poster(shopper.id, ids[2]!)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect((await poster(other.id, ids[2]!)).cached).toBe(false);
    ctx().clock.advance(61_000);
    expect((await poster(shopper.id, ids[2]!)).cached).toBe(false);
  });
});

it('lays out the poster with the escaped title, price, sharer and a QR code', () => {
  const svg = posterSvg({ title: '<茶具> & 套装', priceLine: '¥199.00', detailLine: '定金 ¥10.00', sharerNickname: '小王', shopName: '预售商城', url: 'https://shop.test/product/1?ref=ABCDEF', image: null });
  expect(svg).toContain('&lt;茶具&gt; &amp; 套装');
  expect(svg).toContain('¥199.00');
  expect(svg).toContain('定金 ¥10.00');
  expect(svg).toContain('小王');
  expect(svg).toMatch(/<path d="M[\d. ]+h/);
});
