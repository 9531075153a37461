import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.ts';
import { shoppers, staff } from './accounts.tables.ts';

export async function findStaffById(db: DbOrTx, id: number) {
  const [row] = await db.select().from(staff).where(eq(staff.id, id)).limit(1);
  return row;
}

export async function findShopperById(db: DbOrTx, id: number) {
  const [row] = await db.select().from(shoppers).where(eq(shoppers.id, id)).limit(1);
  return row;
}
