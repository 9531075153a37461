// When a campaign's order window ends (on time or early), its end action runs once.
import { recordAudit } from '../../platform/audit.ts';
import type { Tx } from '../../platform/db.ts';
import { setShelfFor } from '../catalog/index.ts';
import type { PresaleDeps } from './presale.deps.ts';
import * as repo from './presale.repo.ts';
import type { CampaignRow } from './presale.repo.ts';

export const PRESALE_REF_TYPE = 'presale_campaign';
const MAX_PER_RUN = 100;

export function createEndUseCases(deps: PresaleDeps) {
  const { db, clock, inventory, log } = deps;

  /**
   * back_to_normal: its products go (back) on the shelf at their regular SKU prices;
   * stay_off_shelf: they go off the shelf; keep_as_stock: each item's unsold quota is added to
   * its SKU's stock (a 'restock' adjustment referencing the campaign), shelf state unchanged.
   */
  async function applyEndAction(tx: Tx, campaign: CampaignRow): Promise<Record<string, unknown>> {
    const items = await repo.itemsOf(tx, [campaign.id], true);
    const ref = { refType: PRESALE_REF_TYPE, refId: String(campaign.id) };
    const productIds = [...new Set(items.map((i) => i.productId))];
    if (campaign.endAction === 'back_to_normal') return { onShelf: await setShelfFor(tx, clock, { productIds, onShelf: true, ...ref }) };
    if (campaign.endAction === 'stay_off_shelf') return { offShelf: await setShelfFor(tx, clock, { productIds, onShelf: false, ...ref }) };
    const restocked: { skuId: number; units: number }[] = [];
    for (const item of items) {
      const unsold = item.quota - item.soldUnits;
      if (unsold <= 0) continue;
      await inventory.adjustForRef(tx, {
        skuId: item.skuId,
        delta: unsold,
        reason: 'restock',
        note: `预售活动 ${campaign.id}「${campaign.name}」未售出的预售数量转为库存 / unsold presale quantity kept as stock`,
        actor: 'system:presale',
        ...ref,
      });
      restocked.push({ skuId: item.skuId, units: unsold });
    }
    return { restocked };
  }

  /** Applies due end actions, one campaign per transaction; a failing one is logged and left for the next run. */
  async function runDueEndActions(): Promise<number> {
    let applied = 0;
    const failed = new Set<number>();
    for (let i = 0; i < MAX_PER_RUN; i++) {
      const now = clock.now();
      let claimedId: number | null = null;
      try {
        const done = await db.transaction(async (tx) => {
          const campaign = await repo.claimEndDue(tx, now, [...failed]);
          if (!campaign) return false;
          claimedId = campaign.id;
          const result = await applyEndAction(tx, campaign);
          await repo.updateCampaign(tx, campaign.id, { endActionAppliedAt: now, updatedAt: now });
          await recordAudit(tx, clock, null, { action: 'presale.end_action', entityType: 'presale_campaign', entityId: campaign.id, changes: { endAction: campaign.endAction, ...result } });
          return true;
        });
        if (!done) break;
        applied++;
      } catch (error) {
        if (claimedId === null) throw error;
        failed.add(claimedId);
        log.error({ err: error, campaignId: claimedId }, 'presale end action failed; retried on the next run');
      }
    }
    return applied;
  }

  return { runDueEndActions };
}
