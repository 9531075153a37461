import crypto from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { roleAllows, type Permission, type StaffRole } from '@mall/contract';
import type { Clock } from './clock.ts';
import type { Db, DbOrTx } from './db.ts';
import { AppError } from './errors.ts';
import { sessions } from './platform.tables.ts';

export const SHOPPER_COOKIE = 'mall_sid';
export const STAFF_COOKIE = 'mall_admin_sid';
const LAST_SEEN_RESOLUTION_MS = 5 * 60_000;

export type Actor =
  | { kind: 'shopper'; id: number }
  | { kind: 'staff'; id: number; role: StaffRole; username: string; displayName: string };
export type StaffActor = Extract<Actor, { kind: 'staff' }>;
export type ShopperActor = Extract<Actor, { kind: 'shopper' }>;

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    sessionTokenHash: string | null;
  }
}

export interface StaffLookup {
  (db: DbOrTx, staffId: number): Promise<{ role: StaffRole; username: string; displayName: string; active: boolean } | undefined>;
}
export interface ShopperLookup {
  (db: DbOrTx, shopperId: number): Promise<{ active: boolean } | undefined>;
}

export const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

export interface AuthDeps {
  db: Db;
  clock: Clock;
  ttlHours: number;
  cookieSecure: boolean;
  loadStaff: StaffLookup;
  loadShopper: ShopperLookup;
}

export type Auth = ReturnType<typeof createAuth>;

export function createAuth(deps: AuthDeps) {
  const { db, clock } = deps;

  /** Creates a session and returns the raw token (shown once; only its hash is stored). */
  async function issueSession(
    tx: DbOrTx,
    subject: { kind: 'shopper' | 'staff'; id: number },
    meta: { ip?: string; userAgent?: string } = {},
  ): Promise<{ token: string; expiresAt: Date }> {
    const token = crypto.randomBytes(32).toString('base64url');
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + deps.ttlHours * 3_600_000);
    await tx.insert(sessions).values({
      tokenHash: hashToken(token),
      subjectKind: subject.kind,
      subjectId: subject.id,
      createdAt: now,
      expiresAt,
      lastSeenAt: now,
      ip: meta.ip ?? null,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
    });
    return { token, expiresAt };
  }

  async function revokeSession(tx: DbOrTx, tokenHash: string): Promise<void> {
    await tx.update(sessions).set({ revokedAt: clock.now() }).where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt)));
  }

  async function revokeAllFor(tx: DbOrTx, subject: { kind: 'shopper' | 'staff'; id: number }): Promise<void> {
    await tx
      .update(sessions)
      .set({ revokedAt: clock.now() })
      .where(and(eq(sessions.subjectKind, subject.kind), eq(sessions.subjectId, subject.id), isNull(sessions.revokedAt)));
  }

  function setSessionCookie(reply: FastifyReply, kind: 'shopper' | 'staff', token: string, expiresAt: Date) {
    reply.setCookie(kind === 'staff' ? STAFF_COOKIE : SHOPPER_COOKIE, token, {
      path: kind === 'staff' ? '/api/admin' : '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: deps.cookieSecure,
      expires: expiresAt,
    });
  }

  function clearSessionCookie(reply: FastifyReply, kind: 'shopper' | 'staff') {
    reply.clearCookie(kind === 'staff' ? STAFF_COOKIE : SHOPPER_COOKIE, { path: kind === 'staff' ? '/api/admin' : '/' });
  }

  /** onRequest hook: resolves the token (Bearer first, then the cookie for the area) to an actor. */
  async function resolveActor(request: FastifyRequest): Promise<void> {
    request.actor = null;
    request.sessionTokenHash = null;
    const isAdminArea = request.url.startsWith('/api/admin');
    const header = request.headers.authorization;
    const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const token = bearer || request.cookies[isAdminArea ? STAFF_COOKIE : SHOPPER_COOKIE];
    if (!token || token.length > 200) return;
    const tokenHash = hashToken(token);
    const [session] = await db.select().from(sessions).where(eq(sessions.tokenHash, tokenHash)).limit(1);
    const now = clock.now();
    if (!session || session.revokedAt || session.expiresAt <= now) return;
    if (session.subjectKind === 'staff') {
      const member = await deps.loadStaff(db, session.subjectId);
      if (!member?.active) return;
      request.actor = { kind: 'staff', id: session.subjectId, role: member.role, username: member.username, displayName: member.displayName };
    } else {
      const shopper = await deps.loadShopper(db, session.subjectId);
      if (!shopper?.active) return;
      request.actor = { kind: 'shopper', id: session.subjectId };
    }
    request.sessionTokenHash = tokenHash;
    if (now.getTime() - session.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
      await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash));
    }
  }

  const requireShopper = (): preHandlerAsyncHookHandler =>
    async function requireShopperHook(request) {
      if (request.actor?.kind !== 'shopper') throw new AppError('UNAUTHENTICATED');
    };

  const requireStaff = (permission?: Permission): preHandlerAsyncHookHandler =>
    async function requireStaffHook(request) {
      const actor = request.actor;
      if (!actor) throw new AppError('UNAUTHENTICATED');
      if (actor.kind !== 'staff') throw new AppError('FORBIDDEN');
      if (permission && !roleAllows(actor.role, permission)) throw new AppError('FORBIDDEN', { permission });
    };

  return { issueSession, revokeSession, revokeAllFor, setSessionCookie, clearSessionCookie, resolveActor, requireShopper, requireStaff };
}

export function staffOf(request: FastifyRequest): StaffActor {
  if (request.actor?.kind !== 'staff') throw new AppError('UNAUTHENTICATED');
  return request.actor;
}

export function shopperOf(request: FastifyRequest): ShopperActor {
  if (request.actor?.kind !== 'shopper') throw new AppError('UNAUTHENTICATED');
  return request.actor;
}

/** Passwords: scrypt with a random salt, stored as `scrypt$N$r$p$salt$hash`. */
const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 64 } as const;

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await scrypt(password, salt, SCRYPT.N, SCRYPT.r, SCRYPT.p, SCRYPT.keylen);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  const parts = stored?.split('$');
  if (!parts || parts.length !== 6 || parts[0] !== 'scrypt') {
    await scrypt(password, Buffer.alloc(16), SCRYPT.N, SCRYPT.r, SCRYPT.p, SCRYPT.keylen); // same cost either way
    return false;
  }
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, 'base64');
  const key = await scrypt(password, Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p), expected.length);
  return crypto.timingSafeEqual(key, expected);
}

function scrypt(password: string, salt: Buffer, N: number, r: number, p: number, keylen: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    crypto.scrypt(password.normalize('NFKC'), salt, keylen, { N, r, p, maxmem: 64 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}
