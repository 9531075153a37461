// What other modules and the app may use of distribution.
export * from './distribution.tables.ts';
// Money side: distributors, commissions, withdrawals.
export { createDistributionMoney, type DistributionMoney } from './distribution-money.ts';
export { distributionRoutes } from './distribution.routes.ts';
export { payoutGatewaysFrom, type PayoutGateways } from './distribution-payout.ts';
// Referral side: codes, share links and posters, bindings (referrerOf is what commissions read).
export { createReferralService, referrerOf, type ReferralService } from './referral.service.ts';
export { referralRoutes } from './referral.routes.ts';
export { createShareService, type ShareService } from './distribution-share.service.ts';
export { shareRoutes } from './distribution-share.routes.ts';
// 推广中心: products to promote and my team.
export { createDistributionCenterService, type DistributionCenterService } from './distribution-center.service.ts';
export { distributionCenterRoutes } from './distribution-center.routes.ts';
