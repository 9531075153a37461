import { z } from 'zod';
import type { ErrorSpec } from './errors-common.ts';
import { pageOf, pageQuery, queryBoolean, timestamp } from './common.ts';

/** Largest single manual adjustment, in units either way. */
export const MAX_STOCK_DELTA = 1_000_000;
/** Largest number of units a SKU may have on hand (keeps every sum far from integer overflow). */
export const MAX_ON_HAND = 100_000_000;
/** Largest quantity one reference (an order line) may reserve of one SKU. */
export const MAX_RESERVE_QUANTITY = 100_000;
export const MAX_STOCKTAKE_LINES = 500;

export const STOCK_MOVEMENTS = ['initial', 'reserve', 'release', 'commit', 'adjust', 'stocktake'] as const;
export type StockMovement = (typeof STOCK_MOVEMENTS)[number];

/**
 * Why stock changes by hand or for an after-sales ticket; restock, return and found add stock,
 * damage, loss and exchange (a replacement sent out) remove it, correction goes either way.
 */
export const ADJUSTMENT_REASONS = ['restock', 'return', 'found', 'damage', 'loss', 'exchange', 'correction'] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];
export const INCREASING_REASONS: readonly AdjustmentReason[] = ['restock', 'return', 'found'];
export const DECREASING_REASONS: readonly AdjustmentReason[] = ['damage', 'loss', 'exchange'];

export const inventoryErrors = {
  INSUFFICIENT_STOCK: {
    status: 409,
    zh: '「{sku}」库存不足：可售 {sellable} 件，需要 {requested} 件',
    en: '{sku}: not enough stock ({sellable} sellable, {requested} requested)',
  },
  STOCK_BELOW_RESERVED: {
    status: 409,
    zh: '「{sku}」调整后在库 {onHand} 件，将少于已预留的 {reserved} 件',
    en: '{sku}: {onHand} on hand would be fewer than the {reserved} units reserved',
  },
  STOCK_NEGATIVE: {
    status: 409,
    zh: '「{sku}」在库仅 {current} 件，不能减少 {decrease} 件',
    en: '{sku}: only {current} on hand, cannot remove {decrease}',
  },
  STOCK_LIMIT_EXCEEDED: {
    status: 422,
    zh: '「{sku}」在库数量不能超过 {max} 件',
    en: '{sku}: stock on hand cannot exceed {max} units',
  },
  STOCKTAKE_BELOW_RESERVED: {
    status: 409,
    zh: '「{sku}」盘点数 {counted} 件少于已预留的 {reserved} 件，请先处理相关订单',
    en: '{sku}: counted {counted}, fewer than the {reserved} units reserved; settle those orders first',
  },
  RESERVATION_CONFLICT: {
    status: 409,
    zh: '{refType} {refId} 已对「{sku}」有不同的库存预留',
    en: '{refType} {refId} already has a different reservation of {sku}',
  },
} as const satisfies Record<string, ErrorSpec>;

const positiveId = z.coerce.number().int().positive().max(2_147_483_647);
const bodyId = z.number().int().positive().max(2_147_483_647);

export const inventorySkuParam = z.object({ skuId: positiveId });

export const stockLevelView = z.object({
  skuId: z.number().int(),
  productId: z.number().int(),
  productTitle: z.string(),
  productCode: z.string(),
  specValues: z.record(z.string(), z.string()),
  skuCode: z.string().nullable(),
  barcode: z.string().nullable(),
  active: z.boolean(),
  onHand: z.number().int(),
  reserved: z.number().int(),
  /** on hand − reserved: what can still be sold. */
  sellable: z.number().int(),
  lowStockThreshold: z.number().int(),
  /** sellable < threshold (threshold > 0). */
  lowStock: z.boolean(),
  /** An alert was raised for the current dip below the threshold. */
  lowStockAlerted: z.boolean(),
  updatedAt: timestamp,
});
export type StockLevelView = z.output<typeof stockLevelView>;

export const inventoryListQuery = pageQuery.extend({
  /** Words of the product title, or a SKU code or barcode. */
  q: z.string().trim().max(100).optional(),
  lowStock: queryBoolean.optional(),
  outOfStock: queryBoolean.optional(),
  productId: positiveId.optional(),
});
export type InventoryListQuery = z.output<typeof inventoryListQuery>;
export const inventoryPage = pageOf(stockLevelView);

export const stockLedgerEntry = z.object({
  id: z.number().int(),
  skuId: z.number().int(),
  productTitle: z.string(),
  specValues: z.record(z.string(), z.string()),
  skuCode: z.string().nullable(),
  movement: z.enum(STOCK_MOVEMENTS),
  deltaOnHand: z.number().int(),
  deltaReserved: z.number().int(),
  onHandAfter: z.number().int(),
  reservedAfter: z.number().int(),
  reason: z.string(),
  note: z.string().nullable(),
  refType: z.string().nullable(),
  refId: z.string().nullable(),
  actor: z.string(),
  createdAt: timestamp,
});
export type StockLedgerEntry = z.output<typeof stockLedgerEntry>;

export const heldReservationView = z.object({
  refType: z.string(),
  refId: z.string(),
  quantity: z.number().int(),
  createdAt: timestamp,
});

export const stockDetail = stockLevelView.extend({
  recentLedger: z.array(stockLedgerEntry),
  heldReservations: z.array(heldReservationView),
});
export type StockDetail = z.output<typeof stockDetail>;

export const stockAdjustmentInput = z
  .object({
    delta: z.number().int().min(-MAX_STOCK_DELTA).max(MAX_STOCK_DELTA).refine((v) => v !== 0, 'must not be 0'),
    reason: z.enum(ADJUSTMENT_REASONS),
    note: z.string().trim().max(500).optional(),
  })
  .superRefine((input, check) => {
    if (INCREASING_REASONS.includes(input.reason) && input.delta < 0) check.addIssue({ code: 'custom', path: ['delta'], message: `${input.reason} must add stock` });
    if (DECREASING_REASONS.includes(input.reason) && input.delta > 0) check.addIssue({ code: 'custom', path: ['delta'], message: `${input.reason} must remove stock` });
  });
export type StockAdjustmentInput = z.output<typeof stockAdjustmentInput>;

export const stockAdjustmentResult = z.object({ stock: stockLevelView, entry: stockLedgerEntry });
export type StockAdjustmentResult = z.output<typeof stockAdjustmentResult>;

export const stockThresholdInput = z.object({ threshold: z.number().int().min(0).max(MAX_ON_HAND) });

export const stocktakeInput = z
  .object({
    note: z.string().trim().max(500).default(''),
    lines: z
      .array(z.object({ skuId: bodyId, countedOnHand: z.number().int().min(0).max(MAX_ON_HAND) }))
      .min(1)
      .max(MAX_STOCKTAKE_LINES),
  })
  .superRefine((input, check) => {
    const seen = new Set<number>();
    input.lines.forEach((line, i) => {
      if (seen.has(line.skuId)) check.addIssue({ code: 'custom', path: ['lines', i, 'skuId'], message: 'SKU counted twice' });
      seen.add(line.skuId);
    });
  });
export type StocktakeInput = z.output<typeof stocktakeInput>;

export const stocktakeLineView = z.object({
  skuId: z.number().int(),
  productTitle: z.string(),
  specValues: z.record(z.string(), z.string()),
  skuCode: z.string().nullable(),
  expectedOnHand: z.number().int(),
  countedOnHand: z.number().int(),
  /** counted − expected. */
  difference: z.number().int(),
});

export const stocktakeSummary = z.object({
  id: z.number().int(),
  note: z.string(),
  actor: z.string(),
  createdAt: timestamp,
  lineCount: z.number().int(),
  changedLineCount: z.number().int(),
  netDifference: z.number().int(),
});
export const stocktakeView = stocktakeSummary.extend({ lines: z.array(stocktakeLineView) });
export type StocktakeView = z.output<typeof stocktakeView>;
export const stocktakePage = pageOf(stocktakeSummary);

export const stockLedgerQuery = pageQuery
  .extend({
    skuId: positiveId.optional(),
    movement: z.enum(STOCK_MOVEMENTS).optional(),
    refType: z.string().trim().min(1).max(50).optional(),
    refId: z.string().trim().min(1).max(100).optional(),
    /** Entries at or after this time. */
    from: timestamp.optional(),
    /** Entries before this time. */
    to: timestamp.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { path: ['to'], message: 'must be after from' });
export type StockLedgerQuery = z.output<typeof stockLedgerQuery>;
export const stockLedgerPage = pageOf(stockLedgerEntry);
