import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { expectStockExplained, stockOf } from './inventory-fixtures.ts';
import {
  call,
  checkoutCounts,
  claimedCoupon,
  couponStatus,
  drain,
  getOrder,
  grantPoints,
  newBuyer,
  newKey,
  ordersOf,
  placeOrder,
  pointsBalance,
  productWith,
  unpaidOrder,
  type Session,
  type Sku,
} from './orders-fixtures.ts';

describeEachDatabase('checkout', (ctx) => {
  let owner: Session;
  let figure: Sku;
  let poster: Sku;
  let offShelf: Sku;
  let course: Sku;

  beforeAll(async () => {
    owner = await ctx().staffSession('owner');
    figure = await productWith(ctx(), owner.headers, 12_000, 50, { title: '手办' });
    poster = await productWith(ctx(), owner.headers, 3_000, 50, { title: '海报' });
    offShelf = await productWith(ctx(), owner.headers, 5_000, 5, { title: '下架商品', onShelf: false });
    course = await productWith(ctx(), owner.headers, 9_900, 5, { title: '课程', kind: 'course' });
  });

  it('previews the price and what cannot be bought, writing nothing', async () => {
    const c = ctx();
    const buyer = await newBuyer(c);
    const before = await checkoutCounts(c);
    const res = await call(c, 'POST', '/api/checkout/preview', buyer.headers, {
      items: [
        { skuId: poster.skuId, quantity: 2 },
        { skuId: figure.skuId, quantity: 60 },
        { skuId: offShelf.skuId, quantity: 1 },
        { skuId: course.skuId, quantity: 1 },
        { skuId: 999_999, quantity: 1 },
      ],
      addressId: buyer.addressId,
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.canPlace).toBe(false);
    expect(body.problems.map((p: { skuId: number; code: string }) => [p.skuId, p.code])).toEqual([
      [figure.skuId, 'INSUFFICIENT_STOCK'],
      [offShelf.skuId, 'OFF_SHELF'],
      [course.skuId, 'NOT_PURCHASABLE'],
      [999_999, 'SKU_NOT_FOUND'],
    ]);
    expect(body.problems[0]).toMatchObject({ sellable: 50, message: '「手办」库存不足：可售 50 件' });
    expect(body.lines.map((l: { skuId: number; quantity: number }) => [l.skuId, l.quantity])).toEqual([
      [poster.skuId, 2],
      [figure.skuId, 60],
    ]);
    expect(body.breakdown).toMatchObject({ goodsAmount: 6_000 + 720_000, totalAmount: 726_000 });
    expect(body.address).toMatchObject({ receiver: '李四' });
    expect(await checkoutCounts(c)).toEqual(before);

    const ok = await call(c, 'POST', '/api/checkout/preview', buyer.headers, { items: [{ skuId: poster.skuId, quantity: 1 }] });
    expect(ok.json()).toMatchObject({ canPlace: true, problems: [], address: null, breakdown: { goodsAmount: 3_000, shippingFee: 1_000, totalAmount: 4_000 } });
  });

  it('places an order from the cart, storing snapshots, and takes the bought lines out of the cart', async () => {
    const c = ctx();
    const buyer = await newBuyer(c);
    for (const skuId of [poster.skuId, figure.skuId]) {
      const added = await call(c, 'POST', '/api/cart/items', buyer.headers, { skuId, quantity: 2 });
      expect(added.statusCode, added.body).toBeLessThan(300);
    }
    const cart = await call(c, 'GET', '/api/cart', buyer.headers);
    const figureItem = cart.json().items.find((i: { skuId: number }) => i.skuId === figure.skuId);
    const unselect = await call(c, 'PATCH', `/api/cart/items/${figureItem.id}`, buyer.headers, { selected: false });
    expect(unselect.statusCode, unselect.body).toBe(200);

    const preview = await call(c, 'POST', '/api/checkout/preview', buyer.headers, { fromCart: true });
    expect(preview.json().lines.map((l: { skuId: number }) => l.skuId)).toEqual([poster.skuId]);
    const res = await placeOrder(c, buyer, { fromCart: true, note: '请尽快发货', expectedTotal: preview.json().breakdown.totalAmount });
    expect(res.statusCode, res.body).toBe(201);
    const order = res.json();
    expect(order).toMatchObject({ status: 'awaiting_payment', shopperNote: '请尽快发货', totalAmount: 6_000 + 1_000, shippingFee: 1_000 });
    expect(order.lines).toEqual([
      expect.objectContaining({ skuId: poster.skuId, productId: poster.productId, title: '海报', quantity: 2, unitPrice: 3_000, goodsAmount: 6_000, payAmount: 6_000, afterSalesAllowed: true }),
    ]);
    expect(order.orderNo).toMatch(/^\d{20}$/);
    const after = await call(c, 'GET', '/api/cart', buyer.headers);
    expect(after.json().items.map((i: { skuId: number }) => i.skuId)).toEqual([figure.skuId]);

    // The snapshot stays as it was when the product changes later.
    const rename = await call(c, 'PATCH', `/api/admin/products/${poster.productId}`, owner.headers, { title: '海报（新版）' });
    expect(rename.statusCode, rename.body).toBe(200);
    expect((await getOrder(c, buyer, order.id)).lines[0].title).toBe('海报');
    const back = await call(c, 'PATCH', `/api/admin/products/${poster.productId}`, owner.headers, { title: '海报' });
    expect(back.statusCode).toBe(200);

    const empty = await placeOrder(c, buyer, { fromCart: true });
    expect(empty.statusCode).toBe(422);
    expect(empty.json().code).toBe('CHECKOUT_EMPTY');
  });

  it('requires an Idempotency-Key, and a retry returns the same order without writing anything more', async () => {
    const c = ctx();
    const buyer = await newBuyer(c);
    const body = { items: [{ skuId: poster.skuId, quantity: 1 }] };
    const before = await checkoutCounts(c);
    const missing = await placeOrder(c, buyer, body, null);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    const bad = await placeOrder(c, buyer, body, 'short');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('IDEMPOTENCY_KEY_INVALID');
    expect(await checkoutCounts(c)).toEqual(before);

    const key = newKey();
    const first = await placeOrder(c, buyer, body, key);
    expect(first.statusCode, first.body).toBe(201);
    const afterFirst = await checkoutCounts(c);
    const retry = await placeOrder(c, buyer, body, key);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json().id).toBe(first.json().id);
    expect(await checkoutCounts(c)).toEqual(afterFirst);
    const reused = await placeOrder(c, buyer, { items: [{ skuId: poster.skuId, quantity: 2 }] }, key);
    expect(reused.statusCode).toBe(422);
    expect(reused.json().code).toBe('IDEMPOTENCY_KEY_REUSED');

    // A day later the stored answer is gone; the order's own checkout key still finds it.
    c.clock.advance(25 * 3_600_000);
    await drain(c);
    const later = await placeOrder(c, buyer, body, key);
    expect(later.statusCode, later.body).toBe(200);
    expect(later.json().id).toBe(first.json().id);
    expect(await ordersOf(c, buyer.id)).toHaveLength(1);
  });

  it('places one order for two identical requests sent at the same time', async () => {
    const c = ctx();
    const buyer = await newBuyer(c);
    const key = newKey();
    const body = { items: [{ skuId: poster.skuId, quantity: 1 }] };
    const before = await stockOf(c, poster.skuId);
    const [a, b] = await Promise.all([placeOrder(c, buyer, body, key), placeOrder(c, buyer, body, key)]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(a.json().id).toBe(b.json().id);
    expect(await ordersOf(c, buyer.id)).toHaveLength(1);
    expect((await stockOf(c, poster.skuId)).reserved).toBe(before.reserved + 1);
  });

  it('refuses with PRICE_CHANGED and the new breakdown when the total is not what the shopper saw', async () => {
    const c = ctx();
    const buyer = await newBuyer(c);
    const item = await productWith(c, owner.headers, 2_000, 10, { title: '调价商品' });
    const preview = await call(c, 'POST', '/api/checkout/preview', buyer.headers, { items: [{ skuId: item.skuId, quantity: 1 }] });
    const seen = preview.json().breakdown.totalAmount;
    const product = await call(c, 'GET', `/api/admin/products/${item.productId}`, owner.headers);
    const repriced = await call(c, 'PATCH', `/api/admin/products/${item.productId}`, owner.headers, { skus: [{ id: product.json().skus[0].id, price: 2_500 }] });
    expect(repriced.statusCode, repriced.body).toBe(200);
    const before = await checkoutCounts(c);
    const res = await placeOrder(c, buyer, { items: [{ skuId: item.skuId, quantity: 1 }], expectedTotal: seen });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'PRICE_CHANGED', totalAmount: seen + 500, breakdown: { goodsAmount: 2_500, totalAmount: seen + 500 } });
    expect(res.json().title).toContain(`${((seen + 500) / 100).toFixed(2)}`);
    expect(await checkoutCounts(c)).toEqual(before);
    const ok = await placeOrder(c, buyer, { items: [{ skuId: item.skuId, quantity: 1 }], expectedTotal: seen + 500 });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('never oversells a scarce SKU to many shoppers at once', async () => {
    const c = ctx();
    const scarce = await productWith(c, owner.headers, 1_000, 5, { title: '限量款' });
    const buyers = await Promise.all(Array.from({ length: 12 }, () => newBuyer(c)));
    const results = await Promise.all(buyers.map((b) => placeOrder(c, b, { items: [{ skuId: scarce.skuId, quantity: 1 }] })));
    const won = results.filter((r) => r.statusCode === 201);
    const lost = results.filter((r) => r.statusCode !== 201);
    expect(won).toHaveLength(5);
    for (const r of lost) {
      expect(r.statusCode).toBe(409);
      expect(r.json()).toMatchObject({ code: 'INSUFFICIENT_STOCK', skuId: scarce.skuId });
      expect(r.json().title).toContain('限量款');
    }
    const stock = await expectStockExplained(c, scarce.skuId);
    expect(stock.reserved).toBe(5);
    expect(stock.reserved).toBeLessThanOrEqual(stock.onHand);
    for (const b of buyers.filter((_, i) => results[i]!.statusCode !== 201)) expect(await ordersOf(c, b.id)).toHaveLength(0);
  });

  it('uses a coupon and points, and the payment timeout gives both back with the stock', async () => {
    const c = ctx();
    const buyer = await newBuyer(c);
    await grantPoints(c, owner.headers, buyer.id, 5_000);
    const couponId = await claimedCoupon(c, owner.headers, buyer, 1_000, 10_000);
    const before = await stockOf(c, figure.skuId);
    const order = await unpaidOrder(c, buyer, [{ skuId: figure.skuId, quantity: 1 }], { couponId, points: 2_000 });
    expect(order).toMatchObject({ couponId, couponDiscount: 1_000, pointsUsed: 2_000, pointsDiscount: 2_000, totalAmount: 12_000 - 1_000 - 2_000 });
    expect(order.breakdown.lines.map((l: { step: string }) => l.step)).toEqual(expect.arrayContaining(['goods', 'coupon', 'points']));
    expect(order.lines[0]).toMatchObject({ goodsAmount: 12_000, discountAmount: 3_000, payAmount: 9_000 });
    expect(await pointsBalance(c, buyer)).toBe(3_000);
    expect(await couponStatus(c, buyer, couponId)).toBe('used');

    c.clock.advance(31 * 60_000);
    await drain(c);
    expect((await getOrder(c, buyer, order.id)).status).toBe('cancelled');
    expect(await pointsBalance(c, buyer)).toBe(5_000);
    expect(await couponStatus(c, buyer, couponId)).toBe('unused');
    expect((await stockOf(c, figure.skuId)).reserved).toBe(before.reserved);
  });

  it('marks an order paid at once when points cover everything', async () => {
    const c = ctx();
    const buyer = await newBuyer(c);
    const changed = await call(c, 'PATCH', '/api/admin/settings', owner.headers, { points: { maxPercentOfOrder: 100 } });
    expect(changed.statusCode, changed.body).toBe(200);
    try {
      await grantPoints(c, owner.headers, buyer.id, 12_000);
      const order = await unpaidOrder(c, buyer, [{ skuId: figure.skuId, quantity: 1 }], { points: 12_000 });
      expect(order).toMatchObject({ status: 'awaiting_shipment', totalAmount: 0, paidAmount: 0, pointsUsed: 12_000 });
      expect(order.timeline.map((e: { type: string }) => e.type)).toEqual(['order.placed', 'order.paid']);
      expect(order.payments).toEqual([]);
    } finally {
      await call(c, 'PATCH', '/api/admin/settings', owner.headers, { points: { maxPercentOfOrder: 50 } });
    }
  });

  it('refuses bad input with a clear 4xx and changes nothing', async () => {
    const c = ctx();
    const buyer = await newBuyer(c);
    const other = await newBuyer(c);
    const before = await checkoutCounts(c);
    const item = { skuId: poster.skuId, quantity: 1 };
    const cases: [Record<string, unknown>, number, string][] = [
      [{ items: [item], addressId: undefined }, 400, 'VALIDATION_FAILED'],
      [{ items: [item], fromCart: true }, 400, 'VALIDATION_FAILED'],
      [{ items: [] }, 400, 'VALIDATION_FAILED'],
      [{}, 400, 'VALIDATION_FAILED'],
      [{ items: [{ skuId: poster.skuId, quantity: 0 }] }, 400, 'VALIDATION_FAILED'],
      [{ items: [{ skuId: poster.skuId, quantity: 1e9 }] }, 400, 'VALIDATION_FAILED'],
      [{ items: [{ skuId: '1', quantity: 1 }] }, 400, 'VALIDATION_FAILED'],
      [{ items: [{ skuId: 1.5, quantity: 1 }] }, 400, 'VALIDATION_FAILED'],
      [{ items: [item], points: -1 }, 400, 'VALIDATION_FAILED'],
      [{ items: [item], expectedTotal: 1.5 }, 400, 'VALIDATION_FAILED'],
      [{ items: [item], note: 'x'.repeat(201) }, 400, 'VALIDATION_FAILED'],
      [{ items: [item], surprise: true }, 400, 'VALIDATION_FAILED'],
      [{ items: [{ skuId: poster.skuId, quantity: 9_999 }, { skuId: poster.skuId, quantity: 1 }] }, 400, 'VALIDATION_FAILED'],
      [{ items: [{ skuId: 2_000_000_000, quantity: 1 }] }, 409, 'CHECKOUT_ITEM_UNAVAILABLE'],
      [{ items: [{ skuId: offShelf.skuId, quantity: 1 }] }, 409, 'CHECKOUT_ITEM_UNAVAILABLE'],
      [{ items: [{ skuId: course.skuId, quantity: 1 }] }, 409, 'CHECKOUT_ITEM_UNAVAILABLE'],
      [{ items: [{ skuId: poster.skuId, quantity: 1_000 }] }, 409, 'INSUFFICIENT_STOCK'],
      [{ items: [item], addressId: other.addressId }, 404, 'NOT_FOUND'],
      [{ items: [item], addressId: 2_000_000_000 }, 404, 'NOT_FOUND'],
      [{ fromCart: true }, 422, 'CHECKOUT_EMPTY'],
    ];
    for (const [body, status, code] of cases) {
      const res = await placeOrder(c, buyer, body);
      expect(res.statusCode, `${JSON.stringify(body).slice(0, 80)} → ${res.body}`).toBe(status);
      expect(res.json().code).toBe(code);
    }
    const malformed = await c.app.inject({ method: 'POST', url: '/api/orders', headers: { ...buyer.headers, 'idempotency-key': newKey(), 'content-type': 'application/json' }, payload: '{"items":' });
    expect(malformed.statusCode).toBe(400);
    const anonymous = await c.app.inject({ method: 'POST', url: '/api/orders', headers: { 'idempotency-key': newKey() }, payload: { items: [item], addressId: buyer.addressId } });
    expect(anonymous.statusCode).toBe(401);
    const staff = await c.app.inject({ method: 'POST', url: '/api/checkout/preview', headers: owner.headers, payload: { items: [item] } });
    expect(staff.statusCode).toBe(401);
    expect(await checkoutCounts(c)).toEqual(before);
  });
});
