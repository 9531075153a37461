import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { growthBack, growthRangeOf, levelFor, levelsValid, nextLevelOf } from './members.rules.ts';

const levelsArb = fc
  .uniqueArray(fc.integer({ min: 1, max: 5_000_000 }), { maxLength: 5 })
  .map((thresholds) => [0, ...thresholds].map((growthThreshold, i) => ({ id: i + 1, growthThreshold })));

describe('member level rules', () => {
  it('the level is monotone in growth: more growth never gives a lower level', () => {
    fc.assert(
      fc.property(levelsArb, fc.nat({ max: 10_000_000 }), fc.nat({ max: 10_000_000 }), (levels, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(levelFor(levels, high)!.growthThreshold).toBeGreaterThanOrEqual(levelFor(levels, low)!.growthThreshold);
      }),
    );
  });

  it('the level reached is at or below the growth and the next one above it, what is missing exact', () => {
    fc.assert(
      fc.property(levelsArb, fc.nat({ max: 10_000_000 }), (levels, growth) => {
        const level = levelFor(levels, growth)!;
        expect(level.growthThreshold).toBeLessThanOrEqual(growth);
        const next = nextLevelOf(levels, growth);
        if (next.level) {
          expect(next.missing).toBe(next.level.growthThreshold - growth);
          expect(levelFor(levels, growth + next.missing)).toBe(next.level);
        } else expect(next.missing).toBe(0);
      }),
    );
  });

  it("a level's growth range holds exactly the growth that reaches that level", () => {
    fc.assert(
      fc.property(levelsArb, fc.nat({ max: 10_000_000 }), (levels, growth) => {
        for (const level of levels) {
          const range = growthRangeOf(levels, level.id)!;
          const inside = growth >= range.min && (range.below === null || growth < range.below);
          expect(inside).toBe(levelFor(levels, growth)!.id === level.id);
        }
      }),
    );
    expect(growthRangeOf([{ id: 1, growthThreshold: 0 }], 9)).toBeNull();
  });

  it('needs a base level once any level exists', () => {
    expect(levelsValid([])).toBe(true);
    expect(levelsValid([{ id: 1, growthThreshold: 100 }])).toBe(false);
    expect(levelsValid([{ id: 1, growthThreshold: 0 }, { id: 2, growthThreshold: 100 }])).toBe(true);
    expect(levelFor([], 100)).toBeNull();
  });

  it('a refund never takes back more growth than the order brought, nor below zero', () => {
    expect(growthBack({ refunded: 500, orderGrowth: 1_000, alreadyBack: 0, growth: 5_000 })).toBe(500);
    expect(growthBack({ refunded: 800, orderGrowth: 1_000, alreadyBack: 500, growth: 5_000 })).toBe(500);
    expect(growthBack({ refunded: 800, orderGrowth: 1_000, alreadyBack: 0, growth: 300 })).toBe(300);
    expect(growthBack({ refunded: -5, orderGrowth: 1_000, alreadyBack: 0, growth: 300 })).toBe(0);
  });
});
