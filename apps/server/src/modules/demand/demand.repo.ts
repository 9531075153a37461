// Queries of demand_subscriptions. Decides nothing.
import { and, asc, count, desc, eq, inArray, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { DemandMessageKind, DemandTarget } from '@mall/contract';
import type { DbOrTx } from '../../platform/db.ts';
import { shoppers } from '../accounts/index.ts';
import { demandSubscriptions as subs } from './demand.tables.ts';

export type SubscriptionRow = typeof subs.$inferSelect;
export interface TargetRef {
  target: DemandTarget;
  targetId: number;
}
export interface TargetSet {
  campaignIds?: readonly number[];
  productIds?: readonly number[];
  skuIds?: readonly number[];
}

/**
 * Creates the subscription, or returns the existing one. A subscription already notified
 * waits again from now (the next event notifies it); one still waiting is left as it is.
 */
export async function upsertSubscription(tx: DbOrTx, row: TargetRef & { shopperId: number; now: Date }) {
  const [saved] = await tx
    .insert(subs)
    .values({ shopperId: row.shopperId, target: row.target, targetId: row.targetId, subscribedAt: row.now, createdAt: row.now })
    .onConflictDoUpdate({
      target: [subs.shopperId, subs.target, subs.targetId],
      set: {
        subscribedAt: sql`CASE WHEN ${subs.notifiedAt} IS NULL THEN ${subs.subscribedAt} ELSE excluded.subscribed_at END`,
        notifiedAt: sql`NULL`,
        notifiedKind: sql`NULL`,
      },
    })
    .returning({ id: subs.id, inserted: sql<boolean>`(xmax = 0)` });
  return { id: saved!.id, inserted: Boolean(saved!.inserted) };
}

export async function findSubscription(tx: DbOrTx, id: number): Promise<SubscriptionRow | undefined> {
  const [row] = await tx.select().from(subs).where(eq(subs.id, id));
  return row;
}

export async function findShopperSubscription(tx: DbOrTx, shopperId: number, ref: TargetRef): Promise<SubscriptionRow | undefined> {
  const [row] = await tx
    .select()
    .from(subs)
    .where(and(eq(subs.shopperId, shopperId), eq(subs.target, ref.target), eq(subs.targetId, ref.targetId)));
  return row;
}

export async function countWaitingOf(tx: DbOrTx, shopperId: number): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(subs).where(and(eq(subs.shopperId, shopperId), isNull(subs.notifiedAt)));
  return row?.n ?? 0;
}

/** Deletes one of the shopper's subscriptions; false when they have none with that id. */
export async function deleteOwn(tx: DbOrTx, shopperId: number, id: number): Promise<boolean> {
  const rows = await tx
    .delete(subs)
    .where(and(eq(subs.id, id), eq(subs.shopperId, shopperId)))
    .returning({ id: subs.id });
  return rows.length > 0;
}

export async function listOwn(db: DbOrTx, shopperId: number, page: { page: number; pageSize: number }) {
  const where = eq(subs.shopperId, shopperId);
  const items = await db
    .select()
    .from(subs)
    .where(where)
    .orderBy(desc(subs.subscribedAt), desc(subs.id))
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize);
  const [totals] = await db.select({ n: count() }).from(subs).where(where);
  return { items, total: totals?.n ?? 0 };
}

const ofTarget = (ref: TargetRef) => and(eq(subs.target, ref.target), eq(subs.targetId, ref.targetId));

export async function countsForTarget(db: DbOrTx, ref: TargetRef): Promise<{ count: number; waiting: number; notified: number }> {
  const [row] = await db
    .select({ count: count(), waiting: sql<number>`(count(*) FILTER (WHERE ${subs.notifiedAt} IS NULL))::int` })
    .from(subs)
    .where(ofTarget(ref));
  const total = row?.count ?? 0;
  const waiting = Number(row?.waiting ?? 0);
  return { count: total, waiting, notified: total - waiting };
}

/** Subscribers of one target, earliest wait first, with the shopper's nickname. */
export async function listForTarget(db: DbOrTx, ref: TargetRef, query: { status?: 'waiting' | 'notified'; page: number; pageSize: number }) {
  const status = query.status === 'waiting' ? isNull(subs.notifiedAt) : query.status === 'notified' ? isNotNull(subs.notifiedAt) : undefined;
  const where = and(ofTarget(ref), status);
  const items = await db
    .select({
      id: subs.id,
      shopperId: subs.shopperId,
      nickname: shoppers.nickname,
      subscribedAt: subs.subscribedAt,
      notifiedAt: subs.notifiedAt,
      notifiedKind: subs.notifiedKind,
      createdAt: subs.createdAt,
    })
    .from(subs)
    .leftJoin(shoppers, eq(shoppers.id, subs.shopperId))
    .where(where)
    .orderBy(asc(subs.subscribedAt), asc(subs.id))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const [totals] = await db.select({ n: count() }).from(subs).where(where);
  return { items, total: totals?.n ?? 0 };
}

function targetsWhere(set: TargetSet): SQL | undefined {
  const parts: SQL[] = [];
  const add = (target: DemandTarget, ids: readonly number[] | undefined) => {
    if (ids && ids.length > 0) parts.push(and(eq(subs.target, target), inArray(subs.targetId, [...ids]))!);
  };
  add('campaign', set.campaignIds);
  add('product', set.productIds);
  add('sku', set.skuIds);
  return parts.length > 0 ? or(...parts) : undefined;
}

export interface WaitingQuery {
  targets: TargetSet;
  /** Only waits that began before this time (a campaign's opening). */
  subscribedBefore?: Date;
  /** Only these shoppers' subscriptions. */
  shopperIds?: readonly number[];
  /** Keyset paging in waitlist order: only waits after this one. */
  after?: { subscribedAt: Date; id: number };
  limit: number;
  /** Skip rows another transaction holds (sweepers, the waitlist) instead of waiting for them. */
  skipLocked: boolean;
  order: 'id' | 'wait';
}

/** Waiting subscriptions of these targets, locked FOR UPDATE. */
export async function lockWaiting(tx: DbOrTx, query: WaitingQuery): Promise<{ id: number; shopperId: number; target: DemandTarget; targetId: number; subscribedAt: Date }[]> {
  const targets = targetsWhere(query.targets);
  if (!targets) return [];
  return tx
    .select({ id: subs.id, shopperId: subs.shopperId, target: subs.target, targetId: subs.targetId, subscribedAt: subs.subscribedAt })
    .from(subs)
    .where(
      and(
        isNull(subs.notifiedAt),
        targets,
        query.subscribedBefore ? lt(subs.subscribedAt, query.subscribedBefore) : undefined,
        query.shopperIds ? inArray(subs.shopperId, [...query.shopperIds]) : undefined,
        query.after ? sql`(${subs.subscribedAt}, ${subs.id}) > (${query.after.subscribedAt.toISOString()}::timestamptz, ${query.after.id}::int)` : undefined,
      ),
    )
    .orderBy(...(query.order === 'wait' ? [asc(subs.subscribedAt), asc(subs.id)] : [asc(subs.id)]))
    .limit(query.limit)
    .for('update', query.skipLocked ? { skipLocked: true } : undefined);
}

/** Compare-and-set: marks these subscriptions notified if they still wait; returns those it marked. */
export async function markNotified(tx: DbOrTx, ids: readonly number[], kind: DemandMessageKind, now: Date): Promise<{ id: number; shopperId: number; target: DemandTarget; targetId: number }[]> {
  if (ids.length === 0) return [];
  return tx
    .update(subs)
    .set({ notifiedAt: now, notifiedKind: kind })
    .where(and(inArray(subs.id, [...ids]), isNull(subs.notifiedAt)))
    .returning({ id: subs.id, shopperId: subs.shopperId, target: subs.target, targetId: subs.targetId });
}
