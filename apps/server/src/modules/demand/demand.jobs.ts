// The events "notify me" listens to: stock arrivals from the inventory's outbox, campaign openings by sweeping.
import type { JobRunner } from '../../platform/jobs.ts';
import { BACK_IN_STOCK_TOPIC } from '../inventory/index.ts';
import type { DemandService } from './demand.service.ts';

export function registerDemandJobs(jobs: Pick<JobRunner, 'handle' | 'addSweeper'>, demand: DemandService) {
  jobs.handle(BACK_IN_STOCK_TOPIC, async (tx, payload) => {
    await demand.onBackInStock(tx, payload);
  });
  jobs.addSweeper({ name: 'demand-campaign-open', everyMs: 30_000, run: () => demand.notifyOpenedCampaigns() });
}
