// The one way stock numbers change: a guarded update, its ledger row, and the low-stock flag.
import type { StockMovement } from '@mall/contract';
import type { Clock } from '../../platform/clock.ts';
import type { DbOrTx } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { StaffContext } from '../../platform/audit.ts';
import { enqueue } from '../../platform/jobs.ts';
import { applyStockDelta, findSkuInfo, findStock, insertLedger, setLowStockFlag, type StockRow } from './inventory.repo.ts';
import { cameBackInStock, lowStockDecision, sellableOf, skuLabel } from './inventory.rules.ts';

export const LOW_STOCK_TOPIC = 'inventory.low_stock';

export interface LowStockPayload {
  skuId: number;
  onHand: number;
  reserved: number;
  sellable: number;
  threshold: number;
}

/** Sellable stock of a SKU went from 0 to more: one message per crossing (deduped by the ledger row). */
export const BACK_IN_STOCK_TOPIC = 'inventory.back_in_stock';

export interface BackInStockPayload {
  skuId: number;
  productId: number;
  sellable: number;
  /** The ledger row of the movement that crossed: identifies this arrival. */
  ledgerId: number;
}

/** Who moves stock: a staff member (from a request) or a named system actor such as `order:123` or `system`. */
export type InventoryActor = string | StaffContext;

export const actorName = (actor: InventoryActor): string => (typeof actor === 'string' ? actor : `staff:${actor.actor.username}`);
export const staffOrNull = (actor: InventoryActor): StaffContext | null => (typeof actor === 'string' ? null : actor);

export interface Movement {
  skuId: number;
  movement: StockMovement;
  deltaOnHand: number;
  deltaReserved: number;
  reason: string;
  note?: string | null;
  refType?: string | null;
  refId?: string | null;
  actor: InventoryActor;
}

export const SKU_STOCK = { zh: 'SKU 库存', en: 'SKU stock' };

/**
 * Applies one movement in the caller's transaction: the guarded update (undefined when the
 * guard refused it), a ledger row with the numbers after it, and the low-stock flag, set in
 * the same transaction while the row is locked. When the change takes sellable stock below
 * the threshold for the first time in this dip, an alert goes to the outbox.
 */
export async function applyMovement(tx: DbOrTx, clock: Clock, move: Movement): Promise<{ stock: StockRow; ledgerId: number } | undefined> {
  const now = clock.now();
  const row = await applyStockDelta(tx, { skuId: move.skuId, deltaOnHand: move.deltaOnHand, deltaReserved: move.deltaReserved, now });
  if (!row) return undefined;
  const ledgerId = await insertLedger(tx, {
    skuId: move.skuId,
    movement: move.movement,
    deltaOnHand: move.deltaOnHand,
    deltaReserved: move.deltaReserved,
    onHandAfter: row.onHand,
    reservedAfter: row.reserved,
    reason: move.reason,
    note: move.note ?? null,
    refType: move.refType ?? null,
    refId: move.refId ?? null,
    actor: actorName(move.actor),
    createdAt: now,
  });
  const sellable = sellableOf(row);
  const decision = lowStockDecision(row.lowStockAlerted, sellable, row.lowStockThreshold);
  if (decision.alerted !== row.lowStockAlerted) await setLowStockFlag(tx, move.skuId, decision.alerted);
  if (decision.raise) {
    const payload: LowStockPayload = { skuId: move.skuId, onHand: row.onHand, reserved: row.reserved, sellable, threshold: row.lowStockThreshold };
    await enqueue(tx, clock, { topic: LOW_STOCK_TOPIC, payload, dedupeKey: `${LOW_STOCK_TOPIC}:${move.skuId}:${ledgerId}` });
  }
  const sellableBefore = row.onHand - move.deltaOnHand - (row.reserved - move.deltaReserved);
  if (cameBackInStock(sellableBefore, sellable)) await enqueueBackInStock(tx, clock, move.skuId, sellable, ledgerId);
  return { stock: { ...row, lowStockAlerted: decision.alerted }, ledgerId };
}

async function enqueueBackInStock(tx: DbOrTx, clock: Clock, skuId: number, sellable: number, ledgerId: number) {
  const sku = await findSkuInfo(tx, skuId);
  if (!sku) return;
  const payload: BackInStockPayload = { skuId, productId: sku.productId, sellable, ledgerId };
  await enqueue(tx, clock, { topic: BACK_IN_STOCK_TOPIC, payload, dedupeKey: `${BACK_IN_STOCK_TOPIC}:${skuId}:${ledgerId}` });
}

/** Like applyMovement for changes the invariants guarantee (release, commit): a refusal is a bug, not a client error. */
export async function applyCertainMovement(tx: DbOrTx, clock: Clock, move: Movement) {
  const result = await applyMovement(tx, clock, move);
  if (!result) throw new AppError('CONFLICT', { detail: `stock of SKU ${move.skuId} changed unexpectedly` });
  return result;
}

/** The current numbers of a SKU and a readable name, for an error message; NOT_FOUND without a stock row. */
export async function stockForMessage(tx: DbOrTx, skuId: number): Promise<{ stock: StockRow; sku: string }> {
  const stock = await findStock(tx, skuId);
  if (!stock) throw notFound(SKU_STOCK, skuId);
  const info = await findSkuInfo(tx, skuId);
  return { stock, sku: skuLabel({ skuId, ...info }) };
}
