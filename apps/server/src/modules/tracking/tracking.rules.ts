// Pure rules of parcel tracking: the status a parcel's events add up to, event dedupe, polling times,
// tracking links, and when a fully delivered order completes by itself.
import type { TrackingEventStatus, TrackingStatus } from '@mall/contract';
import { DAY, HOUR, MINUTE } from '../../platform/clock.ts';

/** How far along each event status puts a parcel (exception is a side state, not a step). */
const RANK: Record<Exclude<TrackingStatus, 'exception'>, number> = { shipped: 0, in_transit: 1, out_for_delivery: 2, delivered: 3 };
const STEP_OF: Record<Exclude<TrackingEventStatus, 'exception'>, Exclude<TrackingStatus, 'exception'>> = {
  collected: 'shipped',
  in_transit: 'in_transit',
  out_for_delivery: 'out_for_delivery',
  delivered: 'delivered',
};

export interface StatusEvent {
  status: TrackingEventStatus;
  occurredAt: Date;
}

/**
 * The status all of a parcel's events add up to, whatever order they arrived in: the furthest
 * step reached, unless the latest event is an exception (a later normal event clears it).
 * Delivered is final.
 */
export function trackingStatusOf(events: readonly StatusEvent[]): TrackingStatus {
  const sorted = [...events].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  let step: Exclude<TrackingStatus, 'exception'> = 'shipped';
  let exception = false;
  for (const event of sorted) {
    if (event.status === 'exception') {
      exception = true;
      continue;
    }
    exception = false;
    const next = STEP_OF[event.status];
    if (RANK[next] > RANK[step]) step = next;
  }
  if (step === 'delivered') return 'delivered';
  return exception ? 'exception' : step;
}

/** The stored status moved to the computed one: never backwards, except into (or out of) an exception; delivered stays. */
export function advanceStatus(current: TrackingStatus, computed: TrackingStatus): TrackingStatus {
  if (current === 'delivered') return 'delivered';
  if (computed === 'exception' || current === 'exception') return computed;
  return RANK[computed] >= RANK[current] ? computed : current;
}

/** When the parcel was delivered: its earliest delivered event, or null. */
export function deliveredAtOf(events: readonly StatusEvent[]): Date | null {
  const times = events.filter((e) => e.status === 'delivered').map((e) => e.occurredAt.getTime());
  return times.length === 0 ? null : new Date(Math.min(...times));
}

/** The events of a batch once each (the first of a repeated key wins), leaving out keys already stored. */
export function newEventsOnly<E extends { eventKey: string }>(stored: ReadonlySet<string>, incoming: readonly E[]): E[] {
  const seen = new Set(stored);
  const fresh: E[] = [];
  for (const event of incoming) {
    if (seen.has(event.eventKey)) continue;
    seen.add(event.eventKey);
    fresh.push(event);
  }
  return fresh;
}

export const POLL_INTERVAL_MS = 2 * HOUR;
export const POLL_AFTER_EXCEPTION_MS = 6 * HOUR;
/** A claimed parcel is not polled again by another instance for this long (a poll that dies mid-way retries after it). */
export const POLL_LEASE_MS = 10 * MINUTE;

/** The first poll after shipping: carriers rarely report anything in the first hour. */
export const firstPollAt = (shippedAt: Date) => new Date(shippedAt.getTime() + HOUR);

/** When to ask the provider again: never once delivered. */
export function nextPollAt(status: TrackingStatus, now: Date): Date | null {
  if (status === 'delivered') return null;
  return new Date(now.getTime() + (status === 'exception' ? POLL_AFTER_EXCEPTION_MS : POLL_INTERVAL_MS));
}

/** The carrier's tracking page for the number, from its URL pattern. */
export const trackingUrlFor = (pattern: string, trackingNo: string) => pattern.split('{trackingNo}').join(encodeURIComponent(trackingNo));

/**
 * When an order whose parcels are all delivered completes by itself: the last delivery plus the
 * shop's days. Null while a parcel is on its way (the ship-time fallback then stands).
 */
export function deliveryAutoCompleteAt(parcels: readonly { deliveredAt: Date | null }[], days: number): Date | null {
  if (parcels.length === 0 || parcels.some((p) => p.deliveredAt === null)) return null;
  const last = Math.max(...parcels.map((p) => p.deliveredAt!.getTime()));
  return new Date(last + days * DAY);
}
