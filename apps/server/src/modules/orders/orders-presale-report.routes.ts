import { idParam, presaleCampaignReport } from '@mall/contract';
import type { App } from '../../platform/http.ts';
import type { Auth } from '../../platform/auth.ts';
import type { PresaleReportService } from './orders-presale-report.service.ts';

/**
 * The campaign report, for the staff who run campaigns: marketing.manage, as every other presale
 * admin route (owner, operator). orders.read alone (customer service, warehouse) does not open it:
 * it shows a campaign's revenue and conversion, which those roles have no use for.
 */
export function presaleReportRoutes(app: App, deps: { auth: Auth; reports: PresaleReportService }) {
  app.get(
    '/api/admin/presale/campaigns/:id/report',
    {
      preHandler: deps.auth.requireStaff('marketing.manage'),
      schema: {
        tags: ['admin: presale'],
        summary: 'Campaign report: subscribers, orders, deposits, balances, conversion, forfeits, revenue, quantity to produce, tiers, reminders, daily series',
        params: idParam,
        response: { 200: presaleCampaignReport },
      },
    },
    async (request) => deps.reports.campaignReport(request.params.id),
  );
}
