// What other modules may use of demand signals ("notify me", the waitlist).
export { createDemandService, type DemandService, type DemandDeps } from './demand.service.ts';
export { demandRoutes } from './demand.routes.ts';
export { registerDemandJobs } from './demand.jobs.ts';
export type { FreedUnits } from './demand-notices.service.ts';
export type { CampaignReads, DemandCampaign } from './demand-targets.ts';
export { presaleCampaignReads } from './demand-campaigns.ts';
