import type { FastifyRequest } from 'fastify';
import type { DbOrTx } from './db.ts';
import type { Clock } from './clock.ts';
import { auditLog } from './platform.tables.ts';
import { staffOf, type StaffActor } from './auth.ts';

/** Who is acting, from where: what a staff use case needs to write its audit row. */
export interface StaffContext {
  actor: StaffActor;
  ip: string | null;
  requestId: string | null;
}

export function staffContext(request: FastifyRequest): StaffContext {
  return { actor: staffOf(request), ip: request.ip ?? null, requestId: request.id ?? null };
}

export interface AuditEntry {
  action: string; // e.g. 'product.update'
  entityType: string; // e.g. 'product'
  entityId?: string | number | null;
  changes?: unknown;
}

/** Writes one audit row in the caller's transaction, so the change and its record land together. */
export async function recordAudit(tx: DbOrTx, clock: Clock, ctx: StaffContext | null, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    actorStaffId: ctx?.actor.id ?? null,
    actorName: ctx ? ctx.actor.username : 'system',
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId == null ? null : String(entry.entityId),
    changes: entry.changes ?? null,
    ip: ctx?.ip ?? null,
    requestId: ctx?.requestId ?? null,
    createdAt: clock.now(),
  });
}

/** The fields of `after` that differ from `before`, as { field: [old, new] }. */
export function diffFields<T extends Record<string, unknown>>(before: T, after: Partial<T>): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const [key, value] of Object.entries(after)) {
    if (value === undefined) continue;
    const old = before[key];
    if (JSON.stringify(old) !== JSON.stringify(value)) changes[key] = [old, value];
  }
  return changes;
}
