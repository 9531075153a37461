// What other modules may use of the catalog.
export { categories, products, productImages, skus } from './catalog.tables.ts';
