import { describe, expect, it } from 'vitest';
import { shipLineRows, shipLinesChoice } from '../src/views/orders/ship-lines.ts';
import type { OrderDetailView } from '../src/api/orders.ts';

type Line = OrderDetailView['lines'][number];
const line = (id: number, quantity: number, shippedQuantity = 0, refundedQuantity = 0): Line =>
  ({
    id,
    productId: 1,
    skuId: id,
    title: `商品${id}`,
    imageUrl: null,
    specValues: { 颜色: '红' },
    skuCode: null,
    afterSalesAllowed: true,
    unitPrice: 100,
    quantity,
    goodsAmount: 100 * quantity,
    discountAmount: 0,
    payAmount: 100 * quantity,
    shippedQuantity,
    refundedQuantity,
    refundedAmount: 0,
  }) satisfies Line;

describe('partial shipment', () => {
  it('offers every line with units left (neither shipped nor refunded), all of them by default', () => {
    const rows = shipLineRows([line(1, 3, 1), line(2, 2, 2), line(3, 4, 0, 1)]);
    expect(rows.map((r) => [r.orderLineId, r.left, r.ship])).toEqual([
      [1, 2, 2],
      [3, 3, 3],
    ]);
    expect(rows[0]!.specText).toBe('红');
    expect(shipLinesChoice(rows)).toEqual({ kind: 'all' });
  });

  it('sends the lines and units chosen when fewer than everything; nothing chosen is refused', () => {
    const rows = shipLineRows([line(1, 3), line(2, 2)]);
    rows[0]!.ship = 1;
    rows[1]!.ship = 0;
    expect(shipLinesChoice(rows)).toEqual({ kind: 'some', lines: [{ orderLineId: 1, quantity: 1 }] });
    rows[0]!.ship = 0;
    expect(shipLinesChoice(rows)).toEqual({ kind: 'none' });
  });
});
