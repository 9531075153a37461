import { describe, expect, it } from 'vitest';
import { emptyOrderFilters, filtersFromRoute, orderQuery } from '../src/views/orders/order-filters.ts';

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

describe('order filters: 分批发货 batch', () => {
  it('sends batch only with a campaign, and reads both from the address', () => {
    expect(orderQuery({ ...emptyOrderFilters(), batch: 2 }, 'Asia/Shanghai')).toEqual({});
    expect(orderQuery({ ...emptyOrderFilters(), campaignId: 3, batch: 2 }, 'Asia/Shanghai')).toEqual({ campaignId: 3, batch: 2 });
    expect(filtersFromRoute({ campaignId: '3', batch: '2' })).toEqual({ campaignId: 3, batch: 2 });
    expect(filtersFromRoute({ batch: '2' })).toEqual({});
    expect(filtersFromRoute({ campaignId: 'x', batch: '2' })).toEqual({});
  });
});
