// Other modules (members, distribution) follow what happens to orders without orders knowing
// them: a subscriber names the timeline event types it wants, and each such event reaches it
// through the outbox, in the transaction that recorded the event — exactly once, after commit.
import type { Clock } from '../../platform/clock.ts';
import type { DbOrTx, Tx } from '../../platform/db.ts';
import { enqueue, type JobRunner } from '../../platform/jobs.ts';
import type { OrderEventRow } from './orders.repo.ts';

/** What a subscriber receives: one event of an order's timeline. */
export interface OrderEventMessage {
  orderId: number;
  eventId: number;
  type: string;
  from: string | null;
  to: string | null;
  data: Record<string, unknown> | null;
  at: string;
}

export type OrderEventHandler = (tx: Tx, event: OrderEventMessage) => Promise<void>;

export function createOrderEventFeed() {
  const subscribers: { topic: string; types: ReadonlySet<string> }[] = [];

  /**
   * Subscribes `name` to the given event types (e.g. 'order.completed', 'order.refunded'). Call
   * while wiring the app, before any order moves; the handler must be idempotent per eventId.
   */
  function subscribe(jobs: Pick<JobRunner, 'handle'>, name: string, types: readonly string[], handler: OrderEventHandler) {
    const topic = `order-event:${name}`;
    subscribers.push({ topic, types: new Set(types) });
    jobs.handle(topic, (tx, payload) => handler(tx, payload as OrderEventMessage));
  }

  async function publish(tx: DbOrTx, clock: Clock, row: OrderEventRow) {
    for (const s of subscribers) {
      if (!s.types.has(row.type)) continue;
      const message: OrderEventMessage = {
        orderId: row.orderId,
        eventId: row.id,
        type: row.type,
        from: row.fromStatus,
        to: row.toStatus,
        data: row.data ?? null,
        at: row.createdAt.toISOString(),
      };
      await enqueue(tx, clock, { topic: s.topic, payload: message, dedupeKey: `${s.topic}:${row.id}` });
    }
  }

  return { subscribe, publish };
}

export type OrderEventFeed = ReturnType<typeof createOrderEventFeed>;
