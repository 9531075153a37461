// Queries of the inventory tables; decides nothing.
import { and, asc, count, desc, eq, gte, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { MAX_ON_HAND, type InventoryListQuery, type StockLedgerQuery, type StockMovement } from '@mall/contract';
import type { DbOrTx } from '../../platform/db.ts';
import { products, skus } from '../catalog/index.ts';
import { stockLedger, stockLevels, stockReservations, stocktakeLines, stocktakes } from './inventory.tables.ts';
import { containsPattern } from '../../platform/like.ts';

export interface StockRow {
  skuId: number;
  onHand: number;
  reserved: number;
  lowStockThreshold: number;
  lowStockAlerted: boolean;
}

const stockRowColumns = {
  skuId: stockLevels.skuId,
  onHand: stockLevels.onHand,
  reserved: stockLevels.reserved,
  lowStockThreshold: stockLevels.lowStockThreshold,
  lowStockAlerted: stockLevels.lowStockAlerted,
};

/**
 * Moves on_hand and reserved by the given deltas in one guarded statement: the row changes
 * only if afterwards reserved ≤ on_hand ≤ MAX_ON_HAND and reserved ≥ 0 (so a reservation
 * succeeds only while on_hand − reserved ≥ quantity). Returns the new numbers, or undefined
 * when the guard (or a missing row) stopped it. The row stays locked until the transaction ends.
 */
export async function applyStockDelta(
  tx: DbOrTx,
  change: { skuId: number; deltaOnHand: number; deltaReserved: number; now: Date },
): Promise<StockRow | undefined> {
  const onHandAfter = sql`(${stockLevels.onHand}::bigint + ${change.deltaOnHand}::bigint)`;
  const reservedAfter = sql`(${stockLevels.reserved}::bigint + ${change.deltaReserved}::bigint)`;
  const [row] = await tx
    .update(stockLevels)
    .set({
      onHand: sql`${stockLevels.onHand} + ${change.deltaOnHand}::int`,
      reserved: sql`${stockLevels.reserved} + ${change.deltaReserved}::int`,
      updatedAt: change.now,
    })
    .where(
      and(
        eq(stockLevels.skuId, change.skuId),
        sql`${onHandAfter} >= ${reservedAfter}`,
        sql`${reservedAfter} >= 0`,
        sql`${onHandAfter} <= ${MAX_ON_HAND}::bigint`,
      ),
    )
    .returning(stockRowColumns);
  return row;
}

export async function setLowStockFlag(tx: DbOrTx, skuId: number, alerted: boolean): Promise<void> {
  await tx.update(stockLevels).set({ lowStockAlerted: alerted }).where(eq(stockLevels.skuId, skuId));
}

export async function findStock(tx: DbOrTx, skuId: number, lock = false): Promise<StockRow | undefined> {
  const query = tx.select(stockRowColumns).from(stockLevels).where(eq(stockLevels.skuId, skuId));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

export async function updateThreshold(tx: DbOrTx, skuId: number, threshold: number, alerted: boolean, now: Date): Promise<void> {
  await tx.update(stockLevels).set({ lowStockThreshold: threshold, lowStockAlerted: alerted, updatedAt: now }).where(eq(stockLevels.skuId, skuId));
}

export type NewLedgerRow = typeof stockLedger.$inferInsert;

export async function insertLedger(tx: DbOrTx, row: NewLedgerRow): Promise<number> {
  const [inserted] = await tx.insert(stockLedger).values(row).returning({ id: stockLedger.id });
  return inserted!.id;
}

/** Product and spec of a SKU, for messages and notifications. */
export async function findSkuInfo(tx: DbOrTx, skuId: number) {
  const [row] = await tx
    .select({ skuId: skus.id, productId: skus.productId, productTitle: products.title, specValues: skus.specValues, skuCode: skus.skuCode })
    .from(skus)
    .innerJoin(products, eq(products.id, skus.productId))
    .where(eq(skus.id, skuId));
  return row;
}

/** Inserts a held reservation if the SKU has a stock row and the reference holds none of it yet; true if inserted. */
export async function insertReservation(
  tx: DbOrTx,
  row: { skuId: number; refType: string; refId: string; quantity: number; now: Date },
): Promise<boolean> {
  const inserted = await tx
    .insert(stockReservations)
    .select(
      tx
        .select({
          id: sql<number>`nextval(pg_get_serial_sequence('stock_reservations', 'id'))`.as('id'),
          skuId: stockLevels.skuId,
          refType: sql`${row.refType}::text`.as('ref_type'),
          refId: sql`${row.refId}::text`.as('ref_id'),
          quantity: sql`${row.quantity}::int`.as('quantity'),
          status: sql`'held'`.as('status'),
          createdAt: sql`${row.now.toISOString()}::timestamptz`.as('created_at'),
          settledAt: sql`null::timestamptz`.as('settled_at'),
        })
        .from(stockLevels)
        .where(eq(stockLevels.skuId, row.skuId)),
    )
    .onConflictDoNothing()
    .returning({ id: stockReservations.id });
  return inserted.length > 0;
}

export async function findReservation(tx: DbOrTx, refType: string, refId: string, skuId: number) {
  const [row] = await tx
    .select()
    .from(stockReservations)
    .where(and(eq(stockReservations.refType, refType), eq(stockReservations.refId, refId), eq(stockReservations.skuId, skuId)));
  return row;
}

/** The held reservations of a reference (optionally only some SKUs), locked in SKU order. */
export async function lockHeldReservations(tx: DbOrTx, refType: string, refId: string, skuIds?: readonly number[]) {
  return tx
    .select({ id: stockReservations.id, skuId: stockReservations.skuId, quantity: stockReservations.quantity })
    .from(stockReservations)
    .where(
      and(
        eq(stockReservations.refType, refType),
        eq(stockReservations.refId, refId),
        eq(stockReservations.status, 'held'),
        skuIds ? inArray(stockReservations.skuId, [...skuIds]) : undefined,
      ),
    )
    .orderBy(asc(stockReservations.skuId))
    .for('update');
}

export async function settleReservation(tx: DbOrTx, id: number, status: 'released' | 'committed', now: Date): Promise<void> {
  await tx.update(stockReservations).set({ status, settledAt: now }).where(eq(stockReservations.id, id));
}

/** A held reservation gives up `by` units (settled elsewhere) and keeps holding the rest. */
export async function reduceReservation(tx: DbOrTx, id: number, by: number): Promise<void> {
  await tx
    .update(stockReservations)
    .set({ quantity: sql`${stockReservations.quantity} - ${by}` })
    .where(and(eq(stockReservations.id, id), eq(stockReservations.status, 'held')));
}

export async function heldReservationsOf(db: DbOrTx, skuId: number, limit: number) {
  return db
    .select({ refType: stockReservations.refType, refId: stockReservations.refId, quantity: stockReservations.quantity, createdAt: stockReservations.createdAt })
    .from(stockReservations)
    .where(and(eq(stockReservations.skuId, skuId), eq(stockReservations.status, 'held')))
    .orderBy(desc(stockReservations.createdAt), desc(stockReservations.id))
    .limit(limit);
}

// ---- views ----

const stockViewColumns = {
  ...stockRowColumns,
  productId: skus.productId,
  productTitle: products.title,
  productCode: products.code,
  specValues: skus.specValues,
  skuCode: skus.skuCode,
  barcode: skus.barcode,
  active: skus.active,
  updatedAt: stockLevels.updatedAt,
};


function stockFilters(query: Partial<InventoryListQuery>): SQL | undefined {
  const sellable = sql`(${stockLevels.onHand} - ${stockLevels.reserved})`;
  const pattern = query.q ? containsPattern(query.q) : undefined;
  return and(
    pattern
      ? or(ilike(products.title, pattern), ilike(products.code, pattern), ilike(skus.skuCode, pattern), ilike(skus.barcode, pattern))
      : undefined,
    query.lowStock ? sql`${stockLevels.lowStockThreshold} > 0 AND ${sellable} < ${stockLevels.lowStockThreshold}` : undefined,
    query.outOfStock ? sql`${sellable} <= 0` : undefined,
    query.productId ? eq(skus.productId, query.productId) : undefined,
  );
}

export async function listStockViews(db: DbOrTx, query: InventoryListQuery) {
  const where = stockFilters(query);
  const base = () => db.select(stockViewColumns).from(stockLevels).innerJoin(skus, eq(skus.id, stockLevels.skuId)).innerJoin(products, eq(products.id, skus.productId));
  const [items, [totals]] = await Promise.all([
    base()
      .where(where)
      .orderBy(asc(skus.productId), asc(stockLevels.skuId))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ total: count() }).from(stockLevels).innerJoin(skus, eq(skus.id, stockLevels.skuId)).innerJoin(products, eq(products.id, skus.productId)).where(where),
  ]);
  return { items, total: totals?.total ?? 0 };
}

export async function findStockView(db: DbOrTx, skuId: number) {
  const [row] = await db
    .select(stockViewColumns)
    .from(stockLevels)
    .innerJoin(skus, eq(skus.id, stockLevels.skuId))
    .innerJoin(products, eq(products.id, skus.productId))
    .where(eq(stockLevels.skuId, skuId));
  return row;
}

const ledgerColumns = {
  id: stockLedger.id,
  skuId: stockLedger.skuId,
  productTitle: products.title,
  specValues: skus.specValues,
  skuCode: skus.skuCode,
  movement: stockLedger.movement,
  deltaOnHand: stockLedger.deltaOnHand,
  deltaReserved: stockLedger.deltaReserved,
  onHandAfter: stockLedger.onHandAfter,
  reservedAfter: stockLedger.reservedAfter,
  reason: stockLedger.reason,
  note: stockLedger.note,
  refType: stockLedger.refType,
  refId: stockLedger.refId,
  actor: stockLedger.actor,
  createdAt: stockLedger.createdAt,
};

export interface LedgerFilters extends Omit<StockLedgerQuery, 'page' | 'pageSize'> {
  movement?: StockMovement;
  ids?: number[];
}

function ledgerWhere(filters: LedgerFilters): SQL | undefined {
  return and(
    filters.skuId ? eq(stockLedger.skuId, filters.skuId) : undefined,
    filters.movement ? eq(stockLedger.movement, filters.movement) : undefined,
    filters.refType ? eq(stockLedger.refType, filters.refType) : undefined,
    filters.refId ? eq(stockLedger.refId, filters.refId) : undefined,
    filters.from ? gte(stockLedger.createdAt, filters.from) : undefined,
    filters.to ? lt(stockLedger.createdAt, filters.to) : undefined,
    filters.ids ? inArray(stockLedger.id, filters.ids) : undefined,
  );
}

export async function listLedger(db: DbOrTx, filters: LedgerFilters, page: { page: number; pageSize: number }) {
  const where = ledgerWhere(filters);
  const [items, [totals]] = await Promise.all([
    db
      .select(ledgerColumns)
      .from(stockLedger)
      .innerJoin(skus, eq(skus.id, stockLedger.skuId))
      .innerJoin(products, eq(products.id, skus.productId))
      .where(where)
      .orderBy(desc(stockLedger.createdAt), desc(stockLedger.id))
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize),
    db.select({ total: count() }).from(stockLedger).where(where),
  ]);
  return { items, total: totals?.total ?? 0 };
}

// ---- stocktakes ----

export async function insertStocktake(tx: DbOrTx, row: { note: string; actor: string; now: Date }): Promise<number> {
  const [inserted] = await tx.insert(stocktakes).values({ note: row.note, actor: row.actor, createdAt: row.now }).returning({ id: stocktakes.id });
  return inserted!.id;
}

export async function insertStocktakeLines(tx: DbOrTx, rows: (typeof stocktakeLines.$inferInsert)[]): Promise<void> {
  if (rows.length > 0) await tx.insert(stocktakeLines).values(rows);
}

const stocktakeSummaryColumns = {
  id: stocktakes.id,
  note: stocktakes.note,
  actor: stocktakes.actor,
  createdAt: stocktakes.createdAt,
  lineCount: sql<number>`(SELECT count(*)::int FROM ${stocktakeLines} l WHERE l.stocktake_id = "stocktakes"."id")`,
  changedLineCount: sql<number>`(SELECT count(*)::int FROM ${stocktakeLines} l WHERE l.stocktake_id = "stocktakes"."id" AND l.counted_on_hand <> l.expected_on_hand)`,
  netDifference: sql<number>`(SELECT coalesce(sum(l.counted_on_hand - l.expected_on_hand), 0)::int FROM ${stocktakeLines} l WHERE l.stocktake_id = "stocktakes"."id")`,
};

export async function listStocktakes(db: DbOrTx, page: { page: number; pageSize: number }) {
  const [items, [totals]] = await Promise.all([
    db
      .select(stocktakeSummaryColumns)
      .from(stocktakes)
      .orderBy(desc(stocktakes.createdAt), desc(stocktakes.id))
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize),
    db.select({ total: count() }).from(stocktakes),
  ]);
  return { items, total: totals?.total ?? 0 };
}

export async function findStocktake(db: DbOrTx, id: number) {
  const [summary] = await db.select(stocktakeSummaryColumns).from(stocktakes).where(eq(stocktakes.id, id));
  if (!summary) return undefined;
  const lines = await db
    .select({
      skuId: stocktakeLines.skuId,
      productTitle: products.title,
      specValues: skus.specValues,
      skuCode: skus.skuCode,
      expectedOnHand: stocktakeLines.expectedOnHand,
      countedOnHand: stocktakeLines.countedOnHand,
    })
    .from(stocktakeLines)
    .innerJoin(skus, eq(skus.id, stocktakeLines.skuId))
    .innerJoin(products, eq(products.id, skus.productId))
    .where(eq(stocktakeLines.stocktakeId, id))
    .orderBy(asc(stocktakeLines.skuId));
  return { ...summary, lines: lines.map((line) => ({ ...line, difference: line.countedOnHand - line.expectedOnHand })) };
}
