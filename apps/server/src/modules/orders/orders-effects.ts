// What every order use case shares: its dependencies, the timeline, messages, and the
// compare-and-set move between states.
import type { FastifyBaseLogger } from 'fastify';
import { formatMinorUnits, type ShopSettings } from '@mall/contract';
import type { Clock } from '../../platform/clock.ts';
import type { Db, DbOrTx, Tx } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import type { InventoryService } from '../inventory/index.ts';
import type { NotificationService } from '../notifications/index.ts';
import type { AddressPort, CartPort, DemandPort, PaymentsPort, PointsPort, PresalePort, PricingPort, ShippingPort } from './orders.ports.ts';
import { assertTransition } from './orders.rules.ts';
import { insertEvent, moveStatus, type NewOrder, type OrderEventRow, type OrderRow } from './orders.repo.ts';
import type { OrderStatus } from './orders.tables.ts';
import type { OrderEventFeed } from './orders-event-feed.ts';

export interface OrderDeps {
  db: Db;
  clock: Clock;
  log?: Pick<FastifyBaseLogger, 'warn' | 'error'>;
  settings: { get(tx?: DbOrTx): Promise<ShopSettings> };
  inventory: InventoryService;
  notifications: NotificationService;
  pricing: PricingPort;
  points: PointsPort;
  cart: CartPort;
  addresses: AddressPort;
  payments: PaymentsPort;
  presale: PresalePort;
  demand: DemandPort;
  /** Shipping fee templates; without them the shop settings' flat fee applies. */
  shipping?: ShippingPort;
  /** The shop's public address, for links in e-mail and SMS copies of messages (in-app messages link relatively). */
  publicBaseUrl?: string;
  /** Where other modules subscribe to timeline events; none: nobody follows. */
  eventFeed?: OrderEventFeed;
}

export const ORDER_REF = 'order';
export const refIdOf = (orderId: number) => String(orderId);
export const yuan = (fen: number) => formatMinorUnits(fen);

/** Events the shopper does not see on the timeline. */
export const STAFF_ONLY_EVENTS: readonly string[] = ['order.remarked'];

export interface OrderEventInput {
  type: string;
  from?: OrderStatus | null;
  to?: OrderStatus | null;
  actor: string;
  note?: string | null;
  data?: Record<string, unknown> | null;
}

export function createOrderEffects(deps: Pick<OrderDeps, 'clock' | 'notifications' | 'eventFeed'>) {
  const { clock, notifications, eventFeed } = deps;

  async function recordEvent(tx: DbOrTx, orderId: number, event: OrderEventInput): Promise<OrderEventRow> {
    const row = await insertEvent(tx, {
      orderId,
      type: event.type,
      fromStatus: event.from ?? null,
      toStatus: event.to ?? null,
      actor: event.actor,
      note: event.note ?? null,
      data: event.data ?? null,
      createdAt: clock.now(),
    });
    await eventFeed?.publish(tx, clock, row);
    return row;
  }

  /**
   * Moves the order from its current status to `to` (the transition table decides whether it
   * may), as a compare-and-set, and records the event. A lost race is ORDER_STATE_INVALID.
   */
  async function transition(tx: Tx, order: OrderRow, to: OrderStatus, set: Partial<NewOrder>, event: Omit<OrderEventInput, 'from' | 'to'>): Promise<OrderRow> {
    assertTransition(order.status, to);
    const moved = await moveStatus(tx, order.id, order.status, to, { ...set, updatedAt: clock.now() });
    if (!moved) throw new AppError('ORDER_STATE_INVALID', { from: order.status, to });
    await recordEvent(tx, order.id, { ...event, from: order.status, to });
    return moved;
  }

  /** A message in the shopper's message centre, once per (order, kind, key). */
  async function tellShopper(tx: DbOrTx, order: Pick<OrderRow, 'id' | 'orderNo' | 'shopperId'>, kind: string, title: string, body: string, key = '') {
    await notifications.notifyShopper(tx, {
      shopperId: order.shopperId,
      kind,
      title,
      body,
      data: { orderId: order.id, orderNo: order.orderNo },
      dedupeKey: `${kind}:${order.id}${key ? `:${key}` : ''}`,
    });
  }

  return { recordEvent, transition, tellShopper };
}

export type OrderEffects = ReturnType<typeof createOrderEffects>;
