// Pure decisions of "notify me": who is still waiting, who the waitlist serves, what a notice says.
import type { DemandMessageKind, DemandTarget } from '@mall/contract';
import { formatShopTime } from '../notifications/index.ts';

export type SubscriptionStatus = 'waiting' | 'notified';

export const statusOf = (sub: { notifiedAt: Date | null }): SubscriptionStatus => (sub.notifiedAt ? 'notified' : 'waiting');

/** A SKU a shopper could buy right now: its product on shelf, the SKU active and sellable. */
export interface SkuAvailability {
  onShelf: boolean;
  active: boolean;
  sellable: number;
}

/** A product or SKU in stock and on sale needs no reminder: there is nothing to wait for. */
export const availableNow = (skus: readonly SkuAvailability[]): boolean => skus.some((s) => s.onShelf && s.active && s.sellable > 0);

/** Readable name of a SKU: product title with its spec values. */
export function skuTitle(productTitle: string, specValues: Record<string, string> | null | undefined): string {
  const spec = Object.values(specValues ?? {}).join(' / ');
  return spec ? `${productTitle}（${spec}）` : productTitle;
}

export interface WaitingSubscription {
  id: number;
  shopperId: number;
  subscribedAt: Date;
}

/**
 * The waitlist: earliest wait first (then lowest id), at most `units` distinct shoppers; a
 * shopper waiting through several subscriptions (the campaign and its product) counts once.
 * Returns each chosen shopper with all of their subscriptions among the candidates.
 */
export function pickWaitlist(candidates: readonly WaitingSubscription[], units: number): { shopperId: number; subscriptionIds: number[]; first: WaitingSubscription }[] {
  const sorted = [...candidates].sort((a, b) => a.subscribedAt.getTime() - b.subscribedAt.getTime() || a.id - b.id);
  const chosen = new Map<number, { shopperId: number; subscriptionIds: number[]; first: WaitingSubscription }>();
  for (const sub of sorted) {
    const entry = chosen.get(sub.shopperId);
    if (entry) entry.subscriptionIds.push(sub.id);
    else if (chosen.size < units) chosen.set(sub.shopperId, { shopperId: sub.shopperId, subscriptionIds: [sub.id], first: sub });
  }
  return [...chosen.values()];
}

/** Groups claimed subscriptions by shopper (one message per shopper per event). */
export function byShopper<T extends { shopperId: number }>(rows: readonly T[]): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const group = groups.get(row.shopperId);
    if (group) group.push(row);
    else groups.set(row.shopperId, [row]);
  }
  return groups;
}

/** Message-centre dedupe keys: the same event never reaches a shopper twice. */
export const dedupeKeys = {
  backInStock: (skuId: number, arrivalId: number) => `demand.back_in_stock:${skuId}:${arrivalId}`,
  campaignOpen: (campaignId: number) => `demand.campaign_open:${campaignId}`,
  unitsFreed: (first: WaitingSubscription) => `demand.units_freed:${first.id}:${first.subscribedAt.getTime()}`,
};

export interface Notice {
  kind: DemandMessageKind;
  title: string;
  body: string;
}

export function backInStockNotice(input: { productTitle: string; skuTitle: string }): Notice {
  return {
    kind: 'demand.back_in_stock',
    title: `到货提醒：${input.productTitle}`,
    body: `您订阅的「${input.skuTitle}」已到货，现在可以购买了。库存有限，先到先得。`,
  };
}

export function campaignOpenNotice(input: { campaignName: string; endsAt: Date; timeZone?: string }): Notice {
  return {
    kind: 'demand.campaign_open',
    title: `开售提醒：${input.campaignName}`,
    body: `您订阅的预售活动「${input.campaignName}」已开始，可下单至 ${formatShopTime(input.endsAt, input.timeZone)}。数量有限，先到先得。`,
  };
}

export function unitsFreedNotice(input: { title: string; units: number }): Notice {
  return {
    kind: 'demand.units_freed',
    title: `补货提醒：${input.title}`,
    body: `您排队等候的「${input.title}」有 ${input.units} 件名额重新释放，按订阅先后通知，先下单先得。`,
  };
}

/** Targets a stock arrival of a SKU ends the wait of. */
export const arrivalTargets = (skuId: number, productId: number): { target: DemandTarget; targetId: number }[] => [
  { target: 'sku', targetId: skuId },
  { target: 'product', targetId: productId },
];
