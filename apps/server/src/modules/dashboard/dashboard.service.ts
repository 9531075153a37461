// The back office's dashboard summary: sales (money received less refunds), orders placed and
// paid per day, the average order value, statuses, running presale campaigns, best sellers and
// low stock, over the last N days in the shop's time zone. Read only.
import type { DashboardPresaleCampaign, DashboardSummary, InventoryListQuery, PresaleCampaignReport, ShopSettings } from '@mall/contract';
import type { Clock } from '../../platform/clock.ts';
import type { Db, DbOrTx } from '../../platform/db.ts';
import { presaleStatus } from '../presale/index.ts';
import * as repo from './dashboard.repo.ts';
import { averageOrderValue, fillSeries, periodOf, seriesTotals, statusCounts } from './dashboard.rules.ts';

export interface DashboardDeps {
  db: Db;
  clock: Clock;
  settings: { get(tx?: DbOrTx): Promise<ShopSettings> };
  inventory: { listStock(query: InventoryListQuery): Promise<{ total: number }> };
  presaleReports: { campaignReport(campaignId: number): Promise<PresaleCampaignReport> };
}

const TOP_PRODUCTS = 5;
const PRESALE_CAMPAIGNS = 10;

export function createDashboardService(deps: DashboardDeps) {
  const { db, clock } = deps;

  async function presaleCampaigns(now: Date): Promise<DashboardPresaleCampaign[]> {
    const running = await repo.runningCampaigns(db, now, PRESALE_CAMPAIGNS);
    const result: DashboardPresaleCampaign[] = [];
    for (const campaign of running) {
      const report = await deps.presaleReports.campaignReport(campaign.id);
      result.push({
        campaignId: campaign.id,
        name: campaign.name,
        type: campaign.type,
        status: presaleStatus(campaign, now),
        startsAt: campaign.startsAt,
        endsAt: campaign.endsAt,
        depositsPaid: report.deposits.orders,
        balancesPaid: report.balances.orders,
        units: report.orders.units,
        conversion: report.conversion,
      });
    }
    return result;
  }

  async function summary(days: number): Promise<DashboardSummary> {
    const now = clock.now();
    const { timeZone } = await deps.settings.get();
    const period = periodOf(now, days, timeZone);
    const rows = [...(await repo.moneyPerDay(db, period.since, timeZone)), ...(await repo.ordersPerDay(db, period.since, timeZone))];
    const series = fillSeries(period.dates, rows);
    const paid = await repo.paidOrderTotals(db, period.since);
    const lowStock = await deps.inventory.listStock({ lowStock: true, page: 1, pageSize: 1 });
    return {
      timeZone,
      generatedAt: now,
      days,
      from: period.from,
      to: period.to,
      today: series.at(-1)!,
      period: { ...seriesTotals(series), averageOrderValue: averageOrderValue(paid.totalAmount, paid.orders) },
      series,
      statusCounts: statusCounts(await repo.statusCountsSince(db, period.since)),
      presale: await presaleCampaigns(now),
      topProducts: await repo.topProducts(db, period.since, TOP_PRODUCTS),
      lowStockSkus: lowStock.total,
    };
  }

  return { summary };
}

export type DashboardService = ReturnType<typeof createDashboardService>;
