// Queries of full-reduction and discount promotions. Decides nothing.
import { and, count, desc, eq, gt, ilike, lte, type SQL } from 'drizzle-orm';
import type { PageQuery } from '@mall/contract';
import type { DbOrTx } from '../../platform/db.ts';
import { promotions } from './promotions.tables.ts';
import type { PromotionState } from './promotions.rules.ts';
import { containsPattern } from '../../platform/like.ts';

export type PromotionRecord = typeof promotions.$inferSelect;
export type NewPromotion = typeof promotions.$inferInsert;

export async function findPromotion(db: DbOrTx, id: number, lock = false): Promise<PromotionRecord | undefined> {
  const query = db.select().from(promotions).where(eq(promotions.id, id));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

export async function insertPromotion(db: DbOrTx, values: NewPromotion): Promise<PromotionRecord> {
  const [row] = await db.insert(promotions).values(values).returning();
  return row!;
}

export async function updatePromotion(db: DbOrTx, id: number, values: Partial<NewPromotion>): Promise<PromotionRecord> {
  const [row] = await db.update(promotions).set(values).where(eq(promotions.id, id)).returning();
  return row!;
}

export async function deletePromotion(db: DbOrTx, id: number): Promise<PromotionRecord | undefined> {
  const [row] = await db.delete(promotions).where(eq(promotions.id, id)).returning();
  return row;
}

function stateCondition(state: PromotionState, now: Date): SQL | undefined {
  if (state === 'inactive') return eq(promotions.active, false);
  if (state === 'scheduled') return and(eq(promotions.active, true), gt(promotions.startsAt, now));
  if (state === 'running') return and(eq(promotions.active, true), lte(promotions.startsAt, now), gt(promotions.endsAt, now));
  return and(eq(promotions.active, true), lte(promotions.endsAt, now));
}

export async function listPromotions(db: DbOrTx, query: PageQuery & { q?: string; state?: PromotionState }, now: Date) {
  const where = and(
    query.q ? ilike(promotions.name, containsPattern(query.q)) : undefined,
    query.state ? stateCondition(query.state, now) : undefined,
  );
  const [items, [totals]] = await Promise.all([
    db
      .select()
      .from(promotions)
      .where(where)
      .orderBy(desc(promotions.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ total: count() }).from(promotions).where(where),
  ]);
  return { items, total: totals?.total ?? 0 };
}

/** Promotions running at `now`, oldest first (a stable order for pricing). */
export async function listRunningPromotions(db: DbOrTx, now: Date): Promise<PromotionRecord[]> {
  return db
    .select()
    .from(promotions)
    .where(stateCondition('running', now))
    .orderBy(promotions.id)
    .limit(200);
}
