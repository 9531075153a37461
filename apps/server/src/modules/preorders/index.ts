// What other modules may use of pre-orders (预订): the settings that apply to a SKU, the counters
// of pre-ordered units with their cap, the fill triggers, the service and the routes.
export { preorderSettings, preorderCounters } from './preorders.tables.ts';
export { createPreorderService, applicableSettings, type PreorderService, type PreorderDeps } from './preorders.service.ts';
export { addOpenUnits, removeOpenUnits, lockCounter, countersFor, type SettingRow } from './preorders.repo.ts';
export { countryAllowed, unitsLeft, preorderableNow } from './preorders.rules.ts';
export { countryOfIp } from './preorders.geo.ts';
export { preorderRoutes } from './preorders.routes.ts';
export { PREORDER_FILL_TOPIC, registerPreorderJobs, fillingPreordersOnArrival, fillingPreordersOnRestock, type PreorderFilling } from './preorders.jobs.ts';
