// Where tracking events come from: a provider asked for a parcel's events (polling). Real carriers'
// APIs plug in behind this interface; the sandbox makes events up over (clock) time.
import type { Clock } from '../../platform/clock.ts';
import { eventsVisibleAt, sandboxTimeline, type ProviderEvent, type TrackedParcel } from './tracking-sandbox.rules.ts';

export type { ProviderEvent, TrackedParcel } from './tracking-sandbox.rules.ts';

export interface TrackingProvider {
  readonly name: string;
  /** Every event of the parcel known so far (repeats are fine: events are stored once by key). */
  fetchEvents(parcel: TrackedParcel): Promise<ProviderEvent[]>;
}

/** The sandbox: each parcel's made-up timeline, up to the clock's now. */
export function createSandboxTrackingProvider(clock: Clock): TrackingProvider {
  return {
    name: 'sandbox',
    fetchEvents: async (parcel) => eventsVisibleAt(sandboxTimeline(parcel), clock.now()),
  };
}
