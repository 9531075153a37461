// Test helpers for inventory suites: products and SKUs inserted directly, plus ledger checks.
import crypto from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { products, skus } from '../src/modules/catalog/index.ts';
import { stockLedger, stockLevels, stockReservations } from '../src/modules/inventory/inventory.tables.ts';
import type { TestContext } from './harness.ts';

export interface StockFixture {
  productId: number;
  title: string;
  skuIds: number[];
  codes: string[];
  barcodes: string[];
}

/** A product with one SKU per entry of `stock` (its starting on-hand units and threshold). */
export async function createStockedProduct(
  ctx: TestContext,
  stock: { onHand: number; threshold?: number }[],
  title = `测试商品 ${crypto.randomBytes(3).toString('hex')}`,
): Promise<StockFixture> {
  const { db, clock, services } = ctx;
  const tag = crypto.randomBytes(4).toString('hex');
  const now = clock.now();
  return db.transaction(async (tx) => {
    const [product] = await tx.insert(products).values({ code: `P-${tag}`, title, createdAt: now, updatedAt: now }).returning({ id: products.id });
    const skuIds: number[] = [];
    const codes: string[] = [];
    const barcodes: string[] = [];
    for (const [i, entry] of stock.entries()) {
      const code = `SKU-${tag}-${i}`;
      const barcode = `69${tag}${i}`;
      const [sku] = await tx
        .insert(skus)
        .values({ productId: product!.id, specValues: { 颜色: `色${i}` }, specKey: `颜色:色${i}`, skuCode: code, barcode, priceAmount: 9900, createdAt: now, updatedAt: now })
        .returning({ id: skus.id });
      await services.inventory.initializeStock(tx, sku!.id, { onHand: entry.onHand, lowStockThreshold: entry.threshold, actor: 'test' });
      skuIds.push(sku!.id);
      codes.push(code);
      barcodes.push(barcode);
    }
    return { productId: product!.id, title, skuIds, codes, barcodes };
  });
}

export async function stockOf(ctx: TestContext, skuId: number) {
  const [row] = await ctx.db.select().from(stockLevels).where(eq(stockLevels.skuId, skuId));
  return row!;
}

/** The ledger's sums per SKU next to the stock row: they must always agree. */
export async function ledgerTotals(ctx: TestContext, skuId: number) {
  const [sums] = await ctx.db
    .select({
      onHand: sql<number>`coalesce(sum(${stockLedger.deltaOnHand}), 0)::int`,
      reserved: sql<number>`coalesce(sum(${stockLedger.deltaReserved}), 0)::int`,
      rows: sql<number>`count(*)::int`,
      negativeSellable: sql<number>`count(*) FILTER (WHERE ${stockLedger.onHandAfter} < ${stockLedger.reservedAfter} OR ${stockLedger.reservedAfter} < 0)::int`,
    })
    .from(stockLedger)
    .where(eq(stockLedger.skuId, skuId));
  return sums!;
}

/** Asserts nothing about the test: returns whether ledger sums equal the stock row. */
export async function ledgerExplains(ctx: TestContext, skuId: number): Promise<{ ok: boolean; stock: { onHand: number; reserved: number }; ledger: { onHand: number; reserved: number } }> {
  const stock = await stockOf(ctx, skuId);
  const ledger = await ledgerTotals(ctx, skuId);
  return { ok: stock.onHand === ledger.onHand && stock.reserved === ledger.reserved, stock: { onHand: stock.onHand, reserved: stock.reserved }, ledger: { onHand: ledger.onHand, reserved: ledger.reserved } };
}

/**
 * Asserts the stock invariants of one SKU: sellable never negative, the ledger's deltas sum to
 * the current numbers with no row ever showing negative sellable stock, and held reservations
 * add up to the reserved units. Returns the stock row.
 */
export async function expectStockExplained(ctx: TestContext, skuId: number) {
  const row = await stockOf(ctx, skuId);
  const ledger = await ledgerTotals(ctx, skuId);
  expect(row.onHand - row.reserved).toBeGreaterThanOrEqual(0);
  expect({ onHand: ledger.onHand, reserved: ledger.reserved, negativeSellable: ledger.negativeSellable }).toEqual({ onHand: row.onHand, reserved: row.reserved, negativeSellable: 0 });
  const [held] = await ctx.db
    .select({ units: sql<number>`coalesce(sum(${stockReservations.quantity}), 0)::int` })
    .from(stockReservations)
    .where(and(eq(stockReservations.skuId, skuId), eq(stockReservations.status, 'held')));
  expect(held!.units).toBe(row.reserved);
  return row;
}
