// The orders module's use cases, wired together. One call = one transaction, or the caller's.
import { AppError } from '../../platform/errors.ts';
import { createOrderEffects, type OrderDeps } from './orders-effects.ts';
import { createCheckoutUseCases } from './orders-checkout.service.ts';
import { createLifecycleUseCases, type PresaleHooks } from './orders-lifecycle.service.ts';
import { createPaymentUseCases } from './orders-payment.service.ts';
import { createStaffUseCases } from './orders-staff.service.ts';
import { createAfterSalesUseCases } from './orders-aftersales.service.ts';
import { createOrderQueries } from './orders-queries.service.ts';
import { createPresaleMoney } from './orders-presale-money.ts';
import { createPresaleLifecycle } from './orders-presale-lifecycle.service.ts';
import { balancePayable } from './orders-presale.rules.ts';
import { updatePresaleOrder } from './orders-presale.repo.ts';

export type { OrderDeps } from './orders-effects.ts';

export function createOrderService(deps: OrderDeps) {
  const effects = createOrderEffects(deps);
  const money = createPresaleMoney(deps);
  const presaleLifecycle = createPresaleLifecycle(deps, effects, money);
  const hooks: PresaleHooks = {
    async onPresalePaid(tx, order, paid) {
      await updatePresaleOrder(tx, order.id, { balancePaymentId: paid.paymentId, balancePaidAt: paid.at, updatedAt: deps.clock.now() });
    },
    async releasePresale(tx, order, reason, actor) {
      const row = await presaleLifecycle.presaleOf(tx, order);
      await money.releaseHeld(tx, order, row.campaignId, reason, actor);
    },
    cancelPresaleByBuyer: presaleLifecycle.cancelPresaleByBuyer,
    async depositDue(tx, order) {
      return (await presaleLifecycle.presaleOf(tx, order)).depositAmount;
    },
    async balanceDue(tx, order) {
      const row = await presaleLifecycle.presaleOf(tx, order);
      const campaign = await deps.presale.campaignForOrder(tx, row.campaignId);
      if (!campaign) throw new AppError('PRESALE_BALANCE_CLOSED');
      const refused = balancePayable({ ...campaign, settled: campaign.settlementOutcome === 'succeeded' }, deps.clock.now());
      if (refused) throw refused;
      return { amount: row.balanceAmount, expiresAt: campaign.balanceEndsAt! };
    },
  };
  const lifecycle = createLifecycleUseCases(deps, effects, hooks);
  const checkout = createCheckoutUseCases(deps, effects, lifecycle);
  const paying = createPaymentUseCases(deps, effects, lifecycle, presaleLifecycle);
  const staff = createStaffUseCases(deps, effects, money, presaleLifecycle);
  const afterSales = createAfterSalesUseCases(deps, effects, money);
  const queries = createOrderQueries(deps);
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
    getOrderForAfterSales: afterSales.getOrderForAfterSales,
    recordLineRefund: afterSales.recordLineRefund,
    // Presale sweepers and jobs.
    forfeitLapsedBalances: presaleLifecycle.forfeitLapsedBalances,
    settlePresaleCampaigns: presaleLifecycle.settleCampaigns,
    registerPresaleJobs: presaleLifecycle.registerJobs,
    ...queries,
  };
}

export type OrderService = ReturnType<typeof createOrderService>;
