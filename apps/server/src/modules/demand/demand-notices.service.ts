// The events that end a wait: stock arrives, a campaign opens, freed units are offered.
// Each claims waiting subscriptions with a compare-and-set on notified_at, so a subscription is
// notified once per wait however many runners or instances race, and sends one message per shopper.
import { z } from 'zod';
import type { DemandMessageKind } from '@mall/contract';
import type { DbOrTx } from '../../platform/db.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import * as repo from './demand.repo.ts';
import { backInStockNotice, byShopper, campaignOpenNotice, dedupeKeys, pickWaitlist, skuTitle, unitsFreedNotice, type Notice, type WaitingSubscription } from './demand.rules.ts';
import { productWithSkus, skuRows, type DemandCampaign } from './demand-targets.ts';
import type { DemandDeps } from './demand.service.ts';

/** Rows claimed per statement (and per sweeper transaction). */
const BATCH = 500;

const backInStockPayload = z.object({
  skuId: z.number().int().positive(),
  productId: z.number().int().positive(),
  sellable: z.number().int(),
  ledgerId: z.number().int().positive(),
});

export interface FreedUnits {
  campaignId?: number;
  productId?: number;
  skuId?: number;
  units: number;
}

export function createDemandNotices(deps: DemandDeps) {
  const { db, clock } = deps;

  /** Claims (compare-and-set) and tells each shopper once; returns how many subscriptions were claimed. */
  async function claimAndTell(tx: DbOrTx, ids: readonly number[], kind: DemandMessageKind, message: (shopperId: number) => { notice: Notice; data: Record<string, unknown>; dedupeKey: string }) {
    const claimed = await repo.markNotified(tx, ids, kind, clock.now());
    for (const shopperId of byShopper(claimed).keys()) {
      const { notice, data, dedupeKey } = message(shopperId);
      await deps.notifications.notifyShopper(tx, { shopperId, kind: notice.kind, title: notice.title, body: notice.body, data, dedupeKey });
    }
    return claimed.length;
  }

  /**
   * inventory.back_in_stock: a SKU's sellable stock went from 0 to more. Every subscriber of the
   * SKU or its product still waiting is told once. Nothing happens (they keep waiting) when the
   * units are gone again already, or the SKU cannot be bought (product off shelf, SKU inactive).
   */
  async function onBackInStock(tx: DbOrTx, payload: unknown): Promise<number> {
    const arrival = backInStockPayload.parse(payload);
    const [sku] = await skuRows(tx, [arrival.skuId]);
    if (!sku || !sku.onShelf || !sku.active) return 0;
    const sellable = (await deps.inventory.sellableBySkuIds(tx, [sku.skuId])).get(sku.skuId) ?? 0;
    if (sellable <= 0) return 0;
    const notice = backInStockNotice({ productTitle: sku.productTitle, skuTitle: skuTitle(sku.productTitle, sku.specValues) });
    const data = { productId: sku.productId, skuId: sku.skuId };
    const dedupeKey = dedupeKeys.backInStock(sku.skuId, arrival.ledgerId);
    let total = 0;
    for (;;) {
      const targets = { skuIds: [sku.skuId], productIds: [sku.productId] };
      const batch = await repo.lockWaiting(tx, { targets, limit: BATCH, skipLocked: false, order: 'id' });
      total += await claimAndTell(
        tx,
        batch.map((s) => s.id),
        notice.kind,
        () => ({ notice, data, dedupeKey }),
      );
      if (batch.length < BATCH) return total;
    }
  }

  /** One campaign's opening: claims a batch of waits that began before it opened, in its own transaction. */
  async function notifyCampaignBatch(campaign: DemandCampaign, items: { productId: number; skuId: number }[], timeZone: string): Promise<{ claimed: number; more: boolean }> {
    return db.transaction(async (tx) => {
      const targets = { campaignIds: [campaign.id], productIds: [...new Set(items.map((i) => i.productId))], skuIds: items.map((i) => i.skuId) };
      const batch = await repo.lockWaiting(tx, { targets, subscribedBefore: campaign.startsAt, limit: BATCH, skipLocked: true, order: 'id' });
      const notice = campaignOpenNotice({ campaignName: campaign.name, endsAt: campaign.endsAt, timeZone });
      const claimed = await claimAndTell(
        tx,
        batch.map((s) => s.id),
        notice.kind,
        () => ({ notice, data: { campaignId: campaign.id }, dedupeKey: dedupeKeys.campaignOpen(campaign.id) }),
      );
      return { claimed, more: batch.length === BATCH };
    });
  }

  /**
   * Sweeper: for each campaign whose order window is open now, tells every subscriber of the
   * campaign, of a product in it or of a SKU in it who subscribed before it opened, once.
   * Rows another instance holds are skipped (it tells them). Returns how many were notified.
   */
  async function notifyOpenedCampaigns(): Promise<number> {
    if (!deps.campaigns) return 0;
    const now = clock.now();
    const open = await deps.campaigns.campaignsOpenAt(db, now);
    if (open.length === 0) return 0;
    const items = await deps.campaigns.campaignItems(db, open.map((c) => c.id));
    const { timeZone } = await deps.settings.get(db);
    let total = 0;
    for (const campaign of open) {
      const own = items.filter((i) => i.campaignId === campaign.id);
      for (let more = true; more; ) {
        const result = await notifyCampaignBatch(campaign, own, timeZone);
        total += result.claimed;
        more = result.more && result.claimed > 0;
      }
    }
    return total;
  }

  /**
   * Waitlist backfill (spec §6): `units` units of a campaign or product (optionally one SKU)
   * became available again. The earliest waiting subscribers — at most `units` shoppers, first
   * come first served — are told once (demand.units_freed), in the caller's transaction.
   * Returns the shoppers told, in waitlist order.
   */
  async function offerFreedUnits(tx: DbOrTx, input: FreedUnits): Promise<{ shopperIds: number[] }> {
    checkFreedUnits(input);
    const scope = await freedScope(tx, input);
    if (!scope) return { shopperIds: [] };
    // Locks only as many waits as shoppers are still needed, so a parallel offer skips just those.
    const seen: WaitingSubscription[] = [];
    for (let shoppers = 0; shoppers < input.units; ) {
      const need = Math.min(BATCH, input.units - shoppers);
      const batch = await repo.lockWaiting(tx, { targets: scope.targets, after: seen.at(-1), limit: need, skipLocked: true, order: 'wait' });
      seen.push(...batch);
      shoppers = new Set(seen.map((s) => s.shopperId)).size;
      if (batch.length < need) break;
    }
    const chosen = pickWaitlist(seen, input.units);
    await addLaterWaits(tx, scope.targets, chosen, seen.at(-1));
    const notice = unitsFreedNotice({ title: scope.title, units: input.units });
    const told: number[] = [];
    for (const entry of chosen) {
      const claimed = await repo.markNotified(tx, entry.subscriptionIds, notice.kind, clock.now());
      if (claimed.length === 0) continue;
      await deps.notifications.notifyShopper(tx, {
        shopperId: entry.shopperId,
        kind: notice.kind,
        title: notice.title,
        body: notice.body,
        data: scope.data,
        dedupeKey: dedupeKeys.unitsFreed(entry.first),
      });
      told.push(entry.shopperId);
    }
    return { shopperIds: told };
  }

  /** A chosen shopper's other waits on these targets beyond the rows read are claimed with them (told once). */
  async function addLaterWaits(tx: DbOrTx, targets: repo.TargetSet, chosen: ReturnType<typeof pickWaitlist>, after: WaitingSubscription | undefined) {
    if (chosen.length === 0 || !after) return;
    const shopperIds = chosen.map((c) => c.shopperId);
    const later = await repo.lockWaiting(tx, { targets, shopperIds, after, limit: shopperIds.length * 3, skipLocked: true, order: 'wait' });
    for (const sub of later) chosen.find((c) => c.shopperId === sub.shopperId)?.subscriptionIds.push(sub.id);
  }

  /** What freed units concern: the subscription targets, a title and where the message leads. */
  async function freedScope(tx: DbOrTx, input: FreedUnits) {
    let productId = input.productId;
    let title: string | undefined;
    if (input.skuId !== undefined) {
      const [sku] = await skuRows(tx, [input.skuId]);
      if (!sku) return undefined;
      productId ??= sku.productId;
      title = skuTitle(sku.productTitle, sku.specValues);
    } else if (productId !== undefined) {
      title = (await productWithSkus(tx, productId))?.title;
    }
    if (input.campaignId !== undefined) {
      const [campaign] = deps.campaigns ? await deps.campaigns.findCampaigns(tx, [input.campaignId]) : [];
      if (campaign) title = title ? `${campaign.name} · ${title}` : campaign.name;
    }
    if (title === undefined) return undefined;
    const targets = {
      campaignIds: input.campaignId !== undefined ? [input.campaignId] : [],
      productIds: productId !== undefined ? [productId] : [],
      skuIds: input.skuId !== undefined ? [input.skuId] : [],
    };
    const data = { campaignId: input.campaignId ?? null, productId: productId ?? null, skuId: input.skuId ?? null };
    return { targets, title, data };
  }

  return { onBackInStock, notifyOpenedCampaigns, offerFreedUnits };
}

const MAX_FREED_UNITS = 1_000_000;
const isId = (value: unknown) => Number.isSafeInteger(value) && (value as number) > 0 && (value as number) <= 2_147_483_647;

/** A caller's mistake is a 422 with field errors, never a half-done offer. */
function checkFreedUnits(input: FreedUnits) {
  const problems: FieldError[] = [];
  for (const key of ['campaignId', 'productId', 'skuId'] as const) {
    if (input[key] !== undefined && !isId(input[key])) problems.push({ path: key, message: 'must be a positive integer id' });
  }
  if (input.campaignId === undefined && input.productId === undefined && input.skuId === undefined) {
    problems.push({ path: 'campaignId', message: 'a campaignId, productId or skuId is required' });
  }
  if (!Number.isSafeInteger(input.units) || input.units < 1 || input.units > MAX_FREED_UNITS) {
    problems.push({ path: 'units', message: `must be an integer from 1 to ${MAX_FREED_UNITS}` });
  }
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', {}, problems);
}
