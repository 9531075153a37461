// Pure rules of promotions: state by the clock, words, and the stacking rules as the storefront shows them.
import type { PricingRulesView } from '@mall/contract';
import { tierLabel, yuan, zhe } from './pricing.labels.ts';
import type { ActivePromotion, PricingSettings } from './pricing.rules.ts';

export interface PromotionRow {
  id: number;
  name: string;
  kind: 'full_reduction' | 'discount';
  tiers: { threshold: number; amount: number }[];
  payPercent: number | null;
  productIds: number[];
  categoryIds: number[];
  startsAt: Date;
  endsAt: Date;
  active: boolean;
}

export type PromotionState = 'inactive' | 'scheduled' | 'running' | 'ended';

/** A promotion runs while active and startsAt ≤ now < endsAt. */
export function promotionState(p: Pick<PromotionRow, 'active' | 'startsAt' | 'endsAt'>, now: Date): PromotionState {
  if (!p.active) return 'inactive';
  if (now < p.startsAt) return 'scheduled';
  return now < p.endsAt ? 'running' : 'ended';
}

export function promotionLabel(p: Pick<PromotionRow, 'kind' | 'tiers' | 'payPercent'>): { label: string; labelEn: string } {
  if (p.kind === 'discount') return { label: zhe(p.payPercent ?? 100), labelEn: `${100 - (p.payPercent ?? 100)}% off` };
  const words = p.tiers.map((t) => tierLabel(t.threshold, t.amount));
  return { label: words.map((w) => w.zh).join('，'), labelEn: words.map((w) => w.en).join('; ') };
}

export function toActivePromotion(p: PromotionRow): ActivePromotion {
  const scope = { productIds: p.productIds, categoryIds: p.categoryIds };
  return p.kind === 'discount'
    ? { id: p.id, name: p.name, kind: 'discount', payPercent: p.payPercent ?? 100, scope }
    : { id: p.id, name: p.name, kind: 'full_reduction', tiers: p.tiers, scope };
}

/** The fixed order of pricing steps and the stacking rules in words (zh + en), from the shop's settings. */
export function pricingRules(settings: PricingSettings & { points: { earnPerYuan: number } }): PricingRulesView {
  const { shipping, points, couponStacksWithPromotions } = settings;
  const free = shipping.freeThreshold > 0;
  return {
    steps: [
      { step: 'goods', title: '商品金额', titleEn: 'Goods', rule: '单价 × 数量', ruleEn: 'Unit price × quantity' },
      {
        step: 'promotion',
        title: '促销活动',
        titleEn: 'Promotions',
        rule: '先折扣后满减：每件商品最多享受一个折扣活动（取最优惠的）；满减按折扣后的适用金额计算，取达到的最高档，每件商品最多参加一个满减活动。',
        ruleEn:
          'Discounts first, then full reductions: each item takes at most one discount (the best for you); full reductions count the eligible amount after discounts and give the highest tier reached, each item joining at most one of them.',
      },
      {
        step: 'coupon',
        title: '优惠券',
        titleEn: 'Coupon',
        rule: '每单限用一张，按促销后的适用商品金额计算是否满足使用门槛；折扣券按上限封顶。',
        ruleEn: 'One coupon per order; its threshold counts eligible goods after promotions; percentage coupons stop at their cap.',
      },
      {
        step: 'points',
        title: '积分抵扣',
        titleEn: 'Points',
        rule: `${points.pointsPerYuan} 积分抵 1 元，最多抵扣用券后金额的 ${points.maxPercentOfOrder}%，只按整分抵扣。`,
        ruleEn: `${points.pointsPerYuan} points = ¥1; points pay at most ${points.maxPercentOfOrder}% of the amount after the coupon, in whole fen.`,
      },
      {
        step: 'shipping',
        title: '运费',
        titleEn: 'Shipping',
        rule: free ? `运费 ${yuan(shipping.flatFee)} 元；促销和用券后满 ${yuan(shipping.freeThreshold)} 元包邮。` : `运费 ${yuan(shipping.flatFee)} 元。`,
        ruleEn: free
          ? `¥${yuan(shipping.flatFee)} shipping; free when goods after promotions and coupon reach ¥${yuan(shipping.freeThreshold)}.`
          : `¥${yuan(shipping.flatFee)} shipping.`,
      },
    ],
    stacking: {
      couponStacksWithPromotions,
      rules: [
        '顺序固定：商品金额 → 促销活动 → 优惠券 → 积分 → 运费，金额不会低于 0。',
        couponStacksWithPromotions ? '优惠券可与促销活动同享。' : '优惠券不与促销活动同享：已享受促销的商品不计入优惠券。',
        '积分可与促销活动和优惠券同时使用。',
      ],
      rulesEn: [
        'Fixed order: goods → promotions → coupon → points → shipping; no amount goes below zero.',
        couponStacksWithPromotions ? 'Coupons combine with promotions.' : 'Coupons do not combine with promotions: items that got a promotion do not count for the coupon.',
        'Points combine with promotions and coupons.',
      ],
    },
    points: { pointsPerYuan: points.pointsPerYuan, maxPercentOfOrder: points.maxPercentOfOrder, earnPerYuan: points.earnPerYuan },
    shipping: { flatFee: shipping.flatFee, freeThreshold: shipping.freeThreshold },
  };
}
