import type { Query } from '../../api/http.ts';
import { zonedWallToIso } from '../../utils/time.ts';

export interface OrderFilters {
  status: string;
  kind: string;
  campaignId: number | null;
  /** 分批发货: the batch (1, 2, …) of the chosen campaign; only sent with campaignId. */
  batch: number | null;
  /** [from, to] as YYYY-MM-DD in the shop's zone, both days included. */
  dates: [string, string] | null;
  q: string;
}

export function emptyOrderFilters(): OrderFilters {
  return { status: '', kind: '', campaignId: null, batch: null, dates: null, q: '' };
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
  if (filters.kind) query.kind = filters.kind;
  if (filters.campaignId) query.campaignId = filters.campaignId;
  if (filters.campaignId && filters.batch) query.batch = filters.batch;
  if (filters.q.trim()) query.q = filters.q.trim();
  if (filters.dates) {
    query.from = zonedWallToIso(`${filters.dates[0]}T00:00:00`, timeZone);
    query.to = zonedWallToIso(`${nextDay(filters.dates[1])}T00:00:00`, timeZone);
  }
  return query;
}

/** Filters given in the address (?campaignId=3&batch=2, as the campaign report links them). */
export function filtersFromRoute(query: Record<string, unknown>): Partial<OrderFilters> {
  const id = (value: unknown) => (typeof value === 'string' && /^[1-9]\d{0,8}$/.test(value) ? Number(value) : null);
  const campaignId = id(query.campaignId);
  const batch = campaignId ? id(query.batch) : null;
  return { ...(campaignId ? { campaignId } : {}), ...(batch ? { batch } : {}) };
}
