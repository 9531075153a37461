// Every table, for Drizzle and drizzle-kit. Each module owns its own tables file.
export * from './platform/platform.tables.ts';
export * from './modules/accounts/accounts.tables.ts';
export * from './modules/notifications/notifications.tables.ts';
export * from './modules/catalog/catalog.tables.ts';
export * from './modules/inventory/inventory.tables.ts';
export * from './modules/settings/settings.tables.ts';
export * from './modules/orders/orders.tables.ts';
