import { index, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { utc } from '../../platform/columns.ts';
import { shipments } from '../orders/orders.tables.ts';

/**
 * A parcel's tracking events (物流轨迹), from the tracking provider's poll or its pushed webhook.
 * `eventKey` is the provider's own id for the event: the same event arriving twice is stored once.
 */
export const trackingEvents = pgTable(
  'tracking_events',
  {
    id: serial('id').primaryKey(),
    shipmentId: integer('shipment_id')
      .notNull()
      .references(() => shipments.id, { onDelete: 'cascade' }),
    eventKey: text('event_key').notNull(),
    /** collected, in_transit, out_for_delivery, delivered, exception */
    status: text('status').notNull(),
    description: text('description').notNull(),
    location: text('location'),
    occurredAt: utc('occurred_at').notNull(),
    /** 'poll', 'webhook' or 'staff' */
    source: text('source').notNull(),
    receivedAt: utc('received_at').notNull(),
  },
  (t) => [uniqueIndex('tracking_events_key_uq').on(t.shipmentId, t.eventKey), index('tracking_events_shipment_idx').on(t.shipmentId, t.occurredAt)],
);
