// Staff edit a campaign: free before it has orders; afterwards only what the freeze rules allow.
import type { PresaleCampaignDetail, PresaleCampaignPatch } from '@mall/contract';
import { diffFields, recordAudit, type StaffContext } from '../../platform/audit.ts';
import type { Tx } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { PresaleDeps } from './presale.deps.ts';
import * as repo from './presale.repo.ts';
import { frozenChangeProblems } from './presale.rules.ts';
import { assertNoOverlap, assertNoProblems } from './presale-checks.ts';
import { assertEditable, freezeShapes, planCampaign, planItems, type ItemPlan } from './presale-update.plan.ts';
import { CAMPAIGN, isFrozen, loadDetail } from './presale.views.ts';

const shapes = (s: ReturnType<typeof freezeShapes>) => [s.before, s.after] as const;

type ItemChange = { skuId: number; changes: Record<string, [unknown, unknown]> };

/** Writes the item plan: removals, changed terms (quota through a guarded update), new items. */
async function applyItems(tx: Tx, campaignId: number, items: ItemPlan, now: Date): Promise<{ changed: ItemChange[] }> {
  await repo.deleteItems(tx, items.removed.map((i) => i.id));
  const changed: ItemChange[] = [];
  for (const cur of items.kept) {
    const t = items.resolved.get(cur.skuId)!;
    const before = { presalePrice: cur.presalePrice, depositAmount: cur.depositAmount, depositValue: cur.depositValue, perBuyerLimit: cur.perBuyerLimit, quota: cur.quota };
    const after = { presalePrice: t.presalePrice, depositAmount: t.deposit, depositValue: t.depositValue, perBuyerLimit: t.perBuyerLimit, quota: t.quota };
    const changes = diffFields(before, after);
    if (Object.keys(changes).length === 0) continue;
    changed.push({ skuId: cur.skuId, changes });
    const { quota, ...rest } = after;
    await repo.updateItem(tx, cur.id, { ...rest, updatedAt: now });
    if (quota !== cur.quota && !(await repo.setQuotaGuarded(tx, cur.id, quota, now))) {
      throw new AppError('PRESALE_QUOTA_BELOW_SOLD', { sold: cur.soldUnits }, [{ path: `${items.pathOf(cur.skuId)}.quota`, message: `at least ${cur.soldUnits}` }]);
    }
  }
  await repo.insertItems(
    tx,
    items.addedSkuIds.map((skuId) => {
      const t = items.resolved.get(skuId)!;
      return {
        campaignId,
        productId: t.productId,
        skuId,
        presalePrice: t.presalePrice,
        depositAmount: t.deposit,
        depositValue: t.depositValue,
        quota: t.quota,
        perBuyerLimit: t.perBuyerLimit,
        createdAt: now,
        updatedAt: now,
      };
    }),
  );
  return { changed };
}

export function updateCampaignUseCase(deps: PresaleDeps) {
  const { db, clock, settings } = deps;

  return async function updateCampaign(ctx: StaffContext, id: number, patch: PresaleCampaignPatch): Promise<PresaleCampaignDetail> {
    return db.transaction(async (tx) => {
      const shop = (await settings.get(tx)).presale;
      const now = clock.now();
      // Campaign row, then its item rows: the same order as every other writer, and holds wait for us.
      const current = await repo.findCampaign(tx, id, true);
      if (!current) throw notFound(CAMPAIGN, id);
      const currentItems = await repo.itemsOf(tx, [id], true);
      assertEditable(current, patch, now);
      const plan = planCampaign(current, patch, shop, now);
      const items = await planItems(tx, { currentItems, patch, plan, capPercent: shop.depositCapPercent });
      // What the freeze forbids is said first: no other fix would make the edit possible.
      const frozen = isFrozen(currentItems) ? frozenChangeProblems(...shapes(freezeShapes(current, currentItems, plan, items)), items.pathOf) : [];
      assertNoProblems([...frozen, ...plan.problems, ...items.problems]);
      if (plan.orderWindowChanged || items.addedSkuIds.length > 0) {
        const skuIds = [...items.resolved.keys()];
        await repo.lockSkus(tx, skuIds);
        await assertNoOverlap(tx, { skuIds, startsAt: plan.windows.startsAt, endsAt: plan.windows.endsAt, exceptCampaignId: id, pathOf: (skuId) => `${items.pathOf(skuId)}.skuId` });
      }
      const { changed } = await applyItems(tx, id, items, now);
      const campaignChanges = diffFields(current as unknown as Record<string, unknown>, plan.values as Record<string, unknown>);
      await repo.updateCampaign(tx, id, { ...plan.values, updatedAt: now });
      const removed = items.removed.map((i) => i.skuId);
      if (Object.keys(campaignChanges).length + changed.length + removed.length + items.addedSkuIds.length > 0) {
        await recordAudit(tx, clock, ctx, {
          action: 'presale.update',
          entityType: 'presale_campaign',
          entityId: id,
          changes: { ...campaignChanges, ...(changed.length ? { items: changed } : {}), ...(removed.length ? { removedSkuIds: removed } : {}), ...(items.addedSkuIds.length ? { addedSkuIds: items.addedSkuIds } : {}) },
        });
      }
      return loadDetail(tx, id, now);
    });
  };
}
