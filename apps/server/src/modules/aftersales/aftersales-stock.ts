import type { StaffContext } from '../../platform/audit.ts';
import type { Tx } from '../../platform/db.ts';
import { notFound } from '../../platform/errors.ts';
import * as repo from './aftersales.repo.ts';
import { ORDER } from './aftersales.views.ts';
import type { AfterSalesDeps } from './aftersales-moves.ts';

/** The reference stock movements of a ticket carry: ('aftersales', ticket id). */
export const STOCK_REF_TYPE = 'aftersales';

export interface TicketUnits {
  skuId: number;
  quantity: number;
}

/** Goods of a ticket moving out of stock (an exchange's replacement) or back in (returned goods). */
export function createTicketStock(deps: AfterSalesDeps) {
  /** The ticket's units per SKU of its order lines, in SKU order (rows are locked in a fixed order). */
  async function unitsOf(tx: Tx, ticket: repo.TicketRow): Promise<TicketUnits[]> {
    const order = await deps.orders.getOrderForAfterSales(tx, ticket.shopperId, ticket.orderId);
    if (!order) throw notFound(ORDER, ticket.orderId);
    const skuOf = new Map(order.lines.map((line) => [line.id, line.skuId]));
    const units = new Map<number, number>();
    for (const line of await repo.linesOf(tx, [ticket.id])) {
      const skuId = skuOf.get(line.orderLineId);
      if (skuId === undefined) throw notFound(ORDER, ticket.orderId);
      units.set(skuId, (units.get(skuId) ?? 0) + line.quantity);
    }
    return [...units].map(([skuId, quantity]) => ({ skuId, quantity })).sort((a, b) => a.skuId - b.skuId);
  }

  /**
   * One inventory movement per SKU, in the caller's transaction, referencing the ticket: out for
   * an exchange (409 INSUFFICIENT_STOCK when not enough is sellable), back on hand for a return.
   */
  async function move(tx: Tx, ticket: repo.TicketRow, units: readonly TicketUnits[], reason: 'exchange' | 'return', ctx: StaffContext): Promise<void> {
    for (const unit of units) {
      await deps.inventory.adjustForRef(tx, {
        skuId: unit.skuId,
        delta: reason === 'exchange' ? -unit.quantity : unit.quantity,
        reason,
        refType: STOCK_REF_TYPE,
        refId: String(ticket.id),
        note: `售后 ${ticket.ticketNo}`,
        actor: ctx,
      });
    }
  }

  return { unitsOf, move };
}

export type TicketStock = ReturnType<typeof createTicketStock>;
