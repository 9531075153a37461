import type { Query } from '../../api/http.ts';
import { zonedWallToIso } from '../../utils/time.ts';

export interface OrderFilters {
  status: string;
  kind: string;
  campaignId: number | null;
  /** [from, to] as YYYY-MM-DD in the shop's zone, both days included. */
  dates: [string, string] | null;
  q: string;
}

export function emptyOrderFilters(): OrderFilters {
  return { status: '', kind: '', campaignId: null, dates: null, q: '' };
}

function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  const next = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + 1));
  return next.toISOString().slice(0, 10);
}

/** The API's query for the filters: whole days in the shop's zone become [from, to) instants. */
export function orderQuery(filters: OrderFilters, timeZone: string): Query {
  const query: Query = {};
  if (filters.status) query.status = filters.status;
  if (filters.campaignId) query.campaignId = filters.campaignId;
  if (filters.q.trim()) query.q = filters.q.trim();
  if (filters.dates) {
    query.from = zonedWallToIso(`${filters.dates[0]}T00:00:00`, timeZone);
    query.to = zonedWallToIso(`${nextDay(filters.dates[1])}T00:00:00`, timeZone);
  }
  return query;
}
