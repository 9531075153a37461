import type { BuiltApp } from '../app.ts';
import { seedDemoCatalog } from './catalog-seed.ts';
import { seedDemoMarketing } from './marketing-seed.ts';
import { seedDemoPresale } from './presale-seed.ts';
import { seedDemoPreorders } from './preorder-seed.ts';
import { seedDemoSupport } from './support-seed.ts';
import { seedDemoShipping } from './shipping-seed.ts';
import { seedDemoInstallation } from './installation-seed.ts';
import { seedDemoMembers } from './members-seed.ts';
import { seedDemoDecoration } from './decoration-seed.ts';

export const DEMO_OWNER_USERNAME = 'owner';

/**
 * Loads the demo shop into an empty database: the owner account (only when there is no staff
 * at all) and the demo catalogue with stock and pictures (only when there are no products).
 * Safe to run at every start and from several instances at once.
 */
export async function seedDemo(built: Pick<BuiltApp, 'db' | 'clock' | 'services' | 'storage'>, options: { ownerPassword?: string; print?: boolean } = {}) {
  const { db, clock, services, storage } = built;
  const ownerPassword = options.ownerPassword ?? 'demo-owner-2026';
  const ownerCreated = await db.transaction((tx) =>
    services.accounts.ensureOwner(tx, { username: DEMO_OWNER_USERNAME, password: ownerPassword, displayName: '店主 (演示)' }),
  );
  const catalog = await seedDemoCatalog({ db, catalog: services.catalog, storage });
  const marketing = await seedDemoMarketing({ db, clock, promotions: services.promotions });
  const presale = await seedDemoPresale({ db, clock, presale: services.presale });
  const preorders = await seedDemoPreorders({ db, clock, catalog: services.catalog, preorders: services.preorders, storage });
  const support = await seedDemoSupport({ db, support: services.support });
  const shipping = await seedDemoShipping({ db, shipping: services.shipping, settings: services.settings });
  await seedDemoInstallation({ db, installation: services.installation });
  await seedDemoMembers({ db, now: clock.now() });
  await seedDemoDecoration({ db, presale: services.presale, decoration: services.decoration });
  if (options.print !== false) {
    const lines = [
      '',
      '  Demo shop ready' + (catalog.seeded ? ` (${catalog.products} products loaded)` : '') + (marketing ? ', with a promotion and coupons' : '') + (presale ? ', and three presale campaigns' : '') + (preorders ? ', a dishwasher on pre-order' : '') + (support ? ', FAQ, a warranty policy and service points' : '') + (shipping ? ', carriers and shipping fee templates' : ''),
      ownerCreated
        ? `  Back-office owner (DEMO ONLY, change it): username "${DEMO_OWNER_USERNAME}", password "${ownerPassword}"`
        : `  Back-office owner: "${DEMO_OWNER_USERNAME}" (already existed; its password is whatever was set)`,
      '',
    ];
    console.log(lines.join('\n'));
  }
  return { ownerCreated, catalog, marketing, presale, preorders, support, shipping };
}
