// The back office's dashboard: one read-only summary of sales, orders, presale and stock over the
// last 7, 30 or 90 days, counted in the shop's time zone.
import { z } from 'zod';
import { timestamp } from './common.ts';
import { ORDER_STATUS_VALUES, type OrderStatusValue } from './orders.ts';
import { PRESALE_STATUSES, PRESALE_TYPES } from './presale.ts';

export const DASHBOARD_PERIODS = ['7', '30', '90'] as const;

export const dashboardQuery = z.object({
  /** How many days, today included (7 when omitted). */
  days: z.enum(DASHBOARD_PERIODS).default('7').transform(Number),
});
export type DashboardQuery = z.output<typeof dashboardQuery>;

const count = z.number().int().min(0);
const fen = z.number().int();

/** Money moved through the payments: received (payments, captures) less refunds confirmed, in fen. */
const moneyTotals = z.object({ received: fen, refunded: fen, net: fen });

/** One day in the shop's time zone (YYYY-MM-DD). */
export const dashboardDay = moneyTotals.extend({
  date: z.string(),
  /** Orders created that day. */
  ordersPlaced: count,
  /** Orders paid in full that day (a deposit presale order when its balance is paid). */
  ordersPaid: count,
});
export type DashboardDay = z.infer<typeof dashboardDay>;

export const dashboardPresaleCampaign = z.object({
  campaignId: z.number().int(),
  name: z.string(),
  type: z.enum(PRESALE_TYPES),
  status: z.enum(PRESALE_STATUSES),
  startsAt: timestamp,
  endsAt: timestamp,
  depositsPaid: count,
  balancesPaid: count,
  units: count,
  /** Balances paid ÷ deposits paid (deposit campaigns with deposits; else null). */
  conversion: z.object({ basisPoints: z.number().int().nullable(), percent: z.string().nullable() }),
});
export type DashboardPresaleCampaign = z.infer<typeof dashboardPresaleCampaign>;

export const dashboardSummary = z.object({
  timeZone: z.string(),
  generatedAt: timestamp,
  days: z.number().int(),
  /** First and last day of the period (today), YYYY-MM-DD in the shop's time zone. */
  from: z.string(),
  to: z.string(),
  today: dashboardDay,
  period: moneyTotals.extend({
    ordersPlaced: count,
    ordersPaid: count,
    /** Σ total of the orders paid in full in the period ÷ their number, in fen (rounded); null when none. */
    averageOrderValue: fen.nullable(),
  }),
  series: z.array(dashboardDay),
  /** Orders placed in the period, by their status now. */
  statusCounts: z.object(Object.fromEntries(ORDER_STATUS_VALUES.map((s) => [s, count])) as Record<OrderStatusValue, typeof count>),
  /** Campaigns whose order window is open or still to come, or whose balance window is not yet closed. */
  presale: z.array(dashboardPresaleCampaign),
  /** Best sellers of the period: units of orders paid in full in it, refunded units taken off. */
  topProducts: z.array(z.object({ productId: z.number().int(), title: z.string(), units: count, amount: fen })),
  /** SKUs whose sellable stock is under their low-stock threshold. */
  lowStockSkus: count,
});
export type DashboardSummary = z.infer<typeof dashboardSummary>;
