// What other modules may use of the catalog.
export { categories, products, productImages, skus } from './catalog.tables.ts';
export { createCatalogService, type CatalogService } from './catalog.service.ts';
export { catalogRoutes } from './catalog.routes.ts';
export { skusForSale, type SkuForSale } from './catalog-sku-reads.ts';
export { addUnitsSold } from './catalog-sales.ts';
export { setShelfFor } from './catalog-shelf.ts';
export { sanitizeDescription, searchTerms } from './catalog.rules.ts';
