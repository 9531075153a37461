// Referral codes, share links, posters and bindings (issue 8). The money side is in distribution-commissions.ts.
import { z } from 'zod';
import type { ErrorSpec } from './errors-common.ts';
import { isoDateTime } from './common.ts';

export const referralErrors = {
  REFERRAL_SELF: { status: 400, zh: '不能绑定自己为推荐人', en: 'A shopper cannot refer themselves' },
} as const satisfies Record<string, ErrorSpec>;

/** 'signup': only sign-ups through a share link bind; 'first_visit': a signed-in shopper not yet bound is bound when they open one too. */
export const REFERRAL_BIND_ON = ['signup', 'first_visit'] as const;
export type ReferralBindOn = (typeof REFERRAL_BIND_ON)[number];
export const REFERRAL_SOURCES = ['signup', 'visit', 'staff'] as const;
export type ReferralSource = (typeof REFERRAL_SOURCES)[number];
/** 'shop': an invite to the shop itself (no id). */
export const SHARE_TYPES = ['product', 'presale', 'shop'] as const;
export type ShareType = (typeof SHARE_TYPES)[number];

/** Codes use an alphabet without look-alikes (no 0/O, 1/I). */
export const REFERRAL_CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const REFERRAL_CODE_LENGTH = 6;

const referralSettingsDefaults = { bindOn: 'signup' as const, validDays: null, rebindAllowed: false };
/** How a share link binds a visitor to the sharer (上下级绑定). */
export const referralSettingsSchema = z
  .object({
    bindOn: z.enum(REFERRAL_BIND_ON).default('signup'),
    /** Days a binding lasts; null = forever. */
    validDays: z.number().int().min(1).max(3650).nullable().default(null),
    /** Whether an expired binding may be replaced by a new link. */
    rebindAllowed: z.boolean().default(false),
  })
  .default(referralSettingsDefaults);
export type ReferralSettings = z.infer<typeof referralSettingsSchema>;
export const referralSettingsPatch = z.object({
  bindOn: z.enum(REFERRAL_BIND_ON).optional(),
  validDays: z.number().int().min(1).max(3650).nullable().optional(),
  rebindAllowed: z.boolean().optional(),
});

/** A referral code as given by a visitor: loose on purpose; a bad one is ignored, never an error. */
export const referralCodeInput = z.string().trim().max(32);

export const myReferral = z.object({ code: z.string(), shareUrl: z.string() });
export type MyReferral = z.infer<typeof myReferral>;

export const shareQuery = z
  .object({ type: z.enum(SHARE_TYPES), id: z.coerce.number().int().positive().max(2_147_483_647).optional() })
  .refine((q) => q.type === 'shop' || q.id !== undefined, { path: ['id'], message: 'required for a product or presale share' });
export type ShareQuery = z.infer<typeof shareQuery>;
export const shareLink = z.object({ url: z.string(), title: z.string(), imageUrl: z.string().nullable(), code: z.string() });
export type ShareLink = z.infer<typeof shareLink>;

export const referralVia = z.object({ type: z.enum(SHARE_TYPES).optional(), id: z.number().int().positive().optional() });
export const referralVisitBody = z.object({ code: referralCodeInput, via: referralVia.optional() });
export type ReferralVisitBody = z.infer<typeof referralVisitBody>;
export const referralVisitResult = z.object({ bound: z.boolean() });

export const referralBindingView = z.object({
  shopperId: z.number().int(),
  shopperNickname: z.string().nullable(),
  referrerId: z.number().int(),
  referrerNickname: z.string().nullable(),
  source: z.enum(REFERRAL_SOURCES),
  via: z.record(z.string(), z.unknown()).nullable(),
  boundAt: isoDateTime,
  expiresAt: isoDateTime.nullable(),
});
export type ReferralBindingView = z.infer<typeof referralBindingView>;
export const referralAdminQuery = z.object({
  shopperId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  referrerId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
});
export const referralBindingList = z.object({ items: z.array(referralBindingView) });
/** Staff set (or replace) who referred a shopper. */
export const referralStaffBindBody = z.object({
  shopperId: z.number().int().positive().max(2_147_483_647),
  referrerId: z.number().int().positive().max(2_147_483_647),
  note: z.string().max(200).optional(),
});
export type ReferralStaffBindBody = z.infer<typeof referralStaffBindBody>;
