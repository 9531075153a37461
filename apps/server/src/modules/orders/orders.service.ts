// The orders module's use cases, wired together. One call = one transaction, or the caller's.
import { AppError } from '../../platform/errors.ts';
import type { JobRunner } from '../../platform/jobs.ts';
import { createOrderEffects, type OrderDeps } from './orders-effects.ts';
import { createCheckoutUseCases } from './orders-checkout.service.ts';
import { createLifecycleUseCases, type PresaleHooks } from './orders-lifecycle.service.ts';
import { createPaymentUseCases } from './orders-payment.service.ts';
import { createStaffUseCases } from './orders-staff.service.ts';
import { createAfterSalesUseCases } from './orders-aftersales.service.ts';
import { createOrderQueries } from './orders-queries.service.ts';
import { createPresaleMoney } from './orders-presale-money.ts';
import { createPresaleLifecycle } from './orders-presale-lifecycle.service.ts';
import { createPresaleReminders } from './orders-presale-reminders.service.ts';
import { createPresaleDelay } from './orders-presale-delay.service.ts';
import { createPresaleDefault } from './orders-presale-default.service.ts';
import { balancePayable } from './orders-presale.rules.ts';
import { updatePresaleOrder } from './orders-presale.repo.ts';
import { createPresaleBulk } from './orders-presale-bulk.service.ts';
import { commissionEligibleAt } from './orders-presale-commission.rules.ts';
import { createPreorderLifecycle } from './orders-preorder-lifecycle.ts';
import { createPreorderPayments } from './orders-preorder-payment.ts';
import { createPreorderCheckout } from './orders-preorder-checkout.ts';
import { createPreorderFill } from './orders-preorder-fill.ts';
import { preorderOfOrder } from './orders-preorder-views.ts';
import { queuedCounts } from './orders-preorder.repo.ts';

export type { OrderDeps } from './orders-effects.ts';

export function createOrderService(deps: OrderDeps) {
  const effects = createOrderEffects(deps);
  const money = createPresaleMoney(deps);
  const presaleLifecycle = createPresaleLifecycle(deps, effects, money);
  const preorder = createPreorderLifecycle(deps, effects, money);
  // Pre-orders ('preorder' kind) take the same hooks as presale orders, answered by their own record.
  const hooks: PresaleHooks = {
    async onPresalePaid(tx, order, paid) {
      if (order.kind === 'preorder') return preorder.onPaidInFull(tx, order, paid);
      const row = await updatePresaleOrder(tx, order.id, { balancePaymentId: paid.paymentId, balancePaidAt: paid.at, updatedAt: deps.clock.now() });
      const eligibleAt = commissionEligibleAt(row, (await deps.settings.get(tx)).commission, { kind: 'paid', at: paid.at });
      if (eligibleAt) await updatePresaleOrder(tx, order.id, { commissionEligibleAt: eligibleAt });
    },
    async onPresaleCompleted(tx, order) {
      if (order.kind === 'preorder') return;
      const row = await presaleLifecycle.presaleOf(tx, order);
      const eligibleAt = commissionEligibleAt(row, (await deps.settings.get(tx)).commission, { kind: 'completed', at: order.completedAt ?? deps.clock.now() });
      if (eligibleAt) await updatePresaleOrder(tx, order.id, { commissionEligibleAt: eligibleAt, updatedAt: deps.clock.now() });
    },
    async releasePresale(tx, order, reason, actor) {
      if (order.kind === 'preorder') return preorder.release(tx, order, reason, actor);
      const row = await presaleLifecycle.presaleOf(tx, order);
      await money.releaseHeld(tx, order, row.campaignId, reason, actor);
    },
    cancelPresaleByBuyer: (tx, order, reason, cancelUnpaid) =>
      order.kind === 'preorder' ? preorder.cancelByBuyer(tx, order, reason, cancelUnpaid) : presaleLifecycle.cancelPresaleByBuyer(tx, order, reason, cancelUnpaid),
    async depositDue(tx, order) {
      if (order.kind === 'preorder') return preorderPayments.depositDue(tx, order);
      return (await presaleLifecycle.presaleOf(tx, order)).depositAmount;
    },
    async balanceDue(tx, order) {
      if (order.kind === 'preorder') return preorderPayments.balanceDue(tx, order);
      const row = await presaleLifecycle.presaleOf(tx, order);
      const campaign = await deps.presale.campaignForOrder(tx, row.campaignId, row.batchId);
      if (!campaign) throw new AppError('PRESALE_BALANCE_CLOSED');
      const refused = balancePayable({ ...campaign, settled: campaign.settlementOutcome === 'succeeded' }, deps.clock.now());
      if (refused) throw refused;
      return { amount: row.balanceAmount, expiresAt: campaign.balanceEndsAt! };
    },
  };
  const reminders = createPresaleReminders(deps);
  const delay = createPresaleDelay(deps, effects, presaleLifecycle);
  const merchantDefault = createPresaleDefault(deps, effects, presaleLifecycle);
  const lifecycle = createLifecycleUseCases(deps, effects, hooks);
  const preorderPayments = createPreorderPayments(deps, effects, lifecycle, preorder);
  const preorderFill = createPreorderFill(deps, effects, lifecycle);
  const queries = createOrderQueries(deps);
  const checkout = createCheckoutUseCases(deps, effects, lifecycle, queries, createPreorderCheckout(deps, effects, preorder));
  const paying = createPaymentUseCases(deps, effects, lifecycle, presaleLifecycle, preorderPayments);
  const staff = createStaffUseCases(deps, effects, money, presaleLifecycle, { onShipped: preorderPayments.onShipped, close: preorder.close });
  const afterSales = createAfterSalesUseCases(deps, effects, money);
  const bulk = createPresaleBulk(deps, effects, staff);
  return {
    preview: checkout.preview,
    place: checkout.place,
    pay: paying.pay,
    onPaymentSucceeded: paying.onPaymentSucceeded,
    onRefundSucceeded: paying.onRefundSucceeded,
    cancel: lifecycle.cancelByShopper,
    confirmReceipt: lifecycle.confirmReceipt,
    cancelExpired: lifecycle.cancelExpired,
    autoComplete: lifecycle.autoComplete,
    ship: staff.ship,
    close: staff.close,
    remark: staff.remark,
    onParcelDelivered: staff.onParcelDelivered,
    getOrderForAfterSales: afterSales.getOrderForAfterSales,
    recordLineRefund: afterSales.recordLineRefund,
    presaleBulk: bulk.run,
    // Presale sweepers and jobs.
    forfeitLapsedBalances: presaleLifecycle.forfeitLapsedBalances,
    settlePresaleCampaigns: presaleLifecycle.settleCampaigns,
    sendBalanceReminders: reminders.sendDue,
    markOverduePresaleOrders: merchantDefault.markOverdue,
    registerPresaleJobs(jobs: Pick<JobRunner, 'handle'>) {
      presaleLifecycle.registerJobs(jobs);
      delay.registerJobs(jobs);
    },
    // Pre-orders (spec §5): the fill on stock arrival, the balance deadline, authorisations, the buyer's view.
    fillPreordersIn: preorderFill.fillIn,
    sweepPreorderFills: preorderFill.sweepFills,
    lapsePreorderBalances: preorder.lapseBalances,
    onPaymentAuthorized: preorderPayments.onPaymentAuthorized,
    preorderOfOrder: (shopperId: number, orderId: number) => preorderOfOrder(deps.db, shopperId, orderId),
    preorderQueueCounts: queuedCounts,
    ...queries,
  };
}

export type OrderService = ReturnType<typeof createOrderService>;
