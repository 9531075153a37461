// Chart options and figures of the dashboard, from the summary API (GET /admin/dashboard).
import { formatMinorUnits, ORDER_STATUS_VALUES } from '@mall/contract';
import type { DashboardSummary } from '../../api/dashboard.ts';

type Translate = (key: string, named?: Record<string, unknown>) => string;
type Day = DashboardSummary['series'][number];

/** Fen as a plain yuan number for a chart axis (exact decimal text, then parsed once). */
const yuan = (fen: number) => Number(formatMinorUnits(fen));
/** "11-24" from "2026-11-24": short enough for 90 labels. */
const shortDate = (date: string) => date.slice(5);

/** Money per day: received, refunded and what stayed (net), in yuan. */
export function salesOption(series: readonly Day[], t: Translate) {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 60, right: 20, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: series.map((d) => shortDate(d.date)) },
    yAxis: { type: 'value', name: '¥' },
    series: [
      { name: t('dashboard.net'), type: 'line', areaStyle: { opacity: 0.15 }, data: series.map((d) => yuan(d.net)) },
      { name: t('dashboard.received'), type: 'line', data: series.map((d) => yuan(d.received)) },
      { name: t('dashboard.refunded'), type: 'line', data: series.map((d) => yuan(d.refunded)) },
    ],
  };
}

/** Orders placed and orders paid in full per day. */
export function ordersOption(series: readonly Day[], t: Translate) {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 20, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: series.map((d) => shortDate(d.date)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: t('dashboard.ordersPlaced'), type: 'bar', data: series.map((d) => d.ordersPlaced) },
      { name: t('dashboard.ordersPaid'), type: 'bar', data: series.map((d) => d.ordersPaid) },
    ],
  };
}

/** Orders of the period by status now; statuses without orders are left out. */
export function statusOption(counts: Readonly<Record<string, number>>, t: Translate) {
  return {
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { type: 'scroll', bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['35%', '65%'],
        data: ORDER_STATUS_VALUES.map((s) => ({ name: t(`orderStatus.${s}`), value: counts[s] ?? 0 })).filter((d) => d.value > 0),
      },
    ],
  };
}

/** Whether there is anything to draw in the pie. */
export const hasOrders = (counts: Readonly<Record<string, number>>) => Object.values(counts).some((n) => n > 0);
