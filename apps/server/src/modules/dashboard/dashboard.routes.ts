import { dashboardQuery, dashboardSummary } from '@mall/contract';
import type { App } from '../../platform/http.ts';
import type { Auth } from '../../platform/auth.ts';
import type { DashboardService } from './dashboard.service.ts';

/** The dashboard: for every role that reads orders (owner, operator, customer service, warehouse). */
export function dashboardRoutes(app: App, deps: { auth: Auth; dashboard: DashboardService }) {
  app.get(
    '/api/admin/dashboard',
    {
      preHandler: deps.auth.requireStaff('orders.read'),
      schema: {
        tags: ['admin: dashboard'],
        summary: 'Dashboard: sales, orders per day, average order value, statuses, running presale campaigns, top products, low stock (last 7, 30 or 90 days in the shop time zone)',
        querystring: dashboardQuery,
        response: { 200: dashboardSummary },
      },
    },
    async (request) => deps.dashboard.summary(request.query.days),
  );
}
