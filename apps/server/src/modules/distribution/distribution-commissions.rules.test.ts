import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, bindingValidAt, maskName, pickRegionalAgent, planCommissions, shrunkAmount, type ChainMember, type PlanInput } from './distribution-commissions.rules.ts';

const lineArb = fc.record({ base: fc.integer({ min: 0, max: 10_000_000 }), permille: fc.integer({ min: 0, max: 1000 }) });
const approved = (shopperId: number, extra: Partial<ChainMember> = {}): ChainMember => ({ shopperId, status: 'approved', isAgent: false, agentPermille: 0, ...extra });

function input(overrides: Partial<PlanInput> = {}): PlanInput {
  return {
    buyerId: 1,
    lines: [{ productId: 10, base: 10_000 }],
    chain: [approved(2), approved(3)],
    productRates: new Map(),
    defaults: { level1Permille: 50, level2Permille: 20 },
    regional: null,
    flags: { distribution: true, agentDividend: true, regionalRebate: true },
    ...overrides,
  };
}

describe('allocate (largest remainder)', () => {
  it('sums exactly to floor of the exact total, each line floor or ceil of its exact share, never more than base × rate', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 12 }), (lines) => {
        const { total, perLine } = allocate(lines);
        const exact = lines.reduce((sum, l) => sum + l.base * l.permille, 0) / 1000;
        expect(perLine.reduce((a, b) => a + b, 0)).toBe(total);
        expect(total).toBe(Math.floor(exact));
        expect(total).toBeLessThanOrEqual(exact);
        lines.forEach((l, i) => {
          const share = (l.base * l.permille) / 1000;
          expect(perLine[i]).toBeGreaterThanOrEqual(Math.floor(share));
          expect(perLine[i]).toBeLessThanOrEqual(Math.ceil(share));
          expect(Number.isInteger(perLine[i])).toBe(true);
        });
      }),
    );
  });

  it('gives the spare fen to the largest remainders', () => {
    // 3 lines of 333 fen at 500‰: 166.5 each, exact total 499.5 → 499; floors make 498, the one spare fen goes to the first tie.
    expect(allocate([{ base: 333, permille: 500 }, { base: 333, permille: 500 }, { base: 333, permille: 500 }])).toEqual({ total: 499, perLine: [167, 166, 166] });
    expect(allocate([{ base: 101, permille: 100 }, { base: 109, permille: 100 }])).toEqual({ total: 21, perLine: [10, 11] });
  });
});

describe('shrunkAmount (claw-back)', () => {
  it('never rises, never goes below zero, and is zero when nothing is left', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 0, max: 10_000_000 }), (amount, base, remaining) => {
        const left = shrunkAmount(amount, base, remaining);
        expect(left).toBeGreaterThanOrEqual(0);
        expect(left).toBeLessThanOrEqual(amount);
        if (remaining === 0) expect(left).toBe(0);
        if (remaining >= base) expect(left).toBe(amount);
      }),
    );
  });
});

describe('planCommissions', () => {
  it('pays level 1 and level 2 at the default rates, on the goods paid', () => {
    expect(planCommissions(input())).toEqual([
      { beneficiaryId: 2, kind: 'level1', baseAmount: 10_000, permille: 50, amount: 500 },
      { beneficiaryId: 3, kind: 'level2', baseAmount: 10_000, permille: 20, amount: 200 },
    ]);
  });

  it("uses a product's own rates, line by line, with an effective rate when they differ", () => {
    const plan = planCommissions(
      input({ lines: [{ productId: 10, base: 10_000 }, { productId: 11, base: 5_000 }], productRates: new Map([[11, { level1Permille: 100, level2Permille: 0 }]]) }),
    );
    expect(plan).toEqual([
      { beneficiaryId: 2, kind: 'level1', baseAmount: 15_000, permille: 66, amount: 1_000 },
      { beneficiaryId: 3, kind: 'level2', baseAmount: 15_000, permille: 13, amount: 200 },
    ]);
  });

  it('skips beneficiaries who are not approved, and the buyer themself (a loop)', () => {
    expect(planCommissions(input({ chain: [{ ...approved(2), status: 'pending' }, approved(3)] })).map((p) => p.kind)).toEqual(['level2']);
    expect(planCommissions(input({ chain: [approved(2), approved(1)] })).map((p) => p.beneficiaryId)).toEqual([2]);
    expect(planCommissions(input({ chain: [] }))).toEqual([]);
  });

  it('pays the agent dividend to the nearest approved agent up the chain', () => {
    const chain = [approved(2), approved(3, { isAgent: true, agentPermille: 30 }), approved(4, { isAgent: true, agentPermille: 80 })];
    const agent = planCommissions(input({ chain })).find((p) => p.kind === 'agent_dividend');
    expect(agent).toEqual({ beneficiaryId: 3, kind: 'agent_dividend', baseAmount: 10_000, permille: 30, amount: 300 });
  });

  it('pays the regional rebate without a binding, and only the kinds a presale campaign allows', () => {
    const regional = { shopperId: 9, regionProvince: '上海市', regionCity: null, regionPermille: 10 };
    expect(planCommissions(input({ chain: [], regional }))).toEqual([{ beneficiaryId: 9, kind: 'regional_rebate', baseAmount: 10_000, permille: 10, amount: 100 }]);
    const flags = { distribution: false, agentDividend: false, regionalRebate: true };
    expect(planCommissions(input({ regional, flags })).map((p) => p.kind)).toEqual(['regional_rebate']);
    expect(planCommissions(input({ regional, flags: { distribution: false, agentDividend: false, regionalRebate: false } }))).toEqual([]);
    expect(planCommissions(input({ buyerId: 9, chain: [], regional }))).toEqual([]);
  });

  it('never pays more than base × rate per beneficiary, and never to the buyer (property)', () => {
    const member = fc.record({ shopperId: fc.integer({ min: 1, max: 6 }), status: fc.constantFrom('approved' as const, 'pending' as const, null), isAgent: fc.boolean(), agentPermille: fc.integer({ min: 0, max: 1000 }) });
    fc.assert(
      fc.property(
        fc.array(fc.record({ productId: fc.integer({ min: 1, max: 3 }), base: fc.integer({ min: 0, max: 1_000_000 }) }), { minLength: 1, maxLength: 5 }),
        fc.array(member, { maxLength: 5 }),
        fc.integer({ min: 0, max: 1000 }),
        (lines, chain, rate) => {
          const plan = planCommissions(input({ buyerId: 1, lines, chain, defaults: { level1Permille: rate, level2Permille: rate } }));
          const base = lines.reduce((s, l) => s + l.base, 0);
          for (const p of plan) {
            expect(p.beneficiaryId).not.toBe(1);
            expect(p.amount).toBeGreaterThan(0);
            expect(p.baseAmount).toBe(base);
            expect(p.amount).toBeLessThanOrEqual(Math.floor((base * Math.max(rate, ...chain.map((m) => m.agentPermille))) / 1000));
          }
          expect(new Set(plan.map((p) => p.kind)).size).toBe(plan.length);
        },
      ),
    );
  });
});

describe('helpers', () => {
  it('prefers a city regional agent over a province one', () => {
    const province = { shopperId: 1, regionProvince: '广东省', regionCity: null, regionPermille: 5 };
    const city = { shopperId: 2, regionProvince: '广东省', regionCity: '深圳市', regionPermille: 8 };
    expect(pickRegionalAgent([province, city], { province: '广东省', city: '深圳市' })).toBe(city);
    expect(pickRegionalAgent([province, city], { province: '广东省', city: '广州市' })).toBe(province);
    expect(pickRegionalAgent([city], { province: '广东省', city: '广州市' })).toBeNull();
  });

  it('counts a binding made before the order and not expired then; masks names', () => {
    const at = new Date('2026-01-10T00:00:00Z');
    expect(bindingValidAt({ boundAt: new Date('2026-01-01T00:00:00Z'), expiresAt: null }, at)).toBe(true);
    expect(bindingValidAt({ boundAt: new Date('2026-01-11T00:00:00Z'), expiresAt: null }, at)).toBe(false);
    expect(bindingValidAt({ boundAt: new Date('2026-01-01T00:00:00Z'), expiresAt: new Date('2026-01-05T00:00:00Z') }, at)).toBe(false);
    expect(maskName('李四')).toBe('李*');
    expect(maskName('')).toBe('***');
  });
});
