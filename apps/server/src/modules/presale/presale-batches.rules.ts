// 分批发货 (spec §5, beyond): pure rules for a deposit campaign released in batches.
import type { PresaleType } from '@mall/contract';
import type { RuleProblem } from './presale.rules.ts';

export interface BatchShape {
  units: number;
  balanceStartsAt: Date;
  balanceEndsAt: Date;
  shipDate: Date;
}

export interface BatchCampaign {
  type: PresaleType;
  startsAt: Date;
  endsAt: Date;
  /** Σ quota of the campaign's items. */
  quota: number;
}

const windowProblem = (path: string, message: string): RuleProblem => ({ code: 'PRESALE_WINDOW_INVALID', path, message });

/**
 * A batch list is either empty (the campaign ships in one go) or at least two batches of a deposit
 * campaign adding up to its quota, in order: each balance window valid and opening once orders are
 * closed (or at least opened, when the shop allows paying during the order window), each ship date
 * after its balance window opens, and no batch opening or shipping before the one ahead of it.
 */
export function batchProblems(batches: readonly BatchShape[], campaign: BatchCampaign, opts: { allowBalanceDuringOrderWindow: boolean }): RuleProblem[] {
  if (batches.length === 0) return [];
  if (campaign.type !== 'deposit') return [{ code: 'PRESALE_BATCHES_DEPOSIT_ONLY', path: 'batches', message: 'only a deposit campaign has batches' }];
  const problems: RuleProblem[] = [];
  if (batches.length < 2) problems.push({ code: 'VALIDATION_FAILED', path: 'batches', message: 'give at least two batches, or none' });
  const batched = batches.reduce((sum, b) => sum + b.units, 0);
  if (batched !== campaign.quota) {
    problems.push({ code: 'PRESALE_BATCHES_UNITS', path: 'batches', message: `batches add up to ${batched}, the quota is ${campaign.quota}`, params: { batched, quota: campaign.quota } });
  }
  batches.forEach((b, i) => {
    const at = (field: string) => `batches.${i}.${field}`;
    if (!(b.balanceStartsAt < b.balanceEndsAt)) problems.push(windowProblem(at('balanceEndsAt'), 'the balance window must end after it starts'));
    const earliest = opts.allowBalanceDuringOrderWindow ? campaign.startsAt : campaign.endsAt;
    if (b.balanceStartsAt < earliest) problems.push(windowProblem(at('balanceStartsAt'), 'the balance window opens too early for the order window'));
    if (b.balanceEndsAt <= campaign.endsAt) problems.push(windowProblem(at('balanceEndsAt'), 'the balance window must close after the order window'));
    if (!(b.shipDate > b.balanceStartsAt)) problems.push(windowProblem(at('shipDate'), 'a batch ships after its balance window opens'));
    const before = batches[i - 1];
    if (before && b.balanceStartsAt < before.balanceStartsAt) problems.push(windowProblem(at('balanceStartsAt'), 'a batch cannot open before the batch ahead of it'));
    if (before && b.shipDate < before.shipDate) problems.push(windowProblem(at('shipDate'), 'a batch cannot ship before the batch ahead of it'));
  });
  return problems;
}

/**
 * Once buyers are placed, batches are locked except for extending a balance window: same number of
 * batches, same units, same opening and ship dates (a ship date moves through the ship-date change,
 * which tells the buyers), and no window closing earlier.
 */
export function lockedBatchProblems(before: readonly BatchShape[], after: readonly BatchShape[]): RuleProblem[] {
  const locked = (path: string, message: string): RuleProblem => ({ code: 'PRESALE_BATCHES_LOCKED', path, message });
  if (before.length !== after.length) return [locked('batches', 'the number of batches is locked')];
  const problems: RuleProblem[] = [];
  after.forEach((b, i) => {
    const was = before[i]!;
    const at = (field: string) => `batches.${i}.${field}`;
    if (b.units !== was.units) problems.push(locked(at('units'), 'units are locked'));
    if (b.balanceStartsAt.getTime() !== was.balanceStartsAt.getTime()) problems.push(locked(at('balanceStartsAt'), 'the opening is locked'));
    if (b.shipDate.getTime() !== was.shipDate.getTime()) problems.push(locked(at('shipDate'), 'change the ship date through the ship-date change'));
    if (b.balanceEndsAt < was.balanceEndsAt) problems.push(locked(at('balanceEndsAt'), 'a balance window may only be extended'));
  });
  return problems;
}

export interface BatchLoad {
  id: number;
  seq: number;
  units: number;
  assignedUnits: number;
}

/**
 * Where a paid deposit of `units` goes: the earliest batch with room for all of them, so an order
 * never straddles two batches and a batch never promises more than it makes. When no batch has
 * room for the whole order (a raised quota, or room split across batches by cancellations) it goes
 * to the last batch, which then shows more assigned units than planned for the merchant to see.
 */
export function pickBatch<T extends BatchLoad>(batches: readonly T[], units: number): T | undefined {
  const ordered = [...batches].sort((a, b) => a.seq - b.seq);
  return ordered.find((b) => b.assignedUnits + units <= b.units) ?? ordered.at(-1);
}
