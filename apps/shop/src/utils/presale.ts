import type { DepositKind } from '@mall/contract';

type Translate = (key: string, params?: Record<string, unknown>) => string;

/** 定金 or 订金 (the law treats them differently), in the current language. */
export function depositWord(kind: DepositKind | null | undefined, t: Translate): string {
  return kind === 'prepayment' ? t('presale.kindPrepayment') : t('presale.kindEarnest');
}

export type Ship = { kind: 'date'; shipDate: string } | { kind: 'days_after_paid'; shipDays: number };

/** "2027-01-08" or "付款后 20 天内发货". */
export function shipText(ship: Ship, formatDate: (iso: string) => string, t: Translate): string {
  return ship.kind === 'date' ? formatDate(ship.shipDate) : t('presale.shipDays', { n: ship.shipDays });
}

/** Which spec values lead to a SKU, given the other dimensions already chosen. */
export function matchSku<S extends { specValues: Record<string, string> }>(skus: readonly S[], chosen: Record<string, string>, dimensions: readonly string[]): S | undefined {
  if (dimensions.length === 0) return skus[0];
  if (dimensions.some((d) => !chosen[d])) return undefined;
  return skus.find((s) => dimensions.every((d) => s.specValues[d] === chosen[d]));
}

/** Whether picking `value` for `dimension` (keeping the other choices) reaches any SKU. */
export function valueReachable<S extends { specValues: Record<string, string> }>(skus: readonly S[], chosen: Record<string, string>, dimension: string, value: string): boolean {
  return skus.some((s) => s.specValues[dimension] === value && Object.entries(chosen).every(([d, v]) => d === dimension || s.specValues[d] === v));
}

/** What a presale order pays now and later (deposit presales only). */
export interface StageSplit {
  depositLabel: string;
  deposit: number;
  balance: number;
  /** e.g. "2026-12-04 06:00 起付" */
  balanceNote?: string;
  /** Fen off the balance from the price tier reached (shown when not 0). */
  tierDiscount?: number;
  /** On a placed order: name the deposit plainly, not "(now)". */
  placed?: boolean;
}
