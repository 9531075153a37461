import type { DemoCategory, DemoProduct } from './catalog-demo-kit.ts';
import { FIGURE_PRODUCTS } from './catalog-demo-figures.ts';
import { APPLIANCE_PRODUCTS } from './catalog-demo-appliances.ts';

export type { DemoCategory, DemoProduct } from './catalog-demo-kit.ts';

/**
 * The demo catalogue: a collectible-figure shop and a home-appliance shop in one mall.
 * Prices in fen. Loaded by seedDemoCatalog (catalog-seed.ts) into an empty catalogue.
 */

export const DEMO_CATEGORIES: DemoCategory[] = [
  { path: ['手办'], nameEn: 'Figures', sortOrder: 100 },
  { path: ['手办', '比例手办'], nameEn: 'Scale figures', sortOrder: 20 },
  { path: ['手办', 'Q版手办'], nameEn: 'Chibi figures', sortOrder: 10 },
  { path: ['盲盒'], nameEn: 'Blind boxes', sortOrder: 90 },
  { path: ['景品'], nameEn: 'Prize figures', sortOrder: 80 },
  { path: ['模型'], nameEn: 'Model kits', sortOrder: 70 },
  { path: ['电视'], nameEn: 'TVs', sortOrder: 60 },
  { path: ['冰箱'], nameEn: 'Fridges', sortOrder: 50 },
  { path: ['洗衣机'], nameEn: 'Washing machines', sortOrder: 40 },
  { path: ['空调'], nameEn: 'Air conditioners', sortOrder: 30 },
  { path: ['厨房电器'], nameEn: 'Kitchen appliances', sortOrder: 20 },
  { path: ['延保服务'], nameEn: 'Extended warranty', sortOrder: 10 },
];

export const DEMO_PRODUCTS: DemoProduct[] = [...FIGURE_PRODUCTS, ...APPLIANCE_PRODUCTS];
