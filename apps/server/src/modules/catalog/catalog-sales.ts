import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.ts';
import { products } from './catalog.tables.ts';

/**
 * Adds paid units to products' sales counts (what "sort by sales" reads). Products are updated
 * in id order so two orders paying at once never wait on each other in opposite orders.
 */
export async function addUnitsSold(tx: DbOrTx, units: readonly { productId: number; quantity: number }[]): Promise<void> {
  const byProduct = new Map<number, number>();
  for (const { productId, quantity } of units) byProduct.set(productId, (byProduct.get(productId) ?? 0) + quantity);
  for (const [productId, quantity] of [...byProduct].sort(([a], [b]) => a - b)) {
    await tx
      .update(products)
      .set({ salesCount: sql`${products.salesCount} + ${quantity}` })
      .where(sql`${products.id} = ${productId}`);
  }
}
