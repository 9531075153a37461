// What other modules may use of parcel tracking.
export { trackingEvents } from './tracking.tables.ts';
export { createTrackingService, parcelsForOrder, type DeliveryListener, type TrackingService } from './tracking.service.ts';
export { createSandboxTrackingProvider, type ProviderEvent, type TrackedParcel, type TrackingProvider } from './tracking.provider.ts';
export { trackingRoutes } from './tracking.routes.ts';
export { signTrackingPush } from './tracking-webhook.ts';
export { deliveryAutoCompleteAt, firstPollAt } from './tracking.rules.ts';
export { findActiveCarrier } from './tracking.repo.ts';
