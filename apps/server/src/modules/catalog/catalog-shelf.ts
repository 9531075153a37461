// Shelf moves other modules make inside their own transaction (a presale campaign's end action).
import { recordAudit } from '../../platform/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import type { DbOrTx } from '../../platform/db.ts';
import { setShelf } from './catalog.repo.ts';

/**
 * Puts products on or off the shelf in the caller's transaction, audited as a system change
 * with the reference that caused it; returns the ids whose state changed.
 */
export async function setShelfFor(
  tx: DbOrTx,
  clock: Clock,
  input: { productIds: readonly number[]; onShelf: boolean; refType: string; refId: string },
): Promise<number[]> {
  if (input.productIds.length === 0) return [];
  const updated = await setShelf(tx, input.productIds, input.onShelf, clock.now());
  if (updated.length > 0) {
    await recordAudit(tx, clock, null, {
      action: input.onShelf ? 'product.on_shelf' : 'product.off_shelf',
      entityType: 'product',
      entityId: null,
      changes: { ids: updated, refType: input.refType, refId: input.refId },
    });
  }
  return updated;
}
