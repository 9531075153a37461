// What other modules may use of presale: its tables (to read), reads, the service and routes.
export { presaleCampaigns, presaleItems, presaleBuyerUnits, presaleShipDateChanges, presaleQuotaLedger, presaleBatches, type StoredShip } from './presale.tables.ts';
export type { PlacedBatch } from './presale-batches.service.ts';
export { campaignsOpeningBetween, depositsPaidUnits } from './presale.repo.ts';
export { createPresaleService, type PresaleService } from './presale.service.ts';
export { presaleRoutes } from './presale.routes.ts';
export type { UnitsInput, HeldUnits } from './presale-quota.ts';
export { SHIP_DATE_CHANGED_TOPIC, type ShipDateChangedPayload } from './presale-admin.service.ts';
export { PRESALE_REF_TYPE } from './presale-end.service.ts';
export {
  presaleStatus,
  effectiveEnd,
  depositDue,
  balanceDue,
  fullAmountDue,
  estimatedShipDate,
  tierReached,
  nextTier,
  type BalanceInput,
  type BalanceBreakdown,
  type Ship,
} from './presale.rules.ts';
export { shipOf } from './presale.views.ts';
export type { CampaignForOrder, ItemForOrder } from './presale-order-reads.ts';
