// Queries of parcel tracking: shipments due for a poll and their claim, events stored once, the
// parcels of an order with their items and events, and the carrier list.
import { and, asc, desc, eq, inArray, isNull, lte } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.ts';
import { orderLines, orders, shipmentLines, shipments } from '../orders/orders.tables.ts';
import { carriers } from '../shipping/shipping.tables.ts';
import { trackingEvents } from './tracking.tables.ts';

export type ShipmentRow = typeof shipments.$inferSelect;
export type TrackingEventRow = typeof trackingEvents.$inferSelect;
export type NewTrackingEvent = typeof trackingEvents.$inferInsert;

/** Parcels due for a poll (ids only: each is claimed on its own). */
export async function dueShipmentIds(db: DbOrTx, now: Date, limit: number): Promise<number[]> {
  const rows = await db
    .select({ id: shipments.id })
    .from(shipments)
    .where(and(isNull(shipments.deliveredAt), lte(shipments.nextPollAt, now)))
    .orderBy(asc(shipments.nextPollAt), asc(shipments.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

/**
 * Claims a due parcel for one poll by moving its next poll to `leaseUntil`, only if it is still
 * due: of several instances exactly one gets it. Undefined when another has it or it is delivered.
 */
export async function claimForPoll(db: DbOrTx, id: number, now: Date, leaseUntil: Date) {
  const [row] = await db
    .update(shipments)
    .set({ nextPollAt: leaseUntil })
    .where(and(eq(shipments.id, id), isNull(shipments.deliveredAt), lte(shipments.nextPollAt, now)))
    .returning();
  return row;
}

export async function lockShipment(tx: DbOrTx, id: number): Promise<ShipmentRow | undefined> {
  const [row] = await tx.select().from(shipments).where(eq(shipments.id, id)).for('update');
  return row;
}

export async function updateShipment(tx: DbOrTx, id: number, set: Partial<typeof shipments.$inferInsert>) {
  await tx.update(shipments).set(set).where(eq(shipments.id, id));
}

export async function findShipmentByCode(db: DbOrTx, carrierCode: string, trackingNo: string): Promise<ShipmentRow | undefined> {
  const [row] = await db
    .select()
    .from(shipments)
    .where(and(eq(shipments.carrierCode, carrierCode), eq(shipments.trackingNo, trackingNo)))
    .orderBy(asc(shipments.id))
    .limit(1);
  return row;
}

export async function destinationOf(db: DbOrTx, orderId: number) {
  const [row] = await db.select({ address: orders.address }).from(orders).where(eq(orders.id, orderId));
  return row?.address;
}

/** Stores the events not stored yet (by the parcel's event key); returns the ones this call stored. */
export async function insertEvents(tx: DbOrTx, rows: NewTrackingEvent[]): Promise<TrackingEventRow[]> {
  if (rows.length === 0) return [];
  return tx.insert(trackingEvents).values(rows).onConflictDoNothing({ target: [trackingEvents.shipmentId, trackingEvents.eventKey] }).returning();
}

export async function eventsOfShipment(db: DbOrTx, shipmentId: number): Promise<TrackingEventRow[]> {
  return db.select().from(trackingEvents).where(eq(trackingEvents.shipmentId, shipmentId)).orderBy(asc(trackingEvents.occurredAt), asc(trackingEvents.id));
}

export async function findActiveCarrier(db: DbOrTx, code: string) {
  const [row] = await db
    .select()
    .from(carriers)
    .where(and(eq(carriers.code, code), eq(carriers.active, true)));
  return row;
}

/** The order's parcels, oldest first, each with its items (order line snapshots) and events newest first. */
export async function parcelsOfOrder(db: DbOrTx, orderId: number) {
  const rows = await db.select().from(shipments).where(eq(shipments.orderId, orderId)).orderBy(asc(shipments.id));
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const codes = [...new Set(rows.map((r) => r.carrierCode).filter((c): c is string => c !== null))];
  const [items, events, carrierRows] = await Promise.all([
    db
      .select({
        shipmentId: shipmentLines.shipmentId,
        orderLineId: shipmentLines.orderLineId,
        quantity: shipmentLines.quantity,
        title: orderLines.title,
        skuCode: orderLines.skuCode,
        specValues: orderLines.specValues,
        imageUrl: orderLines.imageUrl,
      })
      .from(shipmentLines)
      .innerJoin(orderLines, eq(orderLines.id, shipmentLines.orderLineId))
      .where(inArray(shipmentLines.shipmentId, ids))
      .orderBy(asc(shipmentLines.orderLineId)),
    db
      .select()
      .from(trackingEvents)
      .where(inArray(trackingEvents.shipmentId, ids))
      .orderBy(desc(trackingEvents.occurredAt), desc(trackingEvents.id)),
    codes.length === 0 ? Promise.resolve([]) : db.select({ code: carriers.code, trackingUrl: carriers.trackingUrl }).from(carriers).where(inArray(carriers.code, codes)),
  ]);
  const patterns = new Map(carrierRows.map((c) => [c.code, c.trackingUrl]));
  return rows.map((shipment) => ({
    shipment,
    trackingUrlPattern: shipment.carrierCode ? (patterns.get(shipment.carrierCode) ?? null) : null,
    items: items.filter((i) => i.shipmentId === shipment.id).map(({ shipmentId: _, ...item }) => item),
    events: events.filter((e) => e.shipmentId === shipment.id),
  }));
}
