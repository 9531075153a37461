import {
  newPassword,
  staffUsername,
  displayName as displayNameSchema,
  type AuditLogQuery,
  type CreateStaffBody,
  type StaffListQuery,
  type StaffMember,
  type UpdateStaffBody,
} from '@mall/contract';
import { hashPassword, type Auth } from '../../platform/auth.ts';
import { diffFields, recordAudit, type StaffContext } from '../../platform/audit.ts';
import { systemClock, type Clock } from '../../platform/clock.ts';
import type { Db, DbOrTx } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import {
  countStaff,
  insertStaff,
  listAuditLog,
  listStaff,
  lockActiveOwners,
  lockStaffById,
  lockStaffBootstrap,
  updateStaff,
} from './accounts.repo.ts';
import { leavesNoActiveOwner } from './accounts.rules.ts';
import type { staff } from './accounts.tables.ts';

export interface StaffAdminDeps {
  db: Db;
  clock: Clock;
  auth: Auth;
}

type StaffRow = typeof staff.$inferSelect;

export const staffMemberOf = (row: StaffRow): StaffMember => ({
  id: row.id,
  username: row.username,
  displayName: row.displayName,
  role: row.role,
  active: row.active,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

const STAFF = { zh: '员工', en: 'Staff member' };

/**
 * Creates the first owner when the shop has no staff at all (the demo seed and first start use
 * it). Runs in the caller's transaction; returns whether it created the account. Pass the app's
 * clock where there is one (the service's `ensureOwner` does).
 */
export async function ensureOwner(
  tx: DbOrTx,
  input: { username: string; password: string; displayName: string },
  clock: Clock = systemClock,
): Promise<boolean> {
  const username = staffUsername.parse(input.username);
  const password = newPassword.parse(input.password);
  const displayName = displayNameSchema.parse(input.displayName);
  await lockStaffBootstrap(tx);
  if ((await countStaff(tx)) > 0) return false;
  const now = clock.now();
  const row = await insertStaff(tx, { username, displayName, role: 'owner', passwordHash: await hashPassword(password), active: true, createdAt: now, updatedAt: now });
  if (!row) return false;
  await recordAudit(tx, clock, null, { action: 'staff.create', entityType: 'staff', entityId: row.id, changes: { username, displayName, role: 'owner', via: 'bootstrap' } });
  return true;
}

export function createStaffAdmin(deps: StaffAdminDeps) {
  const { db, clock, auth } = deps;

  async function list(query: StaffListQuery) {
    const { items, total } = await listStaff(db, query);
    return { items: items.map(staffMemberOf), total, page: query.page, pageSize: query.pageSize };
  }

  async function create(ctx: StaffContext, input: CreateStaffBody): Promise<StaffMember> {
    const passwordHash = await hashPassword(input.password);
    const now = clock.now();
    return db.transaction(async (tx) => {
      const row = await insertStaff(tx, {
        username: input.username,
        displayName: input.displayName,
        role: input.role,
        passwordHash,
        active: true,
        createdBy: ctx.actor.id,
        createdAt: now,
        updatedAt: now,
      });
      if (!row) throw new AppError('USERNAME_TAKEN', { username: input.username }, [{ path: 'body.username', message: 'already taken' }]);
      await recordAudit(tx, clock, ctx, {
        action: 'staff.create',
        entityType: 'staff',
        entityId: row.id,
        changes: { username: row.username, displayName: row.displayName, role: row.role },
      });
      return staffMemberOf(row);
    });
  }

  /**
   * Renames, changes the role of, disables or re-enables a staff member. The last active owner
   * can be neither demoted nor disabled; disabling ends the member's sessions.
   */
  async function update(ctx: StaffContext, id: number, input: UpdateStaffBody): Promise<StaffMember> {
    return db.transaction(async (tx) => {
      // Owners first, in id order, then the target: concurrent changes queue, never deadlock.
      const activeOwners = input.role !== undefined || input.active !== undefined ? await lockActiveOwners(tx) : [];
      const before = await lockStaffById(tx, id);
      if (!before) throw notFound(STAFF, id);
      const otherActiveOwners = activeOwners.filter((ownerId) => ownerId !== id).length;
      if (leavesNoActiveOwner(before, input, otherActiveOwners)) throw new AppError('LAST_OWNER');
      const changes = diffFields(before, { displayName: input.displayName, role: input.role, active: input.active });
      if (Object.keys(changes).length === 0) return staffMemberOf(before);
      const after = await updateStaff(tx, id, { displayName: input.displayName, role: input.role, active: input.active, updatedAt: clock.now() });
      if (before.active && input.active === false) await auth.revokeAllFor(tx, { kind: 'staff', id });
      await recordAudit(tx, clock, ctx, { action: 'staff.update', entityType: 'staff', entityId: id, changes });
      return staffMemberOf(after!);
    });
  }

  /** Sets a new password for a staff member and ends all their sessions. */
  async function resetPassword(ctx: StaffContext, id: number, input: { password: string }): Promise<StaffMember> {
    const passwordHash = await hashPassword(input.password);
    return db.transaction(async (tx) => {
      const before = await lockStaffById(tx, id);
      if (!before) throw notFound(STAFF, id);
      const after = await updateStaff(tx, id, { passwordHash, updatedAt: clock.now() });
      await auth.revokeAllFor(tx, { kind: 'staff', id });
      await recordAudit(tx, clock, ctx, { action: 'staff.password_reset', entityType: 'staff', entityId: id });
      return staffMemberOf(after!);
    });
  }

  async function auditLog(query: AuditLogQuery) {
    const { items, total } = await listAuditLog(db, query);
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  return {
    list,
    create,
    update,
    resetPassword,
    auditLog,
    /** ensureOwner with the injected clock. */
    ensureOwner: (tx: DbOrTx, input: { username: string; password: string; displayName: string }) => ensureOwner(tx, input, clock),
  };
}

export type StaffAdmin = ReturnType<typeof createStaffAdmin>;
