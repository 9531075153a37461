// 推广中心: products to promote with the estimated level-1 commission (equal to what a real order
// earns), my team by level with what I earned through each, and the shop invite poster.
import { eq } from 'drizzle-orm';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase, type TestContext } from './harness.ts';
import { call, drain, newBuyer, paidOrder, setupShop, type Session, type Shop } from './aftersales-fixtures.ts';
import { createProduct, uniq } from './catalog-fixtures.ts';
import { bind, commissionsOf, distributor, setShop } from './distribution-fixtures.ts';
import { shoppers } from '../src/modules/accounts/accounts.tables.ts';
import { maskName } from '../src/modules/distribution/distribution-commissions.rules.ts';
import { POSTER_HEIGHT, POSTER_WIDTH, SHOP_POSTER_QR } from '../src/modules/distribution/distribution-share-poster.ts';

async function promoted(c: TestContext, owner: Session, title: string, price: number, level1Permille?: number) {
  const product = await createProduct(c, owner.headers, { title, skus: [{ specValues: {}, price, initialStock: 100 }] });
  if (level1Permille !== undefined) {
    const res = await call(c, 'PUT', `/api/admin/distribution/products/${product.id}/rate`, owner.headers, { level1Permille, level2Permille: 10 });
    expect(res.statusCode, res.body).toBe(200);
  }
  return { productId: product.id as number, skuId: product.skus[0].id as number, price };
}

async function nicknameOf(c: TestContext, shopperId: number) {
  const [row] = await c.db.select({ nickname: shoppers.nickname }).from(shoppers).where(eq(shoppers.id, shopperId));
  return row!.nickname;
}

/** Whether the PNG's QR area holds exactly the modules of `url` (each module read at its centre). */
function qrMatches(png: Buffer, url: string): boolean {
  const image = PNG.sync.read(png);
  const modules = QRCode.create(url, { errorCorrectionLevel: 'M' }).modules;
  const cell = SHOP_POSTER_QR.size / (modules.size + 4);
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      const px = Math.floor(SHOP_POSTER_QR.x + (col + 2.5) * cell);
      const py = Math.floor(SHOP_POSTER_QR.y + (row + 2.5) * cell);
      const dark = image.data[(py * image.width + px) * 4]! < 128;
      if (dark !== Boolean(modules.get(row, col))) return false;
    }
  }
  return true;
}

describeEachDatabase('distribution: centre (推广商品, 我的团队, 邀请好友)', (ctx) => {
  let shop: Shop;
  beforeAll(async () => {
    shop = await setupShop(ctx());
    await setShop(ctx(), shop.owner, { commission: { settleOn: 'after_protection', protectionDays: 7 }, distributors: { level1Permille: 50, level2Permille: 20 } });
  });

  it('lists on-shelf products with the estimated level-1 commission of one unit, equal to what a paid order then earns', async () => {
    const c = ctx();
    const { owner } = shop;
    const word = uniq('推广');
    const ownRate = await promoted(c, owner, `${word} 手办 A`, 12_345, 77); // 950.565 → 950
    c.clock.advance(60_000);
    const shopRate = await promoted(c, owner, `${word} 盲盒 B`, 9_999); // 499.95 → 499
    c.clock.advance(60_000);
    await promoted(c, owner, `${word} 不参与 C`, 20_000, 0);
    const offShelf = await createProduct(c, owner.headers, { title: `${word} 下架 D`, onShelf: false });
    expect(offShelf.id).toBeGreaterThan(0);

    const seller = await distributor(c, owner);
    const list = await call(c, 'GET', `/api/distribution/center/products?q=${encodeURIComponent(word)}&sort=commission`, seller.headers);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json()).toMatchObject({ total: 2, page: 1 });
    expect(list.json().items).toEqual([
      { productId: ownRate.productId, title: `${word} 手办 A`, imageUrl: null, priceAmount: 12_345, level1Permille: 77, estimatedCommission: 950 },
      { productId: shopRate.productId, title: `${word} 盲盒 B`, imageUrl: null, priceAmount: 9_999, level1Permille: 50, estimatedCommission: 499 },
    ]);
    const newest = await call(c, 'GET', `/api/distribution/center/products?q=${encodeURIComponent(word)}&sort=newest&pageSize=1`, seller.headers);
    expect(newest.json()).toMatchObject({ total: 2, pageSize: 1, items: [{ productId: shopRate.productId }] });
    const page2 = await call(c, 'GET', `/api/distribution/center/products?q=${encodeURIComponent(word)}&sort=newest&pageSize=1&page=2`, seller.headers);
    expect(page2.json().items.map((p: { productId: number }) => p.productId)).toEqual([ownRate.productId]);
    const literal = await call(c, 'GET', `/api/distribution/center/products?q=${encodeURIComponent('%')}`, seller.headers);
    expect(literal.json().total).toBe(0);
    expect((await call(c, 'GET', '/api/distribution/center/products?sort=price', seller.headers)).statusCode).toBe(400);

    const estimates = new Map<number, number>(list.json().items.map((p: { productId: number; estimatedCommission: number }) => [p.productId, p.estimatedCommission]));
    for (const sku of [ownRate, shopRate]) {
      const buyer = await newBuyer(c);
      await bind(c, buyer.id, seller.id);
      const order = await paidOrder(c, buyer, [{ skuId: sku.skuId, quantity: 1 }]);
      expect(order.lines[0]!.payAmount).toBe(sku.price);
      const earned = (await commissionsOf(c, order.id)).find((r) => r.kind === 'level1');
      expect(earned).toMatchObject({ beneficiaryId: seller.id, amount: estimates.get(sku.productId) });
    }
  });

  it('shows my team by level, masked, with what I earned through each (clawed back excluded), and nobody else’s', async () => {
    const c = ctx();
    const { owner } = shop;
    const me = await distributor(c, owner);
    const friendSeller = await distributor(c, owner);
    const friend = await newBuyer(c);
    const friendOfFriend = await newBuyer(c);
    await bind(c, friendSeller.id, me.id);
    c.clock.advance(60_000);
    await bind(c, friend.id, me.id);
    await bind(c, friendOfFriend.id, friendSeller.id);
    const other = await distributor(c, owner);
    const othersFriend = await newBuyer(c);
    await bind(c, othersFriend.id, other.id);

    await paidOrder(c, friend, [{ skuId: shop.tv.skuId, quantity: 1 }]); // level 1: 500
    const closed = await paidOrder(c, friend, [{ skuId: shop.tv.skuId, quantity: 2 }]); // 1000, clawed back
    const res = await call(c, 'POST', `/api/admin/orders/${closed.id}/close`, owner.headers, { reason: '缺货', refund: true });
    expect(res.statusCode, res.body).toBe(200);
    await drain(c);
    expect(await commissionsOf(c, closed.id)).toMatchObject([{ beneficiaryId: me.id, status: 'clawed_back' }]);
    await paidOrder(c, friendOfFriend, [{ skuId: shop.tv.skuId, quantity: 1 }]); // level 2: 200
    await paidOrder(c, othersFriend, [{ skuId: shop.tv.skuId, quantity: 1 }]);

    const level1 = await call(c, 'GET', '/api/distribution/center/team?level=1', me.headers);
    expect(level1.statusCode, level1.body).toBe(200);
    expect(level1.json()).toMatchObject({ total: 2 });
    expect(level1.json().items).toEqual([
      { nickname: maskName(await nicknameOf(c, friend.id)), boundAt: c.clock.now().toISOString(), isDistributor: false, earnedAmount: 500 },
      { nickname: maskName(await nicknameOf(c, friendSeller.id)), boundAt: new Date(c.clock.now().getTime() - 60_000).toISOString(), isDistributor: true, earnedAmount: 0 },
    ]);
    expect(level1.json().items[0].nickname).toMatch(/^.\*+$/);
    const level2 = await call(c, 'GET', '/api/distribution/center/team?level=2', me.headers);
    expect(level2.json().items).toEqual([{ nickname: maskName(await nicknameOf(c, friendOfFriend.id)), boundAt: expect.any(String), isDistributor: false, earnedAmount: 200 }]);
    const paged = await call(c, 'GET', '/api/distribution/center/team?level=1&pageSize=1&page=2', me.headers);
    expect(paged.json()).toMatchObject({ total: 2, items: [{ isDistributor: true }] });

    // The friend distributor sees their own friend (earning level 1), never mine; the other distributor only theirs.
    const theirs = await call(c, 'GET', '/api/distribution/center/team?level=1', friendSeller.headers);
    expect(theirs.json().items).toEqual([expect.objectContaining({ nickname: maskName(await nicknameOf(c, friendOfFriend.id)), earnedAmount: 500 })]);
    expect((await call(c, 'GET', '/api/distribution/center/team?level=2', friendSeller.headers)).json()).toMatchObject({ total: 0, items: [] });
    const others = await call(c, 'GET', '/api/distribution/center/team?level=1', other.headers);
    expect(others.json()).toMatchObject({ total: 1, items: [{ nickname: maskName(await nicknameOf(c, othersFriend.id)), earnedAmount: 500 }] });
    expect((await call(c, 'GET', '/api/distribution/center/team?level=3', me.headers)).statusCode).toBe(400);
  });

  it('answers 403 DISTRIBUTOR_REQUIRED to shoppers who are not approved distributors, 401 to nobody', async () => {
    const c = ctx();
    const plain = await c.shopperSession();
    const pending = await c.shopperSession();
    const applied = await call(c, 'POST', '/api/distribution/apply', pending.headers, { realName: '李四', phone: '13700000001' });
    expect(applied.json().status).toBe('pending');
    const disabled = await distributor(c, shop.owner);
    expect((await call(c, 'POST', `/api/admin/distribution/distributors/${disabled.id}/disable`, shop.owner.headers, {})).statusCode).toBe(200);
    for (const who of [plain, pending, disabled]) {
      for (const url of ['/api/distribution/center/products', '/api/distribution/center/team']) {
        const res = await call(c, 'GET', url, who.headers);
        expect(res.statusCode, url).toBe(403);
        expect(res.json().code).toBe('DISTRIBUTOR_REQUIRED');
      }
    }
    expect((await call(c, 'GET', '/api/distribution/center/team', {})).statusCode).toBe(401);
  });

  it('gives the shop invite link and a 750×1200 invite poster whose QR code carries my code', async () => {
    const c = ctx();
    const seller = await distributor(c, shop.owner);
    const mine = (await call(c, 'GET', '/api/me/referral', seller.headers)).json() as { code: string; shareUrl: string };
    const link = await call(c, 'GET', '/api/share?type=shop', seller.headers);
    expect(link.statusCode, link.body).toBe(200);
    expect(link.json()).toMatchObject({ url: mine.shareUrl, code: mine.code, imageUrl: null });
    expect((await call(c, 'GET', '/api/share?type=product', seller.headers)).statusCode).toBe(400);

    const first = await call(c, 'GET', '/api/share/poster.png?type=shop', seller.headers);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.headers['content-type']).toBe('image/png');
    expect(first.headers['x-poster-cache']).toBe('miss');
    const image = PNG.sync.read(first.rawPayload);
    expect({ width: image.width, height: image.height }).toEqual({ width: POSTER_WIDTH, height: POSTER_HEIGHT });
    expect(qrMatches(first.rawPayload, mine.shareUrl)).toBe(true);
    expect(qrMatches(first.rawPayload, mine.shareUrl.replace(mine.code, 'ZZZZZZ'))).toBe(false);
    const second = await call(c, 'GET', '/api/share/poster.png?type=shop', seller.headers);
    expect(second.headers['x-poster-cache']).toBe('hit');

    const stranger = await c.shopperSession();
    const theirs = await call(c, 'GET', '/api/share/poster.png?type=shop', stranger.headers);
    expect(theirs.statusCode).toBe(200);
    expect(qrMatches(theirs.rawPayload, mine.shareUrl)).toBe(false);
    expect((await call(c, 'GET', '/api/share/poster.png?type=shop', {})).statusCode).toBe(401);
  });
});
