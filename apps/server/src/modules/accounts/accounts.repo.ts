import { and, count, desc, eq, gt, gte, isNull, lt, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { AuditLogQuery, StaffListQuery, StaffRole } from '@mall/contract';
import type { DbOrTx } from '../../platform/db.ts';
import { auditLog } from '../../platform/platform.tables.ts';
import { loginAttempts, otpCodes, shoppers, staff } from './accounts.tables.ts';

// ---- shoppers ----

export async function findShopperById(db: DbOrTx, id: number) {
  const [row] = await db.select().from(shoppers).where(eq(shoppers.id, id)).limit(1);
  return row;
}

export async function findShopperByEmail(db: DbOrTx, email: string) {
  const [row] = await db.select().from(shoppers).where(sql`lower(${shoppers.email}) = ${email.toLowerCase()}`).limit(1);
  return row;
}

export async function findShopperByPhone(db: DbOrTx, phone: string) {
  const [row] = await db.select().from(shoppers).where(eq(shoppers.phone, phone)).limit(1);
  return row;
}

/** Inserts a shopper; returns undefined when the e-mail or phone is already taken. */
export async function insertShopper(db: DbOrTx, values: typeof shoppers.$inferInsert) {
  const [row] = await db.insert(shoppers).values(values).onConflictDoNothing().returning();
  return row;
}

// ---- staff ----

export async function findStaffById(db: DbOrTx, id: number) {
  const [row] = await db.select().from(staff).where(eq(staff.id, id)).limit(1);
  return row;
}

export async function lockStaffById(tx: DbOrTx, id: number) {
  const [row] = await tx.select().from(staff).where(eq(staff.id, id)).limit(1).for('update');
  return row;
}

export async function findStaffByUsername(db: DbOrTx, username: string) {
  const [row] = await db.select().from(staff).where(sql`lower(${staff.username}) = ${username.toLowerCase()}`).limit(1);
  return row;
}

export async function countStaff(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: count() }).from(staff);
  return row?.n ?? 0;
}

/** Locks the active owners, in id order (so concurrent changes queue instead of deadlocking); returns their ids. */
export async function lockActiveOwners(tx: DbOrTx): Promise<number[]> {
  const rows = await tx
    .select({ id: staff.id })
    .from(staff)
    .where(and(eq(staff.role, 'owner'), eq(staff.active, true)))
    .orderBy(staff.id)
    .for('update');
  return rows.map((r) => r.id);
}

/** Serialises first-owner creation across instances until the transaction ends. */
export async function lockStaffBootstrap(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('accounts:ensure-owner'))`);
}

/** Inserts a staff member; returns undefined when the username is taken. */
export async function insertStaff(db: DbOrTx, values: typeof staff.$inferInsert) {
  const [row] = await db.insert(staff).values(values).onConflictDoNothing().returning();
  return row;
}

export async function updateStaff(
  db: DbOrTx,
  id: number,
  values: Partial<{ displayName: string; role: StaffRole; active: boolean; passwordHash: string; updatedAt: Date }>,
) {
  const [row] = await db.update(staff).set(values).where(eq(staff.id, id)).returning();
  return row;
}

export async function listStaff(db: DbOrTx, query: StaffListQuery) {
  const where = and(query.role ? eq(staff.role, query.role) : undefined, query.active === undefined ? undefined : eq(staff.active, query.active));
  const [items, [totals]] = await Promise.all([
    db
      .select()
      .from(staff)
      .where(where)
      .orderBy(staff.id)
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ total: count() }).from(staff).where(where),
  ]);
  return { items, total: totals?.total ?? 0 };
}

// ---- sign-in attempts ----

type AttemptKind = (typeof loginAttempts.$inferInsert)['kind'];

export async function insertLoginAttempt(db: DbOrTx, values: { kind: AttemptKind; identifier: string; ip: string | null; createdAt: Date }) {
  const [row] = await db.insert(loginAttempts).values(values).returning({ id: loginAttempts.id });
  return row!.id;
}

export async function deleteLoginAttempt(db: DbOrTx, id: number): Promise<void> {
  await db.delete(loginAttempts).where(eq(loginAttempts.id, id));
}

/**
 * Times of failed (or still running) attempts since `since`, other than `exceptId`: the
 * identifier's uncleared ones, and all from the IP.
 */
export async function recentFailures(
  db: DbOrTx,
  q: { kind: AttemptKind; identifier: string; ip: string | null; since: Date; exceptId: number },
): Promise<{ identifier: Date[]; ip: Date[] }> {
  const forIdentifier = and(eq(loginAttempts.kind, q.kind), eq(loginAttempts.identifier, q.identifier), isNull(loginAttempts.clearedAt));
  const forIp = q.ip ? eq(loginAttempts.ip, q.ip) : undefined;
  const rows = await db
    .select({ createdAt: loginAttempts.createdAt, kind: loginAttempts.kind, identifier: loginAttempts.identifier, ip: loginAttempts.ip, clearedAt: loginAttempts.clearedAt })
    .from(loginAttempts)
    .where(and(gt(loginAttempts.createdAt, q.since), ne(loginAttempts.id, q.exceptId), forIp ? or(forIdentifier, forIp) : forIdentifier));
  const result = { identifier: [] as Date[], ip: [] as Date[] };
  for (const row of rows) {
    if (row.kind === q.kind && row.identifier === q.identifier && !row.clearedAt) result.identifier.push(row.createdAt);
    if (q.ip && row.ip === q.ip) result.ip.push(row.createdAt);
  }
  return result;
}

export async function clearIdentifierFailures(db: DbOrTx, kind: AttemptKind, identifier: string, now: Date): Promise<void> {
  await db
    .update(loginAttempts)
    .set({ clearedAt: now })
    .where(and(eq(loginAttempts.kind, kind), eq(loginAttempts.identifier, identifier), isNull(loginAttempts.clearedAt)));
}

export async function purgeLoginAttempts(db: DbOrTx, before: Date): Promise<number> {
  const rows = await db.delete(loginAttempts).where(lt(loginAttempts.createdAt, before)).returning({ id: loginAttempts.id });
  return rows.length;
}

// ---- one-time codes ----

/** Serialises code sends and checks for one phone across instances, until the transaction ends. */
export async function lockPhone(tx: DbOrTx, phone: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`otp:${phone}`}))`);
}

export async function otpSendTimes(db: DbOrTx, phone: string, since: Date): Promise<Date[]> {
  const rows = await db
    .select({ createdAt: otpCodes.createdAt })
    .from(otpCodes)
    .where(and(eq(otpCodes.phone, phone), gt(otpCodes.createdAt, since)));
  return rows.map((r) => r.createdAt);
}

/** Serialises code sending per IP address, so its hourly cap holds under concurrency. */
export async function lockOtpIp(tx: DbOrTx, ip: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`otp-ip:${ip}`}))`);
}

export async function otpSendTimesFromIp(db: DbOrTx, ip: string, since: Date): Promise<Date[]> {
  const rows = await db
    .select({ createdAt: otpCodes.createdAt })
    .from(otpCodes)
    .where(and(eq(otpCodes.ip, ip), gt(otpCodes.createdAt, since)));
  return rows.map((r) => r.createdAt);
}

export async function insertOtp(db: DbOrTx, values: typeof otpCodes.$inferInsert) {
  const [row] = await db.insert(otpCodes).values(values).returning();
  return row!;
}

export async function deleteOtp(db: DbOrTx, id: number): Promise<void> {
  await db.delete(otpCodes).where(eq(otpCodes.id, id));
}

/** The newest code sent to a phone (the only one that can work), locked. */
export async function lockLatestOtp(tx: DbOrTx, phone: string) {
  const [row] = await tx.select().from(otpCodes).where(eq(otpCodes.phone, phone)).orderBy(desc(otpCodes.createdAt), desc(otpCodes.id)).limit(1).for('update');
  return row;
}

export async function updateOtp(db: DbOrTx, id: number, values: Partial<{ attempts: number; consumedAt: Date }>) {
  await db.update(otpCodes).set(values).where(eq(otpCodes.id, id));
}

export async function purgeOtpCodes(db: DbOrTx, before: Date): Promise<number> {
  const rows = await db.delete(otpCodes).where(lt(otpCodes.createdAt, before)).returning({ id: otpCodes.id });
  return rows.length;
}

// ---- audit log (read side) ----

export async function listAuditLog(db: DbOrTx, query: AuditLogQuery) {
  const conditions: (SQL | undefined)[] = [
    query.actorStaffId !== undefined ? eq(auditLog.actorStaffId, query.actorStaffId) : undefined,
    query.entityType ? eq(auditLog.entityType, query.entityType) : undefined,
    query.entityId ? eq(auditLog.entityId, query.entityId) : undefined,
    query.action ? eq(auditLog.action, query.action) : undefined,
    query.from ? gte(auditLog.createdAt, query.from) : undefined,
    query.to ? lte(auditLog.createdAt, query.to) : undefined,
  ];
  const where = and(...conditions);
  const [items, [totals]] = await Promise.all([
    db
      .select()
      .from(auditLog)
      .where(where)
      .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ total: count() }).from(auditLog).where(where),
  ]);
  return { items, total: totals?.total ?? 0 };
}
