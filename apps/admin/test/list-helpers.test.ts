import { describe, expect, it } from 'vitest';
import { emptyOrderFilters, orderQuery } from '../src/views/orders/order-filters.ts';
import { dailyTotals } from '../src/views/dashboard/dashboard-data.ts';
import type { OrderRow } from '../src/api/orders.ts';

describe('order filters → query', () => {
  it('sends only what is set, and whole shop-zone days as [from, to)', () => {
    expect(orderQuery(emptyOrderFilters(), 'Asia/Shanghai')).toEqual({});
    const query = orderQuery({ ...emptyOrderFilters(), status: 'awaiting_shipment', campaignId: 3, q: ' 张三 ', dates: ['2026-11-30', '2026-11-30'] }, 'Asia/Shanghai');
    expect(query).toEqual({
      status: 'awaiting_shipment',
      campaignId: 3,
      q: '张三',
      from: '2026-11-29T16:00:00.000Z',
      to: '2026-11-30T16:00:00.000Z',
    });
  });
  it('crosses month ends', () => {
    const query = orderQuery({ ...emptyOrderFilters(), dates: ['2026-12-01', '2026-12-31'] }, 'Asia/Shanghai');
    expect(query.to).toBe('2026-12-31T16:00:00.000Z');
  });
});

describe('dashboard daily totals', () => {
  it('groups orders by day in the shop zone and adds paid fen exactly', () => {
    const order = (createdAt: string, paidAmount: number) => ({ createdAt, paidAmount }) as OrderRow;
    const days = dailyTotals([order('2026-11-23T17:00:00.000Z', 10), order('2026-11-23T15:59:00.000Z', 20), order('2026-11-24T01:00:00.000Z', 5)], 'Asia/Shanghai');
    expect(days).toEqual([
      { date: '2026-11-23', orders: 1, paidFen: 20 },
      { date: '2026-11-24', orders: 2, paidFen: 15 },
    ]);
  });
});
