import { z } from 'zod';
import { pageQuery, pageOf, queryBoolean, timestamp } from './common.ts';
import type { ErrorSpec } from './errors-common.ts';
import { PERMISSIONS, STAFF_ROLES } from './roles.ts';

/** Account, sign-in and staff-management errors. */
export const accountErrors = {
  EMAIL_TAKEN: { status: 409, zh: '该邮箱已注册', en: 'This e-mail address is already registered' },
  USERNAME_TAKEN: { status: 409, zh: '用户名“{username}”已被使用', en: 'The username "{username}" is already taken' },
  INVALID_CREDENTIALS: { status: 401, zh: '账号或密码错误', en: 'Wrong account or password' },
  ACCOUNT_DISABLED: { status: 403, zh: '该账号已被停用', en: 'This account has been disabled' },
  OTP_INVALID: {
    status: 401,
    zh: '验证码错误或已失效，请重新获取',
    en: 'The verification code is wrong or no longer valid; request a new one',
  },
  SMS_SEND_FAILED: { status: 502, zh: '短信发送失败，请稍后再试', en: 'The text message could not be sent; try again later' },
  PASSWORD_INCORRECT: { status: 400, zh: '原密码不正确', en: 'The current password is not correct' },
  LAST_OWNER: {
    status: 409,
    zh: '至少需要保留一位启用中的店主账号',
    en: 'At least one active owner account must remain',
  },
} as const satisfies Record<string, ErrorSpec>;

/** Sign-in and code limits, shared so the apps can show the same numbers. */
export const ACCOUNT_LIMITS = {
  passwordMin: 8,
  passwordMax: 72,
  otpTtlSeconds: 300,
  otpResendSeconds: 60,
  otpMaxSendsPerDay: 10,
  /** Codes one IP address may have sent, to any phones, per hour (stops SMS-cost abuse). */
  otpMaxSendsPerIpPerHour: 20,
  otpMaxAttempts: 5,
} as const;

// ---- building blocks ----

export const emailInput = z.string().trim().toLowerCase().max(254).pipe(z.email({ message: 'Invalid e-mail address' }));

/** A new password: 8–72 characters (72 is where common hashes stop reading). */
export const newPassword = z.string().min(ACCOUNT_LIMITS.passwordMin).max(ACCOUNT_LIMITS.passwordMax);

/** A password being checked: no rules revealed, only a sane length cap. */
export const givenPassword = z.string().min(1).max(200);

/**
 * A mainland China mobile number: 11 digits starting 1[3-9], optionally prefixed by +86 or 86;
 * spaces and dashes are ignored. Normalised to E.164 (`+8613812345678`).
 */
export const mainlandPhone = z
  .string()
  .max(20)
  .transform((s) => s.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^(?:\+?86)?1[3-9]\d{9}$/, 'Not a mainland China mobile number'))
  .transform((s) => `+86${s.slice(-11)}`);

export const otpCode = z.string().regex(/^\d{6}$/, 'The code is 6 digits');

export const nickname = z.string().trim().min(1).max(30);

export const staffUsername = z
  .string()
  .trim()
  .toLowerCase()
  .min(3)
  .max(32)
  .regex(/^[a-z0-9][a-z0-9_.-]*$/, 'Letters, digits, _ . - only');

export const displayName = z.string().trim().min(1).max(50);

export const staffRole = z.enum(STAFF_ROLES);

// ---- shoppers ----

/** `referralCode`: the share link's code the visitor came with; an unknown one is ignored, never an error. */
export const registerBody = z.object({ email: emailInput, password: newPassword, nickname: nickname.optional(), referralCode: z.string().trim().max(32).optional() });
export type RegisterBody = z.infer<typeof registerBody>;

export const loginBody = z.object({ email: emailInput, password: givenPassword });
export type LoginBody = z.infer<typeof loginBody>;

export const otpSendBody = z.object({ phone: mainlandPhone });
export type OtpSendBody = z.infer<typeof otpSendBody>;

export const otpSent = z.object({
  phone: z.string(),
  expiresInSeconds: z.number().int(),
  resendAfterSeconds: z.number().int(),
});

export const otpLoginBody = z.object({ phone: mainlandPhone, code: otpCode, referralCode: z.string().trim().max(32).optional() });
export type OtpLoginBody = z.infer<typeof otpLoginBody>;

export const shopperProfile = z.object({
  id: z.number().int(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  nickname: z.string(),
});
export type ShopperProfile = z.infer<typeof shopperProfile>;

/** The answer to a shopper sign-in: the token (for apps) and the profile; the cookie is set too. */
export const shopperSession = z.object({ token: z.string(), expiresAt: timestamp, shopper: shopperProfile });

// ---- staff ----

export const staffLoginBody = z.object({ username: staffUsername, password: givenPassword });
export type StaffLoginBody = z.infer<typeof staffLoginBody>;

export const staffMe = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: staffRole,
  permissions: z.array(z.enum(PERMISSIONS)),
});
export type StaffMe = z.infer<typeof staffMe>;

export const staffSession = z.object({ token: z.string(), expiresAt: timestamp, staff: staffMe });

export const changeOwnPasswordBody = z.object({ oldPassword: givenPassword, newPassword });

export const staffMember = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: staffRole,
  active: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type StaffMember = z.infer<typeof staffMember>;
export const staffPage = pageOf(staffMember);

export const staffListQuery = pageQuery.extend({
  role: staffRole.optional(),
  active: queryBoolean.optional(),
});
export type StaffListQuery = z.infer<typeof staffListQuery>;

export const createStaffBody = z.object({ username: staffUsername, displayName, role: staffRole, password: newPassword });
export type CreateStaffBody = z.infer<typeof createStaffBody>;

export const updateStaffBody = z
  .object({ displayName: displayName.optional(), role: staffRole.optional(), active: z.boolean().optional() })
  .refine((b) => b.displayName !== undefined || b.role !== undefined || b.active !== undefined, {
    message: 'Give at least one of displayName, role, active',
  });
export type UpdateStaffBody = z.infer<typeof updateStaffBody>;

export const resetPasswordBody = z.object({ password: newPassword });

// ---- audit log ----

export const auditLogQuery = pageQuery
  .extend({
    actorStaffId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
    entityType: z.string().min(1).max(64).optional(),
    entityId: z.string().min(1).max(128).optional(),
    action: z.string().min(1).max(128).optional(),
    from: timestamp.optional(),
    to: timestamp.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from.getTime() <= q.to.getTime(), { message: '`from` must not be after `to`', path: ['from'] });
export type AuditLogQuery = z.infer<typeof auditLogQuery>;

export const auditEntry = z.object({
  id: z.number().int(),
  actorStaffId: z.number().int().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  changes: z.unknown(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  createdAt: timestamp,
});
export type AuditEntry = z.infer<typeof auditEntry>;
export const auditPage = pageOf(auditEntry);
