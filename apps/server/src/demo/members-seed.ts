// Demo member levels: 普通会员 from 0, 黄金会员 from ¥2,000 (98折), 钻石会员 from ¥10,000 (95折, 包邮, ×2 积分).
// Only into an empty levels table; thresholds are unique, so several instances at once add each once.
import { count } from 'drizzle-orm';
import type { Db } from '../platform/db.ts';
import { memberLevels } from '../modules/members/members.tables.ts';

const LEVELS = [
  { name: '普通会员', nameEn: 'Member', growthThreshold: 0, discountPermille: 1000, freeShipping: false, pointsMultiplierPercent: 100 },
  { name: '黄金会员', nameEn: 'Gold', growthThreshold: 200_000, discountPermille: 980, freeShipping: false, pointsMultiplierPercent: 100 },
  { name: '钻石会员', nameEn: 'Diamond', growthThreshold: 1_000_000, discountPermille: 950, freeShipping: true, pointsMultiplierPercent: 200 },
];

export async function seedDemoMembers(deps: { db: Db; now: Date }): Promise<boolean> {
  const [existing] = await deps.db.select({ n: count() }).from(memberLevels);
  if ((existing?.n ?? 0) > 0) return false;
  await deps.db
    .insert(memberLevels)
    .values(LEVELS.map((l) => ({ ...l, createdAt: deps.now, updatedAt: deps.now })))
    .onConflictDoNothing();
  return true;
}
