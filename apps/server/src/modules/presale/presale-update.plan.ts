// Working out what a campaign edit would make of the campaign and its items, and what is wrong with it.
import type { PresaleCampaignPatch, PresaleSettings } from '@mall/contract';
import type { DbOrTx } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import type { CampaignRow, ItemRow, NewCampaignRow } from './presale.repo.ts';
import { presaleStatus, sameShip, shipProblems, tierProblems, windowProblems, type FreezeShape, type ItemTerms, type RuleProblem, type Ship, type Windows } from './presale.rules.ts';
import { checkItems, type ItemCheck, type ResolvedItem } from './presale-checks.ts';
import { shipColumns, shipOf } from './presale.views.ts';

export interface CampaignPlan {
  windows: Windows;
  ship: Ship;
  values: Partial<NewCampaignRow>;
  orderWindowChanged: boolean;
  typeOrKindChanged: boolean;
  problems: RuleProblem[];
}

const ENDED_LOCKED_FIELDS = ['type', 'depositKind', 'startsAt', 'endsAt', 'tiers', 'items', 'removeSkuIds'] as const;

/** An ended campaign keeps its order window, type, tiers and items; its texts, balance window and reminders may still change. */
export function assertEditable(current: CampaignRow, patch: PresaleCampaignPatch, now: Date): void {
  if (presaleStatus(current, now) !== 'ended') return;
  const touched = ENDED_LOCKED_FIELDS.filter((k) => patch[k] !== undefined);
  if (touched.length > 0) {
    throw new AppError('PRESALE_CAMPAIGN_ENDED', { name: current.name }, touched.map((k) => ({ path: k, message: 'cannot change after the order window has ended' })));
  }
}

const sameTime = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

export function planCampaign(current: CampaignRow, patch: PresaleCampaignPatch, shop: PresaleSettings, now: Date): CampaignPlan {
  const type = patch.type ?? current.type;
  const depositKind = type === 'full' ? null : (patch.depositKind ?? current.depositKind ?? 'earnest');
  const windows: Windows = {
    type,
    startsAt: patch.startsAt ?? current.startsAt,
    endsAt: patch.endsAt ?? current.endsAt,
    balanceStartsAt: type === 'full' ? (patch.balanceStartsAt ?? null) : patch.balanceStartsAt !== undefined ? patch.balanceStartsAt : current.balanceStartsAt,
    balanceEndsAt: type === 'full' ? (patch.balanceEndsAt ?? null) : patch.balanceEndsAt !== undefined ? patch.balanceEndsAt : current.balanceEndsAt,
  };
  const ship: Ship = patch.ship ?? shipOf(current);
  const tiers = patch.tiers ?? (type === 'full' ? [] : current.tiers);
  const orderWindowChanged = !sameTime(windows.startsAt, current.startsAt) || !sameTime(windows.endsAt, current.endsAt);
  const typeOrKindChanged = type !== current.type || depositKind !== current.depositKind;
  const windowsChanged = orderWindowChanged || typeOrKindChanged || !sameTime(windows.balanceStartsAt, current.balanceStartsAt) || !sameTime(windows.balanceEndsAt, current.balanceEndsAt);

  const problems: RuleProblem[] = [];
  if (type === 'full' && patch.depositKind) problems.push({ code: 'PRESALE_DEPOSIT_INVALID', path: 'depositKind', message: 'a full-payment campaign has no deposit' });
  if (windowsChanged) problems.push(...windowProblems(windows, { allowBalanceDuringOrderWindow: shop.allowBalanceDuringOrderWindow, now: orderWindowChanged ? now : undefined }));
  if (patch.ship || orderWindowChanged) problems.push(...shipProblems(ship, windows.startsAt));
  if (patch.tiers || typeOrKindChanged) problems.push(...tierProblems(type, tiers));

  const termsChanged = patch.termsText !== undefined && patch.termsText !== current.termsText;
  const values: Partial<NewCampaignRow> = {
    depositKind,
    ...windows,
    ...(patch.ship && !sameShip(patch.ship, shipOf(current)) ? shipColumns(ship) : {}),
    tiers,
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.rulesText !== undefined ? { rulesText: patch.rulesText } : {}),
    ...(termsChanged ? { termsText: patch.termsText, termsVersion: current.termsVersion + 1 } : {}),
    ...(patch.allowCoupons !== undefined ? { allowCoupons: patch.allowCoupons } : {}),
    ...(patch.allowPoints !== undefined ? { allowPoints: patch.allowPoints } : {}),
    ...Object.fromEntries(Object.entries(patch.commission ?? {}).filter(([, v]) => v !== undefined)),
    ...(patch.endAction !== undefined ? { endAction: patch.endAction } : {}),
    ...(patch.reminders !== undefined ? { reminders: patch.reminders } : {}),
    ...(patch.minTarget !== undefined ? { minTarget: patch.minTarget } : {}),
  };
  return { windows, ship, values, orderWindowChanged, typeOrKindChanged, problems };
}

export interface ItemPlan {
  /** Terms of every item the campaign keeps or gains, by SKU. */
  resolved: Map<number, ResolvedItem>;
  kept: ItemRow[];
  removed: ItemRow[];
  addedSkuIds: number[];
  pathOf: (skuId: number) => string;
  problems: RuleProblem[];
}

/** SKUs joining the campaign through the edit: all their fields are needed. */
function newItemChecks(patch: PresaleCampaignPatch, existing: ReadonlySet<number>): { checks: ItemCheck[]; problems: RuleProblem[] } {
  const checks: ItemCheck[] = [];
  const problems: RuleProblem[] = [];
  (patch.items ?? []).forEach((item, index) => {
    if (existing.has(item.skuId)) return;
    const missing = (['presalePrice', 'quota', 'perBuyerLimit'] as const).filter((k) => item[k] === undefined);
    missing.forEach((k) => problems.push({ code: 'VALIDATION_FAILED', path: `items.${index}.${k}`, message: 'required for a SKU joining the campaign' }));
    if (missing.length > 0) return;
    checks.push({
      path: `items.${index}`,
      skuId: item.skuId,
      presalePrice: item.presalePrice!,
      given: { deposit: item.deposit, depositPercent: item.depositPercent, depositValue: item.depositValue },
      current: null,
      quota: item.quota!,
      perBuyerLimit: item.perBuyerLimit!,
      isNew: true,
      validate: true,
    });
  });
  return { checks, problems };
}

export async function planItems(
  tx: DbOrTx,
  input: { currentItems: ItemRow[]; patch: PresaleCampaignPatch; plan: CampaignPlan; capPercent: number },
): Promise<ItemPlan> {
  const { currentItems, patch, plan } = input;
  const problems: RuleProblem[] = [];
  const patched = new Map((patch.items ?? []).map((item, index) => [item.skuId, { item, index }]));
  const bySku = new Map(currentItems.map((i) => [i.skuId, i]));
  const removeIds = new Set(patch.removeSkuIds ?? []);
  (patch.removeSkuIds ?? []).forEach((skuId, i) => {
    if (!bySku.has(skuId)) problems.push({ code: 'VALIDATION_FAILED', path: `removeSkuIds.${i}`, message: `SKU ${skuId} is not in this campaign` });
    const p = patched.get(skuId);
    if (p) problems.push({ code: 'VALIDATION_FAILED', path: `items.${p.index}.skuId`, message: `SKU ${skuId} is both changed and removed` });
  });
  const pathOf = (skuId: number) => {
    const p = patched.get(skuId);
    return p ? `items.${p.index}` : `skus.${skuId}`;
  };
  const kept = currentItems.filter((i) => !removeIds.has(i.skuId));
  const removed = currentItems.filter((i) => removeIds.has(i.skuId));
  const checks: ItemCheck[] = kept.map((cur) => {
    const p = patched.get(cur.skuId)?.item;
    return {
      path: pathOf(cur.skuId),
      skuId: cur.skuId,
      presalePrice: p?.presalePrice ?? cur.presalePrice,
      given: { deposit: p?.deposit, depositPercent: p?.depositPercent, depositValue: p?.depositValue },
      current: { deposit: cur.depositAmount, depositValue: cur.depositValue },
      quota: p?.quota ?? cur.quota,
      perBuyerLimit: p?.perBuyerLimit ?? cur.perBuyerLimit,
      isNew: false,
      validate: !!p || plan.typeOrKindChanged,
    };
  });
  const added = newItemChecks(patch, new Set(bySku.keys()));
  checks.push(...added.checks);
  problems.push(...added.problems);
  const addedSkuIds = added.checks.map((c) => c.skuId);
  if (kept.length + addedSkuIds.length === 0 && problems.length === 0) problems.push({ code: 'VALIDATION_FAILED', path: 'removeSkuIds', message: 'a campaign keeps at least one item' });
  const depositKind = (plan.values.depositKind ?? null) as FreezeShape['depositKind'];
  const checked = await checkItems(tx, { type: plan.windows.type, depositKind, capPercent: input.capPercent, items: checks });
  return { resolved: checked.resolved, kept, removed, addedSkuIds, pathOf, problems: [...problems, ...checked.problems] };
}

const termsOf = (i: ItemRow): ItemTerms => ({ presalePrice: i.presalePrice, deposit: i.depositAmount, depositValue: i.depositValue, quota: i.quota, perBuyerLimit: i.perBuyerLimit });

export function freezeShapes(current: CampaignRow, currentItems: ItemRow[], plan: CampaignPlan, items: ItemPlan): { before: FreezeShape; after: FreezeShape } {
  const before: FreezeShape = {
    type: current.type,
    startsAt: current.startsAt,
    endsAt: current.endsAt,
    balanceStartsAt: current.balanceStartsAt,
    balanceEndsAt: current.balanceEndsAt,
    depositKind: current.depositKind,
    tiers: current.tiers,
    ship: shipOf(current),
    items: new Map(currentItems.map((i) => [i.skuId, termsOf(i)])),
  };
  const after: FreezeShape = {
    ...plan.windows,
    depositKind: (plan.values.depositKind ?? null) as FreezeShape['depositKind'],
    tiers: plan.values.tiers ?? current.tiers,
    ship: plan.ship,
    items: new Map([...items.resolved].filter(([skuId]) => !items.removed.some((r) => r.skuId === skuId))),
  };
  return { before, after };
}
