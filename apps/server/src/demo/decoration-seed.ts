import { asc, desc, eq } from 'drizzle-orm';
import { decorationPageBody, type DecorationBlock } from '@mall/contract';
import type { Db } from '../platform/db.ts';
import { products } from '../modules/catalog/index.ts';
import type { PresaleService } from '../modules/presale/index.ts';
import type { DecorationService } from '../modules/decoration/index.ts';
import { demoOwnerContext } from './demo-owner.ts';

/**
 * The demo shop's published home page: a banner of the live presales, a presale block with its
 * countdown, a notice and a product grid, saved and published through the decoration service.
 * Only when the home page was never published (so a merchant's own page is never replaced).
 */
export async function seedDemoDecoration(deps: { db: Db; presale: PresaleService; decoration: DecorationService }): Promise<boolean> {
  const { db, presale, decoration } = deps;
  const pages = await decoration.listPages();
  const home = pages.items.find((p) => p.kind === 'home');
  if (!home || home.publishedAt || home.revision > 1) return false;
  const ctx = await demoOwnerContext(db);
  if (!ctx) return false;
  const zone = await presale.presaleZone({ page: 1, pageSize: 5 });
  const picks = await db
    .select({ id: products.id })
    .from(products)
    .where(eq(products.onShelf, true))
    .orderBy(desc(products.sortOrder), asc(products.id))
    .limit(6);
  if (!zone.items.length && !picks.length) return false;

  const banners = zone.items.flatMap((c) => {
    const url = c.items.find((i) => i.imageUrl?.startsWith('/uploads/'))?.imageUrl;
    return url ? [{ url, link: { type: 'presale' as const, id: c.id } }] : [];
  });
  const blocks: DecorationBlock[] = [];
  if (banners.length) blocks.push({ type: 'banner', key: 'banner', autoplay: true, images: banners });
  blocks.push({ type: 'notice', key: 'notice', text: '限定手办定金预售进行中，定金膨胀、阶梯优惠，先到先得！', link: null });
  if (zone.items.length) blocks.push({ type: 'presale', key: 'presale', title: '预售专区', countdown: true, source: { kind: 'live', limit: 3 } });
  if (picks.length) blocks.push({ type: 'productGrid', key: 'picks', title: '为你推荐', columns: 2, source: { kind: 'products', productIds: picks.map((p) => p.id) } });

  const body = decorationPageBody.parse({ title: '首页', shareTitle: '预售好物，先人一步', blocks });
  const saved = await decoration.saveDraft(ctx, home.id, { revision: home.revision, body });
  await decoration.publish(ctx, home.id, saved.page.revision);
  return true;
}
