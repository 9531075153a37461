// Shared steps of the tracking tests: carriers, a paid two-line order, shipping a parcel, signed pushes.
import crypto from 'node:crypto';
import { expect } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { TestContext } from './harness.ts';
import { call, newBuyer, paidOrder, type Buyer, type Session, type Sku } from './orders-fixtures.ts';
import { signTrackingPush, trackingEvents } from '../src/modules/tracking/index.ts';
import { shipments } from '../src/modules/orders/index.ts';

export const WEBHOOK = '/api/logistics/tracking/webhook';
export const DEV_SECRET = 'tracking-dev-secret-not-for-production';

/** A carrier with a fresh code (codes are unique per database). */
export async function carrierNamed(ctx: TestContext, owner: Session, name: string, active = true) {
  const code = `C${crypto.randomBytes(4).toString('hex').toUpperCase()}`;
  const res = await call(ctx, 'POST', '/api/admin/shipping/carriers', owner.headers, { name, code, trackingUrl: `https://track.example/${code}?no={trackingNo}`, active });
  expect(res.statusCode, res.body).toBe(201);
  return { code, name, trackingUrl: `https://track.example/${code}?no={trackingNo}` };
}

export async function twoLineOrder(ctx: TestContext, lamp: Sku, mug: Sku, buyer?: Buyer) {
  const who = buyer ?? (await newBuyer(ctx));
  const order = await paidOrder(ctx, who, [
    { skuId: lamp.skuId, quantity: 1 },
    { skuId: mug.skuId, quantity: 2 },
  ]);
  const lines = order.lines as { id: number; skuId: number }[];
  return { buyer: who, orderId: order.id as number, lampLine: lines.find((l) => l.skuId === lamp.skuId)!.id, mugLine: lines.find((l) => l.skuId === mug.skuId)!.id };
}

export const parcelNo = () => `T${crypto.randomInt(1e9, 1e10)}`;

export async function shipParcel(ctx: TestContext, staff: Session, orderId: number, body: Record<string, unknown>) {
  const res = await call(ctx, 'POST', `/api/admin/orders/${orderId}/ship`, staff.headers, body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

export async function shipmentRow(ctx: TestContext, carrierCode: string, trackingNo: string) {
  const [row] = await ctx.db
    .select()
    .from(shipments)
    .where(and(eq(shipments.carrierCode, carrierCode), eq(shipments.trackingNo, trackingNo)));
  return row!;
}

export async function storedEvents(ctx: TestContext, shipmentId: number) {
  return ctx.db.select().from(trackingEvents).where(eq(trackingEvents.shipmentId, shipmentId));
}

/** A push signed with the secret at the given time (default: the server's now). */
export function push(ctx: TestContext, body: unknown, options: { secret?: string; at?: Date; rawBody?: string; signature?: string; contentType?: string } = {}) {
  const rawBody = options.rawBody ?? JSON.stringify(body);
  const timestamp = String(Math.floor((options.at ?? ctx.clock.now()).getTime() / 1000));
  const signature = options.signature ?? signTrackingPush(options.secret ?? DEV_SECRET, timestamp, rawBody);
  return ctx.app.inject({
    method: 'POST',
    url: WEBHOOK,
    headers: { 'content-type': options.contentType ?? 'application/json', 'x-tracking-timestamp': timestamp, 'x-tracking-signature': signature },
    payload: rawBody,
  });
}

export const pushEvent = (eventKey: string, status: string, occurredAt: Date, description = `事件 ${eventKey}`) => ({
  eventKey,
  status,
  description,
  location: '上海市',
  occurredAt: occurredAt.toISOString(),
});
