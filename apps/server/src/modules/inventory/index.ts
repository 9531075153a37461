// What other modules may use of the inventory.
export { createInventoryService, type InventoryService } from './inventory.service.ts';
export { inventoryRoutes } from './inventory.routes.ts';
export { registerInventoryJobs } from './inventory.jobs.ts';
export { LOW_STOCK_TOPIC, BACK_IN_STOCK_TOPIC, type BackInStockPayload, type InventoryActor } from './inventory.movement.ts';
export type { ReserveInput, SettleInput, SettlePartInput, SettledLine } from './inventory.reservations.service.ts';
export type { AdjustInput, AdjustForRefInput } from './inventory.adjustments.service.ts';
