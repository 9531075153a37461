import type { AfterSalesAdminListQuery, AfterSalesApproveInput, AfterSalesListQuery, AfterSalesReceiveInput, AfterSalesShipmentInput } from '@mall/contract';
import type { StaffContext } from '../../platform/audit.ts';
import type { Tx } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { approvalTarget, assertTransition } from './aftersales.rules.ts';
import * as repo from './aftersales.repo.ts';
import { ticketView } from './aftersales.views.ts';
import type { AfterSalesDeps, TicketMoves } from './aftersales-moves.ts';
import type { RefundUseCases } from './aftersales-refunds.service.ts';
import type { TicketStock } from './aftersales-stock.ts';

/** What staff and the shopper do with a ticket after the application. One call = one transaction. */
export function createHandleUseCases(deps: AfterSalesDeps, moves: TicketMoves, refunds: RefundUseCases, stock: TicketStock) {
  const { db, clock } = deps;
  const staff = (ctx: StaffContext) => ({ kind: 'staff' as const, ctx });

  async function approve(tx: Tx, ctx: StaffContext, id: number, input: AfterSalesApproveInput) {
    const ticket = await moves.requireTicket(tx, id, { lock: true });
    const to = approvalTarget(ticket.type);
    assertTransition(ticket.status, to, ticket.type);
    if (ticket.type === 'exchange') {
      if (input.refundAmount !== undefined) throw new AppError('VALIDATION_FAILED', {}, [{ path: 'refundAmount', message: 'an exchange has no refund' }]);
      const row = await moves.move(tx, ticket, to, { action: 'approve', by: staff(ctx), note: input.note });
      return moves.detail(tx, row, 'staff');
    }
    const parts = await refunds.capNow(tx, ticket);
    const amount = refunds.decideAmount(parts.cap, input.refundAmount, ticket.requestedAmount);
    const shippingAmount = Math.max(0, amount - (parts.cap.total - parts.cap.shipping));
    const row = await moves.move(tx, ticket, to, {
      action: 'approve',
      by: staff(ctx),
      note: input.note,
      set: { refundAmount: amount, shippingAmount },
      data: { refundAmount: amount, cap: parts.cap.total },
    });
    if (to === 'refunding') await refunds.startRefund(tx, row, parts, staff(ctx));
    return moves.detail(tx, (await repo.findTicket(tx, id))!, 'staff');
  }

  async function reject(ctx: StaffContext, id: number, reason: string) {
    return db.transaction(async (tx) => {
      const ticket = await moves.requireTicket(tx, id, { lock: true });
      const row = await moves.move(tx, ticket, 'rejected', { action: 'reject', by: staff(ctx), note: reason, set: { rejectReason: reason } });
      return moves.detail(tx, row, 'staff');
    });
  }

  /** The returned goods arrived; with `restock` (the default) they go back on hand, referencing the ticket. */
  async function receive(ctx: StaffContext, id: number, input: AfterSalesReceiveInput) {
    return db.transaction(async (tx) => {
      const ticket = await moves.requireTicket(tx, id, { lock: true });
      if (ticket.status === 'awaiting_return' && !ticket.returnTrackingNo) throw new AppError('AFTERSALES_RETURN_NOT_SHIPPED');
      assertTransition(ticket.status, 'received', ticket.type);
      const units = input.restock ? await stock.unitsOf(tx, ticket) : [];
      const row = await moves.move(tx, ticket, 'received', { action: 'receive', by: staff(ctx), note: input.note, data: { restock: input.restock, units } });
      await stock.move(tx, row, units, 'return', ctx);
      return moves.detail(tx, row, 'staff');
    });
  }

  /** Refunds a received return: the approved amount, bounded by what the lines allow now. */
  async function refund(tx: Tx, ctx: StaffContext, id: number, note: string) {
    const ticket = await moves.requireTicket(tx, id, { lock: true });
    if (ticket.status !== 'received' || ticket.type !== 'return_refund') {
      throw new AppError('AFTERSALES_ACTION_INVALID', { type: ticket.type, status: ticket.status });
    }
    const parts = await refunds.capNow(tx, ticket);
    const amount = refunds.decideAmount(parts.cap, undefined, ticket.refundAmount ?? ticket.requestedAmount);
    const row = await moves.move(tx, ticket, 'refunding', { action: 'refund', by: staff(ctx), note, set: { refundAmount: amount }, data: { refundAmount: amount } });
    await refunds.startRefund(tx, row, parts, staff(ctx));
    return moves.detail(tx, (await repo.findTicket(tx, id))!, 'staff');
  }

  async function shipExchange(ctx: StaffContext, id: number, shipment: AfterSalesShipmentInput) {
    return db.transaction(async (tx) => {
      const ticket = await moves.requireTicket(tx, id, { lock: true });
      assertTransition(ticket.status, 'exchanged', ticket.type);
      const units = await stock.unitsOf(tx, ticket);
      const row = await moves.move(tx, ticket, 'exchanged', {
        action: 'ship_exchange',
        by: staff(ctx),
        note: `${shipment.carrier} ${shipment.trackingNo}`,
        set: { exchangeCarrier: shipment.carrier, exchangeTrackingNo: shipment.trackingNo, exchangeShippedAt: clock.now() },
        data: { carrier: shipment.carrier, trackingNo: shipment.trackingNo, units },
      });
      // The replacement leaves stock in the same transaction: not enough sellable undoes the whole move.
      await stock.move(tx, row, units, 'exchange', ctx);
      return moves.detail(tx, row, 'staff');
    });
  }

  async function withdraw(shopperId: number, id: number) {
    return db.transaction(async (tx) => {
      const ticket = await moves.requireTicket(tx, id, { shopperId, lock: true });
      const row = await moves.move(tx, ticket, 'withdrawn', { action: 'withdraw', by: { kind: 'shopper' } });
      return moves.detail(tx, row, 'shopper');
    });
  }

  /** The shopper's return parcel: carrier and tracking number, while the ticket awaits the goods (may be corrected). */
  async function returnShipment(shopperId: number, id: number, shipment: AfterSalesShipmentInput) {
    return db.transaction(async (tx) => {
      const ticket = await moves.requireTicket(tx, id, { shopperId, lock: true });
      if (ticket.status !== 'awaiting_return') throw new AppError('AFTERSALES_ACTION_INVALID', { type: ticket.type, status: ticket.status });
      const now = clock.now();
      const row = await repo.updateTicket(tx, id, { returnCarrier: shipment.carrier, returnTrackingNo: shipment.trackingNo, returnShippedAt: now, updatedAt: now });
      await moves.history(tx, row, row.status, {
        action: 'return_shipment',
        by: { kind: 'shopper' },
        note: `${shipment.carrier} ${shipment.trackingNo}`,
        data: { carrier: shipment.carrier, trackingNo: shipment.trackingNo },
      });
      await deps.notifications.notifyStaff(tx, {
        kind: 'aftersales.return_shipped',
        permission: 'aftersales.handle',
        titleZh: `售后单 ${row.ticketNo} 买家已寄回商品（${shipment.carrier} ${shipment.trackingNo}）`,
        titleEn: `Goods of ${row.ticketNo} sent back (${shipment.carrier} ${shipment.trackingNo})`,
        data: { ticketId: row.id },
      });
      return moves.detail(tx, row, 'shopper');
    });
  }

  async function list(filter: repo.TicketFilter, query: AfterSalesListQuery | AfterSalesAdminListQuery) {
    const { items, total } = await repo.listTickets(db, filter, query);
    const lines = await repo.linesOf(db, items.map((row) => row.id));
    return { items: items.map((row) => ticketView(row, lines)), total, page: query.page, pageSize: query.pageSize };
  }

  const listMine = (shopperId: number, query: AfterSalesListQuery) => list({ shopperId, status: query.status, type: query.type }, query);
  const listAll = (query: AfterSalesAdminListQuery) => list(query, query);
  const getMine = async (shopperId: number, id: number) => moves.detail(db, await moves.requireTicket(db, id, { shopperId }), 'shopper');
  const getForStaff = async (id: number) => moves.detail(db, await moves.requireTicket(db, id), 'staff');

  return { approve, reject, receive, refund, retryRefund: refunds.retryRefund, shipExchange, withdraw, returnShipment, listMine, listAll, getMine, getForStaff };
}
