import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../platform/db.ts';
import { products } from '../catalog/index.ts';
import { type RegionFilter } from './support.rules.ts';
import { containsPattern } from '../../platform/like.ts';
import { faqArticles, faqCategories, faqVotes, productWarranties, servicePoints, warrantyPolicies } from './support.tables.ts';

export type FaqCategoryRow = typeof faqCategories.$inferSelect;
export type FaqArticleRow = typeof faqArticles.$inferSelect;
export type WarrantyPolicyRow = typeof warrantyPolicies.$inferSelect;
export type ServicePointRow = typeof servicePoints.$inferSelect;

const like = (column: SQL | AnyPgColumn, term: string) => sql`${column} ILIKE ${containsPattern(term)}`;

// ---------- FAQ categories ----------

export async function listFaqCategories(db: DbOrTx, onlyVisible: boolean) {
  const articleCount = onlyVisible
    ? sql<number>`count(${faqArticles.id}) FILTER (WHERE ${faqArticles.published})`
    : sql<number>`count(${faqArticles.id})`;
  return db
    .select({ category: faqCategories, articleCount: sql<number>`${articleCount}::int` })
    .from(faqCategories)
    .leftJoin(faqArticles, eq(faqArticles.categoryId, faqCategories.id))
    .where(onlyVisible ? eq(faqCategories.visible, true) : undefined)
    .groupBy(faqCategories.id)
    .orderBy(desc(faqCategories.sort), asc(faqCategories.id));
}

export async function findFaqCategory(db: DbOrTx, id: number): Promise<FaqCategoryRow | undefined> {
  const [row] = await db.select().from(faqCategories).where(eq(faqCategories.id, id));
  return row;
}

export async function insertFaqCategory(tx: DbOrTx, values: typeof faqCategories.$inferInsert): Promise<FaqCategoryRow> {
  const [row] = await tx.insert(faqCategories).values(values).returning();
  return row!;
}

export async function updateFaqCategory(tx: DbOrTx, id: number, values: Partial<typeof faqCategories.$inferInsert>): Promise<FaqCategoryRow | undefined> {
  const [row] = await tx.update(faqCategories).set(values).where(eq(faqCategories.id, id)).returning();
  return row;
}

export async function deleteFaqCategory(tx: DbOrTx, id: number): Promise<FaqCategoryRow | undefined> {
  const [row] = await tx.delete(faqCategories).where(eq(faqCategories.id, id)).returning();
  return row;
}

export async function countArticlesIn(db: DbOrTx, categoryId: number): Promise<number> {
  const [row] = await db.select({ n: count() }).from(faqArticles).where(eq(faqArticles.categoryId, categoryId));
  return row?.n ?? 0;
}

// ---------- FAQ articles ----------

const voteCounts = {
  helpfulYes: sql<number>`(SELECT count(*)::int FROM ${faqVotes} WHERE ${faqVotes.articleId} = ${faqArticles.id} AND ${faqVotes.helpful})`,
  helpfulNo: sql<number>`(SELECT count(*)::int FROM ${faqVotes} WHERE ${faqVotes.articleId} = ${faqArticles.id} AND NOT ${faqVotes.helpful})`,
};

export type FaqArticleWithVotes = FaqArticleRow & { helpfulYes: number; helpfulNo: number };

/** Published-only lists are for the shop: their category must be visible too. */
export async function listFaqArticles(db: DbOrTx, filter: { categoryId?: number; shopOnly: boolean }): Promise<FaqArticleWithVotes[]> {
  const rows = await db
    .select({ article: faqArticles, ...voteCounts })
    .from(faqArticles)
    .innerJoin(faqCategories, eq(faqCategories.id, faqArticles.categoryId))
    .where(
      and(
        filter.categoryId === undefined ? undefined : eq(faqArticles.categoryId, filter.categoryId),
        filter.shopOnly ? and(eq(faqArticles.published, true), eq(faqCategories.visible, true)) : undefined,
      ),
    )
    .orderBy(desc(faqArticles.sort), asc(faqArticles.id));
  return rows.map((r) => ({ ...r.article, helpfulYes: r.helpfulYes, helpfulNo: r.helpfulNo }));
}

export async function findFaqArticle(db: DbOrTx, id: number, shopOnly = false) {
  const [row] = await db
    .select({ article: faqArticles, categoryName: faqCategories.name, ...voteCounts })
    .from(faqArticles)
    .innerJoin(faqCategories, eq(faqCategories.id, faqArticles.categoryId))
    .where(and(eq(faqArticles.id, id), shopOnly ? and(eq(faqArticles.published, true), eq(faqCategories.visible, true)) : undefined));
  return row ? { ...row.article, categoryName: row.categoryName, helpfulYes: row.helpfulYes, helpfulNo: row.helpfulNo } : undefined;
}

export async function insertFaqArticle(tx: DbOrTx, values: typeof faqArticles.$inferInsert): Promise<FaqArticleRow> {
  const [row] = await tx.insert(faqArticles).values(values).returning();
  return row!;
}

export async function updateFaqArticle(tx: DbOrTx, id: number, values: Partial<typeof faqArticles.$inferInsert>): Promise<FaqArticleRow | undefined> {
  const [row] = await tx.update(faqArticles).set(values).where(eq(faqArticles.id, id)).returning();
  return row;
}

export async function deleteFaqArticle(tx: DbOrTx, id: number): Promise<FaqArticleRow | undefined> {
  const [row] = await tx.delete(faqArticles).where(eq(faqArticles.id, id)).returning();
  if (row) await tx.delete(faqVotes).where(eq(faqVotes.articleId, id));
  return row;
}

/**
 * Published articles in visible categories whose title or text holds every term; articles with
 * more terms in the title come first, then by the staff's sort.
 */
export async function searchFaqArticles(db: DbOrTx, terms: string[], limit = 50) {
  const titleHits = sql<number>`(${sql.join(
    terms.map((t) => sql`(CASE WHEN ${like(faqArticles.title, t)} THEN 1 ELSE 0 END)`),
    sql` + `,
  )})::int`;
  const rows = await db
    .select({ article: faqArticles, categoryName: faqCategories.name, titleHits, ...voteCounts })
    .from(faqArticles)
    .innerJoin(faqCategories, eq(faqCategories.id, faqArticles.categoryId))
    .where(and(eq(faqArticles.published, true), eq(faqCategories.visible, true), ...terms.map((t) => like(faqArticles.searchText, t))))
    .orderBy(desc(titleHits), desc(faqArticles.sort), asc(faqArticles.id))
    .limit(limit);
  return rows.map((r) => ({ ...r.article, categoryName: r.categoryName, titleHits: r.titleHits, helpfulYes: r.helpfulYes, helpfulNo: r.helpfulNo }));
}

/** Records or changes the shopper's vote; one row per shopper and article. */
export async function upsertVote(tx: DbOrTx, articleId: number, shopperId: number, helpful: boolean, now: Date): Promise<void> {
  await tx
    .insert(faqVotes)
    .values({ articleId, shopperId, helpful, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: [faqVotes.articleId, faqVotes.shopperId], set: { helpful, updatedAt: now } });
}

export async function findVote(db: DbOrTx, articleId: number, shopperId: number): Promise<boolean | undefined> {
  const [row] = await db
    .select({ helpful: faqVotes.helpful })
    .from(faqVotes)
    .where(and(eq(faqVotes.articleId, articleId), eq(faqVotes.shopperId, shopperId)));
  return row?.helpful;
}

// ---------- warranty ----------

export async function listWarrantyPolicies(db: DbOrTx) {
  const rows = await db
    .select({ policy: warrantyPolicies, productCount: sql<number>`count(${productWarranties.productId})::int` })
    .from(warrantyPolicies)
    .leftJoin(productWarranties, eq(productWarranties.policyId, warrantyPolicies.id))
    .groupBy(warrantyPolicies.id)
    .orderBy(asc(warrantyPolicies.id));
  return rows.map((r) => ({ ...r.policy, productCount: r.productCount }));
}

export async function findWarrantyPolicy(db: DbOrTx, id: number): Promise<WarrantyPolicyRow | undefined> {
  const [row] = await db.select().from(warrantyPolicies).where(eq(warrantyPolicies.id, id));
  return row;
}

export async function insertWarrantyPolicy(tx: DbOrTx, values: typeof warrantyPolicies.$inferInsert): Promise<WarrantyPolicyRow> {
  const [row] = await tx.insert(warrantyPolicies).values(values).returning();
  return row!;
}

export async function updateWarrantyPolicy(tx: DbOrTx, id: number, values: Partial<typeof warrantyPolicies.$inferInsert>) {
  const [row] = await tx.update(warrantyPolicies).set(values).where(eq(warrantyPolicies.id, id)).returning();
  return row;
}

export async function deleteWarrantyPolicy(tx: DbOrTx, id: number) {
  const [row] = await tx.delete(warrantyPolicies).where(eq(warrantyPolicies.id, id)).returning();
  return row;
}

export async function countPolicyProducts(db: DbOrTx, policyId: number): Promise<number> {
  const [row] = await db.select({ n: count() }).from(productWarranties).where(eq(productWarranties.policyId, policyId));
  return row?.n ?? 0;
}

export async function existingProductIds(db: DbOrTx, ids: number[]): Promise<number[]> {
  const rows = await db.select({ id: products.id }).from(products).where(inArray(products.id, ids));
  return rows.map((r) => r.id);
}

/** Links each product to the policy, replacing any policy it had. */
export async function attachPolicy(tx: DbOrTx, policyId: number, productIds: number[], now: Date): Promise<void> {
  await tx
    .insert(productWarranties)
    .values(productIds.map((productId) => ({ productId, policyId, createdAt: now })))
    .onConflictDoUpdate({ target: productWarranties.productId, set: { policyId, createdAt: now } });
}

export async function detachProduct(tx: DbOrTx, productId: number) {
  const [row] = await tx.delete(productWarranties).where(eq(productWarranties.productId, productId)).returning();
  return row;
}

export async function policyProducts(db: DbOrTx, policyId: number) {
  return db
    .select({ productId: products.id, title: products.title })
    .from(productWarranties)
    .innerJoin(products, eq(products.id, productWarranties.productId))
    .where(eq(productWarranties.policyId, policyId))
    .orderBy(asc(products.id));
}

export async function warrantyOfProduct(db: DbOrTx, productId: number) {
  const [row] = await db
    .select({ productId: productWarranties.productId, policy: warrantyPolicies })
    .from(productWarranties)
    .innerJoin(warrantyPolicies, eq(warrantyPolicies.id, productWarranties.policyId))
    .innerJoin(products, eq(products.id, productWarranties.productId))
    .where(eq(productWarranties.productId, productId));
  return row;
}

// ---------- service points ----------

export async function listServicePoints(db: DbOrTx, filter: { terms: string[]; province?: string }) {
  return db
    .select()
    .from(servicePoints)
    .where(and(filter.province ? eq(servicePoints.province, filter.province) : undefined, ...filter.terms.map((t) => like(servicePoints.searchText, t))))
    .orderBy(asc(servicePoints.province), asc(servicePoints.city), asc(servicePoints.district), asc(servicePoints.id));
}

/** Active points in the region holding every keyword term. */
export async function findActivePoints(db: DbOrTx, region: RegionFilter | null, terms: string[], limit = 100) {
  return db
    .select()
    .from(servicePoints)
    .where(
      and(
        eq(servicePoints.active, true),
        region ? eq(servicePoints.province, region.province) : undefined,
        region?.city ? eq(servicePoints.city, region.city) : undefined,
        region?.district ? eq(servicePoints.district, region.district) : undefined,
        ...terms.map((t) => like(servicePoints.searchText, t)),
      ),
    )
    .orderBy(asc(servicePoints.city), asc(servicePoints.district), asc(servicePoints.id))
    .limit(limit);
}

export async function findServicePoint(db: DbOrTx, id: number): Promise<ServicePointRow | undefined> {
  const [row] = await db.select().from(servicePoints).where(eq(servicePoints.id, id));
  return row;
}

export async function insertServicePoint(tx: DbOrTx, values: typeof servicePoints.$inferInsert): Promise<ServicePointRow> {
  const [row] = await tx.insert(servicePoints).values(values).returning();
  return row!;
}

export async function updateServicePoint(tx: DbOrTx, id: number, values: Partial<typeof servicePoints.$inferInsert>) {
  const [row] = await tx.update(servicePoints).set(values).where(eq(servicePoints.id, id)).returning();
  return row;
}

export async function deleteServicePoint(tx: DbOrTx, id: number) {
  const [row] = await tx.delete(servicePoints).where(eq(servicePoints.id, id)).returning();
  return row;
}
