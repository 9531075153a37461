// The moves of pre-orders that are not the fill: in line once paid (or authorised, or the deposit
// paid), the cap units or the filled stock given back when one ends, the buyer's cancel, the
// staff close, and the lapse of a filled deposit pre-order whose balance was not paid in time.
import type { CloseOrderInput } from '@mall/contract';
import { recordAudit, type StaffContext } from '../../platform/audit.ts';
import type { Tx } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { enqueue } from '../../platform/jobs.ts';
import { addUnitsSold } from '../catalog/index.ts';
import { PREORDER_FILL_TOPIC, removeOpenUnits } from '../preorders/index.ts';
import { ORDER_REF, refIdOf, yuan, type OrderDeps, type OrderEffects } from './orders-effects.ts';
import type { PresaleMoney } from './orders-presale-money.ts';
import * as repo from './orders-preorder.repo.ts';
import type { PreorderOrderRow } from './orders-preorder.repo.ts';
import { preorderCancel } from './orders-preorder.rules.ts';
import { addLineRefund, linesOf, type OrderRow } from './orders.repo.ts';
import { moveEach } from './orders-sweep.ts';

const SWEEP_BATCH = 200;
const STRATEGY_PAID = { full: '已付款', deposit: '定金已支付', authorized: '预授权成功（发货时扣款）', none: '预订成功' } as const;

export function createPreorderLifecycle(deps: OrderDeps, effects: OrderEffects, money: PresaleMoney) {
  const { db, clock, inventory, payments } = deps;

  async function preorderOf(tx: Tx, order: OrderRow): Promise<PreorderOrderRow> {
    const row = await repo.findPreorderOrder(tx, order.id);
    if (!row) throw new AppError('CONFLICT', { detail: `order ${order.orderNo} has no pre-order record` });
    return row;
  }

  /**
   * → awaiting_stock: the first payment is in (everything, the deposit, an authorisation, or
   * nothing to pay), so the pre-order takes its place in line for stock from now.
   */
  async function queue(
    tx: Tx,
    order: OrderRow,
    paid: { paymentId: number | null; amount: number; at: Date; stage: 'full' | 'deposit' | 'authorized'; paymentNo?: string; provider?: string },
  ): Promise<OrderRow> {
    const row = await preorderOf(tx, order);
    const set =
      paid.stage === 'full' ? { paidAmount: order.paidAmount + paid.amount, paidAt: paid.at, paidPaymentId: paid.paymentId } : { paidAmount: order.paidAmount + (paid.stage === 'deposit' ? paid.amount : 0) };
    const moved = await effects.transition(tx, order, 'awaiting_stock', set, {
      type: 'preorder.queued',
      actor: 'system',
      data: { stage: paid.stage, amount: paid.amount, paymentNo: paid.paymentNo ?? null, provider: paid.provider ?? null },
    });
    const now = clock.now();
    await repo.updatePreorderOrder(tx, order.id, {
      queuedAt: paid.at,
      ...(paid.stage === 'deposit' ? { depositPaymentId: paid.paymentId, depositPaidAt: paid.at } : {}),
      ...(paid.stage === 'authorized' ? { authPaymentId: paid.paymentId } : {}),
      updatedAt: now,
    });
    // Upfront and authorised pre-orders are sold now; the others when paid in full after the fill.
    if (paid.stage !== 'deposit') await addUnitsSold(tx, [{ productId: row.productId, quantity: row.quantity }]);
    const what = paid.amount === 0 && paid.stage === 'full' ? STRATEGY_PAID.none : STRATEGY_PAID[paid.stage];
    await effects.tellShopper(tx, moved, 'preorder.queued', '预订成功', `预订订单 ${moved.orderNo} ${what}，已按时间排队等待到货，到货后我们会第一时间通知您。`);
    return moved;
  }

  /** A filled deposit pre-order's balance (or a filled on_release one's payment) came in: noted on its record. */
  async function onPaidInFull(tx: Tx, order: OrderRow, paid: { paymentId: number | null; at: Date }) {
    const row = await preorderOf(tx, order);
    if (row.strategy === 'deposit') await repo.updatePreorderOrder(tx, order.id, { balancePaymentId: paid.paymentId, updatedAt: clock.now() });
  }

  /**
   * Gives back what the pre-order holds: the stock reserved for it when it was filled (then the
   * next in line may be filled from it), else its units under the cap.
   */
  async function release(tx: Tx, order: OrderRow, reason: string, actor: string) {
    const row = await preorderOf(tx, order);
    if (row.filledAt === null) {
      await removeOpenUnits(tx, row.skuId, row.quantity, clock.now());
      return;
    }
    const { released } = await inventory.release(tx, { refType: ORDER_REF, refId: refIdOf(order.id), actor, reason });
    if (released.length > 0) await enqueue(tx, clock, { topic: PREORDER_FILL_TOPIC, payload: { skuId: row.skuId }, dedupeKey: `${PREORDER_FILL_TOPIC}:${row.skuId}:order:${order.id}` });
  }

  /** Voids the order's authorisations still open (nothing was taken). Returns how many. */
  async function voidAuthorisations(tx: Tx, order: OrderRow): Promise<number> {
    const open = (await payments.listForRef(tx, ORDER_REF, refIdOf(order.id))).filter((p) => p.status === 'authorized' && p.pendingOperation !== 'void');
    for (const p of open) await payments.void(tx, p.id);
    return open.length;
  }

  /**
   * Ends a pre-order that was paid or authorised: every payment refunded (the deposit too),
   * authorisations voided, the stock or the cap units given back, the coupon and points returned.
   */
  async function endWithRefund(tx: Tx, order: OrderRow, to: 'cancelled' | 'closed', why: { reason: string; note: string; actor: string; by: string }) {
    const refunded = await money.refundPayments(tx, order, { includeDeposit: true, reason: why.note, actor: why.actor });
    const voided = await voidAuthorisations(tx, order);
    if (to === 'closed' && order.status === 'awaiting_shipment') {
      for (const line of await linesOf(tx, order.id)) {
        if (line.refundedQuantity < line.quantity || line.refundedAmount < line.payAmount) {
          const amount = Math.max(0, Math.min(line.payAmount, refunded.order.refundedAmount) - line.refundedAmount);
          await addLineRefund(tx, line.id, line.quantity - line.refundedQuantity, amount);
        }
      }
    }
    const now = clock.now();
    const set = to === 'cancelled' ? { cancelledAt: now, cancelReason: why.reason } : { closedAt: now, closeReason: why.reason };
    const data = { by: why.by, refunded: refunded.total, refundNos: refunded.refundNos, voided };
    const moved = await effects.transition(tx, refunded.order, to, set, { type: to === 'cancelled' ? 'order.cancelled' : 'order.closed', actor: why.actor, note: why.note, data });
    await release(tx, order, 'cancel', why.actor);
    await money.giveBackDiscounts(tx, order);
    const back = refunded.total > 0 ? `，¥${yuan(refunded.total)} 将原路退回` : voided > 0 ? '，预授权已撤销，不会扣款' : '';
    await effects.tellShopper(tx, moved, to === 'cancelled' ? 'order.cancelled' : 'order.closed', to === 'cancelled' ? '预订已取消' : '订单已关闭', `订单 ${moved.orderNo} ${why.note}${back}。`);
    return { moved, data };
  }

  /** The buyer's cancel, per the pre-order's terms: refused once a non-refundable deposit is paid. */
  async function cancelByBuyer(tx: Tx, order: OrderRow, reason: string, cancelUnpaid: (tx: Tx, order: OrderRow) => Promise<OrderRow>) {
    const row = await preorderOf(tx, order);
    const shipped = (await linesOf(tx, order.id)).some((l) => l.shippedQuantity > 0);
    const decision = preorderCancel(order.status, row, shipped);
    if (decision === 'release') return cancelUnpaid(tx, order);
    if (decision === 'refused') {
      if (row.strategy === 'deposit' && row.depositPaidAt !== null && !shipped) throw new AppError('PREORDER_CANCEL_REFUSED');
      throw new AppError('ORDER_STATE_INVALID', { from: order.status, to: 'cancelled' });
    }
    return (await endWithRefund(tx, order, 'cancelled', { reason: reason || '买家取消预订', note: '已取消预订', actor: 'shopper', by: 'shopper' })).moved;
  }

  /** Staff close a pre-order waiting for stock, for its balance, or for shipment: everything refunded. */
  async function close(tx: Tx, ctx: StaffContext, order: OrderRow, input: CloseOrderInput): Promise<OrderRow> {
    if (input.keepDeposit || input.merchantDefault) throw new AppError('VALIDATION_FAILED', {}, [{ path: 'keepDeposit', message: 'only for presale orders' }]);
    if (order.status !== 'awaiting_stock' && order.status !== 'awaiting_balance' && order.status !== 'awaiting_shipment') {
      throw new AppError('ORDER_STATE_INVALID', { from: order.status, to: 'closed' });
    }
    const actor = `staff:${ctx.actor.username}`;
    const { moved, data } = await endWithRefund(tx, order, 'closed', { reason: input.reason, note: `已关闭（${input.reason}）`, actor, by: 'staff' });
    await recordAudit(tx, clock, ctx, { action: 'order.close', entityType: 'order', entityId: order.id, changes: { reason: input.reason, ...data } });
    return moved;
  }

  /**
   * A filled deposit pre-order whose balance deadline passed: cancelled, the deposit kept (or
   * refunded when the terms say it is refundable), the stock given back to the next in line.
   */
  async function lapseLocked(tx: Tx, order: OrderRow) {
    const row = await preorderOf(tx, order);
    const refunded = row.depositRefundable ? await money.refundPayments(tx, order, { includeDeposit: true, reason: 'pre-order balance not paid: refundable deposit returned', actor: 'system' }) : null;
    const now = clock.now();
    const reason = row.depositRefundable ? '尾款未在期限内支付，预订已失效，定金原路退回' : '尾款未在期限内支付，预订已失效，定金不退';
    const moved = await effects.transition(tx, refunded?.order ?? order, 'cancelled', { cancelledAt: now, cancelReason: reason }, {
      type: 'preorder.balance_lapsed',
      actor: 'system',
      note: reason,
      data: { forfeited: row.depositRefundable ? 0 : row.depositAmount, refunded: refunded?.total ?? 0 },
    });
    if (!row.depositRefundable) await repo.updatePreorderOrder(tx, order.id, { forfeitedAmount: row.depositAmount, forfeitedAt: now, updatedAt: now });
    await release(tx, order, 'forfeit', 'system');
    await effects.tellShopper(tx, moved, 'preorder.lapsed', '预订已失效（尾款未付）', `订单 ${moved.orderNo}：${reason}。`);
    return moved;
  }

  /** Lapses every filled deposit pre-order past its balance deadline, each in its own transaction (claimed SKIP LOCKED). */
  async function lapseBalances(): Promise<number> {
    const ids = await repo.lapsedBalanceIds(db, clock.now(), SWEEP_BATCH);
    return moveEach(db, deps.log, 'preorders-balance-lapse', ids, async (tx, id) => {
      const order = await repo.claimLapsedBalance(tx, id, clock.now());
      if (order) await lapseLocked(tx, order);
      return order !== undefined;
    });
  }

  return { preorderOf, queue, onPaidInFull, release, cancelByBuyer, close, lapseBalances };
}

export type PreorderLifecycle = ReturnType<typeof createPreorderLifecycle>;
