// Manual stock changes by staff: adjustments and low-stock thresholds.
import { MAX_ON_HAND, type AdjustmentReason, type StockAdjustmentResult, type StockLevelView } from '@mall/contract';
import type { Clock } from '../../platform/clock.ts';
import { inTransaction, type Db, type Tx } from '../../platform/db.ts';
import { AppError, notFound, type FieldError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/audit.ts';
import { findStock, listLedger, updateThreshold } from './inventory.repo.ts';
import { adjustOutcome, adjustmentProblems, isLowStock, sellableOf } from './inventory.rules.ts';
import { applyMovement, SKU_STOCK, staffOrNull, stockForMessage, type InventoryActor } from './inventory.movement.ts';
import { getStockView } from './inventory.views.ts';

export interface AdjustInput {
  skuId: number;
  delta: number;
  reason: AdjustmentReason;
  note?: string;
  actor: InventoryActor;
  /** What the change is for (e.g. an after-sales ticket), written on the ledger row. */
  refType?: string;
  refId?: string;
}

/** An adjustment on behalf of another module's document: the reference is required. */
export type AdjustForRefInput = AdjustInput & { refType: string; refId: string };

/**
 * Who wants to hear, inside the adjustment's own transaction, that stock arrived: pre-orders are
 * filled first come, first served before any other buyer can take the units (spec §5).
 */
export interface ArrivalListeners {
  list: ((tx: Tx, skuId: number) => Promise<void>)[];
}

export function createAdjustmentUseCases(deps: { db: Db; clock: Clock; arrivals: ArrivalListeners }) {
  const { db, clock, arrivals } = deps;

  async function refusal(tx: Tx, skuId: number, delta: number, forRef: boolean): Promise<AppError> {
    const { stock, sku } = await stockForMessage(tx, skuId);
    const outcome = adjustOutcome(stock, delta);
    // Goods leaving for a document (an exchange's replacement) need sellable units, as an order does.
    if (forRef && (outcome === 'negative' || outcome === 'below_reserved')) {
      return new AppError('INSUFFICIENT_STOCK', { sku, skuId, sellable: Math.max(0, sellableOf(stock)), requested: -delta });
    }
    if (outcome === 'negative') return new AppError('STOCK_NEGATIVE', { sku, skuId, current: stock.onHand, decrease: -delta });
    if (outcome === 'below_reserved') return new AppError('STOCK_BELOW_RESERVED', { sku, skuId, onHand: stock.onHand + delta, reserved: stock.reserved });
    if (outcome === 'too_large') return new AppError('STOCK_LIMIT_EXCEEDED', { sku, skuId, max: MAX_ON_HAND });
    return new AppError('CONFLICT');
  }

  /**
   * Restock (+), damage or loss (−), correction (±). On hand never falls below what is
   * reserved nor below zero; a refused change leaves everything as it was.
   */
  async function adjust(tx: Tx | undefined, input: AdjustInput): Promise<StockAdjustmentResult> {
    return applyAdjustment(tx, input, false);
  }

  /**
   * Like adjust, in the caller's transaction, for another module's document (an after-sales
   * ticket): the ledger row references it, and a removal beyond sellable stock is refused with
   * 409 INSUFFICIENT_STOCK, changing nothing.
   */
  async function adjustForRef(tx: Tx, input: AdjustForRefInput): Promise<StockAdjustmentResult> {
    const problems: FieldError[] = [];
    if (typeof input.refType !== 'string' || input.refType.length === 0 || input.refType.length > 50) problems.push({ path: 'refType', message: 'must be 1 to 50 characters' });
    if (typeof input.refId !== 'string' || input.refId.length === 0 || input.refId.length > 100) problems.push({ path: 'refId', message: 'must be 1 to 100 characters' });
    if (problems.length > 0) throw new AppError('VALIDATION_FAILED', {}, problems);
    return applyAdjustment(tx, input, true);
  }

  async function applyAdjustment(tx: Tx | undefined, input: AdjustInput, forRef: boolean): Promise<StockAdjustmentResult> {
    const problems = adjustmentProblems(input.delta, input.reason);
    if (problems.length > 0) throw new AppError('VALIDATION_FAILED', {}, problems);
    return inTransaction(db, tx, async (tx) => {
      const moved = await applyMovement(tx, clock, {
        skuId: input.skuId,
        movement: 'adjust',
        deltaOnHand: input.delta,
        deltaReserved: 0,
        reason: input.reason,
        note: input.note || null,
        refType: input.refType ?? null,
        refId: input.refId ?? null,
        actor: input.actor,
      });
      if (!moved) throw await refusal(tx, input.skuId, input.delta, forRef);
      if (input.delta > 0) for (const listener of arrivals.list) await listener(tx, input.skuId);
      await recordAudit(tx, clock, staffOrNull(input.actor), {
        action: 'inventory.adjust',
        entityType: 'sku',
        entityId: input.skuId,
        changes: {
          delta: input.delta,
          reason: input.reason,
          note: input.note ?? null,
          onHand: [moved.stock.onHand - input.delta, moved.stock.onHand],
          ...(input.refType ? { refType: input.refType, refId: input.refId } : {}),
        },
      });
      const stock = await getStockView(tx, input.skuId);
      const { items } = await listLedger(tx, { skuId: input.skuId, ids: [moved.ledgerId] }, { page: 1, pageSize: 1 });
      return { stock, entry: items[0]! };
    });
  }

  /**
   * Sets the low-stock threshold (0 = no alerts). Changing it raises no alert itself: the flag
   * is set to whether stock is low now, so only a later dip below the threshold alerts.
   */
  async function setThreshold(tx: Tx | undefined, input: { skuId: number; threshold: number; actor: InventoryActor }): Promise<StockLevelView> {
    if (!Number.isSafeInteger(input.threshold) || input.threshold < 0 || input.threshold > MAX_ON_HAND) {
      throw new AppError('VALIDATION_FAILED', {}, [{ path: 'threshold', message: `must be an integer from 0 to ${MAX_ON_HAND}` }]);
    }
    return inTransaction(db, tx, async (tx) => {
      const stock = await findStock(tx, input.skuId, true);
      if (!stock) throw notFound(SKU_STOCK, input.skuId);
      const low = isLowStock(sellableOf(stock), input.threshold);
      await updateThreshold(tx, input.skuId, input.threshold, low, clock.now());
      await recordAudit(tx, clock, staffOrNull(input.actor), {
        action: 'inventory.threshold',
        entityType: 'sku',
        entityId: input.skuId,
        changes: { lowStockThreshold: [stock.lowStockThreshold, input.threshold] },
      });
      return getStockView(tx, input.skuId);
    });
  }

  return { adjust, adjustForRef, setThreshold };
}
