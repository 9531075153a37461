import type { DeliveryDays, FreeShippingCondition, ShippingFeeRule, ShippingQuote, ShippingRegion, ShippingTemplate } from '@mall/contract';

/**
 * Shipping fees from a template (运费模板), as pure functions. Money is integer fen, weight integer
 * grams. Where a template names regions, the most specific match wins: a province-and-city entry
 * over a province entry, a province entry over the template's default.
 */

/** Where a parcel goes: names as the address book keeps them (广东省 / 深圳市). */
export interface Destination {
  province: string;
  city: string;
}

export interface Shipment {
  destination: Destination;
  /** Pieces in the parcel. */
  quantity: number;
  /** Total weight in grams. */
  weightGrams: number;
  /** Goods amount in fen that free-shipping thresholds compare against (the caller decides: usually after discounts). */
  amount: number;
}

/** The part of a template the fee depends on; the template's name and the like do not matter here. */
export type FeeTemplate = Pick<ShippingTemplate, 'chargeBy' | 'defaultRule' | 'regionRules' | 'freeShipping' | 'excludedRegions' | 'deliveryDays' | 'regionDeliveryDays'>;

const NO_MATCH = -1;
const EVERYWHERE = 0;
const PROVINCE = 1;
const CITY = 2;

/** How closely a region names the destination: 2 for its city, 1 for its province, -1 when it does not. */
export function regionSpecificity(region: ShippingRegion, to: Destination): number {
  if (region.province !== to.province) return NO_MATCH;
  if (region.city === undefined) return PROVINCE;
  return region.city === to.city ? CITY : NO_MATCH;
}

/** The closest of `regions` to the destination and how close it is; undefined when none names it. */
function closestRegion(regions: readonly ShippingRegion[], to: Destination): { region: ShippingRegion; specificity: number } | undefined {
  let best: { region: ShippingRegion; specificity: number } | undefined;
  for (const region of regions) {
    const specificity = regionSpecificity(region, to);
    if (specificity > (best?.specificity ?? NO_MATCH)) best = { region, specificity };
  }
  return best;
}

/**
 * The entries that speak for the destination: those naming it most specifically. An entry without
 * regions stands for everywhere, the least specific. Ties keep their order in the template.
 */
export function mostSpecificEntries<T extends { regions?: readonly ShippingRegion[] }>(entries: readonly T[], to: Destination): T[] {
  let bestScore = NO_MATCH;
  let best: T[] = [];
  for (const entry of entries) {
    const score = entry.regions === undefined ? EVERYWHERE : (closestRegion(entry.regions, to)?.specificity ?? NO_MATCH);
    if (score === NO_MATCH || score < bestScore) continue;
    if (score > bestScore) best = [];
    bestScore = score;
    best.push(entry);
  }
  return best;
}

function assertCount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${what} must be a non-negative integer, got ${value}`);
}

/**
 * First units for the first fee, then the additional fee for every started block of additional
 * units: 首重 1000 g ¥12、续重每 500 g ¥4 charges 1,001..1,500 g ¥16 and 1,501 g ¥20. Zero units still
 * pay the first fee (a parcel is a parcel); whether anything ships at all is the caller's concern.
 */
export function blockFee(rule: ShippingFeeRule, units: number): number {
  assertCount(units, 'units');
  const beyondFirst = Math.max(0, units - rule.firstUnits);
  const additionalBlocks = Math.ceil(beyondFirst / rule.additionalUnits);
  const fee = rule.firstFee + additionalBlocks * rule.additionalFee;
  if (!Number.isSafeInteger(fee)) throw new RangeError('shipping fee out of range');
  return fee;
}

/** Pieces for a by-piece template, grams for a by-weight one. */
export function chargedUnits(template: Pick<FeeTemplate, 'chargeBy'>, shipment: Pick<Shipment, 'quantity' | 'weightGrams'>): number {
  return template.chargeBy === 'piece' ? shipment.quantity : shipment.weightGrams;
}

/** The fee rule for the destination: its most specific region rule, else the default. */
export function feeRuleFor(template: Pick<FeeTemplate, 'defaultRule' | 'regionRules'>, to: Destination): ShippingFeeRule {
  return mostSpecificEntries(template.regionRules, to)[0] ?? template.defaultRule;
}

/** The excluded region naming the destination (the most specific one), if the shop does not deliver there. */
export function excludedRegionFor(template: Pick<FeeTemplate, 'excludedRegions'>, to: Destination): ShippingRegion | undefined {
  return closestRegion(template.excludedRegions, to)?.region;
}

function conditionHolds(condition: FreeShippingCondition, shipment: Shipment): boolean {
  const amountOk = condition.minAmount === undefined || shipment.amount >= condition.minAmount;
  const quantityOk = condition.minQuantity === undefined || shipment.quantity >= condition.minQuantity;
  return amountOk && quantityOk;
}

/**
 * Whether shipping is free: one of the free conditions that speak for the destination holds. A
 * condition naming the destination's region replaces the general ones there (全国满 ¥99 包邮 but
 * 新疆满 ¥299 包邮: in 新疆 only ¥299 counts).
 */
export function isFreeShipping(template: Pick<FeeTemplate, 'freeShipping'>, shipment: Shipment): boolean {
  return mostSpecificEntries(template.freeShipping, shipment.destination).some((condition) => conditionHolds(condition, shipment));
}

/** The estimated delivery days for the destination: its most specific estimate, else the default, else none. */
export function deliveryDaysFor(template: Pick<FeeTemplate, 'deliveryDays' | 'regionDeliveryDays'>, to: Destination): DeliveryDays | null {
  const [estimate] = mostSpecificEntries(template.regionDeliveryDays, to);
  if (estimate) return { minDays: estimate.minDays, maxDays: estimate.maxDays };
  return template.deliveryDays ?? null;
}

/** A region as people say it: 新疆维吾尔自治区, 广东省深圳市, and a municipality once (北京市, not 北京市北京市). */
export function regionDisplayName(region: ShippingRegion): string {
  if (region.city === undefined || region.city === region.province) return region.province;
  return `${region.province}${region.city}`;
}

/**
 * What a template charges for one parcel to one destination: refused (naming the region) where the
 * shop does not deliver; otherwise the fee in fen (0 when free or when nothing ships) and the
 * estimated delivery days.
 */
export function quoteShipping(template: FeeTemplate, shipment: Shipment): ShippingQuote {
  assertCount(shipment.quantity, 'quantity');
  assertCount(shipment.weightGrams, 'weightGrams');
  assertCount(shipment.amount, 'amount');
  const excluded = excludedRegionFor(template, shipment.destination);
  if (excluded) return { deliverable: false, region: excluded, regionName: regionDisplayName(excluded) };

  const units = chargedUnits(template, shipment);
  const deliveryDays = deliveryDaysFor(template, shipment.destination);
  if (shipment.quantity === 0) return { deliverable: true, fee: 0, free: false, units, deliveryDays };
  if (isFreeShipping(template, shipment)) return { deliverable: true, fee: 0, free: true, units, deliveryDays };
  return { deliverable: true, fee: blockFee(feeRuleFor(template, shipment.destination), units), free: false, units, deliveryDays };
}
