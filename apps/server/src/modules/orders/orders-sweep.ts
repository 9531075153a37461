// The loop every order sweeper shares: each due id in its own transaction, claimed inside it (SKIP
// LOCKED, so another instance or a concurrent request holding it wins); one that fails is logged
// and the rest carry on.
import type { FastifyBaseLogger } from 'fastify';
import type { Db, Tx } from '../../platform/db.ts';

/** Runs `claimAndMove` for each id; it returns false when the id was no longer due or was taken. Returns how many moved. */
export async function moveEach(
  db: Db,
  log: Pick<FastifyBaseLogger, 'error'> | undefined,
  sweeper: string,
  ids: readonly number[],
  claimAndMove: (tx: Tx, id: number) => Promise<boolean>,
): Promise<number> {
  let moved = 0;
  for (const id of ids) {
    try {
      if (await db.transaction((tx) => claimAndMove(tx, id))) moved++;
    } catch (error) {
      log?.error({ err: error, orderId: id, sweeper }, 'order sweeper could not move an order');
    }
  }
  return moved;
}
