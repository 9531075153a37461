// Queries of the distributor's centre: products to promote (with the level-1 rate in force) and my team.
import { and, count, desc, eq, ilike, inArray, ne, sql, type SQL } from 'drizzle-orm';
import type { PromoProductSort } from '@mall/contract';
import type { DbOrTx } from '../../platform/db.ts';
import { shoppers } from '../accounts/index.ts';
import { productImages, products } from '../catalog/index.ts';
import { orders } from '../orders/index.ts';
import { commissions, distributors, productCommissionRates, referralBindings } from './distribution.tables.ts';

/** LIKE pattern of literal text (%, _ and \ escaped). */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export interface PromoProductFilter {
  defaultLevel1Permille: number;
  sort: PromoProductSort;
  q?: string;
  page: number;
  pageSize: number;
}

/** On-shelf products whose level-1 rate in force (own, else the default) is above zero, with that rate and their first image. */
export async function promoProducts(db: DbOrTx, filter: PromoProductFilter) {
  const rate = sql<number>`coalesce(${productCommissionRates.level1Permille}, ${filter.defaultLevel1Permille}::int)::int`;
  const conditions: SQL[] = [eq(products.onShelf, true), sql`${rate} > 0`];
  if (filter.q) conditions.push(ilike(products.title, containing(filter.q)));
  const where = and(...conditions);
  // Integer division of non-negative numbers: the floor, as the planner rounds.
  const estimate = sql`(${products.minPriceAmount} * ${rate}) / 1000`;
  const order = filter.sort === 'commission' ? [desc(estimate), desc(products.id)] : [desc(products.createdAt), desc(products.id)];
  const image = sql<string | null>`(select ${productImages.url} from ${productImages} where ${productImages.productId} = ${products.id} order by ${productImages.sortOrder}, ${productImages.id} limit 1)`;
  const rows = await db
    .select({ productId: products.id, title: products.title, priceAmount: products.minPriceAmount, level1Permille: rate, imageUrl: image })
    .from(products)
    .leftJoin(productCommissionRates, eq(productCommissionRates.productId, products.id))
    .where(where)
    .orderBy(...order)
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize);
  const [total] = await db.select({ n: count() }).from(products).leftJoin(productCommissionRates, eq(productCommissionRates.productId, products.id)).where(where);
  return { rows: rows.map((r) => ({ ...r, priceAmount: Number(r.priceAmount), level1Permille: Number(r.level1Permille) })), total: Number(total?.n ?? 0) };
}

/** Shoppers bound to me (level 1), or to those (level 2, never me again), newest binding first, with what I earned on their orders. */
export async function teamMembers(db: DbOrTx, referrerId: number, level: number, page: number, pageSize: number) {
  const direct = db.select({ id: referralBindings.shopperId }).from(referralBindings).where(eq(referralBindings.referrerId, referrerId));
  const where = level === 1 ? eq(referralBindings.referrerId, referrerId) : and(inArray(referralBindings.referrerId, direct), ne(referralBindings.shopperId, referrerId));
  const earned = sql<string | number>`coalesce((
    select sum(${commissions.amount}) from ${commissions}
    inner join ${orders} on ${orders.id} = ${commissions.orderId}
    where ${commissions.beneficiaryId} = ${referrerId}::int and ${orders.shopperId} = ${referralBindings.shopperId}
      and ${commissions.status} not in ('clawed_back', 'cancelled')
  ), 0)`;
  const rows = await db
    .select({ nickname: shoppers.nickname, boundAt: referralBindings.boundAt, distributorStatus: distributors.status, earned })
    .from(referralBindings)
    .leftJoin(shoppers, eq(shoppers.id, referralBindings.shopperId))
    .leftJoin(distributors, eq(distributors.shopperId, referralBindings.shopperId))
    .where(where)
    .orderBy(desc(referralBindings.boundAt), desc(referralBindings.shopperId))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const [total] = await db.select({ n: count() }).from(referralBindings).where(where);
  return { rows: rows.map((r) => ({ ...r, earned: Number(r.earned) })), total: Number(total?.n ?? 0) };
}
