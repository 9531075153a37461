import type { DeliveryDays } from '@mall/contract';
import { quoteShipping, type Destination, type FeeTemplate } from './shipping-fee.rules.ts';

/** One order line as shipping sees it: `amount` is what free-shipping thresholds compare against. */
export interface ShippingLine {
  productId: number;
  quantity: number;
  /** Grams of one unit. */
  unitWeightGrams: number;
  amount: number;
}

export type OrderShippingQuote =
  | { deliverable: true; fee: number; free: boolean; deliveryDays: DeliveryDays | null }
  | { deliverable: false; regionName: string };

/** The flat fee of the shop settings as a template: the fee once per order, free from the threshold (0 = never). */
export function flatFeeTemplate(shipping: { flatFee: number; freeThreshold: number }): FeeTemplate {
  return {
    chargeBy: 'piece',
    defaultRule: { firstUnits: 1, firstFee: shipping.flatFee, additionalUnits: 1, additionalFee: 0 },
    regionRules: [],
    freeShipping: shipping.freeThreshold > 0 ? [{ minAmount: shipping.freeThreshold }] : [],
    excludedRegions: [],
    regionDeliveryDays: [],
  };
}

/** The slowest of several estimates (each bound on its own); null when none is known. */
export function slowest(estimates: (DeliveryDays | null)[]): DeliveryDays | null {
  const known = estimates.filter((d): d is DeliveryDays => d !== null);
  if (known.length === 0) return null;
  return { minDays: Math.max(...known.map((d) => d.minDays)), maxDays: Math.max(...known.map((d) => d.maxDays)) };
}

/**
 * The shipping of a whole order. Lines are grouped by their product's template and each group is
 * quoted as one parcel (its pieces, weight and amount summed), and the order pays the SUM of the
 * groups' quotes: goods shipped under different templates go out as different parcels (大家电
 * from the warehouse, figures from the shop), so each template's first block and free-shipping
 * threshold count on its own goods only. The first refused region refuses the order.
 */
export function quoteOrderShipping(lines: readonly ShippingLine[], templateKeyOf: (productId: number) => string, templates: ReadonlyMap<string, FeeTemplate>, to: Destination): OrderShippingQuote {
  const groups = new Map<string, { quantity: number; weightGrams: number; amount: number }>();
  for (const line of lines) {
    const key = templateKeyOf(line.productId);
    const group = groups.get(key) ?? { quantity: 0, weightGrams: 0, amount: 0 };
    group.quantity += line.quantity;
    group.weightGrams += line.unitWeightGrams * line.quantity;
    group.amount += line.amount;
    groups.set(key, group);
  }
  let fee = 0;
  let free = true;
  const days: (DeliveryDays | null)[] = [];
  for (const [key, group] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const quote = quoteShipping(templates.get(key)!, { destination: to, ...group });
    if (!quote.deliverable) return { deliverable: false, regionName: quote.regionName };
    fee += quote.fee;
    free &&= quote.free;
    days.push(quote.deliveryDays);
  }
  return { deliverable: true, fee, free: free && groups.size > 0, deliveryDays: slowest(days) };
}
