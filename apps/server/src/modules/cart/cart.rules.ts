import { CART_LIMITS, type CartLineProblemCode, type CartNotice } from '@mall/contract';
import { AppError } from '../../platform/errors.ts';

export interface CartLimits {
  quantityPerLineMax: number;
  linesMax: number;
}

export const DEFAULT_LIMITS: CartLimits = { quantityPerLineMax: CART_LIMITS.quantityPerLineMax, linesMax: CART_LIMITS.linesMax };

export interface StoredLine {
  id: number;
  skuId: number;
  quantity: number;
  selected: boolean;
  addedAt: Date;
}

export interface MergePlan {
  /** Existing lines of the target cart whose quantity (and selection) change. */
  updates: { id: number; quantity: number; selected: boolean }[];
  /** Guest lines that become new lines of the target cart. */
  inserts: { skuId: number; quantity: number; selected: boolean; addedAt: Date }[];
  /** Lines whose summed quantity was cut to the per-line maximum. */
  capped: number;
  /** Guest lines left out because the target cart was full (oldest first to go). */
  dropped: number;
}

/**
 * Merges a guest cart into a shopper's: quantities of the same SKU are added and capped at the
 * per-line maximum; new SKUs join (newest first) while the cart has room. A line the guest
 * selected stays selected.
 */
export function planMerge(target: readonly StoredLine[], guest: readonly StoredLine[], limits: CartLimits = DEFAULT_LIMITS): MergePlan {
  const bySku = new Map(target.map((line) => [line.skuId, line]));
  const plan: MergePlan = { updates: [], inserts: [], capped: 0, dropped: 0 };
  let room = Math.max(0, limits.linesMax - target.length);
  const newestFirst = [...guest].sort((a, b) => b.addedAt.getTime() - a.addedAt.getTime() || b.id - a.id);
  for (const line of newestFirst) {
    const existing = bySku.get(line.skuId);
    if (existing) {
      const sum = existing.quantity + line.quantity;
      if (sum > limits.quantityPerLineMax) plan.capped += 1;
      plan.updates.push({ id: existing.id, quantity: Math.min(sum, limits.quantityPerLineMax), selected: existing.selected || line.selected });
    } else if (room > 0) {
      room -= 1;
      const quantity = Math.min(line.quantity, limits.quantityPerLineMax);
      if (quantity < line.quantity) plan.capped += 1;
      plan.inserts.push({ skuId: line.skuId, quantity, selected: line.selected, addedAt: line.addedAt });
    } else {
      plan.dropped += 1;
    }
  }
  return plan;
}

/** What the merge tells the shopper. */
export function mergeNotices(plan: MergePlan, limits: CartLimits = DEFAULT_LIMITS): CartNotice[] {
  const notices: CartNotice[] = [
    { code: 'CART_MERGED', message: '已将未登录时加入的商品合并到购物车', messageEn: 'Items added before you signed in were moved to your cart' },
  ];
  if (plan.capped > 0) {
    notices.push({
      code: 'CART_LINE_CAPPED',
      message: `${plan.capped} 件商品数量超过上限，已调整为 ${limits.quantityPerLineMax} 件`,
      messageEn: `${plan.capped} item(s) exceeded the limit and were set to ${limits.quantityPerLineMax}`,
    });
  }
  if (plan.dropped > 0) {
    notices.push({
      code: 'CART_LINES_DROPPED',
      message: `购物车已满（${limits.linesMax} 种），${plan.dropped} 种商品未能加入`,
      messageEn: `The cart is full (${limits.linesMax} items); ${plan.dropped} item(s) could not be added`,
    });
  }
  return notices;
}

/** The quantity after adding to a line; refused above the per-line maximum. */
export function addedQuantity(current: number, adding: number, limits: CartLimits = DEFAULT_LIMITS): number {
  const next = current + adding;
  if (next > limits.quantityPerLineMax) throw new AppError('CART_LINE_LIMIT', { max: limits.quantityPerLineMax });
  return next;
}

/** Refuses a new line when the cart already holds the most lines allowed. */
export function assertRoomForLine(lines: number, limits: CartLimits = DEFAULT_LIMITS): void {
  if (lines >= limits.linesMax) throw new AppError('CART_FULL', { max: limits.linesMax });
}

export interface SkuState {
  title: string;
  onShelf: boolean;
  active: boolean;
}

/** Whether a SKU may go into a cart at all; throws the reason when not. */
export function assertSellable(sku: SkuState | undefined, skuId: number): asserts sku is SkuState {
  if (!sku) throw new AppError('NOT_FOUND', { resource: 'SKU', resourceZh: '商品规格', id: skuId });
  if (!sku.onShelf) throw new AppError('CART_PRODUCT_OFF_SHELF', { title: sku.title });
  if (!sku.active) throw new AppError('CART_SKU_INACTIVE', { title: sku.title });
}

/** Refuses a quantity above the sellable stock. */
export function assertStockFor(sku: SkuState, quantity: number, sellable: number): void {
  if (quantity > sellable) throw new AppError('CART_STOCK_SHORT', { title: sku.title, available: Math.max(0, sellable) });
}

/** Why a line cannot be bought as it is now, or null. Shelf and SKU state come before stock. */
export function lineProblem(sku: SkuState | undefined, quantity: number, sellable: number): CartLineProblemCode | null {
  if (!sku) return 'PRODUCT_GONE';
  if (!sku.onShelf) return 'PRODUCT_OFF_SHELF';
  if (!sku.active) return 'SKU_INACTIVE';
  if (sellable <= 0) return 'OUT_OF_STOCK';
  if (sellable < quantity) return 'STOCK_SHORT';
  return null;
}

export function problemMessage(code: CartLineProblemCode, sellable: number): { message: string; messageEn: string } {
  switch (code) {
    case 'PRODUCT_GONE':
      return { message: '商品已失效', messageEn: 'This product no longer exists' };
    case 'PRODUCT_OFF_SHELF':
      return { message: '商品已下架', messageEn: 'This product is no longer on sale' };
    case 'SKU_INACTIVE':
      return { message: '该规格已停售', messageEn: 'This option is no longer sold' };
    case 'OUT_OF_STOCK':
      return { message: '已售罄', messageEn: 'Sold out' };
    case 'STOCK_SHORT':
      return { message: `库存不足，仅剩 ${sellable} 件`, messageEn: `Only ${sellable} left in stock` };
  }
}
