import crypto from 'node:crypto';
import { and, eq, lt } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from './clock.ts';
import type { Db, DbOrTx, Tx } from './db.ts';
import { AppError } from './errors.ts';
import { idempotencyKeys } from './platform.tables.ts';

const KEY_PATTERN = /^[\x21-\x7e]{8,128}$/;
const KEEP_FOR_MS = 24 * 3_600_000;

export interface IdempotentResult<T> {
  status: number;
  body: T;
}

/**
 * Runs a POST at most once per (scope, Idempotency-Key). The key row is inserted in the same
 * transaction as the work: a concurrent duplicate blocks on the key's unique index until the
 * first commits, then replays its stored answer. A failed attempt (an error thrown) rolls back
 * with its key, so it may be retried. The same key with a different body is refused.
 *
 * Without the header the work simply runs once in its own transaction.
 *
 * Work that ends with writes on contended rows (a flash sale's quota) may store its answer early
 * with `answer` and do those writes after it, so their row locks are held only until the commit;
 * what it then returns must be that same answer.
 */
export function createIdempotency(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function run<T>(
    request: FastifyRequest,
    reply: FastifyReply,
    scope: string,
    work: (tx: Tx, answer: (result: IdempotentResult<T>) => Promise<void>) => Promise<IdempotentResult<T>>,
  ): Promise<T> {
    const header = request.headers['idempotency-key'];
    const key = Array.isArray(header) ? header[0] : header;
    if (key === undefined) {
      const result = await db.transaction((tx) => work(tx, async () => undefined));
      reply.status(result.status);
      return result.body;
    }
    if (!KEY_PATTERN.test(key)) throw new AppError('IDEMPOTENCY_KEY_INVALID');
    const fingerprint = fingerprintOf(request);
    scope = `${scope}|${request.actor ? `${request.actor.kind}:${request.actor.id}` : 'anonymous'}`;
    const outcome = await db.transaction(async (tx) => {
      const now = clock.now();
      const inserted = await tx
        .insert(idempotencyKeys)
        .values({ scope, key, fingerprint, responseStatus: 0, responseBody: {}, createdAt: now, expiresAt: new Date(now.getTime() + KEEP_FOR_MS) })
        .onConflictDoNothing()
        .returning({ key: idempotencyKeys.key });
      if (inserted.length === 0) {
        const [stored] = await tx
          .select()
          .from(idempotencyKeys)
          .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
        if (!stored) throw new AppError('CONFLICT');
        if (stored.fingerprint !== fingerprint) throw new AppError('IDEMPOTENCY_KEY_REUSED');
        return { replayed: true, status: stored.responseStatus, body: stored.responseBody as T };
      }
      let stored = false;
      const store = async (answer: IdempotentResult<T>) => {
        await tx
          .update(idempotencyKeys)
          .set({ responseStatus: answer.status, responseBody: answer.body as object })
          .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
        stored = true;
      };
      const result = await work(tx, store);
      if (!stored) await store(result);
      return { replayed: false, ...result };
    });
    if (outcome.replayed) reply.header('idempotent-replayed', 'true');
    reply.status(outcome.status);
    return outcome.body;
  }

  async function purgeExpired(tx: DbOrTx = db): Promise<number> {
    const rows = await tx.delete(idempotencyKeys).where(lt(idempotencyKeys.expiresAt, clock.now())).returning({ key: idempotencyKeys.key });
    return rows.length;
  }

  return { run, purgeExpired };
}

export type Idempotency = ReturnType<typeof createIdempotency>;

/** Same route, same caller, same body ⇒ same fingerprint. */
function fingerprintOf(request: FastifyRequest): string {
  const who = request.actor ? `${request.actor.kind}:${request.actor.id}` : 'anonymous';
  const route = `${request.method} ${request.routeOptions.url ?? request.url} ${JSON.stringify(request.params ?? {})}`;
  return crypto
    .createHash('sha256')
    .update(`${who}\n${route}\n${stableStringify(request.body ?? null)}`)
    .digest('hex');
}

function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}
