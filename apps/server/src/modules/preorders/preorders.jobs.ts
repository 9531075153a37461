// When pre-orders are filled: on a stock arrival (the inventory's back-in-stock outbox event), on
// a fill request (a filled pre-order gave its stock back), and by a sweeper over SKUs with
// pre-orders waiting and stock on hand (the safety net; safe with several instances).
import { z } from 'zod';
import type { FastifyBaseLogger } from 'fastify';
import type { Tx } from '../../platform/db.ts';
import type { JobRunner, OutboxHandler } from '../../platform/jobs.ts';
import { BACK_IN_STOCK_TOPIC } from '../inventory/index.ts';

export const PREORDER_FILL_TOPIC = 'preorders.fill';

const skuPayload = z.object({ skuId: z.number().int().positive() });

export interface PreorderFilling {
  /** Fills the SKU's waiting pre-orders from its stock, oldest first, in the caller's transaction. */
  fillIn(tx: Tx, skuId: number): Promise<number>;
  /** Fills every SKU with pre-orders waiting and stock to sell, each in its own transaction. */
  sweepFills(): Promise<number>;
  /** Cancels filled deposit pre-orders whose balance deadline passed. */
  lapseBalances(): Promise<number>;
}

export function registerPreorderJobs(jobs: Pick<JobRunner, 'handle' | 'addSweeper'>, filling: PreorderFilling) {
  jobs.handle(PREORDER_FILL_TOPIC, async (tx, payload) => {
    await filling.fillIn(tx, skuPayload.parse(payload).skuId);
  });
  jobs.addSweeper({ name: 'preorders-fill', everyMs: 30_000, run: () => filling.sweepFills() });
  jobs.addSweeper({ name: 'preorders-balance-lapse', everyMs: 60_000, run: () => filling.lapseBalances() });
}

/**
 * The job runner as another module registers on it, with pre-orders filled first whenever the
 * back-in-stock event is handled (a topic has one handler, which "notify me" owns): so the arrival
 * goes to the pre-orders in line before subscribers are told what is left. A fill that fails is
 * logged and left to the sweeper; it never holds up the other handler.
 */
export function fillingPreordersOnArrival<J extends Pick<JobRunner, 'handle' | 'addSweeper'>>(jobs: J, filling: Pick<PreorderFilling, 'fillIn'>, log: Pick<FastifyBaseLogger, 'error'>): J {
  const handle = (topic: string, handler: OutboxHandler) => {
    if (topic !== BACK_IN_STOCK_TOPIC) return jobs.handle(topic, handler);
    return jobs.handle(topic, async (tx, payload, meta) => {
      const arrival = skuPayload.safeParse(payload);
      if (arrival.success) {
        try {
          await tx.transaction((sp) => filling.fillIn(sp as unknown as Tx, arrival.data.skuId));
        } catch (error) {
          log.error({ err: error, skuId: arrival.data.skuId }, 'pre-orders could not be filled on arrival; the sweeper retries');
        }
      }
      await handler(tx, payload, meta);
    });
  };
  return { ...jobs, handle };
}

/**
 * Fills waiting pre-orders in the very transaction that adds stock (a restock in the admin), so no
 * other buyer can take the units first. A fill that fails is undone alone (its savepoint) and left
 * to the arrival job and the sweeper; the restock itself goes through.
 */
export function fillingPreordersOnRestock(inventory: { onArrival(listener: (tx: Tx, skuId: number) => Promise<void>): void }, filling: Pick<PreorderFilling, 'fillIn'>, log: Pick<FastifyBaseLogger, 'error'>): void {
  inventory.onArrival(async (tx, skuId) => {
    try {
      await tx.transaction((sp) => filling.fillIn(sp as unknown as Tx, skuId));
    } catch (error) {
      log.error({ err: error, skuId }, 'pre-orders could not be filled with the restock; the arrival job and the sweeper retry');
    }
  });
}
