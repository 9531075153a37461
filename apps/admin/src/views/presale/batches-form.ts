// 分批发货 editor: rows as staff edit them (times as shop-zone wall clock, units as numbers) and the
// body of PUT /admin/presale/campaigns/:id/batches. Errors keep the API's paths ("batches.1.shipDate").
import type { FieldError } from '../../api/http.ts';
import type { BatchesInput, CampaignDetail } from '../../api/presale.ts';
import { toZonedWall, zonedWallToIso } from '../../utils/time.ts';

export interface BatchRow {
  units: number | null;
  /** "YYYY-MM-DDTHH:mm:ss" in the shop's zone, or '' when not set. */
  balanceStartsAt: string;
  balanceEndsAt: string;
  shipDate: string;
  /** Units of paid deposits already placed in this batch (0 for a new row). */
  assignedUnits: number;
}

export const BATCH_FIELDS = ['units', 'balanceStartsAt', 'balanceEndsAt', 'shipDate'] as const;
export type BatchField = (typeof BATCH_FIELDS)[number];

type Batch = CampaignDetail['batches'][number];

export function rowsFromBatches(batches: readonly Batch[], timeZone: string): BatchRow[] {
  return [...batches]
    .sort((a, b) => a.seq - b.seq)
    .map((b) => ({
      units: b.units,
      balanceStartsAt: toZonedWall(b.balanceStartsAt, timeZone),
      balanceEndsAt: toZonedWall(b.balanceEndsAt, timeZone),
      shipDate: toZonedWall(b.shipDate, timeZone),
      assignedUnits: b.assignedUnits,
    }));
}

/** Once a deposit is placed in a batch, only balance closing times may move (later). */
export const batchesLocked = (batches: readonly { assignedUnits: number }[]) => batches.some((b) => b.assignedUnits > 0);

/** The quota the batches must add up to: Σ quota of the campaign's items. */
export const campaignQuota = (campaign: Pick<CampaignDetail, 'items'>) => campaign.items.reduce((sum, item) => sum + item.quota, 0);

export const batchedUnits = (rows: readonly BatchRow[]) => rows.reduce((sum, row) => sum + (row.units ?? 0), 0);

/**
 * A new row after the others: the units still missing from the quota, and the times of the row
 * before it (or the campaign's balance window and ship date for the first one) to start from.
 */
export function newBatchRow(rows: readonly BatchRow[], campaign: Pick<CampaignDetail, 'items' | 'balanceStartsAt' | 'balanceEndsAt' | 'ship'>, timeZone: string): BatchRow {
  const last = rows.at(-1);
  const missing = campaignQuota(campaign) - batchedUnits(rows);
  const wall = (iso: string | null | undefined) => (iso ? toZonedWall(iso, timeZone) : '');
  const shipDate = campaign.ship.kind === 'date' ? wall(campaign.ship.shipDate) : '';
  return {
    units: missing > 0 ? missing : null,
    balanceStartsAt: last?.balanceStartsAt ?? wall(campaign.balanceStartsAt),
    balanceEndsAt: last?.balanceEndsAt ?? wall(campaign.balanceEndsAt),
    shipDate: last?.shipDate ?? shipDate,
    assignedUnits: 0,
  };
}

/** The request body, or the fields left empty (with the API's paths) when it can't be built. */
export function buildBatchesInput(rows: readonly BatchRow[], timeZone: string, required: string): { payload: BatchesInput | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  rows.forEach((row, i) => {
    for (const field of BATCH_FIELDS) if (row[field] === null || row[field] === '') errors.push({ path: `batches.${i}.${field}`, message: required });
  });
  if (errors.length) return { payload: null, errors };
  const iso = (wall: string) => zonedWallToIso(wall, timeZone);
  return {
    payload: { batches: rows.map((row) => ({ units: row.units!, balanceStartsAt: iso(row.balanceStartsAt), balanceEndsAt: iso(row.balanceEndsAt), shipDate: iso(row.shipDate) })) },
    errors: [],
  };
}

/** Field errors of the whole list ("batches", no row) versus one row's field ("batches.1.shipDate"). */
export function splitBatchErrors(map: Readonly<Record<string, string>>): { list: string | null; rows: Record<string, string> } {
  const rows: Record<string, string> = {};
  let list: string | null = null;
  for (const [key, message] of Object.entries(map)) {
    if (/^batches\.\d+\./.test(key)) rows[key] = message;
    else list ??= message;
  }
  return { list, rows };
}
