// The dashboard draws what the list APIs give (there is no summary API yet): status counts
// from the orders page, daily sales from the latest orders, sold/quota of campaigns.
import { formatMinorUnits, ORDER_STATUS_VALUES, sumMinor } from '@mall/contract';
import type { OrderPage } from '../../api/orders.ts';
import type { CampaignView } from '../../api/presale.ts';
import { formatDate } from '../../utils/time.ts';

type Translate = (key: string) => string;

export interface DayTotal {
  date: string;
  orders: number;
  paidFen: number;
}

/** Orders and money paid per day (shop's zone), oldest first. */
export function dailyTotals(orders: OrderPage['items'], timeZone: string): DayTotal[] {
  const byDay = new Map<string, DayTotal>();
  for (const order of orders) {
    const date = formatDate(order.createdAt, timeZone);
    const day = byDay.get(date) ?? { date, orders: 0, paidFen: 0 };
    day.orders += 1;
    day.paidFen = sumMinor([day.paidFen, order.paidAmount]);
    byDay.set(date, day);
  }
  return [...byDay.values()].sort((a, b) => a.date.localeCompare(b.date));
}

export function salesOption(days: DayTotal[], t: Translate) {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 50, right: 60, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: days.map((d) => d.date) },
    yAxis: [
      { type: 'value', name: t('dashboard.orderCount'), minInterval: 1 },
      { type: 'value', name: '¥', position: 'right' },
    ],
    series: [
      { name: t('dashboard.orderCount'), type: 'bar', data: days.map((d) => d.orders) },
      { name: t('dashboard.salesAmount'), type: 'line', yAxisIndex: 1, data: days.map((d) => Number(formatMinorUnits(d.paidFen))) },
    ],
  };
}

export function statusOption(counts: Record<string, number>, t: Translate) {
  return {
    tooltip: { trigger: 'item' },
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

export function presaleOption(campaigns: CampaignView[], t: Translate) {
  const shown = campaigns.slice(0, 10);
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 160, right: 20, top: 40, bottom: 30 },
    yAxis: { type: 'category', data: shown.map((c) => (c.name.length > 12 ? `${c.name.slice(0, 12)}…` : c.name)) },
    xAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: t('campaign.sold'), type: 'bar', data: shown.map((c) => c.items.reduce((s, i) => s + i.sold, 0)) },
      { name: t('campaign.quota'), type: 'bar', data: shown.map((c) => c.items.reduce((s, i) => s + i.quota, 0)) },
    ],
  };
}
