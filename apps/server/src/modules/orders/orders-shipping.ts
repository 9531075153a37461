// The order's shipping fee from the shipping module's templates, put into the price breakdown.
import type { PriceBreakdown, ShopSettings } from '@mall/contract';
import type { DbOrTx } from '../../platform/db.ts';
import type { ShippingPort } from './orders.ports.ts';
import type { AddressSnapshot } from './orders.tables.ts';

export interface ShippingFee {
  fee: number;
  free: boolean;
  deliveryDays: { minDays: number; maxDays: number } | null;
}

/**
 * The breakdown with its shipping line replaced by the templates' fee. Shipping is pricing's last
 * step and nothing before it depends on it (points are capped on the amount after the coupon), so
 * replacing it and the total gives what pricing would have given for that fee.
 */
export function withShippingFee(breakdown: PriceBreakdown, shipping: ShippingFee): PriceBreakdown {
  // A member level's free shipping (会员包邮) stands whatever the templates charge.
  if (breakdown.lines.some((l) => l.step === 'shipping' && l.ref?.type === 'member')) return breakdown;
  const label = shipping.fee > 0 ? { label: '运费', labelEn: 'Shipping' } : shipping.free ? { label: '包邮', labelEn: 'Free shipping' } : { label: '免运费', labelEn: 'Free shipping' };
  const line = { step: 'shipping' as const, ...label, amount: shipping.fee, ref: { type: 'shipping' as const } };
  const lines = [...breakdown.lines.filter((l) => l.step !== 'shipping'), line];
  return { ...breakdown, lines, shippingFee: shipping.fee, totalAmount: breakdown.totalAmount - breakdown.shippingFee + shipping.fee };
}

/**
 * The templates' fee for priced lines: the free-shipping threshold compares with each line's goods
 * after promotions and coupon, as the flat fee's threshold always did. Null: the flat fee stands.
 */
export async function templateShipping(
  port: ShippingPort | undefined,
  tx: DbOrTx,
  address: AddressSnapshot | null,
  lines: { productId: number; skuId: number; quantity: number; amount: number }[],
  settings: ShopSettings,
): Promise<ShippingFee | null> {
  if (!port) return null;
  return port.orderFee(tx, { destination: address ? { province: address.province, city: address.city } : null, lines, flat: settings.shipping });
}

/** Per SKU, the goods after promotions and coupon (points are paid like money: they do not lower the threshold). */
export function amountsForShipping(breakdown: PriceBreakdown): Map<number, number> {
  return new Map(breakdown.perLine.map((p) => [p.skuId, p.goodsAmount - p.promotionDiscount - p.couponDiscount]));
}
