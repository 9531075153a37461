import { and, asc, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.ts';
import { categories, products } from '../catalog/index.ts';
import { staff } from '../accounts/accounts.tables.ts';
import { decorationPages, decorationVersions } from './decoration.tables.ts';
import type { ProductFacts } from './decoration.rules.ts';

export type PageRow = typeof decorationPages.$inferSelect;
export type NewPageRow = typeof decorationPages.$inferInsert;

export async function listPages(db: DbOrTx) {
  return db
    .select({ page: decorationPages, publishedAt: decorationVersions.publishedAt })
    .from(decorationPages)
    .leftJoin(decorationVersions, eq(decorationVersions.id, decorationPages.publishedVersionId))
    .orderBy(sql`${decorationPages.kind} = 'home' DESC`, asc(decorationPages.id));
}

export async function findPage(db: DbOrTx, id: number, options: { lock?: boolean } = {}) {
  const query = db
    .select({ page: decorationPages, publishedAt: decorationVersions.publishedAt })
    .from(decorationPages)
    .leftJoin(decorationVersions, eq(decorationVersions.id, decorationPages.publishedVersionId))
    .where(eq(decorationPages.id, id));
  const [row] = options.lock ? await query.for('update', { of: decorationPages }) : await query;
  return row;
}

export async function findHomePage(db: DbOrTx): Promise<PageRow | undefined> {
  const [row] = await db.select().from(decorationPages).where(eq(decorationPages.kind, 'home'));
  return row;
}

/** Creates the home page unless one exists (concurrent callers: one row, the rest do nothing). */
export async function insertHomePageIfMissing(db: DbOrTx, row: NewPageRow): Promise<void> {
  await db.insert(decorationPages).values(row).onConflictDoNothing();
}

export async function slugTaken(db: DbOrTx, slug: string): Promise<boolean> {
  const [row] = await db.select({ id: decorationPages.id }).from(decorationPages).where(eq(decorationPages.slug, slug));
  return !!row;
}

export async function insertPage(db: DbOrTx, row: NewPageRow): Promise<PageRow> {
  const [inserted] = await db.insert(decorationPages).values(row).returning();
  return inserted!;
}

/** Saves the draft only when nobody saved since `revision`: the row's revision decides, not a read before. */
export async function saveDraftIfCurrent(db: DbOrTx, id: number, revision: number, patch: Pick<PageRow, 'draftBody' | 'title' | 'draftUpdatedAt' | 'updatedAt'>) {
  const [row] = await db
    .update(decorationPages)
    .set({ ...patch, revision: sql`${decorationPages.revision} + 1` })
    .where(and(eq(decorationPages.id, id), eq(decorationPages.revision, revision)))
    .returning();
  return row;
}

export async function setPublished(db: DbOrTx, id: number, versionId: number, revision: number, now: Date): Promise<void> {
  await db.update(decorationPages).set({ publishedVersionId: versionId, publishedRevision: revision, updatedAt: now }).where(eq(decorationPages.id, id));
}

export async function insertVersion(db: DbOrTx, row: typeof decorationVersions.$inferInsert) {
  const [inserted] = await db.insert(decorationVersions).values(row).returning();
  return inserted!;
}

export async function deletePage(db: DbOrTx, id: number): Promise<PageRow | undefined> {
  // The page points at its version and the versions at the page: unhook first, then both go.
  await db.update(decorationPages).set({ publishedVersionId: null }).where(eq(decorationPages.id, id));
  const [row] = await db.delete(decorationPages).where(eq(decorationPages.id, id)).returning();
  return row;
}

/** One read: the page and its published body together, so a publish in between cannot mix them. */
export async function publishedBy(db: DbOrTx, where: { slug: string } | { home: true }) {
  const [row] = await db
    .select({ id: decorationPages.id, kind: decorationPages.kind, slug: decorationPages.slug, body: decorationVersions.body })
    .from(decorationPages)
    .innerJoin(decorationVersions, eq(decorationVersions.id, decorationPages.publishedVersionId))
    .where('home' in where ? eq(decorationPages.kind, 'home') : eq(decorationPages.slug, where.slug));
  return row;
}

export async function publishedSlugs(db: DbOrTx, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await db
    .select({ id: decorationPages.id, slug: decorationPages.slug })
    .from(decorationPages)
    .where(and(inArray(decorationPages.id, ids), isNotNull(decorationPages.publishedVersionId)));
  return new Map(rows.map((r) => [r.id, r.slug]));
}

const mainImageUrl = sql<string | null>`(SELECT pi.url FROM product_images pi WHERE pi.product_id = products.id ORDER BY pi.sort_order, pi.id LIMIT 1)`;

/** On-shelf products among `ids` (an off-shelf or deleted one is simply absent). */
export async function onShelfProducts(db: DbOrTx, ids: number[]): Promise<ProductFacts[]> {
  if (!ids.length) return [];
  return db
    .select({ id: products.id, title: products.title, minPrice: products.minPriceAmount, maxPrice: products.maxPriceAmount, imageUrl: mainImageUrl })
    .from(products)
    .where(and(inArray(products.id, ids), eq(products.onShelf, true)));
}

export async function existingCategories(db: DbOrTx, ids: number[]): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const rows = await db.select({ id: categories.id }).from(categories).where(inArray(categories.id, ids));
  return new Set(rows.map((r) => r.id));
}

/** A page's published versions, newest first, with who published each. */
export async function listVersions(db: DbOrTx, pageId: number, limit: number) {
  return db
    .select({ version: decorationVersions, publishedBy: staff.displayName })
    .from(decorationVersions)
    .leftJoin(staff, eq(staff.id, decorationVersions.publishedBy))
    .where(eq(decorationVersions.pageId, pageId))
    .orderBy(desc(decorationVersions.id))
    .limit(limit);
}

export async function findVersion(db: DbOrTx, pageId: number, versionId: number) {
  const [row] = await db.select().from(decorationVersions).where(and(eq(decorationVersions.pageId, pageId), eq(decorationVersions.id, versionId)));
  return row;
}
