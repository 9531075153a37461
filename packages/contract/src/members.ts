import { z } from 'zod';
import type { ErrorSpec } from './errors-common.ts';
import { pageOf, pageQuery, timestamp } from './common.ts';

export const membersErrors = {
  MEMBER_BASE_LEVEL_REQUIRED: { status: 422, zh: '必须保留成长值为 0 的基础等级', en: 'A base level with growth threshold 0 must exist' },
} as const satisfies Record<string, ErrorSpec>;

const MAX_GROWTH = 1_000_000_000_000;

export const memberLevelInput = z.object({
  name: z.string().trim().min(1).max(30),
  nameEn: z.string().trim().max(60).default(''),
  /** Growth value (fen spent on completed orders) from which the level applies; the base level has 0. */
  growthThreshold: z.number().int().min(0).max(MAX_GROWTH),
  /** What the member pays of the goods, in per mille: 1000 = no discount, 980 = 98折. */
  discountPermille: z.number().int().min(1).max(1000).default(1000),
  freeShipping: z.boolean().default(false),
  /** Points earned × this / 100. */
  pointsMultiplierPercent: z.number().int().min(0).max(10_000).default(100),
});
export type MemberLevelInput = z.output<typeof memberLevelInput>;

export const memberLevel = memberLevelInput.extend({ id: z.number().int() });
export type MemberLevel = z.output<typeof memberLevel>;
export const memberLevelList = z.object({ items: z.array(memberLevel) });
export const memberLevelParam = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
export const memberShopperParam = z.object({ shopperId: z.coerce.number().int().positive().max(2_147_483_647) });

export const memberLevelChange = z.object({
  id: z.number().int(),
  fromLevelId: z.number().int().nullable(),
  toLevelId: z.number().int().nullable(),
  fromLevelName: z.string().nullable(),
  toLevelName: z.string().nullable(),
  growth: z.number().int(),
  /** growth, refund, levels_changed, admin_adjust */
  reason: z.string(),
  createdAt: timestamp,
});
export type MemberLevelChange = z.output<typeof memberLevelChange>;

export const membershipView = z.object({
  growth: z.number().int(),
  level: memberLevel.nullable(),
  nextLevel: memberLevel.nullable(),
  /** Growth still missing to the next level (0 when none). */
  growthToNext: z.number().int(),
  history: z.array(memberLevelChange),
});
export type MembershipView = z.output<typeof membershipView>;

export const growthLedgerEntry = z.object({
  id: z.number().int(),
  delta: z.number().int(),
  growthAfter: z.number().int(),
  /** order_completed, order_refunded, admin_adjust */
  reason: z.string(),
  orderId: z.number().int().nullable(),
  refKey: z.string(),
  note: z.string(),
  actor: z.string(),
  createdAt: timestamp,
});
export type GrowthLedgerEntry = z.output<typeof growthLedgerEntry>;

export const memberStaffView = membershipView.extend({ shopperId: z.number().int(), ledger: z.array(growthLedgerEntry) });
export type MemberStaffView = z.output<typeof memberStaffView>;

export const growthAdjustInput = z.object({
  delta: z
    .number()
    .int()
    .min(-MAX_GROWTH)
    .max(MAX_GROWTH)
    .refine((v) => v !== 0, 'must not be 0'),
  note: z.string().trim().min(1).max(200),
});
export type GrowthAdjustInput = z.output<typeof growthAdjustInput>;

/** 会员列表: search by nickname, phone or e-mail; filter by level; newest or biggest spenders first. */
export const memberListQuery = pageQuery.extend({
  q: z.string().trim().max(100).optional(),
  levelId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  sort: z.enum(['growth_desc', 'joined_desc']).default('growth_desc'),
});
export type MemberListQuery = z.output<typeof memberListQuery>;

export const memberListItem = z.object({
  shopperId: z.number().int(),
  nickname: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  status: z.enum(['active', 'disabled']),
  growth: z.number().int(),
  /** The level the growth reaches under today's levels. */
  level: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  pointsBalance: z.number().int(),
  joinedAt: timestamp,
});
export type MemberListItem = z.output<typeof memberListItem>;
export const memberPage = pageOf(memberListItem);
export type MemberPage = z.output<typeof memberPage>;
