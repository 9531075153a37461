// Staff reads of campaigns, the early end, and moving the estimated ship date.
import type { PresaleCampaignDetail, PresaleCampaignListQuery, PresaleShipDateChangeInput } from '@mall/contract';
import { recordAudit, type StaffContext } from '../../platform/audit.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { enqueue } from '../../platform/jobs.ts';
import type { PresaleDeps } from './presale.deps.ts';
import * as repo from './presale.repo.ts';
import { presaleStatus, sameShip, shipProblems, type Ship } from './presale.rules.ts';
import { assertNoProblems } from './presale-checks.ts';
import { adminViews, CAMPAIGN, loadDetail, shipColumns, shipOf, storedShip } from './presale.views.ts';
import { lockBatches, updateBatch } from './presale-batches.repo.ts';
import type { Tx } from '../../platform/db.ts';

/** Outbox topic of a ship-date change: the orders side tells every buyer with an open order and grants the compensation. */
export const SHIP_DATE_CHANGED_TOPIC = 'presale.ship_date_changed';
export interface ShipDateChangedPayload {
  campaignId: number;
  changeId: number;
}

export function createAdminUseCases(deps: PresaleDeps) {
  const { db, clock, promotions } = deps;

  const getCampaign = (id: number) => loadDetail(db, id, clock.now());

  async function listCampaigns(query: PresaleCampaignListQuery) {
    const now = clock.now();
    const { items, total } = await repo.listCampaigns(db, query, now);
    return { items: await adminViews(db, items, now), total, page: query.page, pageSize: query.pageSize };
  }

  /** Ends the order window now; the end action follows with the sweeper. */
  async function endCampaign(ctx: StaffContext, id: number): Promise<PresaleCampaignDetail> {
    return db.transaction(async (tx) => {
      const now = clock.now();
      const campaign = await repo.findCampaign(tx, id, true);
      if (!campaign) throw notFound(CAMPAIGN, id);
      const status = presaleStatus(campaign, now);
      if (status === 'ended') throw new AppError('PRESALE_CAMPAIGN_ENDED', { name: campaign.name });
      await repo.updateCampaign(tx, id, { endedEarlyAt: now, updatedAt: now });
      await recordAudit(tx, clock, ctx, { action: 'presale.end', entityType: 'presale_campaign', entityId: id, changes: { status: [status, 'ended'], endedEarlyAt: now } });
      return loadDetail(tx, id, now);
    });
  }

  async function assertTemplateExists(templateId: number): Promise<void> {
    try {
      await promotions.getCouponTemplate(templateId);
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') {
        throw new AppError('VALIDATION_FAILED', {}, [{ path: 'compensation.templateId', message: `no coupon template ${templateId}` }]);
      }
      throw error;
    }
  }

  /**
   * Moves the estimated ship date, with a reason and an optional compensation, kept in the
   * campaign's ship-date history. The buyers are told (and compensated, and offered a full-refund
   * cancellation) by the orders side through the outbox message written in the same transaction.
   */
  async function changeShipDate(ctx: StaffContext, id: number, input: PresaleShipDateChangeInput): Promise<PresaleCampaignDetail> {
    if (input.compensation?.kind === 'coupon') await assertTemplateExists(input.compensation.templateId);
    const to: Ship = input.shipDate ? { kind: 'date', shipDate: input.shipDate } : { kind: 'days_after_paid', shipDays: input.shipDays! };
    return db.transaction(async (tx) => {
      const now = clock.now();
      const campaign = await repo.findCampaign(tx, id, true);
      if (!campaign) throw notFound(CAMPAIGN, id);
      const batch = await batchToMove(tx, id, input, to);
      const from: Ship = batch ? { kind: 'date', shipDate: batch.shipDate } : shipOf(campaign);
      if (sameShip(from, to)) throw new AppError('PRESALE_SHIP_DATE_UNCHANGED', {}, [{ path: input.shipDate ? 'shipDate' : 'shipDays', message: 'same as now' }]);
      assertNoProblems(shipProblems(to, campaign.startsAt, to.kind === 'date' ? 'shipDate' : 'shipDays'));
      if (batch && to.kind === 'date') await updateBatch(tx, batch.id, { shipDate: to.shipDate, updatedAt: now });
      else await repo.updateCampaign(tx, id, { ...shipColumns(to), updatedAt: now });
      const change = await repo.insertShipChange(tx, {
        campaignId: id,
        from: storedShip(from),
        to: storedShip(to),
        reason: input.reason,
        compensation: input.compensation ?? null,
        batchSeq: batch?.seq ?? null,
        actor: ctx.actor.username,
        actorStaffId: ctx.actor.id,
        at: now,
      });
      const payload: ShipDateChangedPayload = { campaignId: id, changeId: change.id };
      await enqueue(tx, clock, { topic: SHIP_DATE_CHANGED_TOPIC, payload, dedupeKey: `${SHIP_DATE_CHANGED_TOPIC}:${change.id}` });
      await recordAudit(tx, clock, ctx, {
        action: 'presale.ship_date',
        entityType: 'presale_campaign',
        entityId: id,
        changes: { ship: [storedShip(from), storedShip(to)], batch: batch?.seq ?? null, reason: input.reason, compensation: input.compensation ?? null },
      });
      return loadDetail(tx, id, now);
    });
  }

  /** 分批发货: a campaign with batches moves one batch's ship date (a date); one without has no batch to name. */
  async function batchToMove(tx: Tx, campaignId: number, input: PresaleShipDateChangeInput, to: Ship) {
    const batches = await lockBatches(tx, campaignId);
    if (batches.length === 0) {
      if (input.batch !== undefined) throw new AppError('PRESALE_BATCH_UNKNOWN', { batch: input.batch }, [{ path: 'batch', message: 'the campaign ships in one go' }]);
      return undefined;
    }
    if (input.batch === undefined) throw new AppError('PRESALE_BATCH_REQUIRED', {}, [{ path: 'batch', message: 'name the batch' }]);
    const batch = batches.find((b) => b.seq === input.batch);
    if (!batch) throw new AppError('PRESALE_BATCH_UNKNOWN', { batch: input.batch }, [{ path: 'batch', message: `batches are 1 to ${batches.length}` }]);
    if (to.kind !== 'date') throw new AppError('VALIDATION_FAILED', {}, [{ path: 'shipDays', message: 'a batch ships on a date' }]);
    return batch;
  }

  return { getCampaign, listCampaigns, endCampaign, changeShipDate };
}
