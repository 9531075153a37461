// Every table, for Drizzle and drizzle-kit. Each module owns its own tables file.
export * from './platform/platform.tables.ts';
export * from './modules/accounts/accounts.tables.ts';
export * from './modules/notifications/notifications.tables.ts';
export * from './modules/catalog/catalog.tables.ts';
export * from './modules/inventory/inventory.tables.ts';
export * from './modules/settings/settings.tables.ts';
export * from './modules/orders/orders.tables.ts';
export * from './modules/cart/cart.tables.ts';
export * from './modules/addresses/addresses.tables.ts';
export * from './modules/payments/payments.tables.ts';
export * from './modules/payments/providers/sandbox.tables.ts';
export * from './modules/promotions/promotions.tables.ts';
export * from './modules/points/points.tables.ts';
export * from './modules/aftersales/aftersales.tables.ts';
export * from './modules/presale/presale.tables.ts';
export * from './modules/demand/demand.tables.ts';
