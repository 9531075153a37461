// Pure rules of member levels: which level a growth value reaches, what the next one needs,
// which sets of levels are valid, and how much growth a refund takes back.

export interface LevelLike {
  id: number;
  growthThreshold: number;
}

/** The level reached: the one with the highest threshold at or below the growth (null: no levels). */
export function levelFor<L extends LevelLike>(levels: readonly L[], growth: number): L | null {
  let best: L | null = null;
  for (const level of levels) if (level.growthThreshold <= growth && (!best || level.growthThreshold > best.growthThreshold)) best = level;
  return best;
}

/** The next level up and the growth still missing to it (null, 0 at the top). */
export function nextLevelOf<L extends LevelLike>(levels: readonly L[], growth: number): { level: L | null; missing: number } {
  let next: L | null = null;
  for (const level of levels) if (level.growthThreshold > growth && (!next || level.growthThreshold < next.growthThreshold)) next = level;
  return { level: next, missing: next ? next.growthThreshold - growth : 0 };
}

/** The growth a member of this level has under these levels: from its threshold up to (not including) the next one's. */
export function growthRangeOf<L extends LevelLike & { id: number }>(levels: readonly L[], levelId: number): { min: number; below: number | null } | null {
  const level = levels.find((l) => l.id === levelId);
  if (!level) return null;
  return { min: level.growthThreshold, below: nextLevelOf(levels, level.growthThreshold).level?.growthThreshold ?? null };
}

/** Levels are valid when there are none, or one of them is the base level (threshold 0). Thresholds are unique (the table says so). */
export function levelsValid(levels: readonly LevelLike[]): boolean {
  return levels.length === 0 || levels.some((l) => l.growthThreshold === 0);
}

/** Whether moving from one level to another is up (by threshold). */
export function isLevelUp(from: LevelLike | null, to: LevelLike | null): boolean {
  return (to?.growthThreshold ?? -1) > (from?.growthThreshold ?? -1);
}

/**
 * Growth taken back by a refund after completion: the refunded amount, at most what the order
 * brought and was not yet taken back, and never below zero growth.
 */
export function growthBack(input: { refunded: number; orderGrowth: number; alreadyBack: number; growth: number }): number {
  const open = Math.max(0, input.orderGrowth - input.alreadyBack);
  return Math.min(Math.max(0, input.refunded), open, Math.max(0, input.growth));
}

/** Growth after an adjustment, never below zero. */
export function clampGrowth(growth: number, delta: number): number {
  return Math.max(0, growth + delta);
}
