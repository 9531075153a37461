import { z } from 'zod';
import type { ErrorSpec } from './errors-common.ts';
import { pageQuery, timestamp } from './common.ts';

export const POINTS_REASONS = ['earn_order', 'spend_order', 'refund_order', 'reverse_earn', 'admin_adjust', 'compensation', 'expire'] as const;
export type PointsReason = (typeof POINTS_REASONS)[number];
/** Largest single staff adjustment, either way. */
export const MAX_POINTS_ADJUSTMENT = 10_000_000;

export const pointsErrors = {
  POINTS_INSUFFICIENT: { status: 409, zh: '积分不足：可用 {balance}，需要 {requested}', en: 'Not enough points: {balance} available, {requested} needed' },
} as const satisfies Record<string, ErrorSpec>;

export const pointsLedgerEntry = z.object({
  id: z.number().int(),
  shopperId: z.number().int(),
  /** Positive: points in; negative: points out. */
  delta: z.number().int(),
  balanceAfter: z.number().int(),
  reason: z.enum(POINTS_REASONS),
  orderId: z.number().int().nullable(),
  note: z.string().nullable(),
  /** reverse_earn: points owed back that were no longer there, written off. */
  shortfall: z.number().int(),
  /** Rows that add points: when what is left of them expires (null: never), and how much is left. */
  expiresAt: timestamp.nullable(),
  remaining: z.number().int(),
  /** 'system' or 'staff:<username>' */
  actor: z.string(),
  createdAt: timestamp,
});
export type PointsLedgerEntry = z.output<typeof pointsLedgerEntry>;

export const pointsAccountPage = z.object({
  shopperId: z.number().int(),
  balance: z.number().int(),
  /** Points expiring within the next 30 days, by when (即将过期). */
  expiring: z.array(z.object({ points: z.number().int(), expiresAt: timestamp })),
  items: z.array(pointsLedgerEntry),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type PointsAccountPage = z.output<typeof pointsAccountPage>;
export const pointsLedgerQuery = pageQuery;

export const pointsShopperParam = z.object({ shopperId: z.coerce.number().int().positive().max(2_147_483_647) });

export const pointsAdjustInput = z.object({
  delta: z
    .number()
    .int()
    .min(-MAX_POINTS_ADJUSTMENT)
    .max(MAX_POINTS_ADJUSTMENT)
    .refine((v) => v !== 0, 'must not be 0'),
  /** Why, for the shopper's ledger and the audit log. */
  note: z.string().trim().min(1).max(200),
});
export type PointsAdjustInput = z.output<typeof pointsAdjustInput>;
export const pointsAdjustResult = z.object({ balance: z.number().int(), entry: pointsLedgerEntry });
