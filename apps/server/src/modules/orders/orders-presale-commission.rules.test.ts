import { describe, expect, it } from 'vitest';
import { commissionEligibleAt } from './orders-presale-commission.rules.ts';

const at = new Date('2026-11-25T02:00:00Z');
const flags = (on: Partial<{ distribution: boolean; agentDividend: boolean; regionalRebate: boolean }>, eligible: Date | null = null) => ({
  distribution: false,
  agentDividend: false,
  regionalRebate: false,
  ...on,
  commissionEligibleAt: eligible,
});

describe('presale commission eligibility (spec §3: fully paid, or after the rights-protection period)', () => {
  it("settleOn 'paid': eligible at full payment, not at completion", () => {
    const shop = { settleOn: 'paid' as const, protectionDays: 7 };
    expect(commissionEligibleAt(flags({ distribution: true }), shop, { kind: 'paid', at })).toEqual(at);
    expect(commissionEligibleAt(flags({ regionalRebate: true }), shop, { kind: 'completed', at })).toBeNull();
  });

  it("settleOn 'after_protection': eligible at completion + the protection days, not at payment", () => {
    const shop = { settleOn: 'after_protection' as const, protectionDays: 7 };
    expect(commissionEligibleAt(flags({ agentDividend: true }), shop, { kind: 'paid', at })).toBeNull();
    expect(commissionEligibleAt(flags({ agentDividend: true }), shop, { kind: 'completed', at })).toEqual(new Date('2026-12-02T02:00:00Z'));
    expect(commissionEligibleAt(flags({ agentDividend: true }), { ...shop, protectionDays: 0 }, { kind: 'completed', at })).toEqual(at);
  });

  it('never when the campaign grants no commission, and never moves a moment once set', () => {
    for (const settleOn of ['paid', 'after_protection'] as const) {
      for (const kind of ['paid', 'completed'] as const) {
        expect(commissionEligibleAt(flags({}), { settleOn, protectionDays: 7 }, { kind, at })).toBeNull();
        expect(commissionEligibleAt(flags({ distribution: true }, new Date(0)), { settleOn, protectionDays: 7 }, { kind, at })).toBeNull();
      }
    }
  });
});
