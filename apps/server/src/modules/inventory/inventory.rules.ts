// Pure decisions about stock: no database, no clock.
import {
  DECREASING_REASONS,
  INCREASING_REASONS,
  MAX_ON_HAND,
  MAX_RESERVE_QUANTITY,
  MAX_STOCK_DELTA,
  type AdjustmentReason,
} from '@mall/contract';
import type { FieldError } from '../../platform/errors.ts';

export interface StockNumbers {
  onHand: number;
  reserved: number;
}

export const sellableOf = (stock: StockNumbers): number => stock.onHand - stock.reserved;

/** A SKU is low when a threshold is set and its sellable stock is below it. */
export const isLowStock = (sellable: number, threshold: number): boolean => threshold > 0 && sellable < threshold;

/**
 * What the low-stock flag must become after a change, and whether an alert is due now.
 * The flag is set for the whole dip below the threshold, so one dip raises exactly one
 * alert however many changes happen inside it; climbing back to the threshold clears it.
 */
export function lowStockDecision(alerted: boolean, sellable: number, threshold: number): { alerted: boolean; raise: boolean } {
  const low = isLowStock(sellable, threshold);
  return { alerted: low, raise: low && !alerted };
}

/** Whether a change took sellable stock from none (0) to some: a stock arrival that "notify me" subscribers wait for. */
export const cameBackInStock = (sellableBefore: number, sellableAfter: number): boolean => sellableBefore <= 0 && sellableAfter > 0;

export type AdjustOutcome = 'ok' | 'negative' | 'below_reserved' | 'too_large';

/** Whether a manual change of on-hand stock by `delta` is allowed. */
export function adjustOutcome(stock: StockNumbers, delta: number): AdjustOutcome {
  const after = stock.onHand + delta;
  if (after < 0) return 'negative';
  if (after < stock.reserved) return 'below_reserved';
  if (after > MAX_ON_HAND) return 'too_large';
  return 'ok';
}

/** Field errors of a manual adjustment, for callers that bypass the HTTP schema. */
export function adjustmentProblems(delta: number, reason: AdjustmentReason): FieldError[] {
  const problems: FieldError[] = [];
  if (!Number.isSafeInteger(delta) || delta === 0 || Math.abs(delta) > MAX_STOCK_DELTA) {
    problems.push({ path: 'delta', message: `must be a non-zero integer between -${MAX_STOCK_DELTA} and ${MAX_STOCK_DELTA}` });
  } else if (INCREASING_REASONS.includes(reason) && delta < 0) {
    problems.push({ path: 'delta', message: `${reason} must add stock` });
  } else if (DECREASING_REASONS.includes(reason) && delta > 0) {
    problems.push({ path: 'delta', message: `${reason} must remove stock` });
  }
  return problems;
}

export type StocktakeLinePlan =
  | { kind: 'unchanged'; delta: 0 }
  | { kind: 'change'; delta: number }
  | { kind: 'below_reserved'; delta: number };

/** What counting `counted` units of a SKU with these numbers does. */
export function planStocktakeLine(stock: StockNumbers, counted: number): StocktakeLinePlan {
  const delta = counted - stock.onHand;
  if (counted < stock.reserved) return { kind: 'below_reserved', delta };
  if (delta === 0) return { kind: 'unchanged', delta: 0 };
  return { kind: 'change', delta };
}

export interface ReserveLine {
  skuId: number;
  quantity: number;
}

/**
 * Lines merged per SKU and sorted by SKU id: rows are always locked in the same order, so two
 * transactions reserving overlapping SKUs never deadlock. Returns field errors for bad lines.
 */
export function normalizeReserveLines(lines: readonly ReserveLine[]): { lines: ReserveLine[]; problems: FieldError[] } {
  const problems: FieldError[] = [];
  const merged = new Map<number, number>();
  lines.forEach((line, i) => {
    if (!Number.isSafeInteger(line.skuId) || line.skuId <= 0 || line.skuId > 2_147_483_647) {
      problems.push({ path: `lines.${i}.skuId`, message: 'must be a positive integer id' });
    }
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_RESERVE_QUANTITY) {
      problems.push({ path: `lines.${i}.quantity`, message: `must be an integer from 1 to ${MAX_RESERVE_QUANTITY}` });
    }
    merged.set(line.skuId, (merged.get(line.skuId) ?? 0) + line.quantity);
  });
  if (lines.length === 0) problems.push({ path: 'lines', message: 'must not be empty' });
  for (const [skuId, quantity] of merged) {
    if (quantity > MAX_RESERVE_QUANTITY) problems.push({ path: 'lines', message: `SKU ${skuId}: more than ${MAX_RESERVE_QUANTITY} in total` });
  }
  const sorted = [...merged].map(([skuId, quantity]) => ({ skuId, quantity })).sort((a, b) => a.skuId - b.skuId);
  return { lines: sorted, problems };
}

/** A second reservation of the same reference and SKU: a retry (same quantity, still held) changes nothing. */
export function existingReservationDecision(existing: { status: string; quantity: number }, quantity: number): 'noop' | 'conflict' {
  return existing.status === 'held' && existing.quantity === quantity ? 'noop' : 'conflict';
}

/** A readable name of a SKU for messages: title and spec values, else its code, else its id. */
export function skuLabel(sku: { skuId: number; productTitle?: string | null; specValues?: Record<string, string> | null; skuCode?: string | null }): string {
  const spec = Object.values(sku.specValues ?? {}).join(' / ');
  if (sku.productTitle) return spec ? `${sku.productTitle}（${spec}）` : sku.productTitle;
  return sku.skuCode ?? `SKU ${sku.skuId}`;
}
