// Partial shipment (部分发货): the lines of an order still to ship, and the body's `lines` for what
// the staff chose. Sending every unit left omits `lines` (the API ships everything unshipped).
import type { OrderDetailView } from '../../api/orders.ts';

type Line = OrderDetailView['lines'][number];

export interface ShipLineRow {
  orderLineId: number;
  title: string;
  specText: string;
  quantity: number;
  shipped: number;
  refunded: number;
  /** Units neither shipped nor refunded. */
  left: number;
  /** Units to send now (0 … left); everything left by default. */
  ship: number;
}

export function shipLineRows(lines: readonly Line[]): ShipLineRow[] {
  return lines
    .map((line) => {
      const left = Math.max(0, line.quantity - line.shippedQuantity - line.refundedQuantity);
      return {
        orderLineId: line.id,
        title: line.title,
        specText: Object.values(line.specValues).join(' / '),
        quantity: line.quantity,
        shipped: line.shippedQuantity,
        refunded: line.refundedQuantity,
        left,
        ship: left,
      };
    })
    .filter((row) => row.left > 0);
}

export type ShipLinesChoice = { kind: 'all' } | { kind: 'some'; lines: { orderLineId: number; quantity: number }[] } | { kind: 'none' };

/** What the rows ask for: everything left, some units of some lines, or nothing (refused before sending). */
export function shipLinesChoice(rows: readonly ShipLineRow[]): ShipLinesChoice {
  const chosen = rows.filter((row) => row.ship > 0).map((row) => ({ orderLineId: row.orderLineId, quantity: Math.min(row.ship, row.left) }));
  if (chosen.length === 0) return { kind: 'none' };
  if (rows.every((row) => row.ship >= row.left)) return { kind: 'all' };
  return { kind: 'some', lines: chosen };
}
