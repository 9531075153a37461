import { and, asc, count, desc, eq, gte, inArray, lte, ne, notInArray, sql } from 'drizzle-orm';
import type { InstallationPeriod, InstallationStatus } from '@mall/contract';
import type { DbOrTx, Tx } from '../../platform/db.ts';
import { products } from '../catalog/index.ts';
import { orderLines, orders, type OrderStatus } from '../orders/index.ts';
import { DEAD_ORDER_STATUSES, slotKey } from './installation.rules.ts';
import { installationAppointments, installationProducts } from './installation.tables.ts';

export type AppointmentRow = typeof installationAppointments.$inferSelect;
export type NewAppointment = typeof installationAppointments.$inferInsert;

// Advisory lock spaces (two-key form): one per order, one per slot. Always order first, then slot.
const ORDER_LOCK_SPACE = 7_307_001;
const SLOT_LOCK_SPACE = 7_307_002;
const LIVE: InstallationStatus[] = ['requested', 'confirmed'];

// ---------- installable products ----------

export async function listProducts(db: DbOrTx) {
  return db
    .select({ productId: installationProducts.productId, note: installationProducts.note, createdAt: installationProducts.createdAt, title: sql<string>`coalesce(${products.title}, '')` })
    .from(installationProducts)
    .leftJoin(products, eq(products.id, installationProducts.productId))
    .orderBy(desc(installationProducts.createdAt), asc(installationProducts.productId));
}

export async function findProduct(db: DbOrTx, productId: number) {
  const [row] = await db.select().from(installationProducts).where(eq(installationProducts.productId, productId));
  return row;
}

export async function productExists(db: DbOrTx, productId: number): Promise<boolean> {
  const [row] = await db.select({ id: products.id }).from(products).where(eq(products.id, productId));
  return row !== undefined;
}

export async function upsertProduct(tx: DbOrTx, productId: number, note: string, now: Date) {
  const [row] = await tx
    .insert(installationProducts)
    .values({ productId, note, createdAt: now })
    .onConflictDoUpdate({ target: installationProducts.productId, set: { note } })
    .returning();
  return row!;
}

export async function deleteProduct(tx: DbOrTx, productId: number) {
  const [row] = await tx.delete(installationProducts).where(eq(installationProducts.productId, productId)).returning();
  return row;
}

// ---------- orders ----------

export interface OrderForInstallation {
  id: number;
  orderNo: string;
  shopperId: number;
  status: OrderStatus;
  address: { receiver: string; phone: string; province: string; city: string; district: string; detail: string };
  /** Titles of the lines that come with installation. */
  installable: string[];
}

export async function orderFor(db: DbOrTx, orderId: number): Promise<OrderForInstallation | undefined> {
  const [order] = await db
    .select({ id: orders.id, orderNo: orders.orderNo, shopperId: orders.shopperId, status: orders.status, address: orders.address })
    .from(orders)
    .where(eq(orders.id, orderId));
  if (!order) return undefined;
  const lines = await db
    .select({ title: orderLines.title })
    .from(orderLines)
    .innerJoin(installationProducts, eq(installationProducts.productId, orderLines.productId))
    .where(eq(orderLines.orderId, orderId))
    .orderBy(asc(orderLines.id));
  return { ...order, installable: lines.map((l) => l.title) };
}

// ---------- appointments ----------

/** Serialises every change to one order's appointment, across instances, until the transaction ends. */
export async function lockOrder(tx: Tx, orderId: number) {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${ORDER_LOCK_SPACE}::int, ${orderId}::int)`);
}

/** Serialises taking places in one slot: count and insert happen while no one else can. */
export async function lockSlot(tx: Tx, date: string, period: InstallationPeriod) {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${SLOT_LOCK_SPACE}::int, hashtext(${slotKey(date, period)}))`);
}

const holdsPlace = and(inArray(installationAppointments.status, LIVE), notInArray(orders.status, [...DEAD_ORDER_STATUSES]));

/** Places taken in one slot, not counting `exceptId` (the appointment being moved). */
export async function countTaken(db: DbOrTx, date: string, period: InstallationPeriod, exceptId?: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(installationAppointments)
    .innerJoin(orders, eq(orders.id, installationAppointments.orderId))
    .where(
      and(
        holdsPlace,
        eq(installationAppointments.slotDate, date),
        eq(installationAppointments.slotPeriod, period),
        exceptId === undefined ? undefined : ne(installationAppointments.id, exceptId),
      ),
    );
  return row?.n ?? 0;
}

/** Places taken per slot key, between two days inclusive. */
export async function takenBetween(db: DbOrTx, from: string, to: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ date: installationAppointments.slotDate, period: installationAppointments.slotPeriod, n: count() })
    .from(installationAppointments)
    .innerJoin(orders, eq(orders.id, installationAppointments.orderId))
    .where(and(holdsPlace, gte(installationAppointments.slotDate, from), lte(installationAppointments.slotDate, to)))
    .groupBy(installationAppointments.slotDate, installationAppointments.slotPeriod);
  return new Map(rows.map((r) => [slotKey(r.date, r.period as InstallationPeriod), r.n]));
}

/** The order's live (not cancelled) appointment, else its latest cancelled one. */
export async function latestOf(db: DbOrTx, orderId: number): Promise<AppointmentRow | undefined> {
  const [row] = await db
    .select()
    .from(installationAppointments)
    .where(eq(installationAppointments.orderId, orderId))
    .orderBy(sql`(${installationAppointments.status} = 'cancelled')`, desc(installationAppointments.id))
    .limit(1);
  return row;
}

export async function findAppointment(db: DbOrTx, id: number): Promise<AppointmentRow | undefined> {
  const [row] = await db.select().from(installationAppointments).where(eq(installationAppointments.id, id));
  return row;
}

export async function insertAppointment(tx: DbOrTx, values: NewAppointment): Promise<AppointmentRow> {
  const [row] = await tx.insert(installationAppointments).values(values).returning();
  return row!;
}

/** Compare-and-set on the status: undefined when someone else moved it first. */
export async function updateAppointment(tx: DbOrTx, id: number, fromStatus: InstallationStatus, values: Partial<NewAppointment>): Promise<AppointmentRow | undefined> {
  const [row] = await tx
    .update(installationAppointments)
    .set(values)
    .where(and(eq(installationAppointments.id, id), eq(installationAppointments.status, fromStatus)))
    .returning();
  return row;
}

/** Cancels live appointments of cancelled or closed orders; each row is claimed by one instance only. */
export async function cancelOrphans(tx: DbOrTx, now: Date, limit: number) {
  return tx
    .update(installationAppointments)
    .set({ status: 'cancelled', cancelledAt: now, updatedAt: now, staffNote: sql`CASE WHEN ${installationAppointments.staffNote} = '' THEN '订单已取消或关闭' ELSE ${installationAppointments.staffNote} END` })
    .where(
      sql`${installationAppointments.id} IN (
        SELECT a.id FROM ${installationAppointments} a JOIN ${orders} o ON o.id = a.order_id
        WHERE a.status IN ('requested', 'confirmed') AND o.status IN ('cancelled', 'closed')
        ORDER BY a.id LIMIT ${limit} FOR UPDATE OF a SKIP LOCKED)`,
    )
    .returning();
}

export interface AdminFilter {
  from?: string;
  to?: string;
  status?: InstallationStatus;
  orderNo?: string;
  page: number;
  pageSize: number;
}

export async function listForStaff(db: DbOrTx, filter: AdminFilter) {
  const where = and(
    filter.from ? gte(installationAppointments.slotDate, filter.from) : undefined,
    filter.to ? lte(installationAppointments.slotDate, filter.to) : undefined,
    filter.status ? eq(installationAppointments.status, filter.status) : undefined,
    filter.orderNo ? eq(orders.orderNo, filter.orderNo) : undefined,
  );
  const rows = await db
    .select({ appointment: installationAppointments, orderNo: orders.orderNo, orderStatus: orders.status, address: orders.address })
    .from(installationAppointments)
    .innerJoin(orders, eq(orders.id, installationAppointments.orderId))
    .where(where)
    .orderBy(asc(installationAppointments.slotDate), sql`array_position(ARRAY['morning','afternoon','evening'], ${installationAppointments.slotPeriod})`, asc(installationAppointments.id))
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize);
  const [total] = await db.select({ n: count() }).from(installationAppointments).innerJoin(orders, eq(orders.id, installationAppointments.orderId)).where(where);
  const orderIds = [...new Set(rows.map((r) => r.appointment.orderId))];
  const lines = orderIds.length
    ? await db
        .select({ orderId: orderLines.orderId, title: orderLines.title })
        .from(orderLines)
        .innerJoin(installationProducts, eq(installationProducts.productId, orderLines.productId))
        .where(inArray(orderLines.orderId, orderIds))
        .orderBy(asc(orderLines.id))
    : [];
  const titles = new Map<number, string[]>();
  for (const l of lines) titles.set(l.orderId, [...(titles.get(l.orderId) ?? []), l.title]);
  return { rows: rows.map((r) => ({ ...r, products: titles.get(r.appointment.orderId) ?? [] })), total: total?.n ?? 0 };
}
