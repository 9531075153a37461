// Spec §5: staff set pre-orders per product or SKU (date, terms, cap, countries, payment strategy),
// audited and validated; the storefront shows "Pre-order / 预订" only while sellable stock is 0,
// judging the visitor's country from the IP before an address is known.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { call, productWith } from './orders-fixtures.ts';
import { createProduct } from './catalog-fixtures.ts';
import { DAY, iso, preorderBody, preorderSku, restock, setProductPreorder, setSkuPreorder } from './preorders-fixtures.ts';
import { auditLog } from '../src/platform/platform.tables.ts';

describeEachDatabase('pre-orders: settings and storefront', (ctx) => {
  describe('§5 settings per product or SKU', () => {
    it('lets catalog or marketing staff set terms per product and override them per SKU, each change audited', async () => {
      const c = ctx();
      const owner = await c.staffSession('owner');
      const operator = await c.staffSession('operator');
      const product = await createProduct(c, owner.headers, {
        specs: [{ name: '颜色', values: ['白', '黑'] }],
        skus: [
          { specValues: { 颜色: '白' }, price: 300_000, initialStock: 0 },
          { specValues: { 颜色: '黑' }, price: 320_000, initialStock: 4 },
        ],
      });
      const [white, black] = product.skus as { id: number }[];
      const set = await setProductPreorder(c, operator.headers, product.id, preorderBody(c, { cap: 10, countries: ['cn', 'HK'], strategy: 'deposit', depositAmount: 20_000 }));
      expect(set.statusCode, set.body).toBe(200);
      expect(set.json()).toMatchObject({ scope: 'product', skuId: null, cap: 10, countries: ['CN', 'HK'], strategy: 'deposit', depositAmount: 20_000, depositRefundable: false, payDays: 7, termsVersion: 1 });
      const own = await setSkuPreorder(c, owner.headers, black!.id, preorderBody(c, { strategy: 'on_release', payDays: 3 }));
      expect(own.statusCode, own.body).toBe(200);
      expect(own.json()).toMatchObject({ scope: 'sku', skuId: black!.id, strategy: 'on_release', cap: null, countries: [] });

      const admin = await call(c, 'GET', `/api/admin/preorders/products/${product.id}`, owner.headers);
      expect(admin.statusCode, admin.body).toBe(200);
      const bySku = new Map(admin.json().skus.map((s: { skuId: number }) => [s.skuId, s]));
      expect(bySku.get(white!.id)).toMatchObject({ applies: 'product', setting: null, sellable: 0, openUnits: 0, unitsLeft: 10 });
      expect(bySku.get(black!.id)).toMatchObject({ applies: 'sku', sellable: 4, unitsLeft: null });

      const again = await setProductPreorder(c, owner.headers, product.id, preorderBody(c, { cap: 10, countries: ['CN', 'HK'], strategy: 'deposit', depositAmount: 20_000, termsText: '定金不退' }));
      expect(again.json().termsVersion).toBe(2);
      const audits = await c.db.select().from(auditLog).where(and(eq(auditLog.entityType, 'product'), eq(auditLog.entityId, String(product.id))));
      expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['preorder.settings.create', 'preorder.settings.update']));
      expect(audits.find((a) => a.action === 'preorder.settings.update')!.changes).toMatchObject({ termsText: expect.any(Array), termsVersion: [1, 2] });
      const removed = await call(c, 'DELETE', `/api/admin/preorders/skus/${black!.id}`, owner.headers);
      expect(removed.statusCode, removed.body).toBe(200);
      expect((await c.db.select().from(auditLog).where(eq(auditLog.action, 'preorder.settings.delete'))).length).toBeGreaterThanOrEqual(1);
    });

    it('refuses staff without catalog or marketing rights', async () => {
      const c = ctx();
      const owner = await c.staffSession('owner');
      const sku = await productWith(c, owner.headers, 50_000, 0);
      for (const role of ['warehouse', 'customer_service'] as const) {
        const res = await setProductPreorder(c, (await c.staffSession(role)).headers, sku.productId, preorderBody(c));
        expect(res.statusCode).toBe(403);
      }
      const shopper = await c.shopperSession();
      expect((await setProductPreorder(c, shopper.headers, sku.productId, preorderBody(c))).statusCode).toBe(403);
      expect((await call(c, 'PUT', `/api/admin/preorders/products/${sku.productId}`, {}, preorderBody(c))).statusCode).toBe(401);
    });

    it('refuses a setting that cannot work with a clear code, never a 500', async () => {
      const c = ctx();
      const owner = await c.staffSession('owner');
      const sku = await productWith(c, owner.headers, 100_000, 0);
      const put = (body: Record<string, unknown>) => setProductPreorder(c, owner.headers, sku.productId, preorderBody(c, body));
      const cases: [Record<string, unknown>, number, string][] = [
        [{ strategy: 'deposit' }, 422, 'PREORDER_DEPOSIT_REQUIRED'],
        [{ strategy: 'upfront', depositAmount: 1_000 }, 422, 'PREORDER_DEPOSIT_NOT_ALLOWED'],
        [{ strategy: 'deposit', depositAmount: 100_000, depositRefundable: true }, 422, 'PREORDER_DEPOSIT_INVALID'],
        // Earnest money (not refundable) is capped at the shop's 20% of the price.
        [{ strategy: 'deposit', depositAmount: 20_001 }, 422, 'PREORDER_DEPOSIT_OVER_CAP'],
        [{ availableAt: iso(c, -DAY) }, 422, 'PREORDER_AVAILABLE_AT_PAST'],
        [{ countries: ['XX'] }, 400, 'VALIDATION_FAILED'],
        [{ countries: ['CHN'] }, 400, 'VALIDATION_FAILED'],
        [{ cap: 0 }, 400, 'VALIDATION_FAILED'],
        [{ payDays: 0 }, 400, 'VALIDATION_FAILED'],
        [{ strategy: 'later' }, 400, 'VALIDATION_FAILED'],
        [{ availableAt: 'soon' }, 400, 'VALIDATION_FAILED'],
      ];
      for (const [body, status, code] of cases) {
        const res = await put(body);
        expect(res.statusCode, JSON.stringify(body) + res.body).toBe(status);
        expect(res.json().code).toBe(code);
      }
      expect((await put({ strategy: 'deposit', depositAmount: 50_000, depositRefundable: true })).statusCode).toBe(200);
      expect((await setProductPreorder(c, owner.headers, 2_000_000_000, preorderBody(c))).statusCode).toBe(404);
      expect((await setSkuPreorder(c, owner.headers, 2_000_000_000, preorderBody(c))).statusCode).toBe(404);
      expect((await call(c, 'DELETE', `/api/admin/preorders/skus/${sku.skuId}`, owner.headers)).statusCode).toBe(404);
    });
  });

  describe('§5 storefront: "Pre-order / 预订" only while sellable stock is 0', () => {
    it('shows the date, terms and units left under the cap, and stops at the cap or when stock is back', async () => {
      const c = ctx();
      const owner = await c.staffSession('owner');
      const sku = await preorderSku(c, owner.headers, { cap: 3 });
      const view = async () => {
        const res = await call(c, 'GET', `/api/products/${sku.productId}/preorder`, {});
        expect(res.statusCode, res.body).toBe(200);
        return res.json().skus[0];
      };
      expect(await view()).toMatchObject({ skuId: sku.skuId, preorderable: true, label: { zh: '预订', en: 'Pre-order' }, unitsLeft: 3, strategy: 'upfront', termsText: expect.stringContaining('两周') });
      expect(new Date((await view()).availableAt).getTime()).toBe(c.clock.now().getTime() + 14 * DAY);
      await restock(c, owner.headers, sku.skuId, 2);
      expect(await view()).toMatchObject({ preorderable: false, label: null });
      const none = await productWith(c, owner.headers, 10_000, 0);
      expect((await call(c, 'GET', `/api/products/${none.productId}/preorder`, {})).statusCode).toBe(404);
    });

    it('judges the visitor’s country from the IP (offline lookup) before an address is known', async () => {
      const c = ctx();
      const owner = await c.staffSession('owner');
      const sku = await preorderSku(c, owner.headers, { countries: ['CN'] });
      const from = async (remoteAddress: string) => (await c.app.inject({ method: 'GET', url: `/api/products/${sku.productId}/preorder`, remoteAddress })).json();
      expect(await from('1.2.4.8')).toMatchObject({ visitorCountry: 'CN', skus: [{ countryAllowed: true, countries: ['CN'] }] });
      expect(await from('8.8.8.8')).toMatchObject({ visitorCountry: 'US', skus: [{ countryAllowed: false }] });
      expect(await from('127.0.0.1')).toMatchObject({ visitorCountry: null, skus: [{ countryAllowed: null }] });
    });
  });
});
