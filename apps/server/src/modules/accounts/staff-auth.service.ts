import { ROLE_PERMISSIONS, type StaffLoginBody, type StaffMe } from '@mall/contract';
import { hashPassword, verifyPassword, type Auth, type StaffActor } from '../../platform/auth.ts';
import { recordAudit, type StaffContext } from '../../platform/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db, DbOrTx } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { findStaffById, findStaffByUsername, updateStaff } from './accounts.repo.ts';
import type { staff } from './accounts.tables.ts';
import type { LoginThrottle } from './login-throttle.ts';
import type { RequestMeta } from './shopper-auth.service.ts';

export interface StaffAuthDeps {
  db: Db;
  clock: Clock;
  auth: Auth;
  throttle: LoginThrottle;
}

type StaffRow = typeof staff.$inferSelect;

export const staffMeOf = (row: StaffRow): StaffMe => ({
  id: row.id,
  username: row.username,
  displayName: row.displayName,
  role: row.role,
  permissions: [...ROLE_PERMISSIONS[row.role]],
});

const actorOf = (row: StaffRow): StaffActor => ({ kind: 'staff', id: row.id, role: row.role, username: row.username, displayName: row.displayName });

export function createStaffAuth(deps: StaffAuthDeps) {
  const { db, clock, auth, throttle } = deps;

  async function startSession(tx: DbOrTx, member: StaffRow, meta: RequestMeta) {
    const session = await auth.issueSession(tx, { kind: 'staff', id: member.id }, { ip: meta.ip ?? undefined, userAgent: meta.userAgent });
    return { ...session, staff: staffMeOf(member) };
  }

  /** Username + password. Disabled staff cannot sign in. Each sign-in is an audit row ('staff.login'). */
  async function login(input: StaffLoginBody, meta: RequestMeta) {
    const attempt = await throttle.begin({ kind: 'username', identifier: input.username, ip: meta.ip });
    const member = await findStaffByUsername(db, input.username);
    const ok = await verifyPassword(input.password, member?.passwordHash);
    if (!ok || !member) throw new AppError('INVALID_CREDENTIALS');
    if (!member.active) {
      await throttle.abandon(attempt);
      throw new AppError('ACCOUNT_DISABLED');
    }
    return db.transaction(async (tx) => {
      await throttle.succeeded(tx, attempt);
      const session = await startSession(tx, member, meta);
      const ctx: StaffContext = { actor: actorOf(member), ip: meta.ip, requestId: meta.requestId };
      await recordAudit(tx, clock, ctx, {
        action: 'staff.login',
        entityType: 'staff',
        entityId: member.id,
        changes: { userAgent: meta.userAgent?.slice(0, 300) ?? null },
      });
      return session;
    });
  }

  async function logout(tokenHash: string | null): Promise<{ ok: true }> {
    if (tokenHash) await auth.revokeSession(db, tokenHash);
    return { ok: true };
  }

  async function me(actor: StaffActor): Promise<StaffMe> {
    const row = await findStaffById(db, actor.id);
    if (!row) throw notFound({ zh: '员工', en: 'Staff member' }, actor.id);
    return staffMeOf(row);
  }

  /**
   * Changes one's own password after checking the current one (throttled like a sign-in).
   * Every session of the member ends; a fresh one is returned.
   */
  async function changeOwnPassword(ctx: StaffContext, input: { oldPassword: string; newPassword: string }, meta: RequestMeta) {
    const attempt = await throttle.begin({ kind: 'username', identifier: ctx.actor.username, ip: meta.ip });
    const member = await findStaffById(db, ctx.actor.id);
    if (!member || !(await verifyPassword(input.oldPassword, member.passwordHash))) {
      throw new AppError('PASSWORD_INCORRECT', {}, [{ path: 'body.oldPassword', message: 'not the current password' }]);
    }
    const passwordHash = await hashPassword(input.newPassword);
    return db.transaction(async (tx) => {
      await throttle.succeeded(tx, attempt);
      await updateStaff(tx, member.id, { passwordHash, updatedAt: clock.now() });
      await auth.revokeAllFor(tx, { kind: 'staff', id: member.id });
      const session = await startSession(tx, member, meta);
      await recordAudit(tx, clock, ctx, { action: 'staff.password_change', entityType: 'staff', entityId: member.id });
      return session;
    });
  }

  return { login, logout, me, changeOwnPassword };
}

export type StaffAuth = ReturnType<typeof createStaffAuth>;
