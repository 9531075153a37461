// Checks that the products and categories a promotion or coupon names exist.
import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { categories, products } from '../catalog/index.ts';

export async function assertScopeExists(db: DbOrTx, scope: { productIds?: number[]; categoryIds?: number[] }): Promise<void> {
  const problems: { path: string; message: string }[] = [];
  if (scope.productIds?.length) {
    const found = new Set((await db.select({ id: products.id }).from(products).where(inArray(products.id, scope.productIds))).map((r) => r.id));
    scope.productIds.forEach((id, i) => found.has(id) || problems.push({ path: `productIds.${i}`, message: `no product ${id}` }));
  }
  if (scope.categoryIds?.length) {
    const found = new Set((await db.select({ id: categories.id }).from(categories).where(inArray(categories.id, scope.categoryIds))).map((r) => r.id));
    scope.categoryIds.forEach((id, i) => found.has(id) || problems.push({ path: `categoryIds.${i}`, message: `no category ${id}` }));
  }
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', {}, problems);
}
