// 分批发货 (spec §5, beyond): a deposit campaign released in batches. Paid deposits are ranked by
// payment time; each batch has its own balance window and ship date, and buyers see their batch.
import { z } from 'zod';
import type { ErrorSpec } from './errors-common.ts';
import { timestamp } from './common.ts';

export const MAX_PRESALE_BATCHES = 10;

export const presaleBatchErrors = {
  PRESALE_BATCHES_DEPOSIT_ONLY: { status: 422, zh: '只有定金预售可以分批发货', en: 'Only a deposit presale can be released in batches' },
  PRESALE_BATCHES_UNITS: {
    status: 422,
    zh: '各批数量之和（{batched} 件）须等于预售总数量（{quota} 件）',
    en: 'The batches must add up to the campaign quota: {batched} units in batches, {quota} in the quota',
  },
  PRESALE_BATCHES_LOCKED: {
    status: 409,
    zh: '已有买家排入批次，批次数量和时间不能再修改（尾款截止时间只能延后，发货时间请通过“修改发货时间”调整）',
    en: 'Buyers are already placed in batches: units and times are locked (a balance window may only be extended; move a ship date through the ship-date change)',
  },
  PRESALE_BATCH_REQUIRED: { status: 422, zh: '该活动分批发货，请选择要修改的批次', en: 'This campaign ships in batches: say which batch the change is for' },
  PRESALE_BATCH_UNKNOWN: { status: 422, zh: '第 {batch} 批不存在', en: 'There is no batch {batch}' },
} as const satisfies Record<string, ErrorSpec>;

export const presaleBatchInput = z.object({
  units: z.number().int().min(1).max(1_000_000),
  balanceStartsAt: timestamp,
  balanceEndsAt: timestamp,
  shipDate: timestamp,
});
export type PresaleBatchInput = z.infer<typeof presaleBatchInput>;

/** The whole list, in order (batch 1 first); an empty list removes the batches. */
export const presaleBatchesInput = z.object({ batches: z.array(presaleBatchInput).max(MAX_PRESALE_BATCHES) });
export type PresaleBatchesInput = z.infer<typeof presaleBatchesInput>;

export const presaleBatchView = z.object({
  seq: z.number().int(),
  units: z.number().int(),
  /** Units of paid deposits placed in this batch. */
  assignedUnits: z.number().int(),
  balanceStartsAt: timestamp,
  balanceEndsAt: timestamp,
  shipDate: timestamp,
});
export type PresaleBatchView = z.infer<typeof presaleBatchView>;

/** The batch an order is in (null until its deposit is paid, and for campaigns without batches). */
export const presaleOrderBatchView = z.object({ seq: z.number().int(), of: z.number().int() }).nullable();
