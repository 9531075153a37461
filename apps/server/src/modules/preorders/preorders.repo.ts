// Queries of pre-order settings and counters; decides nothing.
import { and, asc, count, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { PreorderStrategy } from '@mall/contract';
import type { DbOrTx } from '../../platform/db.ts';
import { products, skus } from '../catalog/index.ts';
import { preorderCounters, preorderSettings } from './preorders.tables.ts';

export type SettingRow = typeof preorderSettings.$inferSelect;
export type NewSettingRow = typeof preorderSettings.$inferInsert;
export type CounterRow = typeof preorderCounters.$inferSelect;

/** The product's own setting (skuId null) or the SKU's, locked for a change when `lock`. */
export async function findSetting(db: DbOrTx, scope: { productId: number; skuId: number | null }, lock = false): Promise<SettingRow | undefined> {
  const query = db
    .select()
    .from(preorderSettings)
    .where(scope.skuId === null ? and(eq(preorderSettings.productId, scope.productId), isNull(preorderSettings.skuId)) : eq(preorderSettings.skuId, scope.skuId));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

export async function insertSetting(tx: DbOrTx, values: NewSettingRow): Promise<SettingRow> {
  const [row] = await tx.insert(preorderSettings).values(values).returning();
  return row!;
}

export async function updateSetting(tx: DbOrTx, id: number, set: Partial<NewSettingRow>): Promise<SettingRow> {
  const [row] = await tx.update(preorderSettings).set(set).where(eq(preorderSettings.id, id)).returning();
  return row!;
}

export async function deleteSetting(tx: DbOrTx, id: number): Promise<void> {
  await tx.delete(preorderSettings).where(eq(preorderSettings.id, id));
}

/** Every setting of the product: its own (skuId null) and its SKUs'. */
export async function settingsOfProduct(db: DbOrTx, productId: number): Promise<SettingRow[]> {
  return db.select().from(preorderSettings).where(eq(preorderSettings.productId, productId)).orderBy(asc(preorderSettings.id));
}

export async function listSettings(db: DbOrTx, query: { page: number; pageSize: number; strategy?: PreorderStrategy }) {
  const where = query.strategy ? eq(preorderSettings.strategy, query.strategy) : undefined;
  const [items, [total]] = await Promise.all([
    db
      .select()
      .from(preorderSettings)
      .where(where)
      .orderBy(asc(preorderSettings.productId), asc(preorderSettings.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ n: count() }).from(preorderSettings).where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}

/** The SKU and its product as settings need them: id, product, price, spec, product kind and title. */
export async function skuRows(db: DbOrTx, where: { productId: number } | { skuIds: readonly number[] }) {
  if ('skuIds' in where && where.skuIds.length === 0) return [];
  return db
    .select({
      skuId: skus.id,
      productId: skus.productId,
      price: skus.priceAmount,
      specValues: skus.specValues,
      active: skus.active,
      title: products.title,
      kind: products.kind,
      onShelf: products.onShelf,
    })
    .from(skus)
    .innerJoin(products, eq(products.id, skus.productId))
    .where('productId' in where ? eq(skus.productId, where.productId) : inArray(skus.id, [...where.skuIds]))
    .orderBy(asc(skus.id));
}

export async function findProduct(db: DbOrTx, productId: number) {
  const [row] = await db.select({ id: products.id, title: products.title, kind: products.kind, onShelf: products.onShelf }).from(products).where(eq(products.id, productId));
  return row;
}

/** The settings that may apply to these SKUs: their own, and their products'. */
export async function settingsForSkus(db: DbOrTx, rows: readonly { skuId: number; productId: number }[]): Promise<SettingRow[]> {
  if (rows.length === 0) return [];
  const productIds = [...new Set(rows.map((r) => r.productId))];
  return db
    .select()
    .from(preorderSettings)
    .where(
      or(
        inArray(
          preorderSettings.skuId,
          rows.map((r) => r.skuId),
        ),
        and(inArray(preorderSettings.productId, productIds), isNull(preorderSettings.skuId)),
      ),
    );
}

// ---------- counters ----------

export async function countersFor(db: DbOrTx, skuIds: readonly number[]): Promise<Map<number, number>> {
  const result = new Map<number, number>(skuIds.map((id) => [id, 0]));
  if (skuIds.length === 0) return result;
  const rows = await db.select().from(preorderCounters).where(inArray(preorderCounters.skuId, [...skuIds]));
  for (const row of rows) result.set(row.skuId, row.openUnits);
  return result;
}

/**
 * Adds `units` to the SKU's open pre-ordered units, only while the cap allows (one guarded
 * UPDATE: concurrent pre-orders queue on the row and each re-checks the cap). Undefined when the
 * cap would be passed.
 */
export async function addOpenUnits(tx: DbOrTx, skuId: number, units: number, cap: number | null, now: Date): Promise<CounterRow | undefined> {
  await tx.insert(preorderCounters).values({ skuId, openUnits: 0, updatedAt: now }).onConflictDoNothing();
  const [row] = await tx
    .update(preorderCounters)
    .set({ openUnits: sql`${preorderCounters.openUnits} + ${units}`, updatedAt: now })
    .where(and(eq(preorderCounters.skuId, skuId), cap === null ? undefined : sql`${preorderCounters.openUnits} + ${units} <= ${cap}`))
    .returning();
  return row;
}

/** Takes `units` off the SKU's open pre-ordered units (a pre-order filled or cancelled before its fill). */
export async function removeOpenUnits(tx: DbOrTx, skuId: number, units: number, now: Date): Promise<void> {
  await tx
    .update(preorderCounters)
    .set({ openUnits: sql`${preorderCounters.openUnits} - ${units}`, updatedAt: now })
    .where(eq(preorderCounters.skuId, skuId));
}

/**
 * Locks the SKU's counter row for a fill: waits for another fill of the SKU to end, or, with
 * `skipLocked`, gives up at once (another instance is filling it). Undefined when the SKU was
 * never pre-ordered.
 */
export async function lockCounter(tx: DbOrTx, skuId: number, skipLocked: boolean): Promise<CounterRow | undefined> {
  const [row] = await tx
    .select()
    .from(preorderCounters)
    .where(eq(preorderCounters.skuId, skuId))
    .for('update', skipLocked ? { skipLocked: true } : {});
  return row;
}
