import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../platform/db.ts';

export const CHAT_CHANNEL = 'mall_chat';
/** The listener connection's application_name, to find it in pg_stat_activity. */
export const CHAT_LISTENER_NAME = 'mall-chat-listener';

/**
 * What travels between instances: ids only (well under NOTIFY's 8000-byte limit); each receiver
 * loads what its own sockets need. `a` is the conversation's assignee after the change, `p` the
 * one before it (so a member losing a conversation hears of it).
 */
export type ChatEvent =
  | { t: 'message'; c: number; m: number; s: number; a: number | null }
  | { t: 'read'; c: number; s: number; a: number | null; side: 'shopper' | 'staff'; up: number }
  | { t: 'conversation'; c: number; s: number; a: number | null; p: number | null }
  /** Presence of one socket owner ('shopper:1', 'staff:2') on instance `i`. */
  | { t: 'presence'; i: string; k: string; on: boolean }
  /** An instance's whole presence list, in chunks (`first` starts a new list; `bye` = instance gone). */
  | { t: 'presence-all'; i: string; k: string[]; first: boolean; bye?: boolean };

export interface ChatBus {
  /** Starts listening; resolves once events published from now on will arrive. */
  start(onEvent: (event: ChatEvent) => void, onReset: () => void): Promise<void>;
  publish(event: ChatEvent): Promise<void>;
  close(): Promise<void>;
}

/** PGlite (one instance): an in-process emitter, delivered asynchronously like a notification. */
export function memoryBus(): ChatBus {
  const emitter = new EventEmitter();
  return {
    async start(onEvent) {
      emitter.on('event', onEvent);
    },
    async publish(event) {
      const copy = JSON.parse(JSON.stringify(event)) as ChatEvent;
      setImmediate(() => emitter.emit('event', copy));
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}

/**
 * PostgreSQL: NOTIFY through the pool, LISTEN on a dedicated client that reconnects after a
 * failure. Notifications sent while the listener was down are lost, so after a reconnect
 * `onReset` runs (the hub then closes its sockets; clients reconnect and fetch history).
 */
export function postgresBus(database: Database, url: string, log: FastifyBaseLogger): ChatBus {
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;
  let onEvent: (event: ChatEvent) => void = () => undefined;
  let onReset: () => void = () => undefined;

  async function connect(): Promise<void> {
    const candidate = new pg.Client({ connectionString: url, application_name: CHAT_LISTENER_NAME });
    let dropped = false;
    const drop = (error?: unknown) => {
      if (dropped) return;
      dropped = true;
      if (error) log.warn({ err: error }, 'chat listener connection lost');
      if (client === candidate) client = null;
      candidate.removeAllListeners('notification');
      candidate.end().catch(() => undefined);
      scheduleReconnect(1_000);
    };
    candidate.on('notification', (notification) => {
      if (notification.channel !== CHAT_CHANNEL || !notification.payload) return;
      try {
        onEvent(JSON.parse(notification.payload) as ChatEvent);
      } catch (error) {
        log.warn({ err: error }, 'chat notification unreadable');
      }
    });
    candidate.on('error', drop);
    candidate.on('end', () => drop());
    try {
      await candidate.connect();
      await candidate.query(`LISTEN ${CHAT_CHANNEL}`);
    } catch (error) {
      dropped = true;
      candidate.end().catch(() => undefined);
      throw error;
    }
    if (closed) {
      dropped = true;
      await candidate.end().catch(() => undefined);
      return;
    }
    client = candidate;
  }

  function scheduleReconnect(delayMs: number) {
    if (closed || retry) return;
    retry = setTimeout(async () => {
      retry = null;
      try {
        await connect();
        onReset();
      } catch (error) {
        log.warn({ err: error }, 'chat listener reconnect failed');
        scheduleReconnect(Math.min(delayMs * 2, 30_000));
      }
    }, delayMs);
    retry.unref();
  }

  return {
    async start(handleEvent, handleReset) {
      onEvent = handleEvent;
      onReset = handleReset;
      try {
        await connect();
      } catch (error) {
        log.error({ err: error }, 'chat listener could not connect; retrying');
        scheduleReconnect(1_000);
      }
    },
    async publish(event) {
      await database.query('SELECT pg_notify($1, $2)', [CHAT_CHANNEL, JSON.stringify(event)]);
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      retry = null;
      const current = client;
      client = null;
      if (current) {
        current.removeAllListeners();
        current.on('error', () => undefined);
        await current.end().catch(() => undefined);
      }
    },
  };
}
