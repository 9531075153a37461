import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { call, newBuyer, placeOrder, productWith, unpaidOrder, type Buyer, type Session, type Sku } from './orders-fixtures.ts';
import { depositOrder, openDepositCampaign } from './presale-orders-fixtures.ts';
import { applianceTemplate, attach, buyerIn, createTemplate, figureTemplate, flatTemplate, TIBET, XINJIANG } from './shipping-fixtures.ts';

describeEachDatabase('shipping: fees at checkout by template', (ctx) => {
  let owner: Session;
  let fridge: Sku;
  let figure: Sku;
  let poster: Sku;
  let shanghai: Buyer;

  const preview = (buyer: Buyer, items: { skuId: number; quantity: number }[], headers: Record<string, string> = {}) =>
    call(ctx(), 'POST', '/api/checkout/preview', { ...buyer.headers, ...headers }, { items, addressId: buyer.addressId });

  beforeAll(async () => {
    const c = ctx();
    owner = await c.staffSession('owner');
    shanghai = await newBuyer(c);
    // Before any template: the shop settings' flat fee (¥10, free from ¥99) as always.
    poster = await productWith(c, owner.headers, 3_000, 50, { title: '海报' });
    const flatRes = await preview(shanghai, [{ skuId: poster.skuId, quantity: 1 }]);
    expect(flatRes.json().breakdown).toMatchObject({ shippingFee: 1000, totalAmount: 4000 });
    expect(flatRes.json().deliveryDays).toBeNull();

    fridge = await productWith(c, owner.headers, 300_000, 50, { title: '双门冰箱', skus: [{ specValues: {}, price: 300_000, initialStock: 50, weightGrams: 25_000 }] });
    figure = await productWith(c, owner.headers, 5_000, 50, { title: '手办' });
    await createTemplate(c, owner.headers, flatTemplate());
    const heavy = await createTemplate(c, owner.headers, applianceTemplate());
    const figures = await createTemplate(c, owner.headers, figureTemplate());
    await attach(c, owner.headers, heavy.id, [fridge.productId]);
    await attach(c, owner.headers, figures.id, [figure.productId]);
  });

  it('charges by weight, by piece, and the default template for products without one', async () => {
    // 25 kg: first kg ¥15 + 24 × ¥5.
    const heavy = await preview(shanghai, [{ skuId: fridge.skuId, quantity: 1 }]);
    expect(heavy.statusCode, heavy.body).toBe(200);
    expect(heavy.json().breakdown).toMatchObject({ shippingFee: 13_500, totalAmount: 313_500 });
    expect(heavy.json().deliveryDays).toEqual({ minDays: 3, maxDays: 5 });
    // One figure ¥50: ¥8; poster on the default template: ¥10 (under ¥99).
    expect((await preview(shanghai, [{ skuId: figure.skuId, quantity: 1 }])).json().breakdown.shippingFee).toBe(800);
    expect((await preview(shanghai, [{ skuId: poster.skuId, quantity: 1 }])).json().breakdown.shippingFee).toBe(1000);
  });

  it('sums one quote per template; each free-shipping threshold counts its own goods', async () => {
    // 2 figures = ¥100: free; 1 poster ¥30 on the default: ¥10; the fridge: ¥135.
    const mixed = await preview(shanghai, [
      { skuId: fridge.skuId, quantity: 1 },
      { skuId: figure.skuId, quantity: 2 },
      { skuId: poster.skuId, quantity: 1 },
    ]);
    expect(mixed.json().breakdown).toMatchObject({ shippingFee: 13_500 + 0 + 1000, goodsAmount: 300_000 + 10_000 + 3_000 });
    expect(mixed.json().breakdown.totalAmount).toBe(300_000 + 10_000 + 3_000 + 14_500);
    expect(mixed.json().deliveryDays).toEqual({ minDays: 3, maxDays: 5 });
    // ¥98.99 would not be free; 1 figure and 2 posters are in different groups: ¥8 + ¥10.
    const apart = await preview(shanghai, [{ skuId: figure.skuId, quantity: 1 }, { skuId: poster.skuId, quantity: 2 }]);
    expect(apart.json().breakdown.shippingFee).toBe(1800);
    const order = await unpaidOrder(ctx(), shanghai, [{ skuId: figure.skuId, quantity: 1 }, { skuId: poster.skuId, quantity: 2 }]);
    expect(order).toMatchObject({ shippingFee: 1800, totalAmount: 5_000 + 6_000 + 1800 });
  });

  it('charges the region rule and estimate for Xinjiang', async () => {
    const urumqi = await buyerIn(ctx(), XINJIANG, '乌鲁木齐市', '天山区');
    // 50 kg: first kg ¥30 + 49 × ¥15.
    const res = await preview(urumqi, [{ skuId: fridge.skuId, quantity: 2 }]);
    expect(res.json().breakdown.shippingFee).toBe(3000 + 49 * 1500);
    expect(res.json().deliveryDays).toEqual({ minDays: 7, maxDays: 12 });
  });

  it('refuses a region a template does not deliver to, naming it, at preview and at order creation', async () => {
    const c = ctx();
    const lhasa = await buyerIn(c, TIBET, '拉萨市', '城关区');
    const refused = await preview(lhasa, [{ skuId: fridge.skuId, quantity: 1 }, { skuId: figure.skuId, quantity: 1 }]);
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'SHIPPING_REGION_NOT_DELIVERED', title: '抱歉，西藏自治区不在配送范围内' });
    const inEnglish = await preview(lhasa, [{ skuId: fridge.skuId, quantity: 1 }], { 'accept-language': 'en' });
    expect(inEnglish.json().title).toBe('Sorry, we do not deliver to 西藏自治区');
    const before = (await call(c, 'GET', '/api/orders', lhasa.headers)).json();
    const placed = await placeOrder(c, lhasa, { items: [{ skuId: fridge.skuId, quantity: 1 }] });
    expect(placed.statusCode).toBe(422);
    expect(placed.json().code).toBe('SHIPPING_REGION_NOT_DELIVERED');
    expect((await call(c, 'GET', '/api/orders', lhasa.headers)).json()).toEqual(before);
    // The figure template delivers there.
    expect((await preview(lhasa, [{ skuId: figure.skuId, quantity: 1 }])).statusCode).toBe(200);
  });

  it('answers the product page: one unit to a region, or not delivered', async () => {
    const c = ctx();
    const get = (productId: number, q: string) => c.app.inject({ method: 'GET', url: `/api/products/${productId}/delivery?${q}` });
    const sh = await get(fridge.productId, `province=${encodeURIComponent('上海市')}&city=${encodeURIComponent('上海市')}`);
    expect(sh.statusCode, sh.body).toBe(200);
    expect(sh.json()).toEqual({ deliverable: true, fee: 13_500, free: false, deliveryDays: { minDays: 3, maxDays: 5 } });
    const tibet = await get(fridge.productId, `province=${encodeURIComponent(TIBET)}&city=${encodeURIComponent('拉萨市')}`);
    expect(tibet.json()).toMatchObject({ deliverable: false, regionName: TIBET, message: '抱歉，西藏自治区不在配送范围内' });
    expect((await get(figure.productId, `province=${encodeURIComponent('广东省')}&city=${encodeURIComponent('深圳市')}`)).json()).toMatchObject({ fee: 800, deliveryDays: { minDays: 1, maxDays: 3 } });
    expect((await get(fridge.productId, 'province=')).statusCode).toBe(400);
    expect((await get(987654, 'province=a&city=b')).statusCode).toBe(404);
    expect((await get(0, 'province=a&city=b')).statusCode).toBe(400);
  });

  it('keeps a presale order’s shipping in its balance, by the template', async () => {
    const c = ctx();
    const { campaign, sku, item } = await openDepositCampaign(c, owner.headers);
    const heavy = await createTemplate(c, owner.headers, { ...applianceTemplate('预售大家电'), excludedRegions: [] });
    await attach(c, owner.headers, heavy.id, [sku.productId]);
    const buyer = await newBuyer(c);
    const order = await depositOrder(c, buyer, campaign, sku.skuId, 1);
    // The SKU weighs nothing: the first kg, ¥15, in the balance (¥800 − ¥100 + ¥15).
    expect(order.shippingFee).toBe(1500);
    expect(order.presale.deposit.amount).toBe(item.deposit);
    expect(order.presale.balance.amount).toBe(item.presalePrice - item.deposit + 1500);
    expect(order.totalAmount).toBe(item.presalePrice + 1500);
  });
});
