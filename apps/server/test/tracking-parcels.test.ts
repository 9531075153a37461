import { beforeAll, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { describeEachDatabase } from './harness.ts';
import { call, eventTypes, getOrder, messageKinds, newBuyer, productWith, staffOrder, type Session, type Sku } from './orders-fixtures.ts';
import { carrierNamed, parcelNo, shipmentRow, shipParcel, storedEvents, twoLineOrder } from './tracking-fixtures.ts';
import { createSandboxTrackingProvider, createTrackingService, type TrackingService } from '../src/modules/tracking/index.ts';
import { claimForPoll } from '../src/modules/tracking/tracking.repo.ts';
import { shipments } from '../src/modules/orders/index.ts';
import { DAY, HOUR } from '../src/platform/clock.ts';

describeEachDatabase('tracking: parcels, sandbox polling, delivery', (ctx) => {
  let owner: Session;
  let warehouse: Session;
  let lamp: Sku;
  let mug: Sku;
  let sf: { code: string; name: string; trackingUrl: string };
  let yto: { code: string; name: string; trackingUrl: string };
  let sandboxPolling: TrackingService;

  beforeAll(async () => {
    owner = await ctx().staffSession('owner');
    warehouse = await ctx().staffSession('warehouse');
    // Test servers poll no provider; the sandbox is asked for here, as the demo shop would.
    sandboxPolling = createTrackingService({ db: ctx().db, clock: ctx().clock, provider: createSandboxTrackingProvider(ctx().clock), deliveries: ctx().services.orders });
    lamp = await productWith(ctx(), owner.headers, 20_000, 100, { title: '台灯' });
    mug = await productWith(ctx(), owner.headers, 4_000, 100, { title: '马克杯' });
    sf = await carrierNamed(ctx(), owner, '顺丰速运');
    yto = await carrierNamed(ctx(), owner, '圆通速递');
  });

  it('ships an order in two parcels with listed carriers; the shopper sees both, others get 404', async () => {
    const c = ctx();
    const { buyer, orderId, lampLine, mugLine } = await twoLineOrder(c, lamp, mug);
    const first = parcelNo();
    const second = parcelNo();
    const partly = await shipParcel(c, warehouse, orderId, { carrierCode: sf.code, trackingNo: first, lines: [{ orderLineId: lampLine, quantity: 1 }] });
    expect(partly.status).toBe('awaiting_shipment');
    const done = await shipParcel(c, warehouse, orderId, { carrierCode: yto.code, carrier: '随便写的', trackingNo: second });
    expect(done.status).toBe('shipped');

    const detail = await getOrder(c, buyer, orderId);
    expect(detail.shipments).toHaveLength(2);
    expect(detail.shipments[0]).toMatchObject({
      carrier: '顺丰速运',
      carrierCode: sf.code,
      trackingNo: first,
      trackingUrl: sf.trackingUrl.replace('{trackingNo}', first),
      trackingStatus: 'shipped',
      deliveredAt: null,
      events: [],
      lines: [{ orderLineId: lampLine, quantity: 1 }],
      items: [{ orderLineId: lampLine, quantity: 1, title: '台灯' }],
    });
    expect(detail.shipments[1]).toMatchObject({ carrier: '圆通速递', carrierCode: yto.code, items: [{ orderLineId: mugLine, quantity: 2, title: '马克杯' }] });
    expect((await staffOrder(c, warehouse, orderId)).shipments).toEqual(detail.shipments);

    const stranger = await newBuyer(c);
    expect((await call(c, 'GET', `/api/orders/${orderId}`, stranger.headers)).statusCode).toBe(404);
    // The parcel is polled an hour after shipping.
    expect((await shipmentRow(c, sf.code, first)).nextPollAt).toEqual(new Date(c.clock.now().getTime() + HOUR));
  });

  it('refuses an unknown or inactive carrier code naming it, and still takes a free-text carrier', async () => {
    const c = ctx();
    const { orderId, lampLine } = await twoLineOrder(c, lamp, mug);
    const unknown = await call(c, 'POST', `/api/admin/orders/${orderId}/ship`, warehouse.headers, { carrierCode: 'NOPE', trackingNo: parcelNo() });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ code: 'TRACKING_CARRIER_UNKNOWN', errors: [{ path: 'carrierCode' }] });
    expect(unknown.json().title).toContain('NOPE');
    const retired = await carrierNamed(c, owner, '停用快递', false);
    const inactive = await call(c, 'POST', `/api/admin/orders/${orderId}/ship`, warehouse.headers, { carrierCode: retired.code, trackingNo: parcelNo() });
    expect(inactive.json().code).toBe('TRACKING_CARRIER_UNKNOWN');
    const neither = await call(c, 'POST', `/api/admin/orders/${orderId}/ship`, warehouse.headers, { trackingNo: parcelNo() });
    expect(neither.statusCode).toBe(400);
    expect((await staffOrder(c, warehouse, orderId)).shipments).toEqual([]);

    const free = await shipParcel(c, warehouse, orderId, { carrier: '本地同城配送', trackingNo: parcelNo(), lines: [{ orderLineId: lampLine, quantity: 1 }] });
    expect(free.shipments[0]).toMatchObject({ carrier: '本地同城配送', carrierCode: null, trackingUrl: null });
  });

  it('stores sandbox events as the clock moves; all delivered moves the auto-complete, which then completes the order', async () => {
    const c = ctx();
    const { buyer, orderId, lampLine } = await twoLineOrder(c, lamp, mug);
    const [first, second] = [parcelNo(), parcelNo()];
    await shipParcel(c, warehouse, orderId, { carrierCode: sf.code, trackingNo: first, lines: [{ orderLineId: lampLine, quantity: 1 }] });
    const shipped = await shipParcel(c, warehouse, orderId, { carrierCode: yto.code, trackingNo: second });
    const fallback = new Date(shipped.autoCompleteAt);
    expect(fallback).toEqual(new Date(c.clock.now().getTime() + 10 * DAY));
    const tracking = sandboxPolling;

    c.clock.advance(30 * 60_000);
    await tracking.pollDue();
    expect(await storedEvents(c, (await shipmentRow(c, sf.code, first)).id)).toEqual([]);

    c.clock.advance(8 * HOUR);
    await tracking.pollDue();
    let detail = await getOrder(c, buyer, orderId);
    for (const parcel of detail.shipments) {
      expect(parcel.events.length).toBeGreaterThan(0);
      expect(parcel.events.at(-1).description).toContain('揽收');
      expect(['shipped', 'in_transit']).toContain(parcel.trackingStatus);
    }
    expect(await eventTypes(c, orderId)).not.toContain('order.delivered');

    c.clock.advance(3 * DAY);
    await tracking.pollDue();
    detail = await getOrder(c, buyer, orderId);
    for (const parcel of detail.shipments) {
      expect(parcel.trackingStatus).toBe('delivered');
      expect(parcel.events).toHaveLength(6);
      expect(parcel.events[0]).toMatchObject({ status: 'delivered' });
      expect(parcel.events[0].description).toContain('已签收');
      expect(new Date(parcel.events[0].occurredAt).getTime()).toBeGreaterThanOrEqual(new Date(parcel.events[5].occurredAt).getTime());
    }
    const lastDelivery = Math.max(...detail.shipments.map((p: { deliveredAt: string }) => new Date(p.deliveredAt).getTime()));
    expect(new Date(detail.autoCompleteAt)).toEqual(new Date(lastDelivery + 7 * DAY));
    expect((await eventTypes(c, orderId)).filter((t) => t === 'order.delivered')).toHaveLength(1);
    expect((await messageKinds(c, buyer.id)).filter((k) => k === 'order.delivered')).toHaveLength(1);
    expect((await shipmentRow(c, sf.code, first)).nextPollAt).toBeNull();

    // Polling again changes nothing.
    c.clock.advance(DAY);
    await tracking.pollDue();
    expect(await storedEvents(c, (await shipmentRow(c, sf.code, first)).id)).toHaveLength(6);

    c.clock.set(new Date(lastDelivery + 7 * DAY + 60_000));
    await c.services.orders.autoComplete();
    expect((await getOrder(c, buyer, orderId)).status).toBe('completed');
  });

  it('two sweepers at once claim each parcel once and store each event once', async () => {
    const c = ctx();
    const { buyer, orderId, lampLine } = await twoLineOrder(c, lamp, mug);
    const [first, second] = [parcelNo(), parcelNo()];
    await shipParcel(c, warehouse, orderId, { carrierCode: sf.code, trackingNo: first, lines: [{ orderLineId: lampLine, quantity: 1 }] });
    await shipParcel(c, warehouse, orderId, { carrierCode: yto.code, trackingNo: second });
    c.clock.advance(4 * DAY);
    const other = createTrackingService({ db: c.db, clock: c.clock, provider: createSandboxTrackingProvider(c.clock), deliveries: c.services.orders });
    await Promise.all([sandboxPolling.pollDue(), other.pollDue(), other.pollDue()]);
    for (const no of [first, second]) {
      const row = await shipmentRow(c, no === first ? sf.code : yto.code, no);
      const events = await storedEvents(c, row.id);
      expect(events).toHaveLength(6);
      expect(new Set(events.map((e) => e.eventKey)).size).toBe(6);
      expect(row.trackingStatus).toBe('delivered');
    }
    expect((await eventTypes(c, orderId)).filter((t) => t === 'order.delivered')).toHaveLength(1);
    expect((await messageKinds(c, buyer.id)).filter((k) => k === 'order.delivered')).toHaveLength(1);
  });

  it('a due parcel is claimed by exactly one of two concurrent claims', async () => {
    const c = ctx();
    const { orderId } = await twoLineOrder(c, lamp, mug);
    const no = parcelNo();
    await shipParcel(c, warehouse, orderId, { carrierCode: sf.code, trackingNo: no });
    const row = await shipmentRow(c, sf.code, no);
    c.clock.advance(2 * HOUR);
    const now = c.clock.now();
    const lease = new Date(now.getTime() + 10 * 60_000);
    const claims = await Promise.all([claimForPoll(c.db, row.id, now, lease), claimForPoll(c.db, row.id, now, lease)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    const [after] = await c.db.select().from(shipments).where(eq(shipments.id, row.id));
    expect(after!.nextPollAt).toEqual(lease);
  });
});
