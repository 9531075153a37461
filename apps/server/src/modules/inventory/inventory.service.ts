import { and, inArray, ne } from 'drizzle-orm';
import type { Clock } from '../../platform/clock.ts';
import type { Db, DbOrTx } from '../../platform/db.ts';
import type { NotificationService } from '../notifications/index.ts';
import { stockLedger, stockLevels } from './inventory.tables.ts';
import { isLowStock } from './inventory.rules.ts';
import { createReservationUseCases } from './inventory.reservations.service.ts';
import { createAdjustmentUseCases, type ArrivalListeners } from './inventory.adjustments.service.ts';
import { createStocktakeUseCases } from './inventory.stocktakes.service.ts';
import { createInventoryViews } from './inventory.views.ts';

export interface InventoryDeps {
  db: Db;
  clock: Clock;
  notifications: NotificationService;
}

export function createInventoryService(deps: InventoryDeps) {
  const { db, clock } = deps;

  /**
   * Creates the stock row of a new SKU, with an 'initial' ledger line when it starts with
   * stock. Does nothing if the SKU already has a stock row. Runs in the caller's transaction.
   * A SKU that starts below its threshold is marked as alerted: only a later dip alerts.
   */
  async function initializeStock(
    tx: DbOrTx,
    skuId: number,
    input: { onHand: number; lowStockThreshold?: number; actor: string; reason?: string },
  ): Promise<void> {
    const now = clock.now();
    const threshold = input.lowStockThreshold ?? 0;
    const created = await tx
      .insert(stockLevels)
      .values({ skuId, onHand: input.onHand, reserved: 0, lowStockThreshold: threshold, lowStockAlerted: isLowStock(input.onHand, threshold), updatedAt: now })
      .onConflictDoNothing()
      .returning({ skuId: stockLevels.skuId });
    if (created.length === 0 || input.onHand === 0) return;
    await tx.insert(stockLedger).values({
      skuId,
      movement: 'initial',
      deltaOnHand: input.onHand,
      deltaReserved: 0,
      onHandAfter: input.onHand,
      reservedAfter: 0,
      reason: input.reason ?? 'initial stock',
      actor: input.actor,
      createdAt: now,
    });
  }

  /** Sellable units (on hand − reserved) per SKU; SKUs without a stock row count as 0. */
  async function sellableBySkuIds(db: DbOrTx, skuIds: readonly number[]): Promise<Map<number, number>> {
    const result = new Map<number, number>(skuIds.map((id) => [id, 0]));
    if (skuIds.length === 0) return result;
    const rows = await db
      .select({ skuId: stockLevels.skuId, onHand: stockLevels.onHand, reserved: stockLevels.reserved })
      .from(stockLevels)
      .where(inArray(stockLevels.skuId, [...skuIds]));
    for (const row of rows) result.set(row.skuId, row.onHand - row.reserved);
    return result;
  }

  /** Whether any of these SKUs' stock moved beyond its initial count (reserved, sold, adjusted, counted). */
  async function hasStockMovements(db: DbOrTx, skuIds: readonly number[]): Promise<boolean> {
    if (skuIds.length === 0) return false;
    const rows = await db
      .select({ id: stockLedger.id })
      .from(stockLedger)
      .where(and(inArray(stockLedger.skuId, [...skuIds]), ne(stockLedger.movement, 'initial')))
      .limit(1);
    return rows.length > 0;
  }

  const arrivals: ArrivalListeners = { list: [] };
  /** Runs `listener` in the transaction of every adjustment that adds stock (after it, before commit). */
  function onArrival(listener: ArrivalListeners['list'][number]): void {
    arrivals.list.push(listener);
  }

  return {
    initializeStock,
    sellableBySkuIds,
    hasStockMovements,
    onArrival,
    ...createReservationUseCases({ clock }),
    ...createAdjustmentUseCases({ db, clock, arrivals }),
    ...createStocktakeUseCases({ db, clock }),
    ...createInventoryViews({ db }),
  };
}

export type InventoryService = ReturnType<typeof createInventoryService>;
