import { describe, expect, it } from 'vitest';
import { batchesLocked, buildBatchesInput, newBatchRow, rowsFromBatches, splitBatchErrors } from '../src/views/presale/batches-form.ts';
import { campaignDetail } from './fixtures.ts';

const zone = 'Asia/Shanghai';
const batch = (seq: number, units: number, assignedUnits = 0) => ({
  seq,
  units,
  assignedUnits,
  balanceStartsAt: `2026-12-0${seq + 1}T00:00:00.000Z`,
  balanceEndsAt: `2026-12-0${seq + 3}T00:00:00.000Z`,
  shipDate: `2026-12-1${seq}T02:00:00.000Z`,
});

describe('分批发货 form', () => {
  it('shows stored batches in seq order as shop-zone wall clock, and sends them back as UTC', () => {
    const rows = rowsFromBatches([batch(2, 40), batch(1, 60, 3)], zone);
    expect(rows.map((r) => r.units)).toEqual([60, 40]);
    expect(rows[0]).toEqual({ units: 60, balanceStartsAt: '2026-12-02T08:00:00', balanceEndsAt: '2026-12-04T08:00:00', shipDate: '2026-12-11T10:00:00', assignedUnits: 3 });
    const { payload, errors } = buildBatchesInput(rows, zone, 'required');
    expect(errors).toEqual([]);
    expect(payload).toEqual({
      batches: [
        { units: 60, balanceStartsAt: '2026-12-02T00:00:00.000Z', balanceEndsAt: '2026-12-04T00:00:00.000Z', shipDate: '2026-12-11T02:00:00.000Z' },
        { units: 40, balanceStartsAt: '2026-12-03T00:00:00.000Z', balanceEndsAt: '2026-12-05T00:00:00.000Z', shipDate: '2026-12-12T02:00:00.000Z' },
      ],
    });
  });

  it('an empty list is a valid body (removes the batches)', () => {
    expect(buildBatchesInput([], zone, 'required')).toEqual({ payload: { batches: [] }, errors: [] });
  });

  it('names each empty field with the API path of its row', () => {
    const rows = [{ units: null, balanceStartsAt: '2026-12-02T08:00:00', balanceEndsAt: '', shipDate: '2026-12-11T10:00:00', assignedUnits: 0 }];
    expect(buildBatchesInput(rows, zone, 'required')).toEqual({
      payload: null,
      errors: [
        { path: 'batches.0.units', message: 'required' },
        { path: 'batches.0.balanceEndsAt', message: 'required' },
      ],
    });
  });

  it('a new row takes the units still missing and the times of the campaign, then of the row before', () => {
    const campaign = campaignDetail();
    const first = newBatchRow([], campaign, zone);
    expect(first).toEqual({ units: 100, balanceStartsAt: '2026-12-02T08:00:00', balanceEndsAt: '2026-12-05T08:00:00', shipDate: '2026-12-20T10:00:00', assignedUnits: 0 });
    first.units = 70;
    first.shipDate = '2026-12-15T10:00:00';
    expect(newBatchRow([first], campaign, zone)).toMatchObject({ units: 30, shipDate: '2026-12-15T10:00:00' });
    expect(newBatchRow([{ ...first, units: 100 }], campaign, zone).units).toBeNull();
  });

  it('locks once any batch has placed units; list-level errors apart from row errors', () => {
    expect(batchesLocked([batch(1, 60), batch(2, 40)])).toBe(false);
    expect(batchesLocked([batch(1, 60), batch(2, 40, 1)])).toBe(true);
    expect(splitBatchErrors({ batches: '数量之和须等于预售总数量', 'batches.1.shipDate': '太早' })).toEqual({ list: '数量之和须等于预售总数量', rows: { 'batches.1.shipDate': '太早' } });
  });
});
