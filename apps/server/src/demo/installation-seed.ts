import { count, eq } from 'drizzle-orm';
import type { Db } from '../platform/db.ts';
import { demoOwnerContext } from './demo-owner.ts';
import { categories, products } from '../modules/catalog/index.ts';
import { installationProducts, type InstallationService } from '../modules/installation/index.ts';

/** What the shopper is told on each large appliance's page. */
const NOTES: Record<string, string> = {
  电视: '送货上门，免费挂装（含标准挂架）',
  冰箱: '送货入户，免费摆放调试',
  洗衣机: '送货入户，免费安装（含进排水管）',
  空调: '免费标准安装（含 3 米铜管），超出部分按价目表收费',
};

/** Demo delivery-and-installation: the large appliances come with it. Once, when no product has it yet. */
export async function seedDemoInstallation(deps: { db: Db; installation: InstallationService }): Promise<boolean> {
  const { db, installation } = deps;
  const [existing] = await db.select({ n: count() }).from(installationProducts);
  if ((existing?.n ?? 0) > 0) return false;
  const ctx = await demoOwnerContext(db);
  if (!ctx) return false;
  const rows = await db.select({ id: products.id, category: categories.name }).from(products).innerJoin(categories, eq(categories.id, products.categoryId));
  const appliances = rows.filter((r) => NOTES[r.category] !== undefined);
  for (const product of appliances) await installation.markProduct(ctx, product.id, NOTES[product.category]!);
  return appliances.length > 0;
}
