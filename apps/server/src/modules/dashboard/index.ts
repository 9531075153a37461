// What other modules (and the composition root) may use of the dashboard.
export { createDashboardService, type DashboardService, type DashboardDeps } from './dashboard.service.ts';
export { dashboardRoutes } from './dashboard.routes.ts';
