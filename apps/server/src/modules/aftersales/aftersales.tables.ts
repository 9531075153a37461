import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, check, index, integer, jsonb, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { AFTERSALES_STATUSES, AFTERSALES_TYPES } from '@mall/contract';
import { utc, createdUpdated } from '../../platform/columns.ts';

const money = (name: string) => bigint(name, { mode: 'number' });

/** An after-sales work ticket (售后工单): one application on lines of one order. */
export const aftersalesTickets = pgTable(
  'aftersales_tickets',
  {
    id: serial('id').primaryKey(),
    /** What the shopper and staff quote: AS + date + random digits, unique. */
    ticketNo: text('ticket_no').notNull(),
    shopperId: integer('shopper_id').notNull(),
    orderId: integer('order_id').notNull(),
    /** Snapshot of the order number, for the back office's search. */
    orderNo: text('order_no').notNull(),
    type: text('type', { enum: AFTERSALES_TYPES }).notNull(),
    status: text('status', { enum: AFTERSALES_STATUSES }).notNull(),
    reason: text('reason').notNull(),
    description: text('description').notNull().default(''),
    photos: jsonb('photos').$type<string[]>().notNull(),
    requestedAmount: money('requested_amount').notNull(),
    /** Set when approved (refund types): what will be refunded, shipping part included. */
    refundAmount: money('refund_amount'),
    shippingAmount: money('shipping_amount').notNull().default(0),
    refundedAmount: money('refunded_amount').notNull().default(0),
    returnCarrier: text('return_carrier'),
    returnTrackingNo: text('return_tracking_no'),
    returnShippedAt: utc('return_shipped_at'),
    exchangeCarrier: text('exchange_carrier'),
    exchangeTrackingNo: text('exchange_tracking_no'),
    exchangeShippedAt: utc('exchange_shipped_at'),
    rejectReason: text('reject_reason'),
    /** When the ticket reached an end state (refunded, exchanged, rejected, withdrawn). */
    closedAt: utc('closed_at'),
    ...createdUpdated(),
  },
  (t) => [
    uniqueIndex('aftersales_tickets_no_uq').on(t.ticketNo),
    index('aftersales_tickets_shopper_idx').on(t.shopperId, t.createdAt),
    index('aftersales_tickets_order_idx').on(t.orderId),
    index('aftersales_tickets_status_idx').on(t.status, t.createdAt),
    index('aftersales_tickets_order_no_idx').on(t.orderNo),
    check(
      'aftersales_tickets_amounts_ck',
      sql`${t.requestedAmount} >= 0 AND ${t.shippingAmount} >= 0 AND ${t.refundedAmount} >= 0 AND (${t.refundAmount} IS NULL OR (${t.refundAmount} >= ${t.shippingAmount} AND ${t.refundedAmount} <= ${t.refundAmount}))`,
    ),
  ],
);

/** The order lines a ticket covers. `open` is true until the ticket ends: one open ticket per line. */
export const aftersalesTicketLines = pgTable(
  'aftersales_ticket_lines',
  {
    id: serial('id').primaryKey(),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => aftersalesTickets.id, { onDelete: 'cascade' }),
    orderLineId: integer('order_line_id').notNull(),
    /** Snapshots of the order line, to show the ticket without the order. */
    title: text('title').notNull(),
    imageUrl: text('image_url'),
    specValues: jsonb('spec_values').$type<Record<string, string>>().notNull(),
    quantity: integer('quantity').notNull(),
    /** This line's part of the refund, set when the refund is made. */
    refundAmount: money('refund_amount'),
    open: boolean('open').notNull().default(true),
  },
  (t) => [
    index('aftersales_ticket_lines_ticket_idx').on(t.ticketId),
    index('aftersales_ticket_lines_line_idx').on(t.orderLineId),
    uniqueIndex('aftersales_ticket_lines_open_uq').on(t.orderLineId).where(sql`open`),
    check('aftersales_ticket_lines_qty_ck', sql`${t.quantity} > 0 AND (${t.refundAmount} IS NULL OR ${t.refundAmount} >= 0)`),
  ],
);

/** Every move of a ticket, oldest first: who, when, from, to, why. */
export const aftersalesHistory = pgTable(
  'aftersales_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => aftersalesTickets.id, { onDelete: 'cascade' }),
    /** apply, approve, reject, withdraw, return_shipment, receive, refund, refund_succeeded, refund_failed, retry_refund, ship_exchange */
    action: text('action').notNull(),
    fromStatus: text('from_status', { enum: AFTERSALES_STATUSES }),
    toStatus: text('to_status', { enum: AFTERSALES_STATUSES }).notNull(),
    /** 'shopper', 'staff:<username>', 'system' */
    actor: text('actor').notNull(),
    note: text('note'),
    data: jsonb('data').$type<Record<string, unknown>>(),
    createdAt: utc('created_at').notNull(),
  },
  (t) => [index('aftersales_history_ticket_idx').on(t.ticketId, t.id)],
);

/** The payment refunds a ticket asked for (the payment ledger holds the money; this ties them to the ticket). */
export const aftersalesRefunds = pgTable(
  'aftersales_refunds',
  {
    refundId: integer('refund_id').primaryKey(),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => aftersalesTickets.id, { onDelete: 'cascade' }),
    paymentId: integer('payment_id').notNull(),
    amount: money('amount').notNull(),
    status: text('status', { enum: ['pending', 'succeeded', 'failed'] }).notNull(),
    createdAt: utc('created_at').notNull(),
    succeededAt: utc('succeeded_at'),
  },
  (t) => [index('aftersales_refunds_ticket_idx').on(t.ticketId), check('aftersales_refunds_amount_ck', sql`${t.amount} >= 0`)],
);

/** Photos a shopper uploaded for an application; attached to the ticket that uses them (each once). */
export const aftersalesPhotos = pgTable(
  'aftersales_photos',
  {
    id: serial('id').primaryKey(),
    shopperId: integer('shopper_id').notNull(),
    storageKey: text('storage_key').notNull(),
    url: text('url').notNull(),
    ticketId: integer('ticket_id').references(() => aftersalesTickets.id, { onDelete: 'set null' }),
    createdAt: utc('created_at').notNull(),
  },
  (t) => [uniqueIndex('aftersales_photos_url_uq').on(t.url), index('aftersales_photos_shopper_idx').on(t.shopperId).where(sql`ticket_id IS NULL`)],
);
