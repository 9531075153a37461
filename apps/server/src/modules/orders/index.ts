// What other modules may use of orders.
export { orders, orderLines, orderEvents, shipments, shipmentLines, ORDER_STATUSES, type OrderStatus, type AddressSnapshot } from './orders.tables.ts';
export { ORDER_TRANSITIONS, assertTransition, canTransition } from './orders.rules.ts';
export { createOrderService, type OrderService, type OrderDeps } from './orders.service.ts';
export { createOrderEventFeed, type OrderEventFeed, type OrderEventMessage, type OrderEventHandler } from './orders-event-feed.ts';
export type { AfterSalesOrderView, RecordLineRefundInput } from './orders-aftersales.service.ts';
export type { OrderPaymentEvent } from './orders.ports.ts';
export { orderRoutes } from './orders.routes.ts';
export { orderAdminRoutes } from './orders-admin.routes.ts';
export { createPresaleReportService, type PresaleReportService } from './orders-presale-report.service.ts';
export { presaleReportRoutes } from './orders-presale-report.routes.ts';
