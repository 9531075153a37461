// 分批发货 use cases: staff set a campaign's batches; the orders side places a paid deposit in a
// batch and takes it out again when the order ends without shipping.
import type { PresaleBatchesInput, PresaleCampaignDetail } from '@mall/contract';
import { recordAudit, type StaffContext } from '../../platform/audit.ts';
import type { Tx } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { PresaleDeps } from './presale.deps.ts';
import * as repo from './presale.repo.ts';
import { assertNoProblems } from './presale-checks.ts';
import { batchProblems, lockedBatchProblems, pickBatch } from './presale-batches.rules.ts';
import { addAssigned, batchView, lockBatches, replaceBatches, updateBatch } from './presale-batches.repo.ts';
import { CAMPAIGN, loadDetail } from './presale.views.ts';

/** The batch an order was placed in: "batch `seq` of `of`". */
export interface PlacedBatch {
  id: number;
  seq: number;
  of: number;
}

export function createBatchUseCases(deps: PresaleDeps) {
  const { db, clock, settings } = deps;

  /**
   * Replaces the batch list while no deposit of the campaign is paid; afterwards only a balance
   * window may be extended (buyers were promised the rest).
   */
  async function setBatches(ctx: StaffContext, campaignId: number, input: PresaleBatchesInput): Promise<PresaleCampaignDetail> {
    return db.transaction(async (tx) => {
      const now = clock.now();
      const campaign = await repo.findCampaign(tx, campaignId, true);
      if (!campaign) throw notFound(CAMPAIGN, campaignId);
      const current = await lockBatches(tx, campaignId);
      const placed = current.some((b) => b.assignedUnits > 0);
      if (placed) {
        assertNoProblems(lockedBatchProblems(current, input.batches));
        for (const [i, b] of input.batches.entries()) {
          if (b.balanceEndsAt.getTime() !== current[i]!.balanceEndsAt.getTime()) await updateBatch(tx, current[i]!.id, { balanceEndsAt: b.balanceEndsAt, updatedAt: now });
        }
      } else {
        const paid = (await repo.depositsPaidUnits(tx, [campaignId])).get(campaignId) ?? 0;
        if (paid > 0 && current.length === 0) throw new AppError('PRESALE_BATCHES_LOCKED', {}, [{ path: 'batches', message: 'deposits are already paid for one shipment' }]);
        const items = await repo.itemsOf(tx, [campaignId]);
        const quota = items.reduce((sum, i) => sum + i.quota, 0);
        const shop = (await settings.get(tx)).presale;
        assertNoProblems(batchProblems(input.batches, { ...campaign, quota }, { allowBalanceDuringOrderWindow: shop.allowBalanceDuringOrderWindow }));
        await replaceBatches(
          tx,
          campaignId,
          input.batches.map((b, i) => ({ seq: i + 1, units: b.units, balanceStartsAt: b.balanceStartsAt, balanceEndsAt: b.balanceEndsAt, shipDate: b.shipDate, createdAt: now, updatedAt: now })),
        );
      }
      await recordAudit(tx, clock, ctx, {
        action: 'presale.batches',
        entityType: 'presale_campaign',
        entityId: campaignId,
        changes: { batches: [current.map(batchView), input.batches] },
      });
      return loadDetail(tx, campaignId, now);
    });
  }

  /** Places a just-paid deposit of `units` in the earliest batch with room (null: no batches). Locks the campaign's batches in seq order. */
  async function placeInBatch(tx: Tx, campaignId: number, units: number): Promise<PlacedBatch | null> {
    const batches = await lockBatches(tx, campaignId);
    const batch = pickBatch(batches, units);
    if (!batch) return null;
    await addAssigned(tx, batch.id, units, clock.now());
    return { id: batch.id, seq: batch.seq, of: batches.length };
  }

  /** Gives an order's units back to its batch (the order ended without shipping them); locks in the same order as placing. */
  async function takeOutOfBatch(tx: Tx, campaignId: number, batchId: number, units: number): Promise<void> {
    await lockBatches(tx, campaignId);
    await addAssigned(tx, batchId, -units, clock.now());
  }

  return { setBatches, placeInBatch, takeOutOfBatch };
}
