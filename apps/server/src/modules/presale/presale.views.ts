// What staff and shoppers see of campaigns, built from rows.
import {
  DEPOSIT_KIND_LABELS,
  type PresaleCampaignAdminView,
  type PresaleCampaignDetail,
  type PresaleCampaignShopView,
  type PresaleBatchView,
  type PresaleShip,
} from '@mall/contract';
import type { DbOrTx } from '../../platform/db.ts';
import { notFound } from '../../platform/errors.ts';
import * as repo from './presale.repo.ts';
import type { CampaignRow, ItemRow } from './presale.repo.ts';
import { countdownOf, nextTier, presaleStatus, tierReached, type Ship } from './presale.rules.ts';
import type { StoredShip } from './presale.tables.ts';
import { batchViewsByCampaign } from './presale-batches.repo.ts';

export const CAMPAIGN = { zh: '预售活动', en: 'Presale campaign' };

export function shipOf(row: Pick<CampaignRow, 'shipKind' | 'shipDate' | 'shipDays'>): Ship {
  return row.shipKind === 'date' ? { kind: 'date', shipDate: row.shipDate! } : { kind: 'days_after_paid', shipDays: row.shipDays! };
}

export function shipColumns(ship: Ship) {
  return ship.kind === 'date'
    ? { shipKind: 'date' as const, shipDate: ship.shipDate, shipDays: null }
    : { shipKind: 'days_after_paid' as const, shipDate: null, shipDays: ship.shipDays };
}

export const storedShip = (ship: Ship): StoredShip =>
  ship.kind === 'date' ? { kind: 'date', shipDate: ship.shipDate.toISOString() } : { kind: 'days_after_paid', shipDays: ship.shipDays };
export const fromStored = (ship: StoredShip): PresaleShip =>
  ship.kind === 'date' ? { kind: 'date', shipDate: new Date(ship.shipDate) } : { kind: 'days_after_paid', shipDays: ship.shipDays };

/** The campaign has orders (units were held at some point): prices, deposits and type are frozen. */
export const isFrozen = (items: readonly ItemRow[]) => items.some((i) => i.firstHeldAt !== null || i.soldUnits > 0);

type Display = Awaited<ReturnType<typeof repo.itemDisplay>>[number];

async function displayBySku(db: DbOrTx, items: readonly ItemRow[]): Promise<Map<number, Display>> {
  const rows = await repo.itemDisplay(db, items.map((i) => i.skuId));
  return new Map(rows.map((r) => [r.skuId, r]));
}

function common(c: CampaignRow, now: Date, batches: Map<number, PresaleBatchView[]>) {
  return {
    id: c.id,
    type: c.type,
    name: c.name,
    rulesText: c.rulesText,
    termsText: c.termsText,
    termsVersion: c.termsVersion,
    depositKind: c.depositKind,
    status: presaleStatus(c, now),
    startsAt: c.startsAt,
    endsAt: c.endsAt,
    balanceStartsAt: c.balanceStartsAt,
    balanceEndsAt: c.balanceEndsAt,
    ship: shipOf(c),
    allowCoupons: c.allowCoupons,
    allowPoints: c.allowPoints,
    minTarget: c.minTarget,
    tiers: c.tiers,
    batches: batches.get(c.id) ?? [],
  };
}

/** The item fields staff and shoppers share. */
function itemFields(i: ItemRow, d: Display | undefined) {
  return {
    id: i.id,
    skuId: i.skuId,
    productId: i.productId,
    imageUrl: d?.imageUrl ?? null,
    specValues: d?.specValues ?? {},
    regularPrice: d?.regularPrice ?? 0,
    presalePrice: i.presalePrice,
    deposit: i.depositAmount,
    depositValue: i.depositValue,
    quota: i.quota,
    perBuyerLimit: i.perBuyerLimit,
    left: i.quota - i.soldUnits,
  };
}

function adminView(c: CampaignRow, items: readonly ItemRow[], display: Map<number, Display>, batches: Map<number, PresaleBatchView[]>, now: Date): PresaleCampaignAdminView {
  return {
    ...common(c, now, batches),
    commission: { distribution: c.distribution, agentDividend: c.agentDividend, regionalRebate: c.regionalRebate },
    endAction: c.endAction,
    reminders: c.reminders,
    endedEarlyAt: c.endedEarlyAt,
    endActionAppliedAt: c.endActionAppliedAt,
    frozen: isFrozen(items),
    items: items.map((i) => {
      const d = display.get(i.skuId);
      return { ...itemFields(i, d), productTitle: d?.title ?? '', productOnShelf: d?.onShelf ?? false, sold: i.soldUnits };
    }),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

export async function adminViews(db: DbOrTx, campaigns: readonly CampaignRow[], now: Date): Promise<PresaleCampaignAdminView[]> {
  const items = await repo.itemsOf(db, campaigns.map((c) => c.id));
  const display = await displayBySku(db, items);
  const batches = await batchViewsByCampaign(db, campaigns.map((c) => c.id));
  return campaigns.map((c) => adminView(c, items.filter((i) => i.campaignId === c.id), display, batches, now));
}

export async function loadDetail(db: DbOrTx, id: number, now: Date): Promise<PresaleCampaignDetail> {
  const campaign = await repo.findCampaign(db, id);
  if (!campaign) throw notFound(CAMPAIGN, id);
  const [view] = await adminViews(db, [campaign], now);
  const changes = await repo.shipChangesOf(db, id);
  return {
    ...view!,
    shipDateChanges: changes.map((ch) => ({
      id: ch.id,
      from: fromStored(ch.from),
      to: fromStored(ch.to),
      reason: ch.reason,
      compensation: ch.compensation ?? null,
      batch: ch.batchSeq,
      actor: ch.actor,
      at: ch.at,
    })),
  };
}

/** Shopper views; product info is shown whether or not the product is on the shelf. `onlyProductId` keeps that product's items. */
export async function shopViews(db: DbOrTx, campaigns: readonly CampaignRow[], now: Date, onlyProductId?: number): Promise<PresaleCampaignShopView[]> {
  const all = await repo.itemsOf(db, campaigns.map((c) => c.id));
  const items = onlyProductId === undefined ? all : all.filter((i) => i.productId === onlyProductId);
  const display = await displayBySku(db, items);
  const paid = await repo.depositsPaidUnits(
    db,
    campaigns.filter((c) => c.tiers.length > 0 && c.settledAt === null).map((c) => c.id),
  );
  const progress = (c: CampaignRow) => {
    if (c.tiers.length === 0) return null;
    const depositsPaid = c.settledUnits ?? paid.get(c.id) ?? 0;
    return { depositsPaid, reached: tierReached(c.tiers, depositsPaid), next: nextTier(c.tiers, depositsPaid) };
  };
  const batches = await batchViewsByCampaign(db, campaigns.map((c) => c.id));
  return campaigns.map((c) => ({
    ...common(c, now, batches),
    depositKindLabel: c.depositKind ? DEPOSIT_KIND_LABELS[c.depositKind] : null,
    countdown: countdownOf(c, now),
    tierProgress: progress(c),
    items: items
      .filter((i) => i.campaignId === c.id)
      .map((i) => {
        const d = display.get(i.skuId);
        return { ...itemFields(i, d), title: d?.title ?? '' };
      }),
  }));
}
