// What other modules may use of orders.
export { orders, orderLines, orderEvents, shipments, shipmentLines, ORDER_STATUSES, type OrderStatus, type AddressSnapshot } from './orders.tables.ts';
export { ORDER_TRANSITIONS, assertTransition, canTransition } from './orders.rules.ts';
