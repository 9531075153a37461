// Commission rules (issue 8), pure: who earns what on an order, exact to the fen.
//
// Decisions:
//  - Base: what the buyer paid for the goods, per line (after promotions, coupon and points;
//    shipping excluded). Every kind on an order shares the same base.
//  - Level 1 is the buyer's referrer, level 2 that one's referrer; each is paid when its own
//    beneficiary is an approved distributor (an unapproved level 1 does not block level 2).
//  - Agent dividend: the nearest approved agent up the buyer's chain, starting at level 1 (so a
//    level-1 agent earns both its level-1 commission and the dividend).
//  - Regional rebate: the approved regional agent of the shipping city, else of the province
//    (an agent with no city covers the whole province). It needs no binding.
//  - Nobody earns on their own purchase (a chain that loops back to the buyer is cut there).
//  - Amounts: per line base × rate / 1000; the order's total is the floor of the exact sum, and
//    it is spread over the lines by largest remainder, so each line gets floor or ceil of its
//    exact share and the lines add up to the total exactly.
import type { CommissionKind, DistributorStatus } from '@mall/contract';

export interface AllocationLine {
  base: number;
  permille: number;
}

/** Per-line amounts (floor or ceil of base × permille / 1000) whose sum is floor(Σ exact). */
export function allocate(lines: readonly AllocationLine[]): { total: number; perLine: number[] } {
  const numerators = lines.map((l) => l.base * l.permille);
  const total = Math.floor(numerators.reduce((a, b) => a + b, 0) / 1000);
  const perLine = numerators.map((n) => Math.floor(n / 1000));
  let extra = total - perLine.reduce((a, b) => a + b, 0);
  const byRemainder = numerators.map((n, i) => ({ i, rem: n % 1000 })).sort((a, b) => b.rem - a.rem || a.i - b.i);
  for (const { i } of byRemainder) {
    if (extra <= 0) break;
    perLine[i]! += 1;
    extra -= 1;
  }
  return { total, perLine };
}

/** What is left of a pending commission when its base shrinks to `remainingBase` (refunds): proportional, rounded down. */
export function shrunkAmount(amount: number, base: number, remainingBase: number): number {
  if (base <= 0 || remainingBase <= 0) return 0;
  if (remainingBase >= base) return amount;
  return Math.floor((amount * remainingBase) / base);
}

export interface ChainMember {
  shopperId: number;
  status: DistributorStatus | null;
  isAgent: boolean;
  agentPermille: number;
}

export interface RegionalAgent {
  shopperId: number;
  regionProvince: string;
  regionCity: string | null;
  regionPermille: number;
}

export interface CommissionFlagsAllowed {
  distribution: boolean;
  agentDividend: boolean;
  regionalRebate: boolean;
}

export interface PlanInput {
  buyerId: number;
  lines: readonly { productId: number; base: number }[];
  /** The buyer's referrers, nearest first (level 1, level 2, …), as bound when the order was placed. */
  chain: readonly ChainMember[];
  productRates: ReadonlyMap<number, { level1Permille: number; level2Permille: number }>;
  defaults: { level1Permille: number; level2Permille: number };
  regional: RegionalAgent | null;
  flags: CommissionFlagsAllowed;
}

export interface PlannedCommission {
  beneficiaryId: number;
  kind: CommissionKind;
  baseAmount: number;
  /** The rate; for level commissions on lines of different rates, the effective rate (rounded down). */
  permille: number;
  amount: number;
}

export const ALL_KINDS_ALLOWED: CommissionFlagsAllowed = { distribution: true, agentDividend: true, regionalRebate: true };

/** The commissions an order earns; none of zero amount. */
export function planCommissions(input: PlanInput): PlannedCommission[] {
  const base = input.lines.reduce((sum, l) => sum + l.base, 0);
  if (base <= 0) return [];
  const chain = cutAtBuyer(input.chain, input.buyerId);
  const planned: PlannedCommission[] = [];
  const add = (beneficiaryId: number, kind: CommissionKind, lines: AllocationLine[]) => {
    const { total } = allocate(lines);
    if (total <= 0) return;
    const permille = lines.every((l) => l.permille === lines[0]!.permille) ? lines[0]!.permille : Math.floor((total * 1000) / base);
    planned.push({ beneficiaryId, kind, baseAmount: base, permille, amount: total });
  };
  if (input.flags.distribution) {
    const levels = [
      { member: chain[0], kind: 'level1' as const, rate: (p: number) => input.productRates.get(p)?.level1Permille ?? input.defaults.level1Permille },
      { member: chain[1], kind: 'level2' as const, rate: (p: number) => input.productRates.get(p)?.level2Permille ?? input.defaults.level2Permille },
    ];
    for (const { member, kind, rate } of levels) {
      if (member?.status !== 'approved') continue;
      add(member.shopperId, kind, input.lines.map((l) => ({ base: l.base, permille: rate(l.productId) })));
    }
  }
  if (input.flags.agentDividend) {
    const agent = chain.find((m) => m.status === 'approved' && m.isAgent && m.agentPermille > 0);
    if (agent) add(agent.shopperId, 'agent_dividend', input.lines.map((l) => ({ base: l.base, permille: agent.agentPermille })));
  }
  const regional = input.regional;
  if (input.flags.regionalRebate && regional && regional.shopperId !== input.buyerId && regional.regionPermille > 0) {
    add(regional.shopperId, 'regional_rebate', input.lines.map((l) => ({ base: l.base, permille: regional.regionPermille })));
  }
  return planned;
}

function cutAtBuyer(chain: readonly ChainMember[], buyerId: number): ChainMember[] {
  const cut: ChainMember[] = [];
  const seen = new Set<number>([buyerId]);
  for (const member of chain) {
    if (seen.has(member.shopperId)) break;
    seen.add(member.shopperId);
    cut.push(member);
  }
  return cut;
}

/** The regional agent for a shipping address: a city agent first, else a whole-province agent (lowest shopper id wins a tie). */
export function pickRegionalAgent(candidates: readonly RegionalAgent[], address: { province: string; city: string }): RegionalAgent | null {
  const sorted = [...candidates].sort((a, b) => a.shopperId - b.shopperId);
  return (
    sorted.find((c) => c.regionProvince === address.province && c.regionCity === address.city) ??
    sorted.find((c) => c.regionProvince === address.province && c.regionCity === null) ??
    null
  );
}

/** Whether a binding counts for an order placed at `orderedAt`: made before it and not expired then. */
export function bindingValidAt(binding: { boundAt: Date; expiresAt: Date | null }, orderedAt: Date): boolean {
  return binding.boundAt.getTime() <= orderedAt.getTime() && (binding.expiresAt === null || binding.expiresAt.getTime() > orderedAt.getTime());
}

/** Masks a buyer's name for a distributor's eyes: first character, then '*'. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '***';
  return `${chars[0]}${'*'.repeat(Math.max(1, Math.min(chars.length - 1, 3)))}`;
}

export const DISTRIBUTOR_TRANSITIONS: Record<DistributorStatus, readonly DistributorStatus[]> = {
  pending: ['approved', 'rejected'],
  approved: ['disabled'],
  rejected: ['pending'],
  disabled: ['approved'],
};

export function canMove<S extends string>(table: Record<S, readonly S[]>, from: S, to: S): boolean {
  return table[from]?.includes(to) ?? false;
}
