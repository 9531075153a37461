import type { AfterSalesStatus, ShopSettings } from '@mall/contract';
import type { Clock } from '../../platform/clock.ts';
import type { Db, DbOrTx, Tx } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { recordAudit, type StaffContext } from '../../platform/audit.ts';
import type { FileStorage } from '../../platform/storage.ts';
import { messages, type NewShopperMessage, type NewStaffNotification } from '../notifications/index.ts';
import type { InventoryPort, OrdersPort, PaymentsPort } from './aftersales.ports.ts';
import { assertTransition, isTerminal } from './aftersales.rules.ts';
import * as repo from './aftersales.repo.ts';
import { messageNoteFor, TICKET, ticketDetail } from './aftersales.views.ts';

export interface AfterSalesDeps {
  db: Db;
  clock: Clock;
  settings: { get(tx?: DbOrTx): Promise<ShopSettings> };
  notifications: {
    notifyShopper(tx: DbOrTx, message: NewShopperMessage): Promise<unknown>;
    notifyStaff(tx: DbOrTx, notification: NewStaffNotification): Promise<unknown>;
  };
  storage: FileStorage;
  orders: OrdersPort;
  payments: PaymentsPort;
  inventory: InventoryPort;
}

/** Who moves a ticket: the shopper, a staff member (audited) or the system (payment callbacks). */
export type Mover = { kind: 'shopper' } | { kind: 'staff'; ctx: StaffContext } | { kind: 'system' };

export const actorName = (mover: Mover) => (mover.kind === 'staff' ? `staff:${mover.ctx.actor.username}` : mover.kind);

export interface MoveOptions {
  action: string;
  by: Mover;
  note?: string | null;
  set?: Partial<repo.TicketRow>;
  data?: Record<string, unknown>;
  /** The shopper message's dedupe key, for a state a ticket may reach more than once (refunding, refund_failed). */
  messageKey?: string;
}

/** The shared steps of every ticket move: transition check, compare-and-set, history, message, audit. */
export function createTicketMoves(deps: AfterSalesDeps) {
  const { clock } = deps;

  async function requireTicket(tx: DbOrTx, id: number, options: { shopperId?: number; lock?: boolean } = {}) {
    const ticket = await repo.findTicket(tx, id, options);
    if (!ticket) throw notFound(TICKET, id);
    return ticket;
  }

  /** The shopper's message for the state the ticket reached (once per ticket and state); a refund paid also as its own kind (sent by SMS). */
  async function notifyShopper(tx: Tx, row: repo.TicketRow, dedupeKey = `aftersales:${row.id}:${row.status}`) {
    const data = { ticketId: row.id, ticketNo: row.ticketNo, orderId: row.orderId, status: row.status };
    const text = messages.afterSalesUpdated({ ticketNo: row.ticketNo, orderNo: row.orderNo, status: row.status, note: messageNoteFor(row) });
    await deps.notifications.notifyShopper(tx, { shopperId: row.shopperId, kind: 'aftersales.updated', ...text, data, dedupeKey });
    if (row.status === 'refunded' && row.refundedAmount > 0) {
      const paid = messages.refundPaid({ orderNo: row.orderNo, amount: row.refundedAmount });
      await deps.notifications.notifyShopper(tx, { shopperId: row.shopperId, kind: 'aftersales.refunded', ...paid, data, dedupeKey: `aftersales:${row.id}:refund_paid` });
    }
  }

  async function history(tx: Tx, ticket: repo.TicketRow, from: AfterSalesStatus | null, options: MoveOptions) {
    await repo.insertHistory(tx, {
      ticketId: ticket.id,
      action: options.action,
      fromStatus: from,
      toStatus: ticket.status,
      actor: actorName(options.by),
      note: options.note || null,
      data: options.data ?? null,
      createdAt: clock.now(),
    });
    if (options.by.kind === 'staff') {
      await recordAudit(tx, clock, options.by.ctx, {
        action: `aftersales.${options.action}`,
        entityType: 'aftersales_ticket',
        entityId: ticket.id,
        changes: { ticketNo: ticket.ticketNo, from, to: ticket.status, note: options.note || undefined, ...options.data },
      });
    }
  }

  /** Moves `ticket` (read under lock) to `to`; a ticket reaching an end state frees its order lines. */
  async function move(tx: Tx, ticket: repo.TicketRow, to: AfterSalesStatus, options: MoveOptions): Promise<repo.TicketRow> {
    assertTransition(ticket.status, to, ticket.type);
    const now = clock.now();
    const ends = isTerminal(to);
    const row = await repo.moveTicket(tx, ticket.id, ticket.status, { ...options.set, status: to, updatedAt: now, ...(ends ? { closedAt: now } : {}) });
    if (!row) throw new AppError('CONFLICT');
    if (ends) await repo.closeLines(tx, ticket.id);
    await history(tx, row, ticket.status, options);
    await notifyShopper(tx, row, options.messageKey);
    return row;
  }

  async function detail(tx: DbOrTx, row: repo.TicketRow, audience: 'shopper' | 'staff') {
    const [lines, entries, refunds] = await Promise.all([repo.linesOf(tx, [row.id]), repo.historyOf(tx, row.id), repo.refundsOf(tx, row.id)]);
    return ticketDetail(row, { lines, history: entries, refunds }, audience);
  }

  return { requireTicket, notifyShopper, history, move, detail };
}

export type TicketMoves = ReturnType<typeof createTicketMoves>;
