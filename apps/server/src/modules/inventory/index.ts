// What other modules may use of the inventory.
export { createInventoryService, type InventoryService } from './inventory.service.ts';
