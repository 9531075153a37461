// Pure rules of the presale campaign report: conversion, tiers, the minimum target, the reminder
// keys, and the daily series with its missing days filled.
import { NO_REMINDER_KEY, shopDay, type MinTargetStatus, type PresaleReminder, type PresaleReportDay, type PresaleTier } from '@mall/contract';
import { nextTier, tierReached } from '../presale/index.ts';

/** Balances paid ÷ deposits paid in basis points (rounded down) and as text; null without deposits. */
export function conversionOf(balancesPaid: number, depositsPaid: number): { basisPoints: number | null; percent: string | null } {
  if (depositsPaid <= 0) return { basisPoints: null, percent: null };
  const basisPoints = Math.floor((balancesPaid * 10_000) / depositsPaid);
  return { basisPoints, percent: `${Math.floor(basisPoints / 100)}.${String(basisPoints % 100).padStart(2, '0')}%` };
}

export interface SettlementState {
  settledAt: Date | null;
  settlementOutcome: 'succeeded' | 'failed' | null;
  settledUnits: number | null;
}

/**
 * The units tiers and the minimum target are judged on: fixed at settlement, else the live count
 * (units with a paid first payment in orders not cancelled or closed, as settlement counts them).
 */
export function judgedUnits(c: SettlementState, liveUnits: number): number {
  return c.settledAt !== null && c.settledUnits !== null ? c.settledUnits : liveUnits;
}

export function tierStatus(tiers: readonly PresaleTier[], c: SettlementState, units: number) {
  return { units, settled: c.settledAt !== null, reached: tierReached(tiers, units), next: nextTier(tiers, units) };
}

/** 成团: pending or reached while the window is open, then succeeded or failed at settlement. */
export function minTargetStatus(minTarget: number | null, c: SettlementState, units: number): { target: number; units: number; unitsNeeded: number; status: MinTargetStatus } | null {
  if (minTarget === null) return null;
  const status: MinTargetStatus = c.settlementOutcome ?? (units >= minTarget ? 'reached' : 'pending');
  return { target: minTarget, units, unitsNeeded: Math.max(0, minTarget - units), status };
}

/** The key a reminder is recorded under in presale_reminder_sends. */
export const reminderKey = (r: PresaleReminder) => (r.kind === 'window_open' ? 'window_open' : `before_close:${r.hours}`);

/** The campaign's reminder keys in its order (zero when none preceded a payment), then any other key seen, then 'none'. */
export function reminderCounts(reminders: readonly PresaleReminder[], counted: ReadonlyMap<string, number>): { key: string; balancePayments: number }[] {
  const keys = [...new Set(reminders.map(reminderKey))];
  const others = [...counted.keys()].filter((k) => k !== NO_REMINDER_KEY && !keys.includes(k)).sort();
  return [...keys, ...others, NO_REMINDER_KEY].map((key) => ({ key, balancePayments: counted.get(key) ?? 0 }));
}

/** The calendar day (YYYY-MM-DD) of a moment in a time zone. */
export const localDate = shopDay;

const nextDate = (date: string) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

/** What one query reports for one day; the rest of that day's counts come from other rows. */
export type DayCounts = { date: string } & Partial<Omit<PresaleReportDay, 'date' | 'cumulativeUnits'>>;

/** At most this many days in a series (ten years), whatever the windows say. */
export const MAX_SERIES_DAYS = 3660;

/**
 * One entry per day of `range` (YYYY-MM-DD, both ends included; null for none), stretched to cover
 * any day with events (a sweep just after the last window closed), rows of the same day summed,
 * days without events as zeros, units ordered accumulated.
 */
export function fillDays(range: { from: string; to: string } | null, rows: readonly DayCounts[]): PresaleReportDay[] {
  const byDate = new Map<string, PresaleReportDay>();
  const blank = (date: string): PresaleReportDay => ({
    date,
    ordersPlaced: 0,
    unitsOrdered: 0,
    depositsPaid: 0,
    depositAmount: 0,
    balancesPaid: 0,
    balanceAmount: 0,
    forfeits: 0,
    forfeitedAmount: 0,
    cumulativeUnits: 0,
  });
  for (const row of rows) {
    const day = byDate.get(row.date) ?? blank(row.date);
    for (const [k, v] of Object.entries(row)) if (k !== 'date' && typeof v === 'number') (day as unknown as Record<string, number>)[k]! += v;
    byDate.set(row.date, day);
  }
  const bounds = range ? [range.from, range.to < range.from ? range.from : range.to] : [];
  const days = [...byDate.keys(), ...bounds].sort();
  const first = days[0];
  const last = days.at(-1);
  if (first === undefined || last === undefined) return [];
  const series: PresaleReportDay[] = [];
  let cumulative = 0;
  for (let date = first; date <= last && series.length < MAX_SERIES_DAYS; date = nextDate(date)) {
    const day = byDate.get(date) ?? blank(date);
    cumulative += day.unitsOrdered;
    series.push({ ...day, cumulativeUnits: cumulative });
  }
  return series;
}
