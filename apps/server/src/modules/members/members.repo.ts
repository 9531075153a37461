// Queries of member levels, accounts, the growth ledger and level changes. Decides nothing.
import { and, asc, count, desc, eq, gte, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.ts';
import { shoppers } from '../accounts/index.ts';
import { pointsAccounts } from '../points/index.ts';
import { memberAccounts, memberGrowthLedger, memberLevelChanges, memberLevels } from './members.tables.ts';
import { containsPattern } from '../../platform/like.ts';

export type MemberLevelRow = typeof memberLevels.$inferSelect;
export type MemberAccountRow = typeof memberAccounts.$inferSelect;
export type GrowthRow = typeof memberGrowthLedger.$inferSelect;
export type LevelChangeRow = typeof memberLevelChanges.$inferSelect;

export async function listLevels(db: DbOrTx): Promise<MemberLevelRow[]> {
  return db.select().from(memberLevels).orderBy(asc(memberLevels.growthThreshold));
}

export async function insertLevel(tx: DbOrTx, values: typeof memberLevels.$inferInsert): Promise<MemberLevelRow> {
  const [row] = await tx.insert(memberLevels).values(values).returning();
  return row!;
}

export async function updateLevel(tx: DbOrTx, id: number, values: Partial<typeof memberLevels.$inferInsert>): Promise<MemberLevelRow | undefined> {
  const [row] = await tx.update(memberLevels).set(values).where(eq(memberLevels.id, id)).returning();
  return row;
}

export async function deleteLevel(tx: DbOrTx, id: number): Promise<boolean> {
  const rows = await tx.delete(memberLevels).where(eq(memberLevels.id, id)).returning({ id: memberLevels.id });
  return rows.length > 0;
}

/** Serialises level edits: all levels locked while one is changed, so "base level exists" holds under concurrency. */
export async function lockLevels(tx: DbOrTx): Promise<MemberLevelRow[]> {
  return tx.select().from(memberLevels).orderBy(asc(memberLevels.growthThreshold)).for('update');
}

export async function getAccount(db: DbOrTx, shopperId: number): Promise<MemberAccountRow | undefined> {
  const [row] = await db.select().from(memberAccounts).where(eq(memberAccounts.shopperId, shopperId));
  return row;
}

/** Makes sure the account exists, then locks it: a shopper's growth changes take turns. */
export async function lockAccount(tx: DbOrTx, shopperId: number, now: Date): Promise<MemberAccountRow> {
  await tx.insert(memberAccounts).values({ shopperId, growth: 0, levelId: null, updatedAt: now }).onConflictDoNothing();
  const [row] = await tx.select().from(memberAccounts).where(eq(memberAccounts.shopperId, shopperId)).for('update');
  return row!;
}

export async function updateAccount(tx: DbOrTx, shopperId: number, values: { growth: number; levelId: number | null; updatedAt: Date }): Promise<void> {
  await tx.update(memberAccounts).set(values).where(eq(memberAccounts.shopperId, shopperId));
}

export async function insertGrowth(tx: DbOrTx, values: typeof memberGrowthLedger.$inferInsert): Promise<GrowthRow> {
  const [row] = await tx.insert(memberGrowthLedger).values(values).returning();
  return row!;
}

export async function orderGrowth(db: DbOrTx, orderId: number, reasons: string[]): Promise<GrowthRow[]> {
  return db.select().from(memberGrowthLedger).where(and(eq(memberGrowthLedger.orderId, orderId), inArray(memberGrowthLedger.reason, reasons))).orderBy(asc(memberGrowthLedger.id));
}

export async function listGrowth(db: DbOrTx, shopperId: number, limit: number): Promise<GrowthRow[]> {
  return db.select().from(memberGrowthLedger).where(eq(memberGrowthLedger.shopperId, shopperId)).orderBy(desc(memberGrowthLedger.id)).limit(limit);
}

export async function insertLevelChange(tx: DbOrTx, values: typeof memberLevelChanges.$inferInsert): Promise<LevelChangeRow> {
  const [row] = await tx.insert(memberLevelChanges).values(values).returning();
  return row!;
}

export async function listLevelChanges(db: DbOrTx, shopperId: number, limit: number): Promise<LevelChangeRow[]> {
  return db.select().from(memberLevelChanges).where(eq(memberLevelChanges.shopperId, shopperId)).orderBy(desc(memberLevelChanges.id)).limit(limit);
}

export interface MemberFilter {
  q?: string;
  growth?: { min: number; below: number | null };
  sort: 'growth_desc' | 'joined_desc';
  offset: number;
  limit: number;
}

/** Every shopper is a member (no account row yet = growth 0): shoppers with their growth and points, filtered and paged. */
export async function listMembers(db: DbOrTx, filter: MemberFilter) {
  const growth = sql<number>`coalesce(${memberAccounts.growth}, 0)`.mapWith(Number);
  const conditions: SQL[] = [];
  if (filter.q) {
    const like = containsPattern(filter.q);
    conditions.push(or(ilike(shoppers.nickname, like), ilike(shoppers.phone, like), ilike(shoppers.email, like))!);
  }
  if (filter.growth) {
    conditions.push(gte(growth, filter.growth.min));
    if (filter.growth.below !== null) conditions.push(lt(growth, filter.growth.below));
  }
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const order = filter.sort === 'growth_desc' ? [desc(growth), desc(shoppers.id)] : [desc(shoppers.createdAt), desc(shoppers.id)];
  const rows = await db
    .select({
      shopperId: shoppers.id,
      nickname: shoppers.nickname,
      phone: shoppers.phone,
      email: shoppers.email,
      status: shoppers.status,
      joinedAt: shoppers.createdAt,
      growth,
      pointsBalance: sql<number>`coalesce(${pointsAccounts.balance}, 0)`.mapWith(Number),
    })
    .from(shoppers)
    .leftJoin(memberAccounts, eq(memberAccounts.shopperId, shoppers.id))
    .leftJoin(pointsAccounts, eq(pointsAccounts.shopperId, shoppers.id))
    .where(where)
    .orderBy(...order)
    .limit(filter.limit)
    .offset(filter.offset);
  const [total] = await db.select({ n: count() }).from(shoppers).leftJoin(memberAccounts, eq(memberAccounts.shopperId, shoppers.id)).where(where);
  return { rows, total: total?.n ?? 0 };
}
