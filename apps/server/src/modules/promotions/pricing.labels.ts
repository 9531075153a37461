// Words of the price breakdown: what the shopper reads for each step and each notice (zh + en).
import { formatMinorUnits } from '@mall/contract';

export interface PricingNotice {
  code: string;
  message: string;
  messageEn: string;
}

/** 30000 → "300", 29950 → "299.50" (labels drop a zero fraction). */
export function yuan(minor: number): string {
  const text = formatMinorUnits(minor);
  return text.endsWith('.00') ? text.slice(0, -3) : text;
}

/** What the shopper pays in percent, in 折: 90 → "9折", 85 → "8.5折". */
export function zhe(payPercent: number): string {
  return `${payPercent / 10}折`;
}

export const thousands = (n: number) => n.toLocaleString('en-US');

export const tierLabel = (threshold: number, amount: number) => ({
  zh: threshold > 0 ? `满${yuan(threshold)}减${yuan(amount)}` : `立减${yuan(amount)}`,
  en: threshold > 0 ? `¥${yuan(amount)} off orders of ¥${yuan(threshold)}` : `¥${yuan(amount)} off`,
});

export const percentLabel = (payPercent: number, maxDiscount: number | null, threshold: number) => ({
  zh: `${threshold > 0 ? `满${yuan(threshold)}享` : ''}${zhe(payPercent)}${maxDiscount !== null ? ` 最多减${yuan(maxDiscount)}` : ''}`,
  en: `${100 - payPercent}% off${threshold > 0 ? ` orders of ¥${yuan(threshold)}` : ''}${maxDiscount !== null ? `, up to ¥${yuan(maxDiscount)}` : ''}`,
});

export const notices = {
  couponNotAllowed: (): PricingNotice => ({
    code: 'COUPON_NOT_ALLOWED',
    message: '本单不能使用优惠券',
    messageEn: 'Coupons cannot be used on this order',
  }),
  couponNotApplicable: (name: string): PricingNotice => ({
    code: 'COUPON_NOT_APPLICABLE',
    message: `优惠券「${name}」不适用于本单商品`,
    messageEn: `The coupon "${name}" does not apply to the goods in this order`,
  }),
  couponNotStackable: (name: string): PricingNotice => ({
    code: 'COUPON_NOT_STACKABLE',
    message: `优惠券「${name}」不能与促销活动同享，本单适用商品均已参加促销`,
    messageEn: `The coupon "${name}" cannot be combined with promotions, and every eligible item is already on promotion`,
  }),
  couponBelowThreshold: (name: string, threshold: number, shortBy: number): PricingNotice => ({
    code: 'COUPON_BELOW_THRESHOLD',
    message: `优惠券「${name}」需适用商品满${yuan(threshold)}元可用，还差${yuan(shortBy)}元`,
    messageEn: `The coupon "${name}" needs ¥${yuan(threshold)} of eligible goods; ¥${yuan(shortBy)} to go`,
  }),
  pointsNotAllowed: (): PricingNotice => ({
    code: 'POINTS_NOT_ALLOWED',
    message: '本单不能使用积分抵扣',
    messageEn: 'Points cannot be used on this order',
  }),
  pointsCappedByBalance: (requested: number, balance: number): PricingNotice => ({
    code: 'POINTS_CAPPED_BY_BALANCE',
    message: `积分余额 ${thousands(balance)}，少于要使用的 ${thousands(requested)}`,
    messageEn: `Your balance of ${thousands(balance)} points is less than the ${thousands(requested)} requested`,
  }),
  pointsCappedByOrder: (maxPoints: number, maxPercent: number): PricingNotice => ({
    code: 'POINTS_CAPPED_BY_ORDER',
    message: `积分最多抵扣订单金额的 ${maxPercent}%，本单最多可用 ${thousands(maxPoints)} 积分`,
    messageEn: `Points may pay at most ${maxPercent}% of the order: up to ${thousands(maxPoints)} points here`,
  }),
  pointsRounded: (used: number, stepPoints: number, stepFen: number): PricingNotice => ({
    code: 'POINTS_ROUNDED',
    message: `积分按每 ${thousands(stepPoints)} 积分抵 ${yuan(stepFen)} 元整数使用，本单使用 ${thousands(used)} 积分`,
    messageEn: `Points are used in steps of ${thousands(stepPoints)} (= ¥${yuan(stepFen)}): ${thousands(used)} points used`,
  }),
};
