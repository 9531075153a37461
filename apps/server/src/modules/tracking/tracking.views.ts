// Parcels → the API's shipment view. Pure.
import type { ShipmentView, TrackingEventStatus, TrackingStatus } from '@mall/contract';
import { trackingUrlFor } from './tracking.rules.ts';
import type { parcelsOfOrder } from './tracking.repo.ts';

type Parcel = Awaited<ReturnType<typeof parcelsOfOrder>>[number];

export function parcelView(parcel: Parcel): ShipmentView {
  const { shipment, trackingUrlPattern } = parcel;
  return {
    id: shipment.id,
    carrier: shipment.carrier,
    carrierCode: shipment.carrierCode,
    trackingNo: shipment.trackingNo,
    trackingUrl: trackingUrlPattern ? trackingUrlFor(trackingUrlPattern, shipment.trackingNo) : null,
    shippedAt: shipment.shippedAt,
    trackingStatus: shipment.trackingStatus as TrackingStatus,
    deliveredAt: shipment.deliveredAt,
    lines: parcel.items.map((i) => ({ orderLineId: i.orderLineId, quantity: i.quantity })),
    items: parcel.items,
    events: parcel.events.map((e) => ({ status: e.status as TrackingEventStatus, description: e.description, location: e.location, occurredAt: e.occurredAt })),
  };
}
