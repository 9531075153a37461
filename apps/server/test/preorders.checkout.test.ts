// Spec §5: placing a pre-order — kind 'preorder', counted apart from stock against its cap (which
// holds under concurrency), no stock reserved, the shipping address's country judged, alone in
// its order, the deposit terms accepted.
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { call, checkoutCounts, heldFor, messageKinds, newKey, placeOrder, productWith } from './orders-fixtures.ts';
import { buyerIn, openUnits, placePreorder, placePreorderRes, preorderRow, preorderSku, preorderView, stockOf } from './preorders-fixtures.ts';

describeEachDatabase('pre-orders: placing', (ctx) => {
  describe('§5 a pre-order is counted apart from stock', () => {
    it('places a kind-preorder order for an out-of-stock SKU, reserving no stock, counting its units against the cap', async () => {
      const c = ctx();
      const owner = await c.staffSession('owner');
      const sku = await preorderSku(c, owner.headers, { cap: 5 });
      const buyer = await buyerIn(c);
      const order = await placePreorder(c, buyer, sku.skuId, 2);
      expect(order).toMatchObject({ kind: 'preorder', status: 'awaiting_payment', totalAmount: 200_000, actions: { canPay: true, payStage: 'full', canCancel: true } });
      expect(order.address.country).toBe('CN');
      expect(await heldFor(c, order.id)).toEqual([]);
      expect(await stockOf(c, sku.skuId)).toEqual({ onHand: 0, reserved: 0, sellable: 0 });
      expect(await openUnits(c, sku.skuId)).toBe(2);
      expect(await preorderRow(c, order.id)).toMatchObject({ skuId: sku.skuId, quantity: 2, strategy: 'upfront', country: 'CN', queuedAt: null, filledAt: null });
      expect(await messageKinds(c, buyer.id)).toContain('preorder.placed');
      expect(await preorderView(c, buyer, order.id)).toMatchObject({ strategy: 'upfront', quantity: 2, queuePosition: null });

      const over = await placePreorderRes(c, await buyerIn(c), sku.skuId, 4);
      expect(over.statusCode, over.body).toBe(409);
      expect(over.json()).toMatchObject({ code: 'PREORDER_CAP_REACHED' });
      expect(over.json().detail ?? over.json().title).toContain('3');
      expect(await openUnits(c, sku.skuId)).toBe(2);
      expect((await placePreorderRes(c, await buyerIn(c), sku.skuId, 3)).statusCode).toBe(201);
      const shop = (await call(c, 'GET', `/api/products/${sku.productId}/preorder`, {})).json();
      expect(shop.skus[0]).toMatchObject({ unitsLeft: 0, preorderable: false });
    });

    it('the cap holds when many buyers pre-order at once', async () => {
      const c = ctx();
      const owner = await c.staffSession('owner');
      const sku = await preorderSku(c, owner.headers, { cap: 5 });
      const buyers = await Promise.all(Array.from({ length: 12 }, () => buyerIn(c)));
      const results = await Promise.all(buyers.map((b) => placePreorderRes(c, b, sku.skuId, 1)));
      const codes = results.map((r) => r.statusCode);
      expect(codes.filter((s) => s === 201)).toHaveLength(5);
      expect(codes.filter((s) => s === 409)).toHaveLength(7);
      expect(results.filter((r) => r.statusCode === 409).every((r) => r.json().code === 'PREORDER_CAP_REACHED')).toBe(true);
      expect(await openUnits(c, sku.skuId)).toBe(5);
    });

    it('buys a SKU that has sellable stock as a normal order, not a pre-order', async () => {
      const c = ctx();
      const owner = await c.staffSession('owner');
      const sku = await preorderSku(c, owner.headers, {}, { stock: 3 });
      const buyer = await buyerIn(c);
      const order = await placePreorder(c, buyer, sku.skuId, 1);
      expect(order.kind).toBe('normal');
      // A normal order has no pre-order part; another's pre-order is not found either; bad ids are 400.
      expect((await call(c, 'GET', `/api/orders/${order.id}/preorder`, buyer.headers)).statusCode).toBe(404);
      expect((await call(c, 'GET', `/api/orders/${order.id}/preorder`, (await buyerIn(c)).headers)).statusCode).toBe(404);
      expect((await call(c, 'GET', '/api/orders/abc/preorder', buyer.headers)).json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      expect(await heldFor(c, order.id)).toEqual([{ skuId: sku.skuId, quantity: 1, status: 'held' }]);
      expect(await openUnits(c, sku.skuId)).toBe(0);
    });
  });

  describe('§5 countries, judged from the shipping address', () => {
    it('refuses a pre-order shipped to a country not allowed with a 4xx naming it, writing nothing; the preview says so too', async () => {
      const c = ctx();
      const owner = await c.staffSession('owner');
      const sku = await preorderSku(c, owner.headers, { countries: ['CN', 'HK'] });
      const abroad = await buyerIn(c, 'us');
      const before = await checkoutCounts(c);
      const refused = await placePreorderRes(c, abroad, sku.skuId, 1);
      expect(refused.statusCode, refused.body).toBe(422);
      expect(refused.json().code).toBe('PREORDER_COUNTRY_NOT_ALLOWED');
      expect(refused.json().title + (refused.json().detail ?? '')).toContain('US');
      expect(await checkoutCounts(c)).toEqual({ ...before, idempotency_keys: expect.any(Number) });
      expect(await openUnits(c, sku.skuId)).toBe(0);
      const preview = await call(c, 'POST', '/api/checkout/preview', abroad.headers, { items: [{ skuId: sku.skuId, quantity: 1 }], addressId: abroad.addressId });
      expect(preview.statusCode, preview.body).toBe(200);
      expect(preview.json()).toMatchObject({ canPlace: false, problems: [{ code: 'NOT_PURCHASABLE', message: expect.stringContaining('US') }] });
      const hk = await placePreorder(c, await buyerIn(c, 'HK'), sku.skuId, 1);
      expect(hk.address.country).toBe('HK');
      expect((await preorderRow(c, hk.id)).country).toBe('HK');
    });

    it('keeps an ISO country on addresses (CN unless given) and refuses a code that is not one', async () => {
      const c = ctx();
      const shopper = await c.shopperSession();
      const base = { receiver: '赵六', phone: '13912345678', province: '广东省', city: '广州市', district: '天河区', detail: '体育西路 2 号' };
      const plain = await call(c, 'POST', '/api/me/addresses', shopper.headers, base);
      expect(plain.json().country).toBe('CN');
      const bad = await call(c, 'POST', '/api/me/addresses', shopper.headers, { ...base, country: 'ZZ' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().code).toBe('VALIDATION_FAILED');
      const moved = await call(c, 'PATCH', `/api/me/addresses/${plain.json().id}`, shopper.headers, { country: 'fr' });
      expect(moved.statusCode, moved.body).toBe(200);
      expect(moved.json().country).toBe('FR');
    });
  });

  describe('§5 the pre-order checkout', () => {
    it('is placed alone, previews the units left under the cap, and needs the deposit terms accepted for a deposit pre-order', async () => {
      const c = ctx();
      const owner = await c.staffSession('owner');
      const sku = await preorderSku(c, owner.headers, { cap: 4, strategy: 'deposit', depositAmount: 15_000 });
      const other = await productWith(c, owner.headers, 5_000, 10);
      const buyer = await buyerIn(c);
      const mixed = await placeOrder(c, buyer, { items: [{ skuId: sku.skuId, quantity: 1 }, { skuId: other.skuId, quantity: 1 }] });
      expect(mixed.statusCode).toBe(422);
      expect(mixed.json().code).toBe('PREORDER_CHECKOUT_ALONE');
      const preview = await call(c, 'POST', '/api/checkout/preview', buyer.headers, { items: [{ skuId: sku.skuId, quantity: 2 }] });
      expect(preview.json()).toMatchObject({ canPlace: true, problems: [], lines: [{ skuId: sku.skuId, sellable: 4 }], breakdown: { totalAmount: 200_000 } });

      const noTerms = await placePreorderRes(c, buyer, sku.skuId, 1);
      expect(noTerms.statusCode).toBe(422);
      expect(noTerms.json().code).toBe('PREORDER_TERMS_REQUIRED');
      const outdated = await placePreorderRes(c, buyer, sku.skuId, 1, { depositTerms: { accepted: true, version: sku.setting.termsVersion + 1 } });
      expect(outdated.statusCode).toBe(409);
      expect(outdated.json().code).toBe('PREORDER_TERMS_OUTDATED');
      const order = await placePreorder(c, buyer, sku.skuId, 2, { depositTerms: { accepted: true, version: sku.setting.termsVersion } });
      expect(order).toMatchObject({ kind: 'preorder', status: 'awaiting_deposit', actions: { canPay: true, payStage: 'deposit' } });
      expect(await preorderRow(c, order.id)).toMatchObject({ depositAmount: 30_000, balanceAmount: 170_000, depositRefundable: false, termsVersion: sku.setting.termsVersion });
      // A retry with the same key gives the same order and counts nothing twice.
      const key = newKey();
      const first = await placeOrder(c, buyer, { items: [{ skuId: sku.skuId, quantity: 1 }], depositTerms: { accepted: true, version: 1 } }, key);
      const retry = await placeOrder(c, buyer, { items: [{ skuId: sku.skuId, quantity: 1 }], depositTerms: { accepted: true, version: 1 } }, key);
      expect(retry.json().id).toBe(first.json().id);
      expect(await openUnits(c, sku.skuId)).toBe(3);
    });

    it('an on_release pre-order asks nothing now and is in line for stock at once', async () => {
      const c = ctx();
      const owner = await c.staffSession('owner');
      const sku = await preorderSku(c, owner.headers, { strategy: 'on_release' });
      const buyer = await buyerIn(c);
      const order = await placePreorder(c, buyer, sku.skuId, 1);
      expect(order).toMatchObject({ status: 'awaiting_stock', paymentDueAt: null, actions: { canPay: false, canCancel: true, cancelRefunds: false } });
      expect(await preorderView(c, buyer, order.id)).toMatchObject({ queuePosition: 1, queuedAt: expect.any(String) });
      const pay = await call(c, 'POST', `/api/orders/${order.id}/payments`, buyer.headers, { provider: 'sandbox' });
      expect(pay.statusCode).toBe(409);
      expect(pay.json().code).toBe('ORDER_STATE_INVALID');
    });
  });
});
