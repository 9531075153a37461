// Stocktakes (盘点): counted numbers replace on-hand stock, all SKUs of a count in one transaction.
import { MAX_ON_HAND, MAX_STOCKTAKE_LINES, type StocktakeView } from '@mall/contract';
import type { Clock } from '../../platform/clock.ts';
import { inTransaction, type Db, type Tx } from '../../platform/db.ts';
import { AppError, notFound, type FieldError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/audit.ts';
import { findStock, findStocktake, insertStocktake, insertStocktakeLines } from './inventory.repo.ts';
import { planStocktakeLine } from './inventory.rules.ts';
import { actorName, applyCertainMovement, SKU_STOCK, staffOrNull, stockForMessage, type InventoryActor } from './inventory.movement.ts';

export interface StocktakeCommand {
  note?: string;
  lines: readonly { skuId: number; countedOnHand: number }[];
  actor: InventoryActor;
}

function stocktakeProblems(lines: StocktakeCommand['lines']): FieldError[] {
  const problems: FieldError[] = [];
  if (lines.length === 0 || lines.length > MAX_STOCKTAKE_LINES) problems.push({ path: 'lines', message: `must have 1 to ${MAX_STOCKTAKE_LINES} lines` });
  const seen = new Set<number>();
  lines.forEach((line, i) => {
    if (!Number.isSafeInteger(line.countedOnHand) || line.countedOnHand < 0 || line.countedOnHand > MAX_ON_HAND) {
      problems.push({ path: `lines.${i}.countedOnHand`, message: `must be an integer from 0 to ${MAX_ON_HAND}` });
    }
    if (seen.has(line.skuId)) problems.push({ path: `lines.${i}.skuId`, message: 'SKU counted twice' });
    seen.add(line.skuId);
  });
  return problems;
}

export function createStocktakeUseCases(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  /**
   * Records what was counted against what was expected and sets each SKU's on-hand stock to
   * the count, with a 'stocktake' ledger line for every SKU whose number changed. A count
   * below a SKU's reserved units refuses the whole stocktake.
   */
  async function stocktake(tx: Tx | undefined, input: StocktakeCommand): Promise<StocktakeView> {
    const problems = stocktakeProblems(input.lines);
    if (problems.length > 0) throw new AppError('VALIDATION_FAILED', {}, problems);
    const lines = [...input.lines].sort((a, b) => a.skuId - b.skuId);
    return inTransaction(db, tx, async (tx) => {
      const note = input.note ?? '';
      const id = await insertStocktake(tx, { note, actor: actorName(input.actor), now: clock.now() });
      const recorded = [];
      for (const line of lines) {
        const stock = await findStock(tx, line.skuId, true);
        if (!stock) throw notFound(SKU_STOCK, line.skuId);
        const plan = planStocktakeLine(stock, line.countedOnHand);
        if (plan.kind === 'below_reserved') {
          const { sku } = await stockForMessage(tx, line.skuId);
          throw new AppError('STOCKTAKE_BELOW_RESERVED', { sku, skuId: line.skuId, counted: line.countedOnHand, reserved: stock.reserved });
        }
        if (plan.kind === 'change') {
          await applyCertainMovement(tx, clock, {
            skuId: line.skuId,
            movement: 'stocktake',
            deltaOnHand: plan.delta,
            deltaReserved: 0,
            reason: 'stocktake',
            note: note || null,
            refType: 'stocktake',
            refId: String(id),
            actor: input.actor,
          });
        }
        recorded.push({ stocktakeId: id, skuId: line.skuId, expectedOnHand: stock.onHand, countedOnHand: line.countedOnHand });
      }
      await insertStocktakeLines(tx, recorded);
      await recordAudit(tx, clock, staffOrNull(input.actor), {
        action: 'inventory.stocktake',
        entityType: 'stocktake',
        entityId: id,
        changes: { lines: recorded.map(({ skuId, expectedOnHand, countedOnHand }) => ({ skuId, expectedOnHand, countedOnHand })) },
      });
      return (await findStocktake(tx, id))!;
    });
  }

  return { stocktake };
}
