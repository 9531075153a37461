// Parcel tracking use cases: polling the provider for due parcels (a sweeper, safe on several
// instances), taking pushed events, and storing events once whichever way they came.
import type { FastifyBaseLogger } from 'fastify';
import type { TrackingPushInput, TrackingPushResult, TrackingStatus } from '@mall/contract';
import type { Clock } from '../../platform/clock.ts';
import type { Db, DbOrTx, Tx } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import type { ProviderEvent, TrackingProvider } from './tracking.provider.ts';
import { advanceStatus, deliveredAtOf, newEventsOnly, nextPollAt, POLL_LEASE_MS, trackingStatusOf } from './tracking.rules.ts';
import { claimForPoll, destinationOf, dueShipmentIds, eventsOfShipment, findShipmentByCode, insertEvents, lockShipment, parcelsOfOrder, updateShipment } from './tracking.repo.ts';
import { parcelView } from './tracking.views.ts';

const POLL_BATCH = 100;

/** What tracking tells orders: a parcel was delivered (in the transaction that recorded it). */
export interface DeliveryListener {
  onParcelDelivered(tx: Tx, orderId: number): Promise<unknown>;
}

export interface TrackingDeps {
  db: Db;
  clock: Clock;
  log?: Pick<FastifyBaseLogger, 'error'>;
  /** Null: nothing is polled (pushes still work). */
  provider: TrackingProvider | null;
  deliveries: DeliveryListener;
}

export function createTrackingService(deps: TrackingDeps) {
  const { db, clock, provider, deliveries } = deps;

  /**
   * Stores the events the parcel does not have yet and moves its status forward by all its
   * events. The parcel row is locked, so concurrent polls and pushes of one parcel apply in turn
   * and "delivered" is reported to orders exactly once.
   */
  async function applyEvents(tx: Tx, shipmentId: number, incoming: readonly ProviderEvent[], source: 'poll' | 'webhook', poll: boolean) {
    const shipment = await lockShipment(tx, shipmentId);
    if (!shipment) return null;
    const now = clock.now();
    const stored = await eventsOfShipment(tx, shipmentId);
    const fresh = newEventsOnly(new Set(stored.map((e) => e.eventKey)), incoming);
    const inserted = await insertEvents(
      tx,
      fresh.map((e) => ({ shipmentId, eventKey: e.eventKey, status: e.status, description: e.description, location: e.location, occurredAt: e.occurredAt, source, receivedAt: now })),
    );
    const all = [...stored, ...inserted].map((e) => ({ status: e.status as ProviderEvent['status'], occurredAt: e.occurredAt }));
    const before = shipment.trackingStatus as TrackingStatus;
    const status = advanceStatus(before, trackingStatusOf(all));
    const deliveredAt = status === 'delivered' ? (shipment.deliveredAt ?? deliveredAtOf(all) ?? now) : null;
    const nextPoll = status === 'delivered' ? null : poll ? nextPollAt(status, now) : shipment.nextPollAt;
    if (inserted.length > 0 || poll) await updateShipment(tx, shipmentId, { trackingStatus: status, deliveredAt, nextPollAt: nextPoll });
    if (before !== 'delivered' && status === 'delivered') await deliveries.onParcelDelivered(tx, shipment.orderId);
    return { shipmentId, applied: inserted.length, duplicates: incoming.length - inserted.length, trackingStatus: status };
  }

  /** Asks the provider about one claimed parcel and stores what it says; false when another instance had it. */
  async function pollOne(id: number): Promise<boolean> {
    const now = clock.now();
    const claimed = await claimForPoll(db, id, now, new Date(now.getTime() + POLL_LEASE_MS));
    if (!claimed || !provider) return false;
    const address = await destinationOf(db, claimed.orderId);
    const destination = { province: address?.province ?? '', city: address?.city ?? '', district: address?.district ?? '' };
    // Asked outside any transaction: a slow carrier API holds no lock. Failing leaves the lease, so it retries later.
    const events = await provider.fetchEvents({ carrierCode: claimed.carrierCode, trackingNo: claimed.trackingNo, shippedAt: claimed.shippedAt, destination });
    await db.transaction((tx) => applyEvents(tx, id, events, 'poll', true));
    return true;
  }

  /** The poll sweeper: each due parcel claimed and polled on its own; one that fails is logged and the rest go on. */
  async function pollDue(): Promise<number> {
    if (!provider) return 0;
    let polled = 0;
    for (const id of await dueShipmentIds(db, clock.now(), POLL_BATCH)) {
      try {
        if (await pollOne(id)) polled++;
      } catch (error) {
        deps.log?.error({ err: error, shipmentId: id }, 'tracking poll failed');
      }
    }
    return polled;
  }

  /** A verified push: its parcel by carrier code and number (unknown: 404), its events stored once. */
  async function receivePush(input: TrackingPushInput): Promise<TrackingPushResult> {
    const shipment = await findShipmentByCode(db, input.carrierCode, input.trackingNo);
    if (!shipment) throw new AppError('TRACKING_PARCEL_UNKNOWN', { carrierCode: input.carrierCode, trackingNo: input.trackingNo });
    const events = input.events.map((e) => ({ eventKey: e.eventKey, status: e.status, description: e.description, location: e.location ?? null, occurredAt: new Date(e.occurredAt) }));
    const result = await db.transaction((tx) => applyEvents(tx, shipment.id, events, 'webhook', false));
    if (!result) throw new AppError('TRACKING_PARCEL_UNKNOWN', { carrierCode: input.carrierCode, trackingNo: input.trackingNo });
    return result;
  }

  return { pollDue, receivePush };
}

/** The order's parcels as the API shows them (shopper and back office). */
export async function parcelsForOrder(db: DbOrTx, orderId: number) {
  return (await parcelsOfOrder(db, orderId)).map(parcelView);
}

export type TrackingService = ReturnType<typeof createTrackingService>;
