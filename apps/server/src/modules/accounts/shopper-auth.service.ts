import crypto from 'node:crypto';
import { ACCOUNT_LIMITS, type LoginBody, type OtpLoginBody, type OtpSendBody, type RegisterBody, type ShopperProfile } from '@mall/contract';
import { hashPassword, verifyPassword, type Auth } from '../../platform/auth.ts';
import { DAY, type Clock } from '../../platform/clock.ts';
import type { Db, DbOrTx } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import {
  deleteOtp,
  findShopperByEmail,
  findShopperById,
  findShopperByPhone,
  insertOtp,
  insertShopper,
  lockLatestOtp,
  lockPhone,
  otpSendTimes,
  otpSendTimesFromIp,
  lockOtpIp,
  updateOtp,
} from './accounts.repo.ts';
import { nicknameForEmail, nicknameForPhone, OTP_IP_SEND_POLICY, otpSendVerdict, otpState } from './accounts.rules.ts';
import type { shoppers } from './accounts.tables.ts';
import type { LoginThrottle } from './login-throttle.ts';
import type { SmsProvider } from './sms.ts';

/** Where a request came from: for sessions, throttling and audit rows. */
export interface RequestMeta {
  ip: string | null;
  userAgent?: string;
  requestId: string | null;
}

/** Binds a new shopper to whoever shared the link they signed up through (distribution), in the sign-up's transaction. */
export interface SignUpReferrals {
  bindAtSignUp(tx: DbOrTx, shopperId: number, referralCode: string | undefined): Promise<unknown>;
}

export interface ShopperAuthDeps {
  db: Db;
  clock: Clock;
  auth: Auth;
  sms: SmsProvider;
  throttle: LoginThrottle;
  referrals?: SignUpReferrals;
}

type ShopperRow = typeof shoppers.$inferSelect;

export const shopperProfileOf = (row: ShopperRow): ShopperProfile => ({ id: row.id, email: row.email, phone: row.phone, nickname: row.nickname });

/** A 6-digit code's stored form: `salt$sha256(salt:phone:code)`. */
function hashOtp(phone: string, code: string, salt = crypto.randomBytes(12).toString('base64url')): string {
  return `${salt}$${crypto.createHash('sha256').update(`${salt}:${phone}:${code}`).digest('hex')}`;
}

function otpMatches(stored: string, phone: string, code: string): boolean {
  const [salt = ''] = stored.split('$');
  const expected = Buffer.from(stored);
  const given = Buffer.from(hashOtp(phone, code, salt));
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}

export function createShopperAuth(deps: ShopperAuthDeps) {
  const { db, clock, auth, sms, throttle, referrals } = deps;

  async function startSession(tx: Parameters<Auth['issueSession']>[0], shopper: ShopperRow, meta: RequestMeta) {
    const session = await auth.issueSession(tx, { kind: 'shopper', id: shopper.id }, { ip: meta.ip ?? undefined, userAgent: meta.userAgent });
    return { ...session, shopper: shopperProfileOf(shopper) };
  }

  /** E-mail sign-up; signs the new shopper in. */
  async function register(input: RegisterBody, meta: RequestMeta) {
    const passwordHash = await hashPassword(input.password);
    const now = clock.now();
    return db.transaction(async (tx) => {
      const shopper = await insertShopper(tx, {
        email: input.email,
        passwordHash,
        nickname: input.nickname ?? nicknameForEmail(input.email),
        createdAt: now,
        updatedAt: now,
      });
      if (!shopper) throw new AppError('EMAIL_TAKEN', {}, [{ path: 'body.email', message: 'already registered' }]);
      await referrals?.bindAtSignUp(tx, shopper.id, input.referralCode);
      return startSession(tx, shopper, meta);
    });
  }

  /** E-mail + password. The same answer whether the e-mail exists or not. */
  async function login(input: LoginBody, meta: RequestMeta) {
    const attempt = await throttle.begin({ kind: 'email', identifier: input.email, ip: meta.ip });
    const shopper = await findShopperByEmail(db, input.email);
    const ok = await verifyPassword(input.password, shopper?.passwordHash);
    if (!ok || !shopper) throw new AppError('INVALID_CREDENTIALS');
    if (shopper.status !== 'active') {
      await throttle.abandon(attempt);
      throw new AppError('ACCOUNT_DISABLED');
    }
    return db.transaction(async (tx) => {
      await throttle.succeeded(tx, attempt);
      return startSession(tx, shopper, meta);
    });
  }

  /** Sends a one-time sign-in code by text message, within the resend and daily limits. */
  async function sendOtp(input: OtpSendBody, meta: RequestMeta) {
    const { phone } = input;
    const now = clock.now();
    const code = crypto.randomInt(0, 1_000_000).toString().padStart(6, '0');
    const row = await db.transaction(async (tx) => {
      if (meta.ip) {
        await lockOtpIp(tx, meta.ip);
        const fromIp = await otpSendTimesFromIp(tx, meta.ip, new Date(now.getTime() - OTP_IP_SEND_POLICY.dayMs));
        const ipVerdict = otpSendVerdict(fromIp, now, OTP_IP_SEND_POLICY);
        if (!ipVerdict.allowed) throw new AppError('RATE_LIMITED', { retryAfterSeconds: ipVerdict.retryAfterSeconds, reason: 'ip_limit' });
      }
      await lockPhone(tx, phone);
      const previous = await otpSendTimes(tx, phone, new Date(now.getTime() - DAY));
      const verdict = otpSendVerdict(previous, now);
      if (!verdict.allowed) throw new AppError('RATE_LIMITED', { retryAfterSeconds: verdict.retryAfterSeconds, reason: verdict.reason });
      return insertOtp(tx, {
        phone,
        codeHash: hashOtp(phone, code),
        createdAt: now,
        expiresAt: new Date(now.getTime() + ACCOUNT_LIMITS.otpTtlSeconds * 1000),
        ip: meta.ip,
      });
    });
    const minutes = Math.round(ACCOUNT_LIMITS.otpTtlSeconds / 60);
    try {
      await sms.send(phone, `您的登录验证码是 ${code}，${minutes} 分钟内有效。如非本人操作，请忽略本短信。`);
    } catch {
      await deleteOtp(db, row.id); // not sent: it must not count against the limits
      throw new AppError('SMS_SEND_FAILED');
    }
    return { phone, expiresInSeconds: ACCOUNT_LIMITS.otpTtlSeconds, resendAfterSeconds: ACCOUNT_LIMITS.otpResendSeconds };
  }

  /**
   * Phone + code. Only the newest code sent to the phone works, once, before it expires and
   * before 5 wrong tries. The first sign-in creates the shopper.
   */
  async function otpLogin(input: OtpLoginBody, meta: RequestMeta) {
    const { phone } = input;
    const attempt = await throttle.begin({ kind: 'phone', identifier: phone, ip: meta.ip });
    const now = clock.now();
    const outcome = await db.transaction(async (tx) => {
      const code = await lockLatestOtp(tx, phone);
      if (!code || otpState(code, now) !== 'live') return { ok: false as const, disabled: false };
      if (!otpMatches(code.codeHash, phone, input.code)) {
        await updateOtp(tx, code.id, { attempts: code.attempts + 1 });
        return { ok: false as const, disabled: false };
      }
      await updateOtp(tx, code.id, { consumedAt: now });
      const found = await findShopperByPhone(tx, phone);
      const created = found ? undefined : await insertShopper(tx, { phone, nickname: nicknameForPhone(phone), createdAt: now, updatedAt: now });
      const shopper = found ?? created ?? (await findShopperByPhone(tx, phone));
      if (!shopper) throw new AppError('CONFLICT');
      if (shopper.status !== 'active') return { ok: false as const, disabled: true };
      if (created) await referrals?.bindAtSignUp(tx, created.id, input.referralCode);
      await throttle.succeeded(tx, attempt);
      return { ok: true as const, session: await startSession(tx, shopper, meta) };
    });
    if (outcome.ok) return outcome.session;
    if (outcome.disabled) {
      await throttle.abandon(attempt);
      throw new AppError('ACCOUNT_DISABLED');
    }
    throw new AppError('OTP_INVALID');
  }

  async function logout(tokenHash: string | null): Promise<{ ok: true }> {
    if (tokenHash) await auth.revokeSession(db, tokenHash);
    return { ok: true };
  }

  async function profile(shopperId: number): Promise<ShopperProfile> {
    const row = await findShopperById(db, shopperId);
    if (!row) throw notFound({ zh: '用户', en: 'Shopper' }, shopperId);
    return shopperProfileOf(row);
  }

  return { register, login, sendOtp, otpLogin, logout, profile };
}

export type ShopperAuth = ReturnType<typeof createShopperAuth>;
