import type { z } from 'zod';
import type { dashboardSummary } from '@mall/contract';
import { http } from './http.ts';

/** The summary as it travels (times as ISO strings). */
export type DashboardSummary = z.input<typeof dashboardSummary>;
export type DashboardPeriod = 7 | 30 | 90;

export const dashboardApi = {
  summary: (days: DashboardPeriod) => http.get<DashboardSummary>('/admin/dashboard', { days }),
};
