import { INSTALLATION_PERIODS, type InstallationPeriod, type InstallationSettings, type InstallationStatus } from '@mall/contract';
import { AppError } from '../../platform/errors.ts';
import type { OrderStatus } from '../orders/index.ts';

/** Every move an appointment's status can make. */
export const INSTALLATION_TRANSITIONS: Record<InstallationStatus, readonly InstallationStatus[]> = {
  requested: ['confirmed', 'cancelled'],
  confirmed: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

/**
 * What each actor may do, from which status, and where it leads. A reschedule keeps the status.
 * The shopper may change or cancel only while the appointment is requested; after that staff do it.
 */
export const INSTALLATION_ACTIONS = {
  shopper_change: { by: 'shopper', from: ['requested'], to: null, verb: 'change' },
  shopper_cancel: { by: 'shopper', from: ['requested'], to: 'cancelled', verb: 'cancel' },
  confirm: { by: 'staff', from: ['requested'], to: 'confirmed', verb: 'confirm' },
  reschedule: { by: 'staff', from: ['confirmed'], to: null, verb: 'reschedule' },
  complete: { by: 'staff', from: ['confirmed'], to: 'completed', verb: 'complete' },
  staff_cancel: { by: 'staff', from: ['requested', 'confirmed'], to: 'cancelled', verb: 'cancel' },
} as const satisfies Record<string, { by: 'shopper' | 'staff'; from: readonly InstallationStatus[]; to: InstallationStatus | null; verb: string }>;
export type InstallationAction = keyof typeof INSTALLATION_ACTIONS;

export const PERIOD_WORDS: Record<InstallationPeriod, string> = { morning: '上午', afternoon: '下午', evening: '晚上' };
/** The hours a period stands for, as the shop shows them (also what error messages name, in any language). */
export const PERIOD_HOURS: Record<InstallationPeriod, string> = { morning: '9:00-12:00', afternoon: '13:00-18:00', evening: '18:00-21:00' };

export const canMove = (from: InstallationStatus, to: InstallationStatus) => INSTALLATION_TRANSITIONS[from].includes(to);

/** The status the action leads to from `status`, or the error that refuses it. */
export function statusAfter(status: InstallationStatus, action: InstallationAction): InstallationStatus {
  const rule = INSTALLATION_ACTIONS[action];
  if (!(rule.from as readonly InstallationStatus[]).includes(status)) {
    if (rule.by === 'shopper' && status === 'confirmed') throw new AppError('INSTALLATION_ASK_STAFF');
    throw new AppError('INSTALLATION_STATE_INVALID', { status, action: rule.verb });
  }
  const to = rule.to ?? status;
  if (to !== status && !canMove(status, to)) throw new AppError('INSTALLATION_STATE_INVALID', { status, action: rule.verb });
  return to;
}

/**
 * Orders a shopper may book for. Unpaid orders too, so checkout can book right after placing the
 * order: the request holds its place like reserved stock, and is dropped with the order if it is
 * never paid. Staff confirm only paid orders (see CONFIRMABLE_ORDER_STATUSES).
 */
export const BOOKABLE_ORDER_STATUSES: readonly OrderStatus[] = ['awaiting_payment', 'awaiting_deposit', 'awaiting_balance', 'awaiting_stock', 'awaiting_shipment', 'shipped'];
/** Paid (in full, or the deposit of a presale / pre-order waiting for its goods). */
export const CONFIRMABLE_ORDER_STATUSES: readonly OrderStatus[] = ['awaiting_balance', 'awaiting_stock', 'awaiting_shipment', 'shipped'];
/** Orders whose appointments no longer count: they hold no place and are cancelled by the sweeper. */
export const DEAD_ORDER_STATUSES: readonly OrderStatus[] = ['cancelled', 'closed'];
/** The technician comes after the goods have left the warehouse. */
export const COMPLETABLE_ORDER_STATUSES: readonly OrderStatus[] = ['shipped', 'completed'];

export function assertBookable(orderStatus: OrderStatus): void {
  if (!BOOKABLE_ORDER_STATUSES.includes(orderStatus)) throw new AppError('INSTALLATION_ORDER_STATE', { status: orderStatus });
}

/** A YYYY-MM-DD day moved by whole days (calendar arithmetic, no clock). */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The days offered, in order: from `today + leadDays`, `daysAhead` of them. */
export function offeredDays(today: string, settings: Pick<InstallationSettings, 'leadDays' | 'daysAhead'>): string[] {
  return Array.from({ length: settings.daysAhead }, (_, i) => addDays(today, settings.leadDays + i));
}

export function assertOffered(day: string, today: string, settings: Pick<InstallationSettings, 'leadDays' | 'daysAhead'>): void {
  const days = offeredDays(today, settings);
  if (!days.includes(day)) throw new AppError('INSTALLATION_SLOT_OUT_OF_RANGE', { from: days[0], to: days[days.length - 1] });
}

export const slotKey = (date: string, period: InstallationPeriod) => `${date}|${period}`;

/** Every offered slot with what is left of it; `taken` counts live appointments by slotKey. */
export function slotGrid(days: string[], capacity: number, taken: ReadonlyMap<string, number>, mine: string | null) {
  return days.flatMap((date) =>
    INSTALLATION_PERIODS.map((period) => {
      const key = slotKey(date, period);
      return { date, period, capacity, remaining: Math.max(0, capacity - (taken.get(key) ?? 0)), mine: key === mine };
    }),
  );
}

export function assertRoom(date: string, period: InstallationPeriod, capacity: number, taken: number): void {
  if (taken >= capacity) throw new AppError('INSTALLATION_SLOT_FULL', { date, hours: PERIOD_HOURS[period] });
}

/** "11月28日 上午" as the shopper reads it. */
export function slotText(date: string, period: InstallationPeriod): string {
  const [, month, day] = date.split('-').map(Number);
  return `${month}月${day}日 ${PERIOD_WORDS[period]}`;
}
