// Queries of the presale module; decides nothing.
import { and, asc, count, desc, eq, gt, ilike, inArray, isNull, lt, lte, ne, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { PresaleCampaignListQuery, PresaleStatus } from '@mall/contract';
import type { DbOrTx } from '../../platform/db.ts';
import { productImages, products, skus } from '../catalog/index.ts';
import { presaleBuyerUnits, presaleCampaigns, presaleItems, presaleShipDateChanges } from './presale.tables.ts';
import { orderLines, orders, presaleOrders } from '../orders/orders.tables.ts';
import { containsPattern } from '../../platform/like.ts';

export type CampaignRow = typeof presaleCampaigns.$inferSelect;
export type NewCampaignRow = typeof presaleCampaigns.$inferInsert;
export type ItemRow = typeof presaleItems.$inferSelect;
export type NewItemRow = typeof presaleItems.$inferInsert;
export type ShipChangeRow = typeof presaleShipDateChanges.$inferSelect;

const PRESALE_SKU_LOCK_SPACE = 4242301;

/** A point in time as a SQL value (raw SQL fragments do not know the column's type). */
const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/**
 * Serialises campaign writers per SKU until the transaction ends, so the overlap check and the
 * insert that follows it cannot interleave with another campaign's for the same SKU. Locks are
 * taken in ascending SKU order, so two writers never wait on each other in a cycle.
 */
export async function lockSkus(tx: DbOrTx, skuIds: readonly number[]): Promise<void> {
  for (const skuId of [...new Set(skuIds)].sort((a, b) => a - b)) {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${PRESALE_SKU_LOCK_SPACE}::int, ${skuId}::int)`);
  }
}

/** The moment a campaign stops taking orders: its end, or an earlier early end. */
export const effectiveEndSql = sql`least(${presaleCampaigns.endsAt}, coalesce(${presaleCampaigns.endedEarlyAt}, ${presaleCampaigns.endsAt}))`;

/** Items of other campaigns for these SKUs whose order window overlaps [startsAt, endsAt). */
export function overlappingItems(db: DbOrTx, input: { skuIds: readonly number[]; startsAt: Date; endsAt: Date; exceptCampaignId?: number }) {
  if (input.skuIds.length === 0) return Promise.resolve([]);
  return db
    .select({ skuId: presaleItems.skuId, campaignId: presaleCampaigns.id, campaignName: presaleCampaigns.name })
    .from(presaleItems)
    .innerJoin(presaleCampaigns, eq(presaleCampaigns.id, presaleItems.campaignId))
    .where(
      and(
        inArray(presaleItems.skuId, [...input.skuIds]),
        input.exceptCampaignId === undefined ? undefined : ne(presaleCampaigns.id, input.exceptCampaignId),
        lt(presaleCampaigns.startsAt, input.endsAt),
        sql`${effectiveEndSql} > ${at(input.startsAt)}`,
      ),
    )
    .orderBy(asc(presaleItems.skuId));
}

/** The SKUs with their product, as a campaign's validation needs them (shelf state ignored). */
export function skusWithProducts(db: DbOrTx, skuIds: readonly number[]) {
  if (skuIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      skuId: skus.id,
      productId: products.id,
      title: products.title,
      kind: products.kind,
      source: products.source,
      price: skus.priceAmount,
      active: skus.active,
    })
    .from(skus)
    .innerJoin(products, eq(products.id, skus.productId))
    .where(inArray(skus.id, [...skuIds]));
}

export async function insertCampaign(tx: DbOrTx, values: NewCampaignRow): Promise<CampaignRow> {
  const [row] = await tx.insert(presaleCampaigns).values(values).returning();
  return row!;
}

export async function updateCampaign(tx: DbOrTx, id: number, values: Partial<NewCampaignRow>): Promise<CampaignRow> {
  const [row] = await tx.update(presaleCampaigns).set(values).where(eq(presaleCampaigns.id, id)).returning();
  return row!;
}

export async function findCampaign(db: DbOrTx, id: number, lock = false): Promise<CampaignRow | undefined> {
  const query = db.select().from(presaleCampaigns).where(eq(presaleCampaigns.id, id));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

export async function insertItems(tx: DbOrTx, values: NewItemRow[]): Promise<ItemRow[]> {
  if (values.length === 0) return [];
  return tx.insert(presaleItems).values(values).returning();
}

export function itemsOf(db: DbOrTx, campaignIds: readonly number[], lock = false) {
  if (campaignIds.length === 0) return Promise.resolve([] as ItemRow[]);
  const query = db.select().from(presaleItems).where(inArray(presaleItems.campaignId, [...campaignIds])).orderBy(asc(presaleItems.id));
  return lock ? query.for('update') : query;
}

export async function updateItem(tx: DbOrTx, id: number, values: Partial<NewItemRow>): Promise<ItemRow> {
  const [row] = await tx.update(presaleItems).set(values).where(eq(presaleItems.id, id)).returning();
  return row!;
}

/** Sets a quota unless units already held exceed it; undefined when refused. */
export async function setQuotaGuarded(tx: DbOrTx, id: number, quota: number, now: Date): Promise<ItemRow | undefined> {
  const [row] = await tx
    .update(presaleItems)
    .set({ quota, updatedAt: now })
    .where(and(eq(presaleItems.id, id), lte(presaleItems.soldUnits, quota)))
    .returning();
  return row;
}

export async function deleteItems(tx: DbOrTx, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.delete(presaleBuyerUnits).where(inArray(presaleBuyerUnits.itemId, [...ids]));
  await tx.delete(presaleItems).where(inArray(presaleItems.id, [...ids]));
}

/** Display data of the items' SKUs and products, shelf state ignored. */
export function itemDisplay(db: DbOrTx, skuIds: readonly number[]) {
  if (skuIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      skuId: skus.id,
      productId: products.id,
      title: products.title,
      onShelf: products.onShelf,
      specValues: skus.specValues,
      regularPrice: skus.priceAmount,
      imageUrl: sql<string | null>`(SELECT pi.url FROM ${productImages} pi WHERE pi.product_id = ${products.id} ORDER BY pi.sort_order, pi.id LIMIT 1)`,
    })
    .from(skus)
    .innerJoin(products, eq(products.id, skus.productId))
    .where(inArray(skus.id, [...skuIds]));
}

/** The SQL condition of a status at `now`. */
export function statusCondition(status: PresaleStatus, now: Date): SQL {
  if (status === 'upcoming') return and(gt(presaleCampaigns.startsAt, now), sql`${effectiveEndSql} > ${at(now)}`)!;
  if (status === 'active') return and(lte(presaleCampaigns.startsAt, now), sql`${effectiveEndSql} > ${at(now)}`)!;
  return sql`${effectiveEndSql} <= ${at(now)}`;
}

export async function listCampaigns(db: DbOrTx, query: PresaleCampaignListQuery, now: Date) {
  const where = and(
    query.status ? statusCondition(query.status, now) : undefined,
    query.type ? eq(presaleCampaigns.type, query.type) : undefined,
    query.q ? ilike(presaleCampaigns.name, containsPattern(query.q)) : undefined,
  );
  const [items, [total]] = await Promise.all([
    db
      .select()
      .from(presaleCampaigns)
      .where(where)
      .orderBy(desc(presaleCampaigns.startsAt), desc(presaleCampaigns.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ n: count() }).from(presaleCampaigns).where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}

/** Active and upcoming campaigns, active first (closing soonest), then upcoming (opening soonest). */
export async function listOpenCampaigns(db: DbOrTx, page: { page: number; pageSize: number }, now: Date) {
  const where = sql`${effectiveEndSql} > ${at(now)}`;
  const [items, [total]] = await Promise.all([
    db
      .select()
      .from(presaleCampaigns)
      .where(where)
      .orderBy(sql`(${presaleCampaigns.startsAt} > ${at(now)})`, sql`CASE WHEN ${presaleCampaigns.startsAt} > ${at(now)} THEN ${presaleCampaigns.startsAt} ELSE ${presaleCampaigns.endsAt} END`, asc(presaleCampaigns.id))
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize),
    db.select({ n: count() }).from(presaleCampaigns).where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}

/** The open (active or upcoming) campaigns holding any SKU of this product, soonest first. */
export function openCampaignsOfProduct(db: DbOrTx, productId: number, now: Date) {
  return db
    .selectDistinct({ campaign: presaleCampaigns })
    .from(presaleCampaigns)
    .innerJoin(presaleItems, eq(presaleItems.campaignId, presaleCampaigns.id))
    .where(and(eq(presaleItems.productId, productId), sql`${effectiveEndSql} > ${at(now)}`))
    .orderBy(asc(presaleCampaigns.startsAt), asc(presaleCampaigns.id));
}

/** Campaigns whose order window opens in (from, to], not ended early, with their SKUs. */
export async function campaignsOpeningBetween(db: DbOrTx, from: Date, to: Date) {
  const rows = await db
    .select()
    .from(presaleCampaigns)
    .where(and(gt(presaleCampaigns.startsAt, from), lte(presaleCampaigns.startsAt, to), or(isNull(presaleCampaigns.endedEarlyAt), gt(presaleCampaigns.endedEarlyAt, presaleCampaigns.startsAt))))
    .orderBy(asc(presaleCampaigns.startsAt), asc(presaleCampaigns.id));
  const items = await itemsOf(db, rows.map((r) => r.id));
  return rows.map((c) => ({
    id: c.id,
    name: c.name,
    type: c.type,
    startsAt: c.startsAt,
    endsAt: c.endsAt,
    items: items.filter((i) => i.campaignId === c.id).map((i) => ({ itemId: i.id, productId: i.productId, skuId: i.skuId })),
  }));
}

export function shipChangesOf(db: DbOrTx, campaignId: number): Promise<ShipChangeRow[]> {
  return db.select().from(presaleShipDateChanges).where(eq(presaleShipDateChanges.campaignId, campaignId)).orderBy(asc(presaleShipDateChanges.id));
}

export async function insertShipChange(tx: DbOrTx, values: typeof presaleShipDateChanges.$inferInsert): Promise<ShipChangeRow> {
  const [row] = await tx.insert(presaleShipDateChanges).values(values).returning();
  return row!;
}

/** One campaign whose order window has ended and whose end action has not run, locked; skips rows others hold. */
export async function claimEndDue(tx: DbOrTx, now: Date, exceptIds: readonly number[] = []): Promise<CampaignRow | undefined> {
  const [row] = await tx
    .select()
    .from(presaleCampaigns)
    .where(
      and(
        isNull(presaleCampaigns.endActionAppliedAt),
        sql`${effectiveEndSql} <= ${at(now)}`,
        exceptIds.length > 0 ? notInArray(presaleCampaigns.id, [...exceptIds]) : undefined,
      ),
    )
    .orderBy(asc(presaleCampaigns.endsAt), asc(presaleCampaigns.id))
    .limit(1)
    .for('update', { skipLocked: true });
  return row;
}

/**
 * Units per campaign in presale orders whose first payment is paid and that are not cancelled or
 * closed: the deposits that count towards a price tier. Reads the orders tables (read only).
 */
export async function depositsPaidUnits(db: DbOrTx, campaignIds: readonly number[]): Promise<Map<number, number>> {
  if (campaignIds.length === 0) return new Map();
  const rows = await db
    .select({ campaignId: presaleOrders.campaignId, units: sql<string>`coalesce(sum(${orderLines.quantity}), 0)` })
    .from(presaleOrders)
    .innerJoin(orders, eq(orders.id, presaleOrders.orderId))
    .innerJoin(orderLines, eq(orderLines.orderId, orders.id))
    .where(
      and(
        inArray(presaleOrders.campaignId, [...campaignIds]),
        notInArray(orders.status, ['awaiting_deposit', 'awaiting_payment', 'cancelled', 'closed']),
        sql`${orderLines.presaleItemId} IS NOT NULL`,
      ),
    )
    .groupBy(presaleOrders.campaignId);
  return new Map(rows.map((r) => [r.campaignId, Number(r.units)]));
}
