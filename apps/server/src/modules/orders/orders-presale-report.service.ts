// The admin report of one presale campaign (spec §6): subscribers, orders, deposits, balances,
// conversion, forfeits, revenue, the quantity to produce, tiers, the minimum target, which
// reminder preceded each balance payment, and a daily series for charts.
import type { PresaleCampaignReport, ShopSettings } from '@mall/contract';
import type { Clock } from '../../platform/clock.ts';
import type { Db, DbOrTx } from '../../platform/db.ts';
import { notFound } from '../../platform/errors.ts';
import { effectiveEnd, presaleStatus } from '../presale/index.ts';
import * as repo from './orders-presale-report.repo.ts';
import { conversionOf, fillDays, judgedUnits, localDate, minTargetStatus, reminderCounts, tierStatus } from './orders-presale-report.rules.ts';

export interface PresaleReportDeps {
  db: Db;
  clock: Clock;
  settings: { get(tx?: DbOrTx): Promise<ShopSettings> };
  /** "Notify me" numbers of a target (the demand module). */
  demand: { subscriberCounts(tx: DbOrTx, ref: { target: 'campaign'; targetId: number }): Promise<{ count: number; waiting: number; notified: number }> };
}

const CAMPAIGN = { zh: '预售活动', en: 'Presale campaign' };

export function createPresaleReportService(deps: PresaleReportDeps) {
  const { db, clock } = deps;

  async function campaignReport(campaignId: number): Promise<PresaleCampaignReport> {
    const now = clock.now();
    const campaign = await repo.findReportCampaign(db, campaignId);
    if (!campaign) throw notFound(CAMPAIGN, campaignId);
    const { timeZone } = await deps.settings.get();
    const subscribers = await deps.demand.subscriberCounts(db, { target: 'campaign', targetId: campaignId });
    const totals = await repo.orderTotals(db, campaignId);
    const units = await repo.unitTotals(db, campaignId);
    const money = await repo.paymentTotals(db, campaignId);
    const byReminder = await repo.balancePaymentsByReminder(db, campaignId);
    const events = await repo.eventsPerDay(db, campaignId, timeZone);
    const batches = await repo.batchTotals(db, campaignId);

    const judged = judgedUnits(campaign, units.liveUnits);
    const lastBatchEnd = batches.reduce<Date | null>((last, b) => (last === null || b.balanceEndsAt > last ? b.balanceEndsAt : last), null);
    const lastWindowEnd = lastBatchEnd ?? campaign.balanceEndsAt ?? effectiveEnd(campaign);
    const seriesEnd = lastWindowEnd < now ? lastWindowEnd : now;
    const range = campaign.startsAt <= now ? { from: localDate(campaign.startsAt, timeZone), to: localDate(seriesEnd, timeZone) } : null;
    const series = fillDays(range, events);
    return {
      campaignId: campaign.id,
      name: campaign.name,
      type: campaign.type,
      status: presaleStatus(campaign, now),
      timeZone,
      generatedAt: now,
      subscribers,
      orders: { placed: totals.placed, units: units.units, cancelled: totals.cancelled, closed: totals.closed },
      deposits: { orders: totals.depositOrders, units: units.depositUnits, amount: totals.depositAmount },
      balances: { orders: totals.balanceOrders, amount: totals.balanceAmount },
      conversion: campaign.type === 'deposit' ? conversionOf(totals.depositBalanceOrders, totals.depositOrders) : { basisPoints: null, percent: null },
      forfeited: { orders: totals.forfeitOrders, amount: totals.forfeitAmount },
      revenue: { received: money.received, refunded: money.refunded, collected: money.received - money.refunded },
      quantityToProduce: units.toProduce,
      tier: tierStatus(campaign.tiers, campaign, judged),
      minTarget: minTargetStatus(campaign.minTarget, campaign, judged),
      reminders: reminderCounts(campaign.type === 'deposit' ? campaign.reminders : [], byReminder),
      batches,
      series,
    };
  }

  return { campaignReport };
}

export type PresaleReportService = ReturnType<typeof createPresaleReportService>;
