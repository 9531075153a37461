import { and, count, desc, eq, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.ts';
import { shopperAddresses } from './addresses.tables.ts';

export type AddressRow = typeof shopperAddresses.$inferSelect;
export type NewAddressRow = typeof shopperAddresses.$inferInsert;

const ADDRESS_LOCK_SPACE = 4242101;

/** Serialises one shopper's address-book writes (limit and default rules), until the transaction ends. */
export async function lockAddressBook(tx: DbOrTx, shopperId: number): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${ADDRESS_LOCK_SPACE}::int, ${shopperId}::int)`);
}

/** Default first, then newest. */
export function listAddresses(db: DbOrTx, shopperId: number): Promise<AddressRow[]> {
  return db
    .select()
    .from(shopperAddresses)
    .where(eq(shopperAddresses.shopperId, shopperId))
    .orderBy(desc(shopperAddresses.isDefault), desc(shopperAddresses.createdAt), desc(shopperAddresses.id));
}

export async function findAddress(db: DbOrTx, shopperId: number, id: number): Promise<AddressRow | undefined> {
  const [row] = await db
    .select()
    .from(shopperAddresses)
    .where(and(eq(shopperAddresses.id, id), eq(shopperAddresses.shopperId, shopperId)));
  return row;
}

export async function countAddresses(db: DbOrTx, shopperId: number): Promise<number> {
  const [row] = await db.select({ n: count() }).from(shopperAddresses).where(eq(shopperAddresses.shopperId, shopperId));
  return row?.n ?? 0;
}

export async function insertAddress(tx: DbOrTx, values: NewAddressRow): Promise<AddressRow> {
  const [row] = await tx.insert(shopperAddresses).values(values).returning();
  return row!;
}

export async function updateAddress(tx: DbOrTx, shopperId: number, id: number, values: Partial<NewAddressRow>): Promise<AddressRow | undefined> {
  const [row] = await tx
    .update(shopperAddresses)
    .set(values)
    .where(and(eq(shopperAddresses.id, id), eq(shopperAddresses.shopperId, shopperId)))
    .returning();
  return row;
}

/** Clears the default flag on every address of the shopper except `keepId`. */
export async function clearDefaults(tx: DbOrTx, shopperId: number, keepId: number | null, now: Date): Promise<void> {
  await tx
    .update(shopperAddresses)
    .set({ isDefault: false, updatedAt: now })
    .where(
      and(eq(shopperAddresses.shopperId, shopperId), eq(shopperAddresses.isDefault, true), keepId === null ? undefined : ne(shopperAddresses.id, keepId)),
    );
}

export async function deleteAddress(tx: DbOrTx, shopperId: number, id: number): Promise<AddressRow | undefined> {
  const [row] = await tx
    .delete(shopperAddresses)
    .where(and(eq(shopperAddresses.id, id), eq(shopperAddresses.shopperId, shopperId)))
    .returning();
  return row;
}

/** The most recently added address of the shopper, if any. */
export async function newestAddress(db: DbOrTx, shopperId: number): Promise<AddressRow | undefined> {
  const [row] = await db
    .select()
    .from(shopperAddresses)
    .where(eq(shopperAddresses.shopperId, shopperId))
    .orderBy(desc(shopperAddresses.createdAt), desc(shopperAddresses.id))
    .limit(1);
  return row;
}
