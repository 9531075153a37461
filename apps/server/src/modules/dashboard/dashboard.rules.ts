// Pure rules of the dashboard: the period's days in the shop's time zone, the instant its first day
// starts, the daily series with missing days filled, the period's totals and the status counts.
import { ORDER_STATUS_VALUES, shopDay, wallClock, type DashboardDay, type OrderStatusValue } from '@mall/contract';

/** What one query reports for one day; the rest of that day's numbers come from other rows. */
export type DayRow = { date: string } & Partial<Omit<DashboardDay, 'date' | 'net'>>;

/** The calendar day (YYYY-MM-DD) of a moment in a time zone. */
export const localDate = shopDay;

/** How far the zone's wall clock is ahead of UTC at this moment, in ms. */
function zoneOffsetMs(at: Date, timeZone: string): number {
  const w = wallClock(at, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/**
 * The moment a calendar day starts in a time zone. The offset is taken at the guess and checked
 * again at the result, so a day next to a daylight-saving change still starts at its own midnight.
 */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const midnightUtc = Date.parse(`${date}T00:00:00Z`);
  const first = midnightUtc - zoneOffsetMs(new Date(midnightUtc), timeZone);
  const second = midnightUtc - zoneOffsetMs(new Date(first), timeZone);
  return new Date(second);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The last `days` calendar days up to today in the shop's zone, oldest first, and when the first one started. */
export function periodOf(now: Date, days: number, timeZone: string): { from: string; to: string; dates: string[]; since: Date } {
  const to = localDate(now, timeZone);
  const dates = Array.from({ length: days }, (_, i) => addDays(to, i - days + 1));
  const from = dates[0]!;
  return { from, to, dates, since: startOfLocalDay(from, timeZone) };
}

const blankDay = (date: string): DashboardDay => ({ date, received: 0, refunded: 0, net: 0, ordersPlaced: 0, ordersPaid: 0 });

/** One entry per date given, rows of the same day summed, days without rows as zeros; rows outside the dates are dropped. */
export function fillSeries(dates: readonly string[], rows: readonly DayRow[]): DashboardDay[] {
  const byDate = new Map(dates.map((date) => [date, blankDay(date)]));
  for (const row of rows) {
    const day = byDate.get(row.date);
    if (!day) continue;
    day.received += row.received ?? 0;
    day.refunded += row.refunded ?? 0;
    day.ordersPlaced += row.ordersPlaced ?? 0;
    day.ordersPaid += row.ordersPaid ?? 0;
  }
  return dates.map((date) => {
    const day = byDate.get(date)!;
    return { ...day, net: day.received - day.refunded };
  });
}

/** The period's sums of a series. */
export function seriesTotals(series: readonly DashboardDay[]) {
  const sum = (key: 'received' | 'refunded' | 'ordersPlaced' | 'ordersPaid') => series.reduce((total, day) => total + day[key], 0);
  const received = sum('received');
  const refunded = sum('refunded');
  return { received, refunded, net: received - refunded, ordersPlaced: sum('ordersPlaced'), ordersPaid: sum('ordersPaid') };
}

/** Σ order totals ÷ orders, rounded to the fen; null without orders. */
export function averageOrderValue(totalAmount: number, orders: number): number | null {
  return orders > 0 ? Math.round(totalAmount / orders) : null;
}

/** A count for every status, zero for those without orders; unknown statuses are ignored. */
export function statusCounts(rows: readonly { status: string; count: number }[]): Record<OrderStatusValue, number> {
  const counts = Object.fromEntries(ORDER_STATUS_VALUES.map((s) => [s, 0])) as Record<OrderStatusValue, number>;
  for (const row of rows) if (row.status in counts) counts[row.status as OrderStatusValue] += row.count;
  return counts;
}
