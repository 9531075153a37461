// Wires the money side of distribution: distributors, commissions following the order event
// feed, and withdrawals paid out through the payment providers that can transfer (or by staff).
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db.ts';
import type { JobRunner } from '../../platform/jobs.ts';
import type { OrderEventFeed } from '../orders/index.ts';
import { COMMISSION_EVENT_TYPES, createCommissionService } from './distribution-commissions.service.ts';
import type { SettingsService, ShopperNotifier } from './distribution-deps.ts';
import type { PaymentProviders } from '../payments/index.ts';
import { payoutGatewaysFrom } from './distribution-payout.ts';
import { createWithdrawalService } from './distribution-withdrawals.service.ts';
import { createDistributorService } from './distributors.service.ts';

export function createDistributionMoney(deps: {
  db: Db;
  clock: Clock;
  settings: SettingsService;
  jobs: Pick<JobRunner, 'handle' | 'handleExternal'>;
  orderEvents: OrderEventFeed;
  notifications: ShopperNotifier;
  /** The shop's payment providers: those with a transfer pay withdrawals out. */
  payouts: PaymentProviders;
  log?: { warn(object: object, message: string): void };
}) {
  const { db, clock, settings, notifications } = deps;
  const gateways = payoutGatewaysFrom(deps.payouts);
  const distributors = createDistributorService({ db, clock, settings, notifications });
  const commissions = createCommissionService({ db, clock, settings, notifications });
  const withdrawals = createWithdrawalService({ db, clock, settings, gateways, notifications, log: deps.log });
  deps.orderEvents.subscribe(deps.jobs, 'distribution-commissions', COMMISSION_EVENT_TYPES, commissions.onOrderEvent);
  withdrawals.registerJobs(deps.jobs);
  return { distributors, commissions, withdrawals, payouts: gateways };
}

export type DistributionMoney = ReturnType<typeof createDistributionMoney>;
