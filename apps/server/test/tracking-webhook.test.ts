import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { describeEachDatabase } from './harness.ts';
import { eventTypes, getOrder, messageKinds, productWith, type Session, type Sku } from './orders-fixtures.ts';
import { DEV_SECRET, carrierNamed, parcelNo, push, pushEvent, shipmentRow, shipParcel, storedEvents, twoLineOrder } from './tracking-fixtures.ts';
import { DAY, HOUR, MINUTE } from '../src/platform/clock.ts';

describeEachDatabase('tracking: pushed events (webhook)', (ctx) => {
  let owner: Session;
  let warehouse: Session;
  let lamp: Sku;
  let mug: Sku;
  let sf: { code: string };

  beforeAll(async () => {
    owner = await ctx().staffSession('owner');
    warehouse = await ctx().staffSession('warehouse');
    lamp = await productWith(ctx(), owner.headers, 20_000, 100, { title: '台灯' });
    mug = await productWith(ctx(), owner.headers, 4_000, 100, { title: '马克杯' });
    sf = await carrierNamed(ctx(), owner, '顺丰速运');
  });

  async function shippedParcel() {
    const c = ctx();
    const order = await twoLineOrder(c, lamp, mug);
    const trackingNo = parcelNo();
    await shipParcel(c, warehouse, order.orderId, { carrierCode: sf.code, trackingNo });
    return { ...order, trackingNo };
  }

  it('applies a signed push; the same push replayed twice is applied once', async () => {
    const c = ctx();
    const { buyer, orderId, trackingNo } = await shippedParcel();
    const now = c.clock.now();
    const body = {
      carrierCode: sf.code,
      trackingNo,
      events: [pushEvent('p-1', 'collected', new Date(now.getTime() - 2 * HOUR)), pushEvent('p-2', 'in_transit', new Date(now.getTime() - HOUR))],
    };
    const first = await push(c, body);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ applied: 2, duplicates: 0, trackingStatus: 'in_transit' });
    for (let i = 0; i < 2; i++) {
      const replay = await push(c, body);
      expect(replay.statusCode).toBe(200);
      expect(replay.json()).toMatchObject({ applied: 0, duplicates: 2, trackingStatus: 'in_transit' });
    }
    const row = await shipmentRow(c, sf.code, trackingNo);
    expect(await storedEvents(c, row.id)).toHaveLength(2);
    expect((await storedEvents(c, row.id)).every((e) => e.source === 'webhook')).toBe(true);

    const delivered = { carrierCode: sf.code, trackingNo, events: [pushEvent('p-3', 'delivered', now, '已签收，签收人：本人')] };
    const [a, b] = await Promise.all([push(c, delivered), push(c, delivered)]);
    expect([a.json().applied, b.json().applied].sort()).toEqual([0, 1]);
    const detail = await getOrder(c, buyer, orderId);
    expect(detail.shipments[0]).toMatchObject({ trackingStatus: 'delivered', deliveredAt: now.toISOString() });
    expect(detail.shipments[0].events.map((e: { status: string }) => e.status)).toEqual(['delivered', 'in_transit', 'collected']);
    expect(new Date(detail.autoCompleteAt)).toEqual(new Date(now.getTime() + 7 * DAY));
    expect((await eventTypes(c, orderId)).filter((t) => t === 'order.delivered')).toHaveLength(1);
    expect((await messageKinds(c, buyer.id)).filter((k) => k === 'order.delivered')).toHaveLength(1);
    expect((await shipmentRow(c, sf.code, trackingNo)).nextPollAt).toBeNull();
  });

  it('refuses a bad or missing signature, a stale timestamp and another secret with 401, storing nothing', async () => {
    const c = ctx();
    const { trackingNo } = await shippedParcel();
    const body = { carrierCode: sf.code, trackingNo, events: [pushEvent('x-1', 'collected', c.clock.now())] };
    const tampered = await push(c, body, { signature: 'a'.repeat(64) });
    expect(tampered.statusCode).toBe(401);
    expect(tampered.json().code).toBe('TRACKING_SIGNATURE_INVALID');
    expect((await push(c, body, { signature: '' })).json().code).toBe('TRACKING_SIGNATURE_INVALID');
    expect((await push(c, body, { secret: 'another-secret-of-16-chars' })).statusCode).toBe(401);
    const stale = await push(c, body, { at: new Date(c.clock.now().getTime() - 10 * MINUTE) });
    expect(stale.statusCode).toBe(401);
    expect(stale.json().code).toBe('TRACKING_TIMESTAMP_STALE');
    expect((await push(c, body, { at: new Date(c.clock.now().getTime() + 10 * MINUTE) })).json().code).toBe('TRACKING_TIMESTAMP_STALE');
    // The body signed is the body checked: changing it after signing fails.
    const signedOther = await c.app.inject({
      method: 'POST',
      url: '/api/logistics/tracking/webhook',
      headers: { 'content-type': 'application/json', 'x-tracking-timestamp': String(Math.floor(c.clock.now().getTime() / 1000)), 'x-tracking-signature': 'b'.repeat(64) },
      payload: JSON.stringify(body),
    });
    expect(signedOther.statusCode).toBe(401);
    expect(await storedEvents(c, (await shipmentRow(c, sf.code, trackingNo)).id)).toEqual([]);
  });

  it('answers an unknown parcel with 404, a malformed or wrong-shaped body with 400, another content type with 415', async () => {
    const c = ctx();
    const { trackingNo } = await shippedParcel();
    const unknown = await push(c, { carrierCode: sf.code, trackingNo: 'NOSUCH123', events: [pushEvent('u-1', 'collected', c.clock.now())] });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'TRACKING_PARCEL_UNKNOWN' });
    expect(unknown.json().title).toContain('NOSUCH123');
    const otherCarrier = await push(c, { carrierCode: 'OTHER', trackingNo, events: [pushEvent('u-2', 'collected', c.clock.now())] });
    expect(otherCarrier.statusCode).toBe(404);

    const malformed = await push(c, null, { rawBody: '{"carrierCode": "SF", ' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('MALFORMED_BODY');
    const wrongShape = await push(c, { carrierCode: sf.code, trackingNo, events: [{ eventKey: 'w-1', status: 'teleported', description: 'x', occurredAt: 'yesterday' }] });
    expect(wrongShape.statusCode).toBe(400);
    expect(wrongShape.json().code).toBe('VALIDATION_FAILED');
    expect(wrongShape.json().errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['events.0.status', 'events.0.occurredAt']));
    const noEvents = await push(c, { carrierCode: sf.code, trackingNo, events: [] });
    expect(noEvents.statusCode).toBe(400);
    const text = await push(c, null, { rawBody: 'hello', contentType: 'text/plain' });
    expect(text.statusCode).toBe(415);
  });

  it('an exception shows until a later event, and a parcel delivered before the order is fully shipped counts at the last delivery', async () => {
    const c = ctx();
    const { buyer, orderId, lampLine } = await twoLineOrder(c, lamp, mug);
    const first = parcelNo();
    await shipParcel(c, warehouse, orderId, { carrierCode: sf.code, trackingNo: first, lines: [{ orderLineId: lampLine, quantity: 1 }] });
    const t0 = c.clock.now();
    const exception = await push(c, { carrierCode: sf.code, trackingNo: first, events: [pushEvent('e-1', 'in_transit', t0), pushEvent('e-2', 'exception', new Date(t0.getTime() + 1), '地址不详，联系收件人中')] });
    expect(exception.json().trackingStatus).toBe('exception');
    c.clock.advance(HOUR);
    const firstDelivered = await push(c, { carrierCode: sf.code, trackingNo: first, events: [pushEvent('e-3', 'delivered', c.clock.now())] });
    expect(firstDelivered.json().trackingStatus).toBe('delivered');
    expect((await getOrder(c, buyer, orderId)).status).toBe('awaiting_shipment');
    expect(await eventTypes(c, orderId)).not.toContain('order.delivered');

    c.clock.advance(DAY);
    const second = parcelNo();
    const shipped = await shipParcel(c, warehouse, orderId, { carrierCode: sf.code, trackingNo: second });
    expect(new Date(shipped.autoCompleteAt)).toEqual(new Date(c.clock.now().getTime() + 10 * DAY));
    c.clock.advance(DAY);
    const lastAt = c.clock.now();
    await push(c, { carrierCode: sf.code, trackingNo: second, events: [pushEvent('e-9', 'delivered', lastAt)] });
    const detail = await getOrder(c, buyer, orderId);
    expect(new Date(detail.autoCompleteAt)).toEqual(new Date(lastAt.getTime() + 7 * DAY));
    expect((await eventTypes(c, orderId)).filter((t) => t === 'order.delivered')).toHaveLength(1);
  });
});

describe('tracking configuration', () => {
  it('has a development push secret outside production only, and the sandbox in development unless asked', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).tracking).toEqual({ webhookSecret: DEV_SECRET, sandbox: true });
    expect(loadConfig({ NODE_ENV: 'test' }).tracking).toEqual({ webhookSecret: DEV_SECRET, sandbox: false });
    expect(loadConfig({ NODE_ENV: 'production' }).tracking).toEqual({ webhookSecret: null, sandbox: false });
    const secret = 'a-real-secret-of-enough-length';
    expect(loadConfig({ NODE_ENV: 'production', TRACKING_WEBHOOK_SECRET: secret, TRACKING_SANDBOX_ENABLED: 'true' }).tracking).toEqual({ webhookSecret: secret, sandbox: true });
    expect(() => loadConfig({ TRACKING_WEBHOOK_SECRET: 'short' })).toThrow(/TRACKING_WEBHOOK_SECRET/);
  });
});
