// What other modules may use of after-sales.
export { createAfterSalesService, type AfterSalesService, type AfterSalesDeps } from './aftersales.service.ts';
export { aftersalesRoutes } from './aftersales.routes.ts';
export { REFUND_REF_TYPE as AFTERSALES_REFUND_REF_TYPE } from './aftersales-refunds.service.ts';
export type { AfterSalesOrder, AfterSalesOrderLine, InventoryPort, OrdersPort, PaymentsPort, RefundablePayment, RefundFailed, RefundSucceeded } from './aftersales.ports.ts';
export { AFTERSALES_TRANSITIONS } from './aftersales.rules.ts';
export { paymentsPortFrom, type PaymentsCoreLike } from './aftersales.adapters.ts';
