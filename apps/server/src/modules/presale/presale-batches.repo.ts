// Queries of 分批发货 batches; decides nothing.
import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { PresaleBatchView } from '@mall/contract';
import type { DbOrTx } from '../../platform/db.ts';
import { presaleBatches } from './presale.tables.ts';

export type BatchRow = typeof presaleBatches.$inferSelect;

export function batchesOf(db: DbOrTx, campaignIds: readonly number[]): Promise<BatchRow[]> {
  if (campaignIds.length === 0) return Promise.resolve([]);
  return db.select().from(presaleBatches).where(inArray(presaleBatches.campaignId, [...campaignIds])).orderBy(asc(presaleBatches.campaignId), asc(presaleBatches.seq));
}

/** The campaign's batches, locked in seq order (every writer locks them in that order). */
export function lockBatches(tx: DbOrTx, campaignId: number): Promise<BatchRow[]> {
  return tx.select().from(presaleBatches).where(eq(presaleBatches.campaignId, campaignId)).orderBy(asc(presaleBatches.seq)).for('update');
}

export async function findBatch(db: DbOrTx, id: number): Promise<BatchRow | undefined> {
  const [row] = await db.select().from(presaleBatches).where(eq(presaleBatches.id, id));
  return row;
}

export async function replaceBatches(tx: DbOrTx, campaignId: number, rows: Omit<typeof presaleBatches.$inferInsert, 'campaignId'>[]): Promise<void> {
  await tx.delete(presaleBatches).where(eq(presaleBatches.campaignId, campaignId));
  if (rows.length > 0) await tx.insert(presaleBatches).values(rows.map((r) => ({ ...r, campaignId })));
}

export async function updateBatch(tx: DbOrTx, id: number, values: Partial<typeof presaleBatches.$inferInsert>): Promise<void> {
  await tx.update(presaleBatches).set(values).where(eq(presaleBatches.id, id));
}

export async function addAssigned(tx: DbOrTx, id: number, delta: number, now: Date): Promise<void> {
  await tx
    .update(presaleBatches)
    .set({ assignedUnits: sql`greatest(${presaleBatches.assignedUnits} + ${delta}, 0)`, updatedAt: now })
    .where(eq(presaleBatches.id, id));
}

export const batchView = (b: BatchRow): PresaleBatchView => ({
  seq: b.seq,
  units: b.units,
  assignedUnits: b.assignedUnits,
  balanceStartsAt: b.balanceStartsAt,
  balanceEndsAt: b.balanceEndsAt,
  shipDate: b.shipDate,
});

export async function batchViewsByCampaign(db: DbOrTx, campaignIds: readonly number[]): Promise<Map<number, PresaleBatchView[]>> {
  const byCampaign = new Map<number, PresaleBatchView[]>();
  for (const row of await batchesOf(db, campaignIds)) {
    const list = byCampaign.get(row.campaignId) ?? [];
    list.push(batchView(row));
    byCampaign.set(row.campaignId, list);
  }
  return byCampaign;
}
