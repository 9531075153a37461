// "Notify me" (到货/开售提醒): shoppers subscribe and unsubscribe; staff read the numbers.
import { DEMAND_LIMITS, type DemandMessageKind, type ShopSettings, type DemandSubscriptionsQuery, type NotifyMeInput, type NotifyMeSubscription, type PageQuery } from '@mall/contract';
import type { Clock } from '../../platform/clock.ts';
import type { Db, DbOrTx, Tx } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { NotificationService } from '../notifications/index.ts';
import * as repo from './demand.repo.ts';
import { availableNow, skuTitle, statusOf } from './demand.rules.ts';
import { availability, describeTargets, productWithSkus, skuRows, targetKey, type CampaignReads, type SellableReader, type TargetInfo } from './demand-targets.ts';
import { createDemandNotices } from './demand-notices.service.ts';

export interface DemandDeps {
  db: Db;
  clock: Clock;
  notifications: Pick<NotificationService, 'notifyShopper'>;
  inventory: { sellableBySkuIds: SellableReader };
  settings: { get(tx?: DbOrTx): Promise<ShopSettings> };
  /** Presale campaigns; without them a campaign cannot be subscribed to and no campaign opens. */
  campaigns?: CampaignReads;
}

const SUBSCRIPTION = { zh: '到货提醒', en: 'Reminder' };
const PRODUCT = { zh: '商品', en: 'Product' };
const SKU = { zh: 'SKU', en: 'SKU' };
const CAMPAIGN = { zh: '预售活动', en: 'Presale campaign' };

export function createDemandService(deps: DemandDeps) {
  const { db, clock } = deps;

  /** Refuses a target that does not exist (404), is on sale in stock now, or has ended (409). */
  async function checkTarget(tx: Tx, input: NotifyMeInput): Promise<void> {
    if (input.target === 'product') {
      const product = await productWithSkus(tx, input.targetId);
      if (!product) throw notFound(PRODUCT, input.targetId);
      const rows = product.skus.map((s) => ({ skuId: s.skuId, active: s.active, onShelf: product.onShelf }));
      if (availableNow(await availability(tx, deps.inventory.sellableBySkuIds, rows))) throw new AppError('NOTIFY_NOT_NEEDED', { target: `「${product.title}」` });
      return;
    }
    if (input.target === 'sku') {
      const [sku] = await skuRows(tx, [input.targetId]);
      if (!sku) throw notFound(SKU, input.targetId);
      if (availableNow(await availability(tx, deps.inventory.sellableBySkuIds, [sku]))) {
        throw new AppError('NOTIFY_NOT_NEEDED', { target: `「${skuTitle(sku.productTitle, sku.specValues)}」` });
      }
      return;
    }
    const [campaign] = deps.campaigns ? await deps.campaigns.findCampaigns(tx, [input.targetId]) : [];
    if (!campaign) throw notFound(CAMPAIGN, input.targetId);
    const now = clock.now();
    if (campaign.endedEarlyAt || campaign.endsAt <= now) throw new AppError('NOTIFY_CAMPAIGN_ENDED', { name: campaign.name });
  }

  /**
   * Subscribes the shopper (idempotent): `created` is false when they already had this
   * subscription. One that was notified waits again from now, for the next event.
   */
  async function subscribe(shopperId: number, input: NotifyMeInput): Promise<{ created: boolean; subscription: NotifyMeSubscription }> {
    return db.transaction(async (tx) => {
      await checkTarget(tx, input);
      const existing = await repo.findShopperSubscription(tx, shopperId, input);
      if (!existing || existing.notifiedAt) {
        const waiting = await repo.countWaitingOf(tx, shopperId);
        if (waiting >= DEMAND_LIMITS.waitingPerShopper) throw new AppError('NOTIFY_LIMIT_REACHED', { max: DEMAND_LIMITS.waitingPerShopper });
      }
      const saved = await repo.upsertSubscription(tx, { shopperId, ...input, now: clock.now() });
      const row = (await repo.findSubscription(tx, saved.id))!;
      const infos = await describeTargets(tx, [row], deps.campaigns);
      return { created: saved.inserted, subscription: view(row, infos) };
    });
  }

  /** Removes one of the shopper's subscriptions; another's (or none) is not found. */
  async function unsubscribe(shopperId: number, id: number): Promise<{ ok: true }> {
    const deleted = await repo.deleteOwn(db, shopperId, id);
    if (!deleted) throw notFound(SUBSCRIPTION, id);
    return { ok: true };
  }

  /** The shopper's subscriptions, newest wait first, with what each waits for and its status. */
  async function listMine(shopperId: number, query: PageQuery) {
    const { items, total } = await repo.listOwn(db, shopperId, query);
    const infos = await describeTargets(db, items, deps.campaigns);
    return { items: items.map((row) => view(row, infos)), total, page: query.page, pageSize: query.pageSize };
  }

  /** Subscribers of one target for staff: counts and a page, earliest wait first. */
  async function subscribersOf(query: DemandSubscriptionsQuery) {
    const ref = { target: query.target, targetId: query.targetId };
    const counts = await repo.countsForTarget(db, ref);
    const { items, total } = await repo.listForTarget(db, ref, query);
    return {
      ...ref,
      ...counts,
      items: items.map((row) => ({ ...row, status: statusOf(row), notifiedKind: row.notifiedKind as DemandMessageKind | null })),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /** How many subscribed to a target, wait now, and were notified (for the campaign report). */
  const subscriberCounts = (tx: DbOrTx, ref: repo.TargetRef) => repo.countsForTarget(tx, ref);

  return { subscribe, unsubscribe, listMine, subscribersOf, subscriberCounts, ...createDemandNotices(deps) };
}

export type DemandService = ReturnType<typeof createDemandService>;

function view(row: repo.SubscriptionRow, infos: Map<string, TargetInfo>): NotifyMeSubscription {
  const info = infos.get(targetKey(row.target, row.targetId));
  return {
    id: row.id,
    target: row.target,
    targetId: row.targetId,
    title: info?.title ?? null,
    productId: info?.productId ?? (row.target === 'product' ? row.targetId : null),
    skuId: info?.skuId ?? (row.target === 'sku' ? row.targetId : null),
    campaignId: info?.campaignId ?? (row.target === 'campaign' ? row.targetId : null),
    status: statusOf(row),
    subscribedAt: row.subscribedAt,
    notifiedAt: row.notifiedAt,
    notifiedKind: row.notifiedKind as DemandMessageKind | null,
    createdAt: row.createdAt,
  };
}
