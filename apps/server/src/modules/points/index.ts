// What other modules may use of points.
export { createPointsService, type PointsService, type PointsMultiplierPort } from './points.service.ts';
export { pointsRoutes } from './points.routes.ts';
export { pointsEarned } from './points.rules.ts';
export { pointsAccounts } from './points.tables.ts';
