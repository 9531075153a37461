import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase, type TestContext } from './harness.ts';
import { call, drain, newBuyer, paidOrder, productWith, trackingNo, type Buyer, type Session, type Sku } from './orders-fixtures.ts';
import { memberGrowthLedger, memberLevelChanges } from '../src/modules/members/members.tables.ts';
import { shopperMessages } from '../src/modules/notifications/notifications.tables.ts';
import { pointsLedger } from '../src/modules/points/points.tables.ts';

const GOLD = 200_000;
const DIAMOND = 1_000_000;

describeEachDatabase('members: levels, growth, benefits', (ctx) => {
  let owner: Session;
  let levels: { base: number; gold: number; diamond: number };
  let camera: Sku;

  const level = (c: TestContext, body: Record<string, unknown>, id?: number) => call(c, id ? 'PUT' : 'POST', `/api/admin/members/levels${id ? `/${id}` : ''}`, owner.headers, body);
  const membership = async (c: TestContext, buyer: Session) => {
    const res = await call(c, 'GET', '/api/me/membership', buyer.headers);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  async function complete(c: TestContext, buyer: Buyer, orderId: number) {
    expect((await call(c, 'POST', `/api/admin/orders/${orderId}/ship`, owner.headers, { carrier: '顺丰速运', trackingNo: trackingNo() })).statusCode).toBe(200);
    expect((await call(c, 'POST', `/api/orders/${orderId}/confirm-receipt`, buyer.headers, {})).statusCode).toBe(200);
    await drain(c);
  }
  const messages = (c: TestContext, shopperId: number) =>
    c.db.select({ kind: shopperMessages.kind, title: shopperMessages.title }).from(shopperMessages).where(eq(shopperMessages.shopperId, shopperId)).orderBy(shopperMessages.id);

  beforeAll(async () => {
    const c = ctx();
    owner = await c.staffSession('owner');
    camera = await productWith(c, owner.headers, 150_000, 100, { title: '微单相机' });
  });

  it('lets staff keep levels with a base level and unique thresholds; others may not', async () => {
    const c = ctx();
    const first = await level(c, { name: '黄金会员', growthThreshold: GOLD, discountPermille: 980 });
    expect([first.statusCode, first.json().code]).toEqual([422, 'MEMBER_BASE_LEVEL_REQUIRED']);
    const base = await level(c, { name: '普通会员', nameEn: 'Member', growthThreshold: 0 });
    expect(base.statusCode, base.body).toBe(200);
    const gold = await level(c, { name: '黄金会员', nameEn: 'Gold', growthThreshold: GOLD, discountPermille: 980 });
    const diamond = await level(c, { name: '钻石会员', nameEn: 'Diamond', growthThreshold: DIAMOND, discountPermille: 950, freeShipping: true, pointsMultiplierPercent: 200 });
    expect([gold.statusCode, diamond.statusCode]).toEqual([200, 200]);
    levels = { base: base.json().id, gold: gold.json().id, diamond: diamond.json().id };

    expect((await level(c, { name: '重复', growthThreshold: GOLD })).statusCode).toBe(409);
    expect((await level(c, { name: '坏', growthThreshold: 5, discountPermille: 0 })).statusCode).toBe(400);
    const moveBase = await level(c, { name: '普通会员', growthThreshold: 5 }, levels.base);
    expect([moveBase.statusCode, moveBase.json().code]).toEqual([422, 'MEMBER_BASE_LEVEL_REQUIRED']);
    const dropBase = await call(c, 'DELETE', `/api/admin/members/levels/${levels.base}`, owner.headers);
    expect([dropBase.statusCode, dropBase.json().code]).toEqual([422, 'MEMBER_BASE_LEVEL_REQUIRED']);
    const cs = await c.staffSession('customer_service');
    expect((await call(c, 'GET', '/api/admin/members/levels', cs.headers)).statusCode).toBe(403);
    const list = await call(c, 'GET', '/api/admin/members/levels', owner.headers);
    expect(list.json().items.map((l: { name: string }) => l.name)).toEqual(['普通会员', '黄金会员', '钻石会员']);
  });

  it('levels up on completion, tells the shopper, and the member price and multiplier follow', async () => {
    const c = ctx();
    const buyer = await newBuyer(c);
    expect(await membership(c, buyer)).toMatchObject({ growth: 0, level: { name: '普通会员' }, nextLevel: { name: '黄金会员' }, growthToNext: GOLD });

    const order = await paidOrder(c, buyer, [{ skuId: camera.skuId, quantity: 2 }]); // ¥3,000 goods, base level: no member price
    await complete(c, buyer, order.id);
    const view = await membership(c, buyer);
    expect(view).toMatchObject({ growth: 300_000, level: { name: '黄金会员', discountPermille: 980 }, nextLevel: { name: '钻石会员' }, growthToNext: DIAMOND - 300_000 });
    expect(view.history).toMatchObject([{ fromLevelName: '普通会员', toLevelName: '黄金会员', reason: 'growth', growth: 300_000 }]);
    expect((await messages(c, buyer.id)).filter((m) => m.kind === 'member.level_changed').map((m) => m.title)).toEqual(['恭喜升级为 黄金会员']);
    const growth = await c.db.select().from(memberGrowthLedger).where(eq(memberGrowthLedger.shopperId, buyer.id));
    expect(growth.map((g) => [g.reason, g.delta, g.growthAfter, g.orderId])).toEqual([['order_completed', 300_000, 300_000, order.id]]);

    // 会员价 98折 first, shown as its own line; then shipping by the threshold as before.
    const preview = await call(c, 'POST', '/api/checkout/preview', buyer.headers, { items: [{ skuId: camera.skuId, quantity: 1 }], addressId: buyer.addressId });
    expect(preview.statusCode, preview.body).toBe(200);
    const b = preview.json().breakdown;
    expect(b.lines[1]).toMatchObject({ step: 'member', label: '黄金会员 会员价 9.8折', amount: -3_000 });
    expect(b).toMatchObject({ goodsAmount: 150_000, promotionDiscount: 3_000, totalAmount: 147_000 + b.shippingFee });
    const placed = await paidOrder(c, buyer, [{ skuId: camera.skuId, quantity: 1 }]);
    const detail = await call(c, 'GET', `/api/orders/${placed.id}`, buyer.headers);
    expect(detail.json()).toMatchObject({ promotionDiscount: 3_000, totalAmount: 147_000 + b.shippingFee });
  });

  it('takes growth back on a refund after completion, moving the level down and telling the shopper; ledger rows for each', async () => {
    const c = ctx();
    const buyer = await newBuyer(c);
    const order = await paidOrder(c, buyer, [{ skuId: camera.skuId, quantity: 7 }]); // ¥10,500
    await complete(c, buyer, order.id);
    expect(await membership(c, buyer)).toMatchObject({ growth: 1_050_000, level: { name: '钻石会员' } });
    // Diamond: ×2 points on the next completion, 95折 and 会员包邮.
    const preview = await call(c, 'POST', '/api/checkout/preview', buyer.headers, { items: [{ skuId: camera.skuId, quantity: 1 }], addressId: buyer.addressId });
    const shipping = preview.json().breakdown.lines.find((l: { step: string }) => l.step === 'shipping');
    expect(shipping).toMatchObject({ label: '会员包邮', amount: 0 });
    expect(preview.json().breakdown).toMatchObject({ promotionDiscount: 7_500, shippingFee: 0, totalAmount: 142_500 });
    const second = await paidOrder(c, buyer, [{ skuId: camera.skuId, quantity: 1 }]);
    await complete(c, buyer, second.id);
    const earned = await c.db.select().from(pointsLedger).where(eq(pointsLedger.orderId, second.id));
    expect(earned.map((r) => [r.reason, r.delta])).toEqual([['earn_order', 1_425 * 2]]);

    const [line] = (await c.services.orders.getOrderForAfterSales(c.db, buyer.id, order.id))!.lines;
    await c.db.transaction((tx) => c.services.orders.recordLineRefund(tx, { orderId: order.id, lines: [{ orderLineId: line!.id, quantity: 2, amount: 300_000 }], reason: '退货', actor: 'system' }));
    await drain(c);
    const view = await membership(c, buyer);
    expect(view).toMatchObject({ growth: 1_050_000 + 142_500 - 300_000, level: { name: '黄金会员' } });
    expect(view.history.map((h: { toLevelName: string; reason: string }) => [h.toLevelName, h.reason])).toEqual([
      ['黄金会员', 'refund'],
      ['钻石会员', 'growth'],
    ]);
    expect((await messages(c, buyer.id)).filter((m) => m.kind === 'member.level_changed').map((m) => m.title)).toEqual(['恭喜升级为 钻石会员', '会员等级调整为 黄金会员']);
    const growth = await c.db.select().from(memberGrowthLedger).where(eq(memberGrowthLedger.shopperId, buyer.id)).orderBy(memberGrowthLedger.id);
    expect(growth.map((g) => [g.reason, g.delta])).toEqual([
      ['order_completed', 1_050_000],
      ['order_completed', 142_500],
      ['order_refunded', -300_000],
    ]);
    expect(growth.reduce((s, g) => s + g.delta, 0)).toBe(view.growth);
    const changes = await c.db.select().from(memberLevelChanges).where(eq(memberLevelChanges.shopperId, buyer.id));
    expect(changes).toHaveLength(2);
  });

  it('lets staff look a member up and adjust growth, audited; the level follows edited levels lazily', async () => {
    const c = ctx();
    const buyer = await newBuyer(c);
    const adjust = await call(c, 'POST', `/api/admin/members/${buyer.id}/growth-adjust`, owner.headers, { delta: 250_000, note: '老客补录' });
    expect(adjust.statusCode, adjust.body).toBe(200);
    expect(adjust.json()).toMatchObject({ shopperId: buyer.id, growth: 250_000, level: { name: '黄金会员' }, ledger: [{ reason: 'admin_adjust', delta: 250_000, note: '老客补录', refKey: '', actor: expect.stringMatching(/^staff:/) }] });
    expect((await call(c, 'POST', `/api/admin/members/${buyer.id}/growth-adjust`, owner.headers, { delta: 0, note: 'x' })).statusCode).toBe(400);
    expect((await call(c, 'GET', '/api/admin/members/99999999', owner.headers)).statusCode).toBe(404);

    // Raising the gold threshold above the buyer's growth: the next look brings the level down.
    expect((await level(c, { name: '黄金会员', nameEn: 'Gold', growthThreshold: 300_000, discountPermille: 980 }, levels.gold)).statusCode).toBe(200);
    const after = await membership(c, buyer);
    expect(after).toMatchObject({ level: { name: '普通会员' } });
    expect(after.history.map((h: { toLevelName: string; reason: string }) => [h.toLevelName, h.reason])).toEqual([
      ['普通会员', 'levels_changed'],
      ['黄金会员', 'admin_adjust'],
    ]);
    expect((await level(c, { name: '黄金会员', nameEn: 'Gold', growthThreshold: GOLD, discountPermille: 980 }, levels.gold)).statusCode).toBe(200);
  });

  it('gives no member price on presale-style (campaign) prices', async () => {
    const c = ctx();
    const buyer = await newBuyer(c);
    await call(c, 'POST', `/api/admin/members/${buyer.id}/growth-adjust`, owner.headers, { delta: GOLD, note: '测试' });
    const line = { skuId: camera.skuId, productId: camera.productId, categoryIds: [], unitPrice: 150_000, quantity: 1 };
    const quote = (allow?: { promotions?: boolean; member?: boolean }) => c.db.transaction((tx) => c.services.promotions.quote(tx, { shopperId: buyer.id, lines: [line], allow }));
    expect((await quote()).promotionDiscount).toBe(3_000);
    expect((await quote({ promotions: false })).lines.some((l) => l.step === 'member')).toBe(false);
    expect((await quote({ member: false })).promotionDiscount).toBe(0);
  });
});
