import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, index, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdUpdated, utc } from '../../platform/columns.ts';

export const shoppers = pgTable(
  'shoppers',
  {
    id: serial('id').primaryKey(),
    email: text('email'),
    phone: text('phone'),
    passwordHash: text('password_hash'),
    nickname: text('nickname').notNull(),
    status: text('status', { enum: ['active', 'disabled'] }).notNull().default('active'),
    ...createdUpdated(),
  },
  (t) => [
    uniqueIndex('shoppers_email_uq').on(sql`lower(${t.email})`),
    uniqueIndex('shoppers_phone_uq').on(t.phone),
  ],
);

export const staff = pgTable(
  'staff',
  {
    id: serial('id').primaryKey(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ['owner', 'operator', 'customer_service', 'warehouse'] }).notNull(),
    active: boolean('active').notNull().default(true),
    createdBy: integer('created_by'),
    ...createdUpdated(),
  },
  (t) => [uniqueIndex('staff_username_uq').on(sql`lower(${t.username})`)],
);

/**
 * Sign-in attempts that did not (yet) succeed: one row per attempt, written before the secret is
 * checked and deleted again when it was right. Rows are keyed by the identifier tried (lower-cased,
 * with its kind) and by the client IP; the throttle rules in accounts.rules.ts read them. A success
 * marks the identifier's earlier failures cleared (they still count for the IP).
 */
export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind', { enum: ['email', 'username', 'phone'] }).notNull(),
    identifier: text('identifier').notNull(),
    ip: text('ip'),
    createdAt: utc('created_at').notNull(),
    clearedAt: utc('cleared_at'),
  },
  (t) => [
    index('login_attempts_identifier_idx').on(t.kind, t.identifier, t.createdAt),
    index('login_attempts_ip_idx').on(t.ip, t.createdAt),
  ],
);

/** One-time sign-in codes sent by text message; only a salted hash of the code is stored. */
export const otpCodes = pgTable(
  'otp_codes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    phone: text('phone').notNull(),
    codeHash: text('code_hash').notNull(),
    attempts: integer('attempts').notNull().default(0),
    createdAt: utc('created_at').notNull(),
    expiresAt: utc('expires_at').notNull(),
    consumedAt: utc('consumed_at'),
    ip: text('ip'),
  },
  (t) => [
    index('otp_codes_phone_idx').on(t.phone, t.createdAt),
    index('otp_codes_ip_idx').on(t.ip, t.createdAt),
    check('otp_codes_attempts_ck', sql`${t.attempts} >= 0`)],
);
