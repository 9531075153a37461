// When commission on a presale order becomes eligible for settlement (spec §3, last bullet). Pure.
import type { CommissionSettings } from '@mall/contract';
import { DAY } from '../../platform/clock.ts';

export interface CommissionFlags {
  distribution: boolean;
  agentDividend: boolean;
  regionalRebate: boolean;
  commissionEligibleAt: Date | null;
}

/** 'paid': the order was paid in full; 'completed': it completed (the rights-protection period starts). */
export type CommissionEvent = { kind: 'paid'; at: Date } | { kind: 'completed'; at: Date };

/**
 * The moment commission may be settled, set by the event the shop's setting waits for: full
 * payment ('paid'), or completion plus the protection days ('after_protection'). Null when the
 * campaign grants no commission, when this event is not the one the shop waits for, or when it
 * was already decided (a moment once set stays: the distribution module may have acted on it).
 */
export function commissionEligibleAt(flags: CommissionFlags, settings: CommissionSettings, event: CommissionEvent): Date | null {
  if (!flags.distribution && !flags.agentDividend && !flags.regionalRebate) return null;
  if (flags.commissionEligibleAt !== null) return null;
  if (event.kind === 'paid') return settings.settleOn === 'paid' ? event.at : null;
  return settings.settleOn === 'after_protection' ? new Date(event.at.getTime() + settings.protectionDays * DAY) : null;
}
