// Reserve, release and commit stock for a reference (an order): the calls other modules make
// inside their own transaction.
import type { Clock } from '../../platform/clock.ts';
import type { DbOrTx } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { findReservation, insertReservation, lockHeldReservations, reduceReservation, settleReservation } from './inventory.repo.ts';
import { existingReservationDecision, normalizeReserveLines, sellableOf, type ReserveLine } from './inventory.rules.ts';
import { applyCertainMovement, applyMovement, stockForMessage, type InventoryActor } from './inventory.movement.ts';

export interface ReserveInput {
  refType: string;
  refId: string;
  lines: readonly ReserveLine[];
  actor: InventoryActor;
  /** Ledger reason; 'order' unless given. */
  reason?: string;
}

export interface SettleInput {
  refType: string;
  refId: string;
  actor: InventoryActor;
  reason?: string;
  /** Only these SKUs (partial shipment); all held SKUs of the reference when omitted. */
  skuIds?: readonly number[];
}

/** Part of one SKU's held units, for a partial shipment or a refund before shipping. */
export interface SettlePartInput {
  refType: string;
  refId: string;
  skuId: number;
  quantity: number;
  actor: InventoryActor;
  reason?: string;
}

export interface SettledLine {
  skuId: number;
  quantity: number;
}

function assertRef(refType: string, refId: string) {
  const problems = [];
  if (typeof refType !== 'string' || refType.length === 0 || refType.length > 50) problems.push({ path: 'refType', message: 'must be 1 to 50 characters' });
  if (typeof refId !== 'string' || refId.length === 0 || refId.length > 100) problems.push({ path: 'refId', message: 'must be 1 to 100 characters' });
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', {}, problems);
}

export function createReservationUseCases(deps: { clock: Clock }) {
  const { clock } = deps;

  /**
   * Holds stock for every line or for none: each line is one guarded update that succeeds
   * only while sellable ≥ quantity, taken in SKU order. A line the reference already holds
   * with the same quantity is left as it is, so a retried call never reserves twice.
   */
  async function reserve(tx: DbOrTx, input: ReserveInput): Promise<{ reserved: SettledLine[]; alreadyHeld: SettledLine[] }> {
    assertRef(input.refType, input.refId);
    const { lines, problems } = normalizeReserveLines(input.lines);
    if (problems.length > 0) throw new AppError('VALIDATION_FAILED', {}, problems);
    const result = { reserved: [] as SettledLine[], alreadyHeld: [] as SettledLine[] };
    for (const line of lines) {
      const now = clock.now();
      const inserted = await insertReservation(tx, { ...line, refType: input.refType, refId: input.refId, now });
      if (!inserted) {
        const existing = await findReservation(tx, input.refType, input.refId, line.skuId);
        if (!existing) await stockForMessage(tx, line.skuId); // throws NOT_FOUND: the SKU has no stock row
        if (existingReservationDecision(existing!, line.quantity) === 'noop') {
          result.alreadyHeld.push(line);
          continue;
        }
        const { sku } = await stockForMessage(tx, line.skuId);
        throw new AppError('RESERVATION_CONFLICT', { refType: input.refType, refId: input.refId, sku, skuId: line.skuId });
      }
      const moved = await applyMovement(tx, clock, {
        skuId: line.skuId,
        movement: 'reserve',
        deltaOnHand: 0,
        deltaReserved: line.quantity,
        reason: input.reason ?? 'order',
        refType: input.refType,
        refId: input.refId,
        actor: input.actor,
      });
      if (!moved) {
        const { stock, sku } = await stockForMessage(tx, line.skuId);
        throw new AppError('INSUFFICIENT_STOCK', { sku, skuId: line.skuId, sellable: Math.max(0, sellableOf(stock)), requested: line.quantity });
      }
      result.reserved.push(line);
    }
    return result;
  }

  async function settle(tx: DbOrTx, input: SettleInput, kind: 'release' | 'commit'): Promise<SettledLine[]> {
    assertRef(input.refType, input.refId);
    const held = await lockHeldReservations(tx, input.refType, input.refId, input.skuIds);
    const now = clock.now();
    for (const reservation of held) {
      await settleReservation(tx, reservation.id, kind === 'release' ? 'released' : 'committed', now);
      await applyCertainMovement(tx, clock, {
        skuId: reservation.skuId,
        movement: kind,
        deltaOnHand: kind === 'commit' ? -reservation.quantity : 0,
        deltaReserved: -reservation.quantity,
        reason: input.reason ?? (kind === 'commit' ? 'shipment' : 'cancel'),
        refType: input.refType,
        refId: input.refId,
        actor: input.actor,
      });
    }
    return held.map(({ skuId, quantity }) => ({ skuId, quantity }));
  }

  /** Gives back every unit the reference still holds (cancel, timeout). A second call finds nothing held and changes nothing. */
  async function release(tx: DbOrTx, input: SettleInput & { reason: string }): Promise<{ released: SettledLine[] }> {
    return { released: await settle(tx, input, 'release') };
  }

  /** The held units leave the warehouse (shipment): on hand and reserved both go down. Idempotent like release. */
  async function commit(tx: DbOrTx, input: SettleInput): Promise<{ committed: SettledLine[] }> {
    return { committed: await settle(tx, input, 'commit') };
  }

  /**
   * Settles `quantity` of the units one reference holds of one SKU; the reservation keeps
   * holding the rest, and settling all it still holds settles it whole. More than it holds
   * is a CONFLICT (the caller's own bookkeeping disagrees with the stock).
   */
  async function settlePart(tx: DbOrTx, input: SettlePartInput, kind: 'release' | 'commit'): Promise<SettledLine> {
    assertRef(input.refType, input.refId);
    if (!Number.isSafeInteger(input.quantity) || input.quantity < 1) throw new AppError('VALIDATION_FAILED', {}, [{ path: 'quantity', message: 'must be a positive integer' }]);
    const [held] = await lockHeldReservations(tx, input.refType, input.refId, [input.skuId]);
    if (!held || held.quantity < input.quantity) {
      throw new AppError('CONFLICT', { detail: `${input.refType} ${input.refId} holds ${held?.quantity ?? 0} of SKU ${input.skuId}, not ${input.quantity}` });
    }
    const now = clock.now();
    if (held.quantity === input.quantity) await settleReservation(tx, held.id, kind === 'release' ? 'released' : 'committed', now);
    else await reduceReservation(tx, held.id, input.quantity);
    await applyCertainMovement(tx, clock, {
      skuId: input.skuId,
      movement: kind,
      deltaOnHand: kind === 'commit' ? -input.quantity : 0,
      deltaReserved: -input.quantity,
      reason: input.reason ?? (kind === 'commit' ? 'shipment' : 'cancel'),
      refType: input.refType,
      refId: input.refId,
      actor: input.actor,
    });
    return { skuId: input.skuId, quantity: input.quantity };
  }

  /** Part of a SKU's held units leaves the warehouse (a partial shipment). */
  const commitPart = (tx: DbOrTx, input: SettlePartInput) => settlePart(tx, input, 'commit');
  /** Part of a SKU's held units goes back to sale (a refund before shipping). */
  const releasePart = (tx: DbOrTx, input: SettlePartInput) => settlePart(tx, input, 'release');

  return { reserve, release, commit, commitPart, releasePart };
}
