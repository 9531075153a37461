import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { auditRows } from './catalog-fixtures.ts';
import { call, productWith, type Session } from './orders-fixtures.ts';
import { applianceTemplate, attach, createTemplate, figureTemplate, flatTemplate, TIBET, XINJIANG } from './shipping-fixtures.ts';

describeEachDatabase('shipping: carriers and fee templates', (ctx) => {
  let owner: Session;
  beforeAll(async () => {
    owner = await ctx().staffSession('owner');
  });
  const templates = async () => (await call(ctx(), 'GET', '/api/admin/shipping/templates', owner.headers)).json().items as { id: number; name: string; isDefault: boolean; productCount: number }[];

  it('adds and changes carriers, refuses a taken code and a URL without {trackingNo}; the ship dialog lists active ones', async () => {
    const c = ctx();
    const sf = await call(c, 'POST', '/api/admin/shipping/carriers', owner.headers, { name: '顺丰速运', code: 'SF', trackingUrl: 'https://www.sf-express.com/chn/sc/waybill/waybill-detail/{trackingNo}' });
    expect(sf.statusCode, sf.body).toBe(201);
    expect(sf.json()).toMatchObject({ name: '顺丰速运', code: 'SF', active: true });
    expect(await auditRows(c, 'carrier.create', sf.json().id)).toHaveLength(1);
    const taken = await call(c, 'POST', '/api/admin/shipping/carriers', owner.headers, { name: '顺丰2', code: 'SF', trackingUrl: 'https://x.example/{trackingNo}' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('SHIPPING_CARRIER_CODE_TAKEN');
    const bad = await call(c, 'POST', '/api/admin/shipping/carriers', owner.headers, { name: '', code: 'sf x', trackingUrl: 'http://x.example/' });
    expect(bad.statusCode).toBe(400);
    expect([...new Set(bad.json().errors.map((e: { path: string }) => e.path))].sort()).toEqual(['body.code', 'body.name', 'body.trackingUrl']);
    const jd = await call(c, 'POST', '/api/admin/shipping/carriers', owner.headers, { name: '京东物流', code: 'JD', trackingUrl: 'https://www.jdl.com/orderSearch/?waybillCodes={trackingNo}' });
    const off = await call(c, 'PATCH', `/api/admin/shipping/carriers/${jd.json().id}`, owner.headers, { active: false });
    expect(off.json()).toMatchObject({ code: 'JD', active: false });
    const warehouse = await c.staffSession('warehouse');
    const active = await call(c, 'GET', '/api/admin/shipping/carriers?active=true', warehouse.headers);
    expect(active.json().items.map((x: { code: string }) => x.code)).toEqual(['SF']);
    const cs = await c.staffSession('customer_service');
    expect((await call(c, 'GET', '/api/admin/shipping/carriers', cs.headers)).statusCode).toBe(403);
    expect((await call(c, 'POST', '/api/admin/shipping/carriers', cs.headers, { name: '中通快递', code: 'ZTO', trackingUrl: 'https://www.zto.com/?num={trackingNo}' })).statusCode).toBe(403);
    expect((await c.app.inject({ method: 'GET', url: '/api/admin/shipping/carriers' })).statusCode).toBe(401);
  });

  it('creates templates (the first is the default), keeps exactly one default, replaces and deletes, with audit', async () => {
    const c = ctx();
    const flat = await createTemplate(c, owner.headers, flatTemplate());
    expect(flat.isDefault).toBe(true);
    const heavy = await createTemplate(c, owner.headers, applianceTemplate());
    expect(heavy).toMatchObject({ isDefault: false, chargeBy: 'weight', excludedRegions: [{ province: TIBET }] });
    const made = await call(c, 'POST', `/api/admin/shipping/templates/${heavy.id}/default`, owner.headers);
    expect(made.statusCode, made.body).toBe(200);
    expect((await templates()).filter((t) => t.isDefault).map((t) => t.id)).toEqual([heavy.id]);
    const refused = await call(c, 'DELETE', `/api/admin/shipping/templates/${heavy.id}`, owner.headers);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('SHIPPING_TEMPLATE_IS_DEFAULT');
    await call(c, 'POST', `/api/admin/shipping/templates/${flat.id}/default`, owner.headers);
    expect((await templates()).filter((t) => t.isDefault).map((t) => t.id)).toEqual([flat.id]);

    const replaced = await call(c, 'PUT', `/api/admin/shipping/templates/${heavy.id}`, owner.headers, { ...applianceTemplate('大家电（新）'), excludedRegions: [] });
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect(replaced.json()).toMatchObject({ name: '大家电（新）', excludedRegions: [], isDefault: false });
    expect(await auditRows(c, 'shipping_template.update', heavy.id)).toHaveLength(1);
    expect(await auditRows(c, 'shipping_template.default', heavy.id)).toHaveLength(1);

    const figures = await createTemplate(c, owner.headers, figureTemplate());
    const product = await productWith(c, owner.headers, 5000, 5);
    await attach(c, owner.headers, figures.id, [product.productId]);
    expect((await templates()).find((t) => t.id === figures.id)!.productCount).toBe(1);
    expect((await call(c, 'DELETE', `/api/admin/shipping/templates/${figures.id}`, owner.headers)).statusCode).toBe(200);
    expect((await templates()).map((t) => t.id)).not.toContain(figures.id);
    expect(await auditRows(c, 'shipping_template.delete', figures.id)).toHaveLength(1);
    expect((await call(c, 'GET', `/api/admin/shipping/templates/${figures.id}`, owner.headers)).statusCode).toBe(404);
  });

  it('refuses bad templates with the field path at fault', async () => {
    const c = ctx();
    const post = (body: unknown) => call(c, 'POST', '/api/admin/shipping/templates', owner.headers, body);
    const shape = await post({ ...flatTemplate(), chargeBy: 'volume', defaultRule: { firstUnits: 0, firstFee: -1, additionalUnits: 1, additionalFee: 1.5 } });
    expect(shape.statusCode).toBe(400);
    expect(shape.json().errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body.chargeBy',
      'body.defaultRule.additionalFee',
      'body.defaultRule.firstFee',
      'body.defaultRule.firstUnits',
    ]);
    const days = await post({ ...flatTemplate(), deliveryDays: { minDays: 5, maxDays: 2 } });
    expect(days.json().errors.map((e: { path: string }) => e.path)).toEqual(['body.deliveryDays.maxDays']);
    const excludedAndCharged = await post({ ...applianceTemplate(), regionRules: [{ regions: [{ province: TIBET }], firstUnits: 1, firstFee: 1, additionalUnits: 1, additionalFee: 1 }] });
    expect(excludedAndCharged.json().errors.map((e: { path: string }) => e.path)).toEqual(['body.regionRules.0.regions.0']);

    const unreal = await post({ ...applianceTemplate(), excludedRegions: [{ province: '火星省' }], regionRules: [{ regions: [{ province: XINJIANG, city: '深圳市' }], firstUnits: 1, firstFee: 1, additionalUnits: 1, additionalFee: 1 }] });
    expect(unreal.statusCode).toBe(422);
    expect(unreal.json()).toMatchObject({ code: 'SHIPPING_TEMPLATE_REGION_INVALID' });
    expect(unreal.json().errors.map((e: { path: string }) => e.path)).toEqual(['regionRules.0.regions.0.city', 'excludedRegions.0.province']);
    expect((await call(c, 'PUT', '/api/admin/shipping/templates/987654', owner.headers, flatTemplate())).statusCode).toBe(404);
    expect((await call(c, 'POST', '/api/admin/shipping/templates/987654/default', owner.headers)).statusCode).toBe(404);
  });

  it('points products at a template, refusing unknown products by index, and lets only logistics staff manage templates', async () => {
    const c = ctx();
    const heavy = await createTemplate(c, owner.headers, applianceTemplate('冰箱'));
    const fridge = await productWith(c, owner.headers, 300_000, 5);
    const res = await call(c, 'POST', `/api/admin/shipping/templates/${heavy.id}/products`, owner.headers, { productIds: [fridge.productId, 987654] });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'SHIPPING_PRODUCT_UNKNOWN', errors: [expect.objectContaining({ path: 'productIds.1' })] });
    await attach(c, owner.headers, heavy.id, [fridge.productId]);
    expect((await call(c, 'GET', `/api/admin/shipping/templates/${heavy.id}/products`, owner.headers)).json()).toEqual({ items: [{ productId: fridge.productId, title: '测试商品' }] });
    expect((await call(c, 'DELETE', `/api/admin/shipping/products/${fridge.productId}/template`, owner.headers)).statusCode).toBe(200);
    expect((await call(c, 'DELETE', `/api/admin/shipping/products/${fridge.productId}/template`, owner.headers)).statusCode).toBe(404);

    const warehouse = await c.staffSession('warehouse');
    expect((await call(c, 'GET', '/api/admin/shipping/templates', warehouse.headers)).statusCode).toBe(200);
    const cs = await c.staffSession('customer_service');
    expect((await call(c, 'GET', '/api/admin/shipping/templates', cs.headers)).statusCode).toBe(403);
    expect((await call(c, 'POST', '/api/admin/shipping/templates', cs.headers, flatTemplate())).statusCode).toBe(403);
    const shopper = await c.shopperSession();
    expect((await call(c, 'GET', '/api/admin/shipping/templates', shopper.headers)).statusCode).toBe(403);
  });
});
