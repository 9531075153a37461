// Filling pre-orders from arriving stock, first come first served (spec §5): stock is reserved for
// the oldest waiting pre-order of the SKU, one by one while it suffices, and each moves on per its
// strategy — to shipment (paid or authorised), or to the payment due by a deadline. Fills of a SKU
// are serialised on its counter row, so several instances never fill it at once.
import type { Tx } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { lockCounter, removeOpenUnits } from '../preorders/index.ts';
import { ORDER_REF, refIdOf, yuan, type OrderDeps, type OrderEffects } from './orders-effects.ts';
import type { LifecycleUseCases } from './orders-lifecycle.service.ts';
import * as repo from './orders-preorder.repo.ts';
import type { PreorderOrderRow } from './orders-preorder.repo.ts';
import { filledStatus } from './orders-preorder.rules.ts';
import type { OrderRow } from './orders.repo.ts';

const DAY = 86_400_000;
const FILL_BATCH = 100;
const SWEEP_SKUS = 1_000;

export function createPreorderFill(deps: OrderDeps, effects: OrderEffects, lifecycle: LifecycleUseCases) {
  const { db, clock, inventory, notifications } = deps;

  /** Reserves the pre-order's units, or leaves everything as it was when stock is short. */
  async function reserveFor(tx: Tx, order: OrderRow, row: PreorderOrderRow): Promise<boolean> {
    const sellable = (await inventory.sellableBySkuIds(tx, [row.skuId])).get(row.skuId) ?? 0;
    if (sellable < row.quantity) return false;
    try {
      await tx.transaction((sp) =>
        inventory.reserve(sp, { refType: ORDER_REF, refId: refIdOf(order.id), lines: [{ skuId: row.skuId, quantity: row.quantity }], actor: 'system', reason: 'preorder fill' }),
      );
      return true;
    } catch (error) {
      if (error instanceof AppError && error.code === 'INSUFFICIENT_STOCK') return false;
      throw error;
    }
  }

  /** Moves a pre-order its stock was just reserved for, and tells the buyer. */
  async function moveFilled(tx: Tx, order: OrderRow, row: PreorderOrderRow) {
    const now = clock.now();
    const { timeZone } = await deps.settings.get(tx);
    const deadline = new Date(now.getTime() + row.payDays * DAY);
    const by = new Intl.DateTimeFormat('zh-CN', { timeZone, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).format(deadline);
    const to = filledStatus(row.strategy);
    const event = { type: 'preorder.filled', actor: 'system', data: { skuId: row.skuId, quantity: row.quantity, payBy: to === 'awaiting_shipment' ? null : deadline.toISOString() } };
    await repo.updatePreorderOrder(tx, order.id, { filledAt: now, ...(to === 'awaiting_balance' ? { balanceDueAt: deadline } : {}), updatedAt: now });
    if (to === 'awaiting_shipment') {
      const moved = await effects.transition(tx, order, 'awaiting_shipment', {}, event);
      await effects.tellShopper(tx, moved, 'preorder.filled', '预订商品已到货', `您预订的商品（订单 ${moved.orderNo}）已到货，我们会尽快为您发货。`);
      await notifications.notifyStaff(tx, {
        kind: 'order.paid',
        permission: 'orders.ship',
        titleZh: `预订订单 ${moved.orderNo} 已到货，待发货`,
        titleEn: `Pre-order ${moved.orderNo} is filled and awaits shipment`,
        data: { orderId: moved.id, orderNo: moved.orderNo },
      });
      return moved;
    }
    if (to === 'awaiting_balance') {
      const moved = await effects.transition(tx, order, 'awaiting_balance', {}, event);
      const deposit = row.depositRefundable ? '逾期预订失效，定金原路退回' : '逾期预订失效，定金不退';
      await effects.tellShopper(tx, moved, 'preorder.filled', '预订商品已到货，请支付尾款', `您预订的商品（订单 ${moved.orderNo}）已到货，请于 ${by} 前支付尾款 ¥${yuan(row.balanceAmount)}，${deposit}。`);
      return moved;
    }
    const moved = await effects.transition(tx, order, 'awaiting_payment', { paymentDueAt: deadline }, event);
    // Nothing to pay (points and coupons covered it): paid at once.
    if (moved.totalAmount === 0) return lifecycle.markPaid(tx, moved, { paymentId: null, amount: 0, at: now });
    await effects.tellShopper(tx, moved, 'preorder.filled', '预订商品已到货，请付款', `您预订的商品（订单 ${moved.orderNo}）已到货，请于 ${by} 前支付 ¥${yuan(moved.totalAmount)}，逾期预订将失效。`);
    return moved;
  }

  /**
   * Fills the SKU's waiting pre-orders in the caller's transaction, oldest first, until stock runs
   * short (the next in line is never skipped for a smaller later one). Waits for a fill of the SKU
   * in another transaction to end, or gives up at once with `skipLocked`. An order another
   * transaction holds (its buyer cancelling) ends this fill; the next one carries on.
   */
  async function fillIn(tx: Tx, skuId: number, skipLocked = false): Promise<number> {
    if (!(await lockCounter(tx, skuId, skipLocked))) return 0;
    let filled = 0;
    for (const id of await repo.queuedOrderIds(tx, skuId, FILL_BATCH)) {
      const order = await repo.lockQueued(tx, id);
      if (!order) {
        if ((await repo.statusOf(tx, id)) === 'awaiting_stock') break;
        continue;
      }
      const row = (await repo.findPreorderOrder(tx, id))!;
      if (!(await reserveFor(tx, order, row))) break;
      await removeOpenUnits(tx, skuId, row.quantity, clock.now());
      await moveFilled(tx, order, row);
      filled++;
    }
    return filled;
  }

  /** The sweeper: every SKU with pre-orders waiting and stock to sell, each in its own transaction. */
  async function sweepFills(): Promise<number> {
    const waiting = await repo.waitingSkuIds(db, SWEEP_SKUS);
    const sellable = await inventory.sellableBySkuIds(db, waiting);
    let filled = 0;
    for (const skuId of waiting.filter((id) => (sellable.get(id) ?? 0) > 0)) {
      try {
        filled += await db.transaction((tx) => fillIn(tx, skuId, true));
      } catch (error) {
        deps.log?.error({ err: error, skuId, sweeper: 'preorders-fill' }, 'could not fill pre-orders from stock');
      }
    }
    return filled;
  }

  return { fillIn, sweepFills };
}

export type PreorderFill = ReturnType<typeof createPreorderFill>;
