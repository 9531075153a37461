// ECharts options for the campaign report (pure: tested without a browser).
import { formatMinorUnits } from '@mall/contract';
import type { CampaignReport } from '../../api/presale.ts';

type Translate = (key: string) => string;
const yuan = (fen: number) => Number(formatMinorUnits(fen));

export function dailyOption(report: CampaignReport, t: Translate) {
  const days = report.series.map((d) => d.date);
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 50, right: 60, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: days },
    yAxis: [
      { type: 'value', name: t('report.units'), minInterval: 1 },
      { type: 'value', name: '¥', position: 'right' },
    ],
    series: [
      { name: t('report.ordersPlaced'), type: 'bar', data: report.series.map((d) => d.ordersPlaced) },
      { name: t('report.deposits'), type: 'bar', data: report.series.map((d) => d.depositsPaid) },
      { name: t('report.balances'), type: 'bar', data: report.series.map((d) => d.balancesPaid) },
      { name: t('report.depositAmount'), type: 'line', yAxisIndex: 1, data: report.series.map((d) => yuan(d.depositAmount)) },
      { name: t('report.balanceAmount'), type: 'line', yAxisIndex: 1, data: report.series.map((d) => yuan(d.balanceAmount)) },
    ],
  };
}

export function funnelOption(report: CampaignReport, t: Translate) {
  const steps =
    report.type === 'deposit'
      ? [
          { name: t('report.placed'), value: report.orders.placed },
          { name: t('report.deposits'), value: report.deposits.orders },
          { name: t('report.balances'), value: report.balances.orders },
        ]
      : [
          { name: t('report.placed'), value: report.orders.placed },
          { name: t('report.balances'), value: report.balances.orders },
        ];
  return {
    tooltip: { trigger: 'item', formatter: '{b}: {c}' },
    series: [{ type: 'funnel', left: '10%', width: '80%', sort: 'descending', label: { show: true, position: 'inside', formatter: '{b}: {c}' }, data: steps }],
  };
}

/** 分批发货: per batch, units planned against units placed, and orders against balances paid. */
export function batchesOption(report: CampaignReport, t: (key: string, named?: Record<string, unknown>) => string) {
  const batches = [...report.batches].sort((a, b) => a.seq - b.seq);
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 20, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: batches.map((b) => t('batch.nth', { n: b.seq })) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: t('batch.planned'), type: 'bar', data: batches.map((b) => b.units) },
      { name: t('batch.assigned'), type: 'bar', data: batches.map((b) => b.assignedUnits) },
      { name: t('batch.orders'), type: 'bar', data: batches.map((b) => b.orders) },
      { name: t('batch.balancesPaid'), type: 'bar', data: batches.map((b) => b.balancesPaid) },
    ],
  };
}
