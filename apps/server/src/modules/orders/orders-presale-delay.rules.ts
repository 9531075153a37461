// Pure rules of presale messages and delays: the balance reminders' keys, what counts as a delay
// of an order's ship date, when an unshipped order is the merchant's default, and the words used.
import { shopDay, type PresaleReminder } from '@mall/contract';
import type { StoredShip } from '../presale/index.ts';
import type { OrderStatus } from './orders.tables.ts';

const DAY_MS = 86_400_000;

/** How a reminder is recorded in presale_reminder_sends (the SQL that finds due reminders builds the same text). */
export function reminderKeyOf(reminder: PresaleReminder): string {
  return reminder.kind === 'window_open' ? 'window_open' : `before_close:${reminder.hours}`;
}

/** The message kind of a reminder key: the window opening, or the deadline coming. */
export const reminderKindOf = (key: string) => (key === 'window_open' ? 'presale.balance_open' : 'presale.balance_due');

/** Orders a ship-date change reaches: every one still open (neither shipped nor gone). */
export const SHIP_CHANGE_STATUSES: readonly OrderStatus[] = ['awaiting_deposit', 'awaiting_payment', 'awaiting_balance', 'awaiting_shipment'];

/**
 * Whether the buyer has money in the order: the first payment (deposit or full) is made. Only
 * such orders are delayed (the right to cancel with a full refund) and compensated; an unpaid
 * order is told the new date before paying anything and may simply not pay.
 */
export const hasPaid = (status: OrderStatus) => status === 'awaiting_balance' || status === 'awaiting_shipment';

/** When the order ships by this estimate: the fixed date, or N days after it is (or, unpaid, would be now) fully paid. */
export function shipMoment(ship: StoredShip, fullyPaidAt: Date | null, now: Date): Date {
  if (ship.kind === 'date') return new Date(ship.shipDate);
  return new Date((fullyPaidAt ?? now).getTime() + ship.shipDays * DAY_MS);
}

/** A change delays the order when its new estimate is later than its old one. */
export function isDelay(from: StoredShip, to: StoredShip, fullyPaidAt: Date | null, now: Date): boolean {
  return shipMoment(to, fullyPaidAt, now).getTime() > shipMoment(from, fullyPaidAt, now).getTime();
}

/**
 * When a fully paid, unshipped order becomes the merchant's default: its estimated ship date
 * plus the shop's grace days (it is overdue strictly after this). Null before it is fully paid.
 */
export function overdueAfter(ship: { kind: 'date'; shipDate: Date } | { kind: 'days_after_paid'; shipDays: number }, fullyPaidAt: Date | null, graceDays: number): Date | null {
  const estimated = ship.kind === 'date' ? ship.shipDate : fullyPaidAt ? new Date(fullyPaidAt.getTime() + ship.shipDays * DAY_MS) : null;
  return estimated ? new Date(estimated.getTime() + graceDays * DAY_MS) : null;
}

/** "2026-12-23" in the shop's time zone. */
export const shopDate = shopDay;

/** An estimate as the buyer reads it: a date, or "N days after paying in full" while not fully paid. */
export function describeShip(ship: StoredShip, fullyPaidAt: Date | null, timeZone: string): string {
  if (ship.kind === 'date') return shopDate(new Date(ship.shipDate), timeZone);
  return fullyPaidAt ? shopDate(shipMoment(ship, fullyPaidAt, fullyPaidAt), timeZone) : `付清全款后 ${ship.shipDays} 天内`;
}
