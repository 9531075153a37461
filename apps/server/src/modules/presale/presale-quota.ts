// The quota and the per-buyer limit, exact under any concurrency. Called by the orders side
// inside its order transaction; each call is all or nothing (its own savepoint).
import { and, eq, sql } from 'drizzle-orm';
import { MAX_PRESALE_QUOTA } from '@mall/contract';
import type { Clock } from '../../platform/clock.ts';
import type { Tx } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { presaleBuyerUnits, presaleItems, presaleQuotaLedger } from './presale.tables.ts';
import type { ItemRow } from './presale.repo.ts';

export interface UnitsInput {
  itemId: number;
  shopperId: number;
  quantity: number;
  /** What holds or gives back the units (an order), and why, for the quota ledger. */
  refType?: string;
  refId?: string;
  reason?: string;
}

export interface HeldUnits {
  /** The item as it is after the hold (prices and deposits to use for the order line). */
  item: ItemRow;
  /** Units this buyer now holds of the item. */
  buyerUnits: number;
}

const ITEM = { zh: '预售商品', en: 'Presale item' };

function assertInput(input: UnitsInput): void {
  const problems = (['itemId', 'shopperId', 'quantity'] as const)
    .filter((k) => !Number.isSafeInteger(input[k]) || input[k] < 1 || input[k] > (k === 'quantity' ? MAX_PRESALE_QUOTA : 2_147_483_647))
    .map((k) => ({ path: k, message: 'must be a positive integer in range' }));
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', {}, problems);
}

async function buyerUnitsOf(tx: Tx, itemId: number, shopperId: number): Promise<number> {
  const [row] = await tx
    .select({ units: presaleBuyerUnits.units })
    .from(presaleBuyerUnits)
    .where(and(eq(presaleBuyerUnits.itemId, itemId), eq(presaleBuyerUnits.shopperId, shopperId)));
  return row?.units ?? 0;
}

export function createQuotaUseCases(deps: { clock: Clock }) {
  const { clock } = deps;

  async function ledger(tx: Tx, input: UnitsInput, delta: number, soldAfter: number, fallbackReason: string) {
    await tx.insert(presaleQuotaLedger).values({
      itemId: input.itemId,
      shopperId: input.shopperId,
      delta,
      soldAfter,
      reason: input.reason ?? fallbackReason,
      refType: input.refType ?? null,
      refId: input.refId ?? null,
      createdAt: clock.now(),
    });
  }

  /**
   * Holds `quantity` units of an item for a buyer: one guarded UPDATE takes them from the quota
   * (409 PRESALE_SOLD_OUT with what is left otherwise), one guarded upsert counts them against the
   * buyer's limit (409 PRESALE_LIMIT_REACHED with what the buyer may still take). Row locks order:
   * the item row, then the buyer's row, in every caller.
   */
  async function holdUnits(tx: Tx, input: UnitsInput): Promise<HeldUnits> {
    assertInput(input);
    const { itemId, shopperId, quantity } = input;
    const now = clock.now().toISOString();
    return tx.transaction(async (sp) => {
      const [item] = await sp
        .update(presaleItems)
        .set({ soldUnits: sql`${presaleItems.soldUnits} + ${quantity}`, firstHeldAt: sql`coalesce(${presaleItems.firstHeldAt}, ${now}::timestamptz)` })
        .where(and(eq(presaleItems.id, itemId), sql`${presaleItems.soldUnits} + ${quantity} <= ${presaleItems.quota}`))
        .returning();
      if (!item) {
        const [row] = await sp.select().from(presaleItems).where(eq(presaleItems.id, itemId));
        if (!row) throw notFound(ITEM, itemId);
        throw new AppError('PRESALE_SOLD_OUT', { left: Math.max(0, row.quota - row.soldUnits), requested: quantity, itemId });
      }
      const limit = item.perBuyerLimit;
      const [buyer] =
        quantity > limit
          ? []
          : await sp
              .insert(presaleBuyerUnits)
              .values({ itemId, shopperId, units: quantity })
              .onConflictDoUpdate({
                target: [presaleBuyerUnits.itemId, presaleBuyerUnits.shopperId],
                set: { units: sql`"presale_buyer_units"."units" + excluded."units"` },
                setWhere: sql`"presale_buyer_units"."units" + excluded."units" <= ${limit}`,
              })
              .returning({ units: presaleBuyerUnits.units });
      if (!buyer) {
        const held = await buyerUnitsOf(sp as unknown as Tx, itemId, shopperId);
        throw new AppError('PRESALE_LIMIT_REACHED', { limit, remaining: Math.max(0, limit - held), requested: quantity, itemId });
      }
      await ledger(sp as unknown as Tx, input, quantity, item.soldUnits, 'hold');
      return { item, buyerUnits: buyer.units };
    });
  }

  /**
   * The same hold as holdUnits, as ONE statement meant to be the last write of the order's
   * transaction: the item's guarded UPDATE, the buyer's guarded upsert and the ledger row together
   * (data-modifying CTEs; the upsert reads the UPDATE's row, so the item row is locked before the
   * buyer's, as in releaseUnits). The item row lock is then held for this statement and the commit
   * only, not for the rest of the order. No savepoint: on a refusal the statement may already have
   * taken the quota, so the caller MUST let the error roll its transaction back (the checkout does).
   */
  async function holdUnitsBeforeCommit(tx: Tx, input: UnitsInput): Promise<{ soldUnits: number; buyerUnits: number }> {
    assertInput(input);
    const { itemId, shopperId, quantity } = input;
    const now = clock.now().toISOString();
    const result = await tx.execute(sql`
      WITH item AS (
        UPDATE presale_items SET sold_units = sold_units + ${quantity}, first_held_at = coalesce(first_held_at, ${now}::timestamptz)
         WHERE id = ${itemId} AND sold_units + ${quantity} <= quota
        RETURNING id, sold_units, per_buyer_limit
      ), buyer AS (
        INSERT INTO presale_buyer_units AS b (item_id, shopper_id, units)
        SELECT id, ${shopperId}, ${quantity} FROM item WHERE ${quantity} <= per_buyer_limit
        ON CONFLICT (item_id, shopper_id) DO UPDATE SET units = b.units + excluded.units
         WHERE b.units + excluded.units <= (SELECT per_buyer_limit FROM item)
        RETURNING units
      ), ledger AS (
        INSERT INTO presale_quota_ledger (item_id, shopper_id, delta, sold_after, reason, ref_type, ref_id, created_at)
        SELECT item.id, ${shopperId}, ${quantity}, item.sold_units, ${input.reason ?? 'hold'}, ${input.refType ?? null}, ${input.refId ?? null}, ${now}::timestamptz
          FROM item, buyer
        RETURNING id
      )
      SELECT (SELECT sold_units FROM item) AS sold_units, (SELECT per_buyer_limit FROM item) AS per_buyer_limit, (SELECT units FROM buyer) AS buyer_units`);
    const [row] = (result as { rows: { sold_units: number | null; per_buyer_limit: number | null; buyer_units: number | null }[] }).rows;
    if (row?.sold_units === null || row?.sold_units === undefined) {
      const [item] = await tx.select().from(presaleItems).where(eq(presaleItems.id, itemId));
      if (!item) throw notFound(ITEM, itemId);
      throw new AppError('PRESALE_SOLD_OUT', { left: Math.max(0, item.quota - item.soldUnits), requested: quantity, itemId });
    }
    if (row.buyer_units === null) {
      const limit = Number(row.per_buyer_limit);
      const held = await buyerUnitsOf(tx, itemId, shopperId);
      throw new AppError('PRESALE_LIMIT_REACHED', { limit, remaining: Math.max(0, limit - held), requested: quantity, itemId });
    }
    return { soldUnits: Number(row.sold_units), buyerUnits: Number(row.buyer_units) };
  }

  /**
   * Gives held units back to the quota and the buyer's limit (a cancelled order): at most what the
   * buyer holds, so the counters never go below zero nor drift apart. Locks the item row first,
   * as holds do. Returns how many units went back.
   */
  async function releaseUnits(tx: Tx, input: UnitsInput): Promise<number> {
    assertInput(input);
    const { itemId, shopperId, quantity } = input;
    const [item] = await tx.select({ id: presaleItems.id }).from(presaleItems).where(eq(presaleItems.id, itemId)).for('update');
    if (!item) throw notFound(ITEM, itemId);
    const buyer = and(eq(presaleBuyerUnits.itemId, itemId), eq(presaleBuyerUnits.shopperId, shopperId));
    const [row] = await tx.select({ units: presaleBuyerUnits.units }).from(presaleBuyerUnits).where(buyer).for('update');
    const released = Math.min(row?.units ?? 0, quantity);
    if (released === 0) return 0;
    await tx.update(presaleBuyerUnits).set({ units: sql`${presaleBuyerUnits.units} - ${released}` }).where(buyer);
    const [after] = await tx
      .update(presaleItems)
      .set({ soldUnits: sql`greatest(${presaleItems.soldUnits} - ${released}, 0)` })
      .where(eq(presaleItems.id, itemId))
      .returning({ soldUnits: presaleItems.soldUnits });
    await ledger(tx, input, -released, after!.soldUnits, 'release');
    return released;
  }

  return { holdUnits, holdUnitsBeforeCommit, releaseUnits };
}
