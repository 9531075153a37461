import { describe, expect, it } from 'vitest';
import { hasOrders, ordersOption, salesOption, statusOption } from '../src/views/dashboard/dashboard-data.ts';

const t = (key: string) => key;
const day = (date: string, received: number, refunded: number, ordersPlaced: number, ordersPaid: number) => ({ date, received, refunded, net: received - refunded, ordersPlaced, ordersPaid });
const series = [day('2026-11-23', 62_000, 0, 3, 2), day('2026-11-24', 30_001, 12_000, 2, 1)];

describe('dashboard charts', () => {
  it('sales per day: net, received and refunded in yuan, exact to the fen', () => {
    const option = salesOption(series, t);
    expect(option.xAxis.data).toEqual(['11-23', '11-24']);
    expect(option.series.map((s) => s.data)).toEqual([
      [620, 180.01],
      [620, 300.01],
      [0, 120],
    ]);
  });
  it('orders per day: placed and paid bars', () => {
    expect(ordersOption(series, t).series.map((s) => [s.type, s.data])).toEqual([
      ['bar', [3, 2]],
      ['bar', [2, 1]],
    ]);
  });
  it('status pie leaves out statuses without orders', () => {
    const counts = { awaiting_shipment: 2, closed: 1, shipped: 0 };
    expect(statusOption(counts, t).series[0]!.data).toEqual([
      { name: 'orderStatus.awaiting_shipment', value: 2 },
      { name: 'orderStatus.closed', value: 1 },
    ]);
    expect(hasOrders(counts)).toBe(true);
    expect(hasOrders({ shipped: 0 })).toBe(false);
  });
});
