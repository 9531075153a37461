// The orders module's use cases, wired together. One call = one transaction, or the caller's.
import { createOrderEffects, type OrderDeps } from './orders-effects.ts';
import { createCheckoutUseCases } from './orders-checkout.service.ts';
import { createLifecycleUseCases } from './orders-lifecycle.service.ts';
import { createPaymentUseCases } from './orders-payment.service.ts';
import { createStaffUseCases } from './orders-staff.service.ts';
import { createAfterSalesUseCases } from './orders-aftersales.service.ts';
import { createOrderQueries } from './orders-queries.service.ts';

export type { OrderDeps } from './orders-effects.ts';

export function createOrderService(deps: OrderDeps) {
  const effects = createOrderEffects(deps);
  const lifecycle = createLifecycleUseCases(deps, effects);
  const checkout = createCheckoutUseCases(deps, effects, lifecycle);
  const paying = createPaymentUseCases(deps, effects, lifecycle);
  const staff = createStaffUseCases(deps, effects);
  const afterSales = createAfterSalesUseCases(deps, effects);
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
    ...queries,
  };
}

export type OrderService = ReturnType<typeof createOrderService>;
