// Points: earned on paid orders, spent at checkout, given back and taken back, adjusted by staff.
// Every change is one ledger row plus a guarded balance update, in the caller's transaction.
import { shopDay, type PageQuery, type PointsAccountPage, type PointsAdjustInput, type PointsLedgerEntry, type PointsReason } from '@mall/contract';
import type { Clock } from '../../platform/clock.ts';
import type { Db, DbOrTx } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { recordAudit, type StaffContext } from '../../platform/audit.ts';
import type { SettingsService } from '../settings/index.ts';
import { loadShopperForAuth } from '../accounts/index.ts';
import * as repo from './points.repo.ts';
import { earnedWithCaps, expiryOf, pointsEarned, reversalOf, takeFromLots } from './points.rules.ts';

const MAX_POINTS = 1_000_000_000_000;

interface Move {
  shopperId: number;
  delta: number;
  reason: PointsReason;
  orderId?: number | null;
  note?: string | null;
  shortfall?: number;
  actor: string;
  /** A deduction from this order's earning takes that lot first (reverse_earn). */
  orderLotFirst?: number;
  /** A deduction from exactly these lots (expire). */
  lots?: { id: number; take: number }[];
}

/** How long the "expiring soon" list looks ahead. */
const EXPIRING_SOON_MS = 30 * 86_400_000;

const entryView = (row: repo.PointsLedgerRow): PointsLedgerEntry => ({
  id: row.id,
  shopperId: row.shopperId,
  delta: row.delta,
  balanceAfter: row.balanceAfter,
  reason: row.reason,
  orderId: row.orderId,
  note: row.note,
  shortfall: row.shortfall,
  actor: row.actor,
  createdAt: row.createdAt,
  expiresAt: row.expiresAt,
  remaining: row.remaining,
});

function assertPositive(name: string, value: number, max = MAX_POINTS) {
  if (!Number.isSafeInteger(value) || value <= 0 || value > max) throw new AppError('VALIDATION_FAILED', {}, [{ path: name, message: `must be a whole number from 1 to ${max}` }]);
}

/** The member level's points multiplier, in percent (the members module). */
export interface PointsMultiplierPort {
  multiplierFor(tx: DbOrTx, shopperId: number): Promise<number>;
}

export function createPointsService(deps: { db: Db; clock: Clock; settings: SettingsService; members?: PointsMultiplierPort }) {
  const { db, clock } = deps;

  /**
   * One ledger row and the balance moved by its delta; undefined when the balance would go below
   * zero. Points added form a lot (remaining = delta, expiring per the shop's setting); points
   * taken come out of lots, oldest expiring first (balance from before lots existed goes last).
   * Callers hold the account lock, so lots move in turn with the balance.
   */
  async function move(tx: DbOrTx, m: Move): Promise<{ balance: number; entry: PointsLedgerEntry } | undefined> {
    const now = clock.now();
    const balance = m.delta === 0 ? await repo.getBalance(tx, m.shopperId) : await repo.applyDelta(tx, m.shopperId, m.delta, now);
    if (balance === undefined) return undefined;
    let expiresAt: Date | null = null;
    if (m.delta > 0) {
      const settings = await deps.settings.get(tx);
      const { expiry, expiryDays } = settings.points;
      expiresAt = expiryOf(now, expiry === 'days' ? { mode: 'days', days: expiryDays } : { mode: expiry }, settings.timeZone);
    } else if (m.delta < 0) {
      const takes = m.lots ?? takeFromLots(await repo.openLots(tx, m.shopperId, m.orderLotFirst), -m.delta);
      for (const t of takes) await repo.takeFromLot(tx, t.id, t.take);
    }
    const row = await repo.insertEntry(tx, {
      shopperId: m.shopperId,
      delta: m.delta,
      balanceAfter: balance,
      reason: m.reason,
      orderId: m.orderId ?? null,
      note: m.note ?? null,
      shortfall: m.shortfall ?? 0,
      actor: m.actor,
      createdAt: now,
      expiresAt,
      remaining: Math.max(0, m.delta),
    });
    return { balance, entry: entryView(row) };
  }

  async function balance(dbOrTx: DbOrTx, shopperId: number): Promise<number> {
    return repo.getBalance(dbOrTx, shopperId);
  }

  /** Spends points on an order, once per order (a repeat with the same points is a no-op); 409 POINTS_INSUFFICIENT if short. */
  async function spend(tx: DbOrTx, input: { shopperId: number; points: number; orderId: number }): Promise<{ balance: number }> {
    assertPositive('points', input.points);
    const current = await repo.lockAccount(tx, input.shopperId, clock.now());
    const [done] = await repo.orderEntries(tx, input.shopperId, input.orderId, ['spend_order']);
    if (done) {
      if (-done.delta !== input.points) throw new AppError('CONFLICT', { detail: `order ${input.orderId} already spent ${-done.delta} points` });
      return { balance: current };
    }
    const moved = await move(tx, { shopperId: input.shopperId, delta: -input.points, reason: 'spend_order', orderId: input.orderId, actor: 'system' });
    if (!moved) throw new AppError('POINTS_INSUFFICIENT', { balance: current, requested: input.points });
    return { balance: moved.balance };
  }

  /** Gives back exactly what the order spent, once. */
  async function refundSpent(tx: DbOrTx, input: { shopperId: number; orderId: number }): Promise<{ refunded: number }> {
    await repo.lockAccount(tx, input.shopperId, clock.now());
    const entries = await repo.orderEntries(tx, input.shopperId, input.orderId, ['spend_order', 'refund_order']);
    const spent = entries.find((e) => e.reason === 'spend_order');
    if (!spent || entries.some((e) => e.reason === 'refund_order')) return { refunded: 0 };
    await move(tx, { shopperId: input.shopperId, delta: -spent.delta, reason: 'refund_order', orderId: input.orderId, actor: 'system' });
    return { refunded: -spent.delta };
  }

  /**
   * Earns settings.points.earnPerYuan per whole yuan paid, × the member level's multiplier (the
   * level before this order's growth counts), capped per order and per shop day; once per order.
   */
  async function earnForOrder(tx: DbOrTx, input: { shopperId: number; orderId: number; paidAmount: number }): Promise<{ earned: number }> {
    const settings = await deps.settings.get(tx);
    if (pointsEarned(input.paidAmount, settings.points.earnPerYuan) === 0) return { earned: 0 };
    const now = clock.now();
    await repo.lockAccount(tx, input.shopperId, now);
    const [done] = await repo.orderEntries(tx, input.shopperId, input.orderId, ['earn_order']);
    if (done) return { earned: 0 };
    const today = shopDay(now, settings.timeZone);
    const recent = await repo.earnedSince(tx, input.shopperId, new Date(now.getTime() - 2 * 86_400_000));
    const earnedToday = recent.filter((r) => shopDay(r.createdAt, settings.timeZone) === today).reduce((s, r) => s + r.delta, 0);
    const points = earnedWithCaps({
      paidAmount: input.paidAmount,
      earnPerYuan: settings.points.earnPerYuan,
      multiplierPercent: deps.members ? await deps.members.multiplierFor(tx, input.shopperId) : 100,
      maxPerOrder: settings.points.maxEarnPerOrder,
      maxPerDay: settings.points.maxEarnPerDay,
      earnedToday,
    });
    if (points === 0) return { earned: 0 };
    await move(tx, { shopperId: input.shopperId, delta: points, reason: 'earn_order', orderId: input.orderId, note: `paid ${input.paidAmount}`, actor: 'system' });
    return { earned: points };
  }

  /**
   * Takes back points the order earned (all that is left of them, or `amount` points at most),
   * on a refund. Never below zero: what is no longer there is written off and recorded as the
   * row's shortfall, and counts as settled, so a repeat never takes more than was earned.
   */
  async function reverseEarned(tx: DbOrTx, input: { shopperId: number; orderId: number; amount?: number }): Promise<{ reversed: number; shortfall: number }> {
    if (input.amount !== undefined) assertPositive('amount', input.amount);
    const current = await repo.lockAccount(tx, input.shopperId, clock.now());
    const entries = await repo.orderEntries(tx, input.shopperId, input.orderId, ['earn_order', 'reverse_earn']);
    const earned = entries.filter((e) => e.reason === 'earn_order').reduce((s, e) => s + e.delta, 0);
    const settled = entries.filter((e) => e.reason === 'reverse_earn').reduce((s, e) => s - e.delta + e.shortfall, 0);
    const { take, shortfall } = reversalOf({ earned, settled, balance: current, requested: input.amount });
    if (take === 0 && shortfall === 0) return { reversed: 0, shortfall: 0 };
    const note = shortfall > 0 ? `owed ${take + shortfall}, balance held ${take}` : null;
    await move(tx, { shopperId: input.shopperId, delta: -take, reason: 'reverse_earn', orderId: input.orderId, shortfall, note, actor: 'system', orderLotFirst: input.orderId });
    return { reversed: take, shortfall };
  }

  /**
   * Grants points as a compensation (a delayed presale, a merchant's default), once per order and
   * `key`: a repeat with the same key grants nothing more.
   */
  async function compensate(tx: DbOrTx, input: { shopperId: number; points: number; orderId: number; key: string }): Promise<{ granted: number }> {
    assertPositive('points', input.points);
    await repo.lockAccount(tx, input.shopperId, clock.now());
    const done = await repo.orderEntries(tx, input.shopperId, input.orderId, ['compensation']);
    if (done.some((e) => e.note === input.key)) return { granted: 0 };
    await move(tx, { shopperId: input.shopperId, delta: input.points, reason: 'compensation', orderId: input.orderId, note: input.key, actor: 'system' });
    return { granted: input.points };
  }

  /** Staff add or remove points with a reason; audited. Removing more than the balance: 409 POINTS_INSUFFICIENT. */
  async function adjust(ctx: StaffContext, shopperId: number, input: PointsAdjustInput): Promise<{ balance: number; entry: PointsLedgerEntry }> {
    return db.transaction(async (tx) => {
      if (!(await loadShopperForAuth(tx, shopperId))) throw notFound({ zh: '顾客', en: 'Shopper' }, shopperId);
      const current = await repo.lockAccount(tx, shopperId, clock.now());
      const moved = await move(tx, { shopperId, delta: input.delta, reason: 'admin_adjust', note: input.note, actor: `staff:${ctx.actor.username}` });
      if (!moved) throw new AppError('POINTS_INSUFFICIENT', { balance: current, requested: -input.delta });
      await recordAudit(tx, clock, ctx, { action: 'points.adjust', entityType: 'shopper', entityId: shopperId, changes: { delta: input.delta, note: input.note, balance: [current, moved.balance] } });
      return moved;
    });
  }

  async function account(shopperId: number, page: PageQuery): Promise<PointsAccountPage> {
    const until = new Date(clock.now().getTime() + EXPIRING_SOON_MS);
    const [current, { items, total }, soon] = await Promise.all([repo.getBalance(db, shopperId), repo.listLedger(db, shopperId, page), repo.expiringBefore(db, shopperId, until)]);
    const expiring = soon.map((s) => ({ points: s.points, expiresAt: s.expiresAt! }));
    return { shopperId, balance: current, expiring, items: items.map(entryView), total, page: page.page, pageSize: page.pageSize };
  }

  /**
   * Expires what is left of due lots: one 'expire' row per lot. Safe on several instances: each
   * shopper's lots are read again under their account lock, so a lot another run already expired
   * has nothing left. Returns how many lots expired.
   */
  async function expireDue(limit = 200): Promise<number> {
    const shoppers = await repo.shoppersWithDueLots(db, clock.now(), limit);
    let expired = 0;
    for (const shopperId of shoppers) {
      expired += await db.transaction(async (tx) => {
        const now = clock.now();
        const held = await repo.lockAccount(tx, shopperId, now);
        let left = held;
        let count = 0;
        for (const lot of await repo.dueLots(tx, shopperId, now)) {
          const take = Math.min(lot.remaining, left);
          const note = `lot ${lot.id}`;
          if (take > 0) await move(tx, { shopperId, delta: -take, reason: 'expire', note, actor: 'system', lots: [{ id: lot.id, take }] });
          if (take < lot.remaining) await repo.takeFromLot(tx, lot.id, lot.remaining - take);
          left -= take;
          count += 1;
        }
        return count;
      });
    }
    return expired;
  }

  /** Staff view of a shopper's points; 404 for an unknown shopper. */
  async function accountForStaff(shopperId: number, page: PageQuery): Promise<PointsAccountPage> {
    if (!(await loadShopperForAuth(db, shopperId))) throw notFound({ zh: '顾客', en: 'Shopper' }, shopperId);
    return account(shopperId, page);
  }

  return { balance, spend, refundSpent, earnForOrder, reverseEarned, compensate, adjust, account, accountForStaff, expireDue };
}

export type PointsService = ReturnType<typeof createPointsService>;
