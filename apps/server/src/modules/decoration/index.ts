// What other modules may use of store decoration.
export { createDecorationService, type DecorationService } from './decoration.service.ts';
export { decorationRoutes } from './decoration.routes.ts';
export { decorationPages, decorationVersions } from './decoration.tables.ts';
