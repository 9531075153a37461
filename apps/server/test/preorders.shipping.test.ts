// Issue 7: a pre-order's shipping comes from the shipping templates like any checkout — the fee
// per template, the region refused (422 naming it) at preview and at creation, the delivery days.
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { call, productWith, type Buyer, type Session, type Sku } from './orders-fixtures.ts';
import { openUnits, placePreorder, placePreorderRes, preorderBody, preorderRow, setProductPreorder } from './preorders-fixtures.ts';
import { applianceTemplate, attach, buyerIn, createTemplate, figureTemplate, flatTemplate, TIBET, XINJIANG } from './shipping-fixtures.ts';
import type { TestContext } from './harness.ts';

/** An out-of-stock product taking pre-orders with these settings; `weightGrams` per unit. */
async function preorderProduct(c: TestContext, owner: Session, price: number, weightGrams: number, overrides: Record<string, unknown> = {}) {
  const sku = await productWith(c, owner.headers, price, 0, { skus: [{ specValues: {}, price, initialStock: 0, weightGrams }] });
  const res = await setProductPreorder(c, owner.headers, sku.productId, preorderBody(c, overrides));
  expect(res.statusCode, res.body).toBe(200);
  return { ...sku, termsVersion: res.json().termsVersion as number };
}

describeEachDatabase('pre-orders: shipping by template', (ctx) => {
  let owner: Session;
  let fridge: Sku;
  let figure: Sku;
  let poster: Sku;
  let shanghai: Buyer;

  const preview = (buyer: Buyer, skuId: number, quantity = 1, headers: Record<string, string> = {}) =>
    call(ctx(), 'POST', '/api/checkout/preview', { ...buyer.headers, ...headers }, { items: [{ skuId, quantity }], addressId: buyer.addressId });

  beforeAll(async () => {
    const c = ctx();
    owner = await c.staffSession('owner');
    shanghai = await buyerIn(c, '上海市', '上海市', '徐汇区');
    // Before any template the flat fee of the shop settings (¥10, free from ¥99) stands.
    poster = await preorderProduct(c, owner, 3_000, 0);
    const flat = await preview(shanghai, poster.skuId);
    expect(flat.statusCode, flat.body).toBe(200);
    expect(flat.json().breakdown).toMatchObject({ shippingFee: 1000, totalAmount: 4000 });
    expect(flat.json().deliveryDays).toBeNull();

    fridge = await preorderProduct(c, owner, 300_000, 25_000);
    figure = await preorderProduct(c, owner, 5_000, 0, { strategy: 'on_release' });
    const defaults = await createTemplate(c, owner.headers, { ...flatTemplate(), freeShipping: [] });
    expect(defaults.isDefault).toBe(true);
    const heavy = await createTemplate(c, owner.headers, applianceTemplate());
    const figures = await createTemplate(c, owner.headers, figureTemplate());
    await attach(c, owner.headers, heavy.id, [fridge.productId]);
    await attach(c, owner.headers, figures.id, [figure.productId]);
  });

  describe('the fee and the delivery days', () => {
    it('charges the product’s template by weight, with its delivery days, in the preview and the order', async () => {
      const c = ctx();
      // 25 kg: first kg ¥15 + 24 × ¥5.
      const res = await preview(shanghai, fridge.skuId);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ canPlace: true, breakdown: { shippingFee: 13_500, totalAmount: 313_500 }, deliveryDays: { minDays: 3, maxDays: 5 } });
      expect(res.json().breakdown.lines).toContainEqual(expect.objectContaining({ step: 'shipping', amount: 13_500, label: '运费' }));
      const order = await placePreorder(c, shanghai, fridge.skuId, 1, { expectedTotal: 313_500 });
      expect(order).toMatchObject({ kind: 'preorder', shippingFee: 13_500, totalAmount: 313_500 });
    });

    it('charges the region rule and its delivery days for Xinjiang', async () => {
      const urumqi = await buyerIn(ctx(), XINJIANG, '乌鲁木齐市', '天山区');
      // 50 kg: first kg ¥30 + 49 × ¥15.
      const res = await preview(urumqi, fridge.skuId, 2);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().breakdown.shippingFee).toBe(3000 + 49 * 1500);
      expect(res.json().deliveryDays).toEqual({ minDays: 7, maxDays: 12 });
    });

    it('counts the template’s free-shipping threshold on the pre-order’s goods', async () => {
      const c = ctx();
      // One figure ¥50: ¥8; two are ¥100, free from ¥99.
      expect((await preview(shanghai, figure.skuId, 1)).json().breakdown.shippingFee).toBe(800);
      const free = await preview(shanghai, figure.skuId, 2);
      expect(free.json()).toMatchObject({ breakdown: { shippingFee: 0, totalAmount: 10_000 }, deliveryDays: { minDays: 1, maxDays: 3 } });
      expect(free.json().breakdown.lines).toContainEqual(expect.objectContaining({ step: 'shipping', amount: 0, label: '包邮' }));
      const order = await placePreorder(c, await buyerIn(c, '上海市', '上海市', '黄浦区'), figure.skuId, 1);
      expect(order).toMatchObject({ status: 'awaiting_stock', shippingFee: 800, totalAmount: 5_800 });
      expect(await preorderRow(c, order.id)).toMatchObject({ depositAmount: 0, balanceAmount: 5_800 });
    });

    it('charges the default template for a product without one (no longer the flat fee’s threshold)', async () => {
      // The default template here has no free shipping: ¥10 even over ¥99.
      const res = await preview(shanghai, poster.skuId, 4);
      expect(res.json()).toMatchObject({ breakdown: { shippingFee: 1000, totalAmount: 13_000 }, deliveryDays: { minDays: 2, maxDays: 4 } });
    });

    it('keeps a deposit pre-order’s shipping in its balance', async () => {
      const c = ctx();
      const heavyDeposit = await preorderProduct(c, owner, 300_000, 25_000, { strategy: 'deposit', depositAmount: 50_000 });
      const heavy = await createTemplate(c, owner.headers, applianceTemplate('定金大家电'));
      await attach(c, owner.headers, heavy.id, [heavyDeposit.productId]);
      const buyer = await buyerIn(c, '浙江省', '杭州市', '西湖区');
      const order = await placePreorder(c, buyer, heavyDeposit.skuId, 1, { depositTerms: { accepted: true, version: heavyDeposit.termsVersion } });
      expect(order).toMatchObject({ status: 'awaiting_deposit', shippingFee: 13_500, totalAmount: 313_500 });
      expect(await preorderRow(c, order.id)).toMatchObject({ depositAmount: 50_000, balanceAmount: 263_500 });
    });
  });

  describe('a region not delivered', () => {
    it('is refused with a 422 naming it at preview and at creation, writing nothing', async () => {
      const c = ctx();
      const lhasa = await buyerIn(c, TIBET, '拉萨市', '城关区');
      const refused = await preview(lhasa, fridge.skuId);
      expect(refused.statusCode).toBe(422);
      expect(refused.json()).toMatchObject({ code: 'SHIPPING_REGION_NOT_DELIVERED', title: '抱歉，西藏自治区不在配送范围内' });
      expect((await preview(lhasa, fridge.skuId, 1, { 'accept-language': 'en' })).json().title).toBe('Sorry, we do not deliver to 西藏自治区');

      const unitsBefore = await openUnits(c, fridge.skuId);
      const placed = await placePreorderRes(c, lhasa, fridge.skuId, 1);
      expect(placed.statusCode, placed.body).toBe(422);
      expect(placed.json()).toMatchObject({ code: 'SHIPPING_REGION_NOT_DELIVERED', title: '抱歉，西藏自治区不在配送范围内' });
      expect(await openUnits(c, fridge.skuId)).toBe(unitsBefore);
      expect((await call(c, 'GET', '/api/orders', lhasa.headers)).json().items).toEqual([]);

      // The figure template delivers there.
      expect((await preview(lhasa, figure.skuId)).statusCode).toBe(200);
      expect((await placePreorderRes(c, lhasa, figure.skuId, 1)).statusCode).toBe(201);
    });
  });
});
