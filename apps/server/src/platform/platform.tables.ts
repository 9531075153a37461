import { sql } from 'drizzle-orm';
import { bigserial, check, index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { utc } from './columns.ts';

/** Opaque session tokens; only the SHA-256 of a token is stored. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    subjectKind: text('subject_kind', { enum: ['shopper', 'staff'] }).notNull(),
    subjectId: integer('subject_id').notNull(),
    createdAt: utc('created_at').notNull(),
    expiresAt: utc('expires_at').notNull(),
    lastSeenAt: utc('last_seen_at').notNull(),
    revokedAt: utc('revoked_at'),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_subject_idx').on(t.subjectKind, t.subjectId)],
);

/** One row per (scope, key): the stored answer a retried request gets back. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    fingerprint: text('fingerprint').notNull(),
    responseStatus: integer('response_status').notNull(),
    responseBody: jsonb('response_body').notNull(),
    createdAt: utc('created_at').notNull(),
    expiresAt: utc('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] }), index('idempotency_expires_idx').on(t.expiresAt)],
);

/**
 * Must-not-be-lost work, written in the same transaction as the change that causes it and
 * delivered at least once by the job runner (handlers are idempotent).
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    topic: text('topic').notNull(),
    payload: jsonb('payload').notNull(),
    dedupeKey: text('dedupe_key').unique(),
    status: text('status', { enum: ['pending', 'done', 'dead'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    availableAt: utc('available_at').notNull(),
    /** Set while an external handler (e-mail, gateway call) works on it outside a transaction. */
    leaseUntil: utc('lease_until'),
    lastError: text('last_error'),
    createdAt: utc('created_at').notNull(),
    doneAt: utc('done_at'),
  },
  (t) => [
    index('outbox_due_idx').on(t.availableAt).where(sql`status = 'pending'`),
    check('outbox_attempts_ck', sql`${t.attempts} >= 0`),
  ],
);

/** Every change staff make, who made it and what it changed. Append-only. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    actorStaffId: integer('actor_staff_id'),
    actorName: text('actor_name'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    changes: jsonb('changes'),
    ip: text('ip'),
    requestId: text('request_id'),
    createdAt: utc('created_at').notNull(),
  },
  (t) => [
    index('audit_created_idx').on(t.createdAt),
    index('audit_entity_idx').on(t.entityType, t.entityId),
    index('audit_actor_idx').on(t.actorStaffId),
  ],
);
