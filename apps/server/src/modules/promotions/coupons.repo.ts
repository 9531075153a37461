// Queries of coupon templates and held coupons. Decides nothing.
import { and, asc, count, desc, eq, gt, ilike, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { CouponStatus, PageQuery } from '@mall/contract';
import type { DbOrTx } from '../../platform/db.ts';
import { couponTemplates, shopperCoupons } from './promotions.tables.ts';
import { containsPattern } from '../../platform/like.ts';

export type CouponTemplateRow = typeof couponTemplates.$inferSelect;
export type NewCouponTemplate = typeof couponTemplates.$inferInsert;
export type ShopperCouponRow = typeof shopperCoupons.$inferSelect;

const usedCount = sql<number>`(SELECT count(*)::int FROM shopper_coupons sc WHERE sc.template_id = ${couponTemplates.id} AND sc.status = 'used')`;

export async function findTemplate(db: DbOrTx, id: number, lock = false): Promise<CouponTemplateRow | undefined> {
  const query = db.select().from(couponTemplates).where(eq(couponTemplates.id, id));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

export async function usedCountOf(db: DbOrTx, templateId: number): Promise<number> {
  const [row] = await db.select({ n: count() }).from(shopperCoupons).where(and(eq(shopperCoupons.templateId, templateId), eq(shopperCoupons.status, 'used')));
  return row?.n ?? 0;
}

export async function insertTemplate(db: DbOrTx, values: NewCouponTemplate): Promise<CouponTemplateRow> {
  const [row] = await db.insert(couponTemplates).values(values).returning();
  return row!;
}

export async function updateTemplate(db: DbOrTx, id: number, values: Partial<NewCouponTemplate>): Promise<CouponTemplateRow> {
  const [row] = await db.update(couponTemplates).set(values).where(eq(couponTemplates.id, id)).returning();
  return row!;
}

/** Deletes a template nobody holds; false when one was claimed meanwhile. */
export async function deleteUnclaimedTemplate(db: DbOrTx, id: number): Promise<boolean> {
  const rows = await db.delete(couponTemplates).where(and(eq(couponTemplates.id, id), eq(couponTemplates.claimedCount, 0))).returning({ id: couponTemplates.id });
  return rows.length > 0;
}

export async function listTemplates(db: DbOrTx, query: PageQuery & { q?: string; active?: boolean }) {
  const where = and(
    query.q ? ilike(couponTemplates.name, containsPattern(query.q)) : undefined,
    query.active === undefined ? undefined : eq(couponTemplates.active, query.active),
  );
  const [items, [totals]] = await Promise.all([
    db
      .select({ template: couponTemplates, usedCount })
      .from(couponTemplates)
      .where(where)
      .orderBy(desc(couponTemplates.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ total: count() }).from(couponTemplates).where(where),
  ]);
  return { items, total: totals?.total ?? 0 };
}

/** Templates shoppers may claim now: active, public, not run out, fixed windows not ended. */
export async function listClaimableTemplates(db: DbOrTx, now: Date): Promise<CouponTemplateRow[]> {
  return db
    .select()
    .from(couponTemplates)
    .where(
      and(
        eq(couponTemplates.active, true),
        eq(couponTemplates.claimable, true),
        lt(couponTemplates.claimedCount, couponTemplates.totalQuantity),
        or(sql`${couponTemplates.validDays} IS NOT NULL`, gt(couponTemplates.validUntil, now)),
      ),
    )
    .orderBy(desc(couponTemplates.id))
    .limit(100);
}

/** How many of each template the shopper holds (any status). */
export async function heldCounts(db: DbOrTx, shopperId: number, templateIds: number[]): Promise<Map<number, number>> {
  if (templateIds.length === 0) return new Map();
  const rows = await db
    .select({ templateId: shopperCoupons.templateId, n: count() })
    .from(shopperCoupons)
    .where(and(eq(shopperCoupons.shopperId, shopperId), inArray(shopperCoupons.templateId, templateIds)))
    .groupBy(shopperCoupons.templateId);
  return new Map(rows.map((r) => [r.templateId, r.n]));
}

/** Adds `n` to claimed_count if that stays within total_quantity; false otherwise. */
export async function addClaimed(db: DbOrTx, templateId: number, n: number, now: Date): Promise<boolean> {
  const rows = await db
    .update(couponTemplates)
    .set({ claimedCount: sql`${couponTemplates.claimedCount} + ${n}`, updatedAt: now })
    .where(and(eq(couponTemplates.id, templateId), lte(sql`${couponTemplates.claimedCount} + ${n}`, couponTemplates.totalQuantity)))
    .returning({ id: couponTemplates.id });
  return rows.length > 0;
}

export async function insertShopperCoupons(db: DbOrTx, values: (typeof shopperCoupons.$inferInsert)[]): Promise<ShopperCouponRow[]> {
  if (values.length === 0) return [];
  return db.insert(shopperCoupons).values(values).returning();
}

export interface HeldCouponWithTemplate {
  coupon: ShopperCouponRow;
  template: CouponTemplateRow;
}

export async function findHeldCoupon(db: DbOrTx, couponId: number, lock = false): Promise<HeldCouponWithTemplate | undefined> {
  const query = db
    .select({ coupon: shopperCoupons, template: couponTemplates })
    .from(shopperCoupons)
    .innerJoin(couponTemplates, eq(couponTemplates.id, shopperCoupons.templateId))
    .where(eq(shopperCoupons.id, couponId));
  const [row] = lock ? await query.for('update', { of: shopperCoupons }) : await query;
  return row;
}

function statusCondition(status: CouponStatus, now: Date): SQL | undefined {
  if (status === 'used') return eq(shopperCoupons.status, 'used');
  if (status === 'unused') return and(eq(shopperCoupons.status, 'unused'), gt(shopperCoupons.validUntil, now));
  return or(eq(shopperCoupons.status, 'expired'), and(eq(shopperCoupons.status, 'unused'), lte(shopperCoupons.validUntil, now)));
}

export async function listHeldCoupons(db: DbOrTx, shopperId: number, status: CouponStatus, now: Date, page: PageQuery) {
  const where = and(eq(shopperCoupons.shopperId, shopperId), statusCondition(status, now));
  const order = status === 'unused' ? [asc(shopperCoupons.validUntil), asc(shopperCoupons.id)] : [desc(shopperCoupons.id)];
  const [items, [totals]] = await Promise.all([
    db
      .select({ coupon: shopperCoupons, template: couponTemplates })
      .from(shopperCoupons)
      .innerJoin(couponTemplates, eq(couponTemplates.id, shopperCoupons.templateId))
      .where(where)
      .orderBy(...order)
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize),
    db.select({ total: count() }).from(shopperCoupons).where(where),
  ]);
  return { items, total: totals?.total ?? 0 };
}

/** The shopper's coupons usable right now (unused, inside their window). */
export async function listUsableCoupons(db: DbOrTx, shopperId: number, now: Date): Promise<HeldCouponWithTemplate[]> {
  return db
    .select({ coupon: shopperCoupons, template: couponTemplates })
    .from(shopperCoupons)
    .innerJoin(couponTemplates, eq(couponTemplates.id, shopperCoupons.templateId))
    .where(and(eq(shopperCoupons.shopperId, shopperId), eq(shopperCoupons.status, 'unused'), lte(shopperCoupons.validFrom, now), gt(shopperCoupons.validUntil, now)))
    .orderBy(asc(shopperCoupons.validUntil), asc(shopperCoupons.id))
    .limit(200);
}

/** Compare-and-set unused → used for this shopper inside the window; the row, or undefined. */
export async function markUsed(db: DbOrTx, input: { couponId: number; shopperId: number; orderId: number; now: Date }): Promise<ShopperCouponRow | undefined> {
  const [row] = await db
    .update(shopperCoupons)
    .set({ status: 'used', orderId: input.orderId, usedAt: input.now })
    .where(
      and(
        eq(shopperCoupons.id, input.couponId),
        eq(shopperCoupons.shopperId, input.shopperId),
        eq(shopperCoupons.status, 'unused'),
        lte(shopperCoupons.validFrom, input.now),
        gt(shopperCoupons.validUntil, input.now),
      ),
    )
    .returning();
  return row;
}

/** Compare-and-set used (by this order) → unused, or expired when past its window. */
export async function markRestored(db: DbOrTx, input: { couponId: number; orderId: number; now: Date }): Promise<ShopperCouponRow | undefined> {
  const [row] = await db
    .update(shopperCoupons)
    .set({ status: sql`CASE WHEN ${shopperCoupons.validUntil} > ${input.now.toISOString()}::timestamptz THEN 'unused' ELSE 'expired' END`, orderId: null, usedAt: null })
    .where(and(eq(shopperCoupons.id, input.couponId), eq(shopperCoupons.orderId, input.orderId), eq(shopperCoupons.status, 'used')))
    .returning();
  return row;
}
