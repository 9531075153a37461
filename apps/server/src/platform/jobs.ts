import { and, asc, eq, inArray, isNull, lt, lte, or } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from './clock.ts';
import type { Db, DbOrTx, Tx } from './db.ts';
import { outbox } from './platform.tables.ts';

export interface OutboxMessage<P = unknown> {
  topic: string;
  payload: P;
  /** A message with a key already in the outbox is not added again. */
  dedupeKey?: string;
  availableAt?: Date;
}

export type OutboxHandler = (tx: Tx, payload: unknown, meta: { id: number; attempts: number }) => Promise<void>;
/** A handler whose work leaves the database (an e-mail, a gateway call): run outside any transaction. */
export type ExternalHandler = (payload: unknown, meta: { id: number; attempts: number }) => Promise<void>;
export interface Sweeper {
  name: string;
  everyMs: number;
  /** Claims due rows (FOR UPDATE SKIP LOCKED) and moves each idempotently; returns how many. */
  run: () => Promise<number>;
}

const MAX_ATTEMPTS = 8;
/** How long an external handler may work on a message before another instance may take it over. */
const EXTERNAL_LEASE_MS = 5 * 60_000;

/** Adds a message in the caller's transaction: it leaves only if the change that caused it commits. */
export async function enqueue(tx: DbOrTx, clock: Clock, message: OutboxMessage): Promise<void> {
  const now = clock.now();
  await tx
    .insert(outbox)
    .values({
      topic: message.topic,
      payload: message.payload as object,
      dedupeKey: message.dedupeKey ?? null,
      availableAt: message.availableAt ?? now,
      createdAt: now,
    })
    .onConflictDoNothing({ target: outbox.dedupeKey });
}

/**
 * Delivers outbox messages and runs sweepers. A database handler (`handle`) runs in its own
 * transaction holding the message's row lock (SKIP LOCKED) and marks it done in that same
 * transaction, so its effects happen exactly once even with several instances. An external
 * handler (`handleExternal`: e-mail, SMS, gateway calls) must not hold a transaction open while
 * it waits on the network: the message is leased in a short transaction, the handler runs, and
 * the message is marked done afterwards — at least once, so such handlers must be idempotent
 * (or tolerate a rare repeat after a crash). A failing handler is retried with backoff and
 * parked as `dead` after MAX_ATTEMPTS.
 */
export function createJobRunner(deps: { db: Db; clock: Clock; log: FastifyBaseLogger; pollMs: number }) {
  const { db, clock, log } = deps;
  const handlers = new Map<string, OutboxHandler>();
  const externalHandlers = new Map<string, ExternalHandler>();
  const sweepers: (Sweeper & { lastRunAt: number })[] = [];
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = true;

  function handle(topic: string, handler: OutboxHandler) {
    if (handlers.has(topic) || externalHandlers.has(topic)) throw new Error(`outbox topic ${topic} already has a handler`);
    handlers.set(topic, handler);
  }

  function handleExternal(topic: string, handler: ExternalHandler) {
    if (handlers.has(topic) || externalHandlers.has(topic)) throw new Error(`outbox topic ${topic} already has a handler`);
    externalHandlers.set(topic, handler);
  }

  function addSweeper(sweeper: Sweeper) {
    sweepers.push({ ...sweeper, lastRunAt: 0 });
  }

  /** Handles one due message; false when none is due. */
  async function deliverOne(): Promise<boolean> {
    const topics = [...handlers.keys(), ...externalHandlers.keys()];
    if (topics.length === 0) return false;
    let failed: { id: number; attempts: number; error: unknown } | null = null;
    let leased: { id: number; attempts: number; topic: string; payload: unknown } | null = null;
    const delivered = await db.transaction(async (tx) => {
      const now = clock.now();
      const [message] = await tx
        .select()
        .from(outbox)
        .where(
          and(
            eq(outbox.status, 'pending'),
            lte(outbox.availableAt, now),
            inArray(outbox.topic, topics),
            or(isNull(outbox.leaseUntil), lt(outbox.leaseUntil, now)),
          ),
        )
        .orderBy(asc(outbox.availableAt), asc(outbox.id))
        .limit(1)
        .for('update', { skipLocked: true });
      if (!message) return false;
      const handler = handlers.get(message.topic);
      if (!handler) {
        await tx
          .update(outbox)
          .set({ leaseUntil: new Date(now.getTime() + EXTERNAL_LEASE_MS), attempts: message.attempts + 1 })
          .where(eq(outbox.id, message.id));
        leased = { id: message.id, attempts: message.attempts + 1, topic: message.topic, payload: message.payload };
        return true;
      }
      try {
        await tx.transaction(async (inner) => handler(inner as unknown as Tx, message.payload, { id: message.id, attempts: message.attempts }));
        await tx.update(outbox).set({ status: 'done', doneAt: now, attempts: message.attempts + 1 }).where(eq(outbox.id, message.id));
      } catch (error) {
        failed = { id: message.id, attempts: message.attempts + 1, error };
      }
      return true;
    });
    if (leased) failed = await runExternal(leased);
    if (failed) await recordFailure(failed);
    return delivered;
  }

  async function runExternal(message: { id: number; attempts: number; topic: string; payload: unknown }) {
    try {
      await externalHandlers.get(message.topic)!(message.payload, { id: message.id, attempts: message.attempts - 1 });
    } catch (error) {
      return { id: message.id, attempts: message.attempts, error };
    }
    await db.update(outbox).set({ status: 'done', doneAt: clock.now(), leaseUntil: null }).where(and(eq(outbox.id, message.id), eq(outbox.status, 'pending')));
    return null;
  }

  async function recordFailure(failure: { id: number; attempts: number; error: unknown }) {
    const now = clock.now();
    const dead = failure.attempts >= MAX_ATTEMPTS;
    const backoffMs = Math.min(2 ** failure.attempts * 1000, 3_600_000);
    log.warn({ err: failure.error, outboxId: failure.id, attempts: failure.attempts, dead }, 'outbox handler failed');
    await db
      .update(outbox)
      .set({
        attempts: failure.attempts,
        status: dead ? 'dead' : 'pending',
        availableAt: new Date(now.getTime() + backoffMs),
        lastError: String((failure.error as Error)?.message ?? failure.error).slice(0, 2000),
        leaseUntil: null,
      })
      .where(eq(outbox.id, failure.id));
  }

  /** Delivers every due message and runs every sweeper once. Tests call this after moving the clock. */
  async function drain(maxMessages = 10_000): Promise<{ delivered: number; swept: number }> {
    let delivered = 0;
    let swept = 0;
    for (const sweeper of sweepers) swept += await sweeper.run();
    while (delivered < maxMessages && (await deliverOne())) delivered++;
    return { delivered, swept };
  }

  async function tick() {
    const now = Date.now();
    for (const sweeper of sweepers) {
      if (now - sweeper.lastRunAt < sweeper.everyMs) continue;
      sweeper.lastRunAt = now;
      try {
        await sweeper.run();
      } catch (error) {
        log.error({ err: error, sweeper: sweeper.name }, 'sweeper failed');
      }
    }
    try {
      for (let i = 0; i < 100 && !stopped && (await deliverOne()); i++);
    } catch (error) {
      log.error({ err: error }, 'outbox delivery failed');
    }
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().finally(() => {
        running = null;
        schedule();
      });
    }, deps.pollMs);
    timer.unref();
  }

  return {
    handle,
    handleExternal,
    addSweeper,
    drain,
    deliverOne,
    start() {
      if (!stopped) return;
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (running) await running;
    },
  };
}

export type JobRunner = ReturnType<typeof createJobRunner>;

/** Outbox housekeeping: delivered messages are kept a week for inspection, then removed. */
export async function purgeDeliveredOutbox(db: DbOrTx, clock: Clock): Promise<number> {
  const cutoff = new Date(clock.now().getTime() - 7 * 24 * 3_600_000);
  const rows = await db
    .delete(outbox)
    .where(and(eq(outbox.status, 'done'), lt(outbox.doneAt, cutoff)))
    .returning({ id: outbox.id });
  return rows.length;
}
