// Pure decisions of checkout: what is being bought, what cannot be, and the lines as stored.
import { ORDER_LIMITS, shopDay, type CheckoutProblem, type PriceBreakdown } from '@mall/contract';
import { AppError } from '../../platform/errors.ts';

export interface WantedItem {
  skuId: number;
  quantity: number;
  /** The cart line it came from, when checking out the cart. */
  cartItemIds: number[];
}

/** Items merged per SKU (one order line per SKU), in the order first given. */
export function mergeItems(items: readonly { skuId: number; quantity: number; id?: number }[]): WantedItem[] {
  const merged = new Map<number, WantedItem>();
  for (const item of items) {
    const current = merged.get(item.skuId) ?? { skuId: item.skuId, quantity: 0, cartItemIds: [] };
    current.quantity += item.quantity;
    if (item.id !== undefined) current.cartItemIds.push(item.id);
    merged.set(item.skuId, current);
  }
  const result = [...merged.values()];
  const problems = result
    .filter((i) => i.quantity > ORDER_LIMITS.lineQuantityMax)
    .map((i) => ({ path: 'items', message: `SKU ${i.skuId}: more than ${ORDER_LIMITS.lineQuantityMax} in total` }));
  if (result.length > ORDER_LIMITS.linesMax) problems.push({ path: 'items', message: `at most ${ORDER_LIMITS.linesMax} different SKUs` });
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', {}, problems);
  return result;
}

/** What checkout needs to know of a SKU as it is now (catalog's skusForSale). */
export interface SkuNow {
  skuId: number;
  productId: number;
  title: string;
  imageUrl: string | null;
  specValues: Record<string, string>;
  skuCode: string | null;
  price: number;
  kind: 'physical' | 'virtual' | 'course';
  afterSalesAllowed: boolean;
  onShelf: boolean;
  active: boolean;
}

export const skuName = (sku: { title: string; specValues: Record<string, string> } | undefined, skuId: number): string => {
  if (!sku) return `SKU ${skuId}`;
  const spec = Object.values(sku.specValues).join(' / ');
  return spec ? `${sku.title}（${spec}）` : sku.title;
};

/** Why this SKU cannot be bought in this quantity now, or null when it can. */
export function checkoutProblemOf(sku: SkuNow | undefined, skuId: number, quantity: number, sellable: number): CheckoutProblem | null {
  if (!sku) return { skuId, code: 'SKU_NOT_FOUND', message: `商品规格 ${skuId} 不存在`, messageEn: `SKU ${skuId} does not exist` };
  const name = skuName(sku, skuId);
  if (!sku.onShelf) return { skuId, code: 'OFF_SHELF', message: `「${name}」已下架`, messageEn: `${name} is off the shelf` };
  if (!sku.active || sku.kind === 'course') {
    return { skuId, code: 'NOT_PURCHASABLE', message: `「${name}」暂不可购买`, messageEn: `${name} cannot be bought` };
  }
  if (sellable < quantity) {
    return {
      skuId,
      code: 'INSUFFICIENT_STOCK',
      message: `「${name}」库存不足：可售 ${Math.max(0, sellable)} 件`,
      messageEn: `${name}: only ${Math.max(0, sellable)} left`,
      sellable: Math.max(0, sellable),
    };
  }
  return null;
}

export interface OrderLineDraft {
  productId: number;
  skuId: number;
  title: string;
  imageUrl: string | null;
  specValues: Record<string, string>;
  skuCode: string | null;
  afterSalesAllowed: boolean;
  unitPrice: number;
  quantity: number;
  goodsAmount: number;
  discountAmount: number;
  payAmount: number;
}

/**
 * The order lines as stored: snapshots of the SKUs, with each line's share of the discounts
 * from the breakdown. The lines' pay amounts plus shipping always make the order total.
 */
export function buildOrderLines(items: readonly WantedItem[], skus: ReadonlyMap<number, SkuNow>, breakdown: PriceBreakdown): OrderLineDraft[] {
  const priced = new Map(breakdown.perLine.map((p) => [p.skuId, p]));
  const lines = items.map((item) => {
    const sku = skus.get(item.skuId)!;
    const part = priced.get(item.skuId);
    if (!part || part.quantity !== item.quantity) throw new AppError('CONFLICT', { detail: `pricing did not price SKU ${item.skuId} as asked` });
    const discountAmount = Math.abs(part.promotionDiscount) + Math.abs(part.couponDiscount) + Math.abs(part.pointsDiscount);
    return {
      productId: sku.productId,
      skuId: sku.skuId,
      title: sku.title,
      imageUrl: sku.imageUrl,
      specValues: sku.specValues,
      skuCode: sku.skuCode,
      afterSalesAllowed: sku.afterSalesAllowed,
      unitPrice: part.unitPrice,
      quantity: item.quantity,
      goodsAmount: part.goodsAmount,
      discountAmount,
      payAmount: part.payAmount,
    };
  });
  const linesTotal = lines.reduce((sum, l) => sum + l.payAmount, 0);
  if (linesTotal + breakdown.shippingFee !== breakdown.totalAmount) {
    throw new AppError('CONFLICT', { detail: 'the price breakdown does not add up' });
  }
  return lines;
}

/** The order-level amounts of a breakdown, as the order row stores them (discounts as positive amounts). */
export function orderAmountsOf(breakdown: PriceBreakdown) {
  return {
    goodsAmount: breakdown.goodsAmount,
    promotionDiscount: Math.abs(breakdown.promotionDiscount),
    couponDiscount: Math.abs(breakdown.couponDiscount),
    pointsDiscount: Math.abs(breakdown.pointsDiscount),
    pointsUsed: breakdown.pointsUsed,
    shippingFee: breakdown.shippingFee,
    totalAmount: breakdown.totalAmount,
  };
}

/** The coupon really used by a breakdown (the one asked for, when pricing applied it). */
export function couponUsed(breakdown: PriceBreakdown, requested: number | undefined): number | null {
  if (requested === undefined) return null;
  const applied = breakdown.couponDiscount !== 0 || breakdown.lines.some((l) => l.step === 'coupon' && l.ref?.id === requested);
  return applied ? requested : null;
}

// Building an Intl.DateTimeFormat costs far more than using one (it showed in the flash-sale profile).
/** An order number: the shop's local date, then 12 random digits (e.g. 20261123 482910573321). */
export function newOrderNo(now: Date, timeZone: string, randomDigits: string): string {
  return `${shopDay(now, timeZone).replaceAll('-', '')}${randomDigits}`;
}
