// Staff create a presale campaign with its items, in one transaction.
import type { PresaleCampaignDetail, PresaleCampaignInput, PresaleSettings } from '@mall/contract';
import { recordAudit, type StaffContext } from '../../platform/audit.ts';
import type { Tx } from '../../platform/db.ts';
import type { PresaleDeps } from './presale.deps.ts';
import * as repo from './presale.repo.ts';
import { shipProblems, tierProblems, windowProblems, type RuleProblem, type Windows } from './presale.rules.ts';
import { assertNoOverlap, assertNoProblems, checkItems, type ResolvedItem } from './presale-checks.ts';
import { loadDetail, shipColumns } from './presale.views.ts';

/**
 * Checks a new campaign whole (windows, ship date, tiers, each item against its SKU and the shop's
 * deposit cap), then the SKU overlap under per-SKU locks; throws on the first problem found.
 */
async function validateNew(tx: Tx, input: PresaleCampaignInput, shop: PresaleSettings, now: Date): Promise<{ windows: Windows; resolved: Map<number, ResolvedItem> }> {
  const depositKind = input.type === 'deposit' ? (input.depositKind ?? 'earnest') : null;
  const windows: Windows = {
    type: input.type,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    balanceStartsAt: input.balanceStartsAt ?? null,
    balanceEndsAt: input.balanceEndsAt ?? null,
  };
  const problems: RuleProblem[] = [
    ...windowProblems(windows, { allowBalanceDuringOrderWindow: shop.allowBalanceDuringOrderWindow, now }),
    ...shipProblems(input.ship, input.startsAt),
    ...tierProblems(input.type, input.tiers),
  ];
  if (input.type === 'full' && input.depositKind) {
    problems.push({ code: 'PRESALE_DEPOSIT_INVALID', path: 'depositKind', message: 'a full-payment campaign has no deposit' });
  }
  const skuIds = input.items.map((i) => i.skuId);
  await repo.lockSkus(tx, skuIds);
  const checked = await checkItems(tx, {
    type: input.type,
    depositKind,
    capPercent: shop.depositCapPercent,
    items: input.items.map((item, i) => ({
      path: `items.${i}`,
      skuId: item.skuId,
      presalePrice: item.presalePrice,
      given: { deposit: item.deposit, depositPercent: item.depositPercent, depositValue: item.depositValue },
      current: null,
      quota: item.quota,
      perBuyerLimit: item.perBuyerLimit,
      isNew: true,
      validate: true,
    })),
  });
  assertNoProblems([...problems, ...checked.problems]);
  await assertNoOverlap(tx, { skuIds, startsAt: input.startsAt, endsAt: input.endsAt, pathOf: (skuId) => `items.${skuIds.indexOf(skuId)}.skuId` });
  return { windows, resolved: checked.resolved };
}

export function createCampaignUseCase(deps: PresaleDeps) {
  const { db, clock, settings } = deps;

  return async function createCampaign(ctx: StaffContext, input: PresaleCampaignInput): Promise<PresaleCampaignDetail> {
    return db.transaction(async (tx) => {
      const shop = (await settings.get(tx)).presale;
      const now = clock.now();
      const { windows, resolved } = await validateNew(tx, input, shop, now);
      const campaign = await repo.insertCampaign(tx, {
        name: input.name,
        rulesText: input.rulesText,
        termsText: input.termsText,
        termsVersion: 1,
        depositKind: input.type === 'deposit' ? (input.depositKind ?? 'earnest') : null,
        ...windows,
        ...shipColumns(input.ship),
        allowCoupons: input.allowCoupons,
        allowPoints: input.allowPoints,
        ...input.commission,
        endAction: input.endAction,
        reminders: input.reminders ?? shop.defaultReminders,
        minTarget: input.minTarget ?? null,
        tiers: input.tiers,
        createdAt: now,
        updatedAt: now,
      });
      await repo.insertItems(
        tx,
        input.items.map((item) => {
          const t = resolved.get(item.skuId)!;
          const { productId, presalePrice, deposit, depositValue, quota, perBuyerLimit } = t;
          return { campaignId: campaign.id, productId, skuId: item.skuId, presalePrice, depositAmount: deposit, depositValue, quota, perBuyerLimit, createdAt: now, updatedAt: now };
        }),
      );
      const detail = await loadDetail(tx, campaign.id, now);
      const items = detail.items.map(({ skuId, presalePrice, deposit, depositValue, quota, perBuyerLimit }) => ({ skuId, presalePrice, deposit, depositValue, quota, perBuyerLimit }));
      await recordAudit(tx, clock, ctx, {
        action: 'presale.create',
        entityType: 'presale_campaign',
        entityId: campaign.id,
        changes: { name: detail.name, type: detail.type, startsAt: detail.startsAt, endsAt: detail.endsAt, items },
      });
      return detail;
    });
  };
}
