// Staff force-close (强制关闭) of a presale order: the deposit refunded or kept, the merchant's
// default (定金双倍返还), every other payment refunded balance first, the quota given back.
import type { CloseOrderInput } from '@mall/contract';
import { recordAudit, type StaffContext } from '../../platform/audit.ts';
import type { Tx } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { yuan, type OrderDeps, type OrderEffects } from './orders-effects.ts';
import type { PresaleMoney } from './orders-presale-money.ts';
import type { PresaleLifecycle } from './orders-presale-lifecycle.service.ts';
import { forceClosePlan } from './orders-presale.rules.ts';
import { updatePresaleOrder } from './orders-presale.repo.ts';
import { addLineRefund, linesOf, type OrderRow } from './orders.repo.ts';

/** Points worth `fen` at the shop's rate (rounded up: the buyer never gets less than the amount). */
export const pointsWorth = (fen: number, pointsPerYuan: number) => Math.ceil((fen * pointsPerYuan) / 100);

export function createPresaleClose(deps: OrderDeps, effects: OrderEffects, money: PresaleMoney, lifecycle: PresaleLifecycle) {
  const { clock, points } = deps;

  /**
   * Closes a presale order awaiting its balance (the deposit refunded unless kept) or fully paid
   * and not shipped (everything refunded, balance first). On the merchant's default the deposit is
   * always refunded and an earnest deposit is matched by points worth as much (shop setting).
   */
  async function forceClose(tx: Tx, ctx: StaffContext, order: OrderRow, input: CloseOrderInput): Promise<OrderRow> {
    if (order.status !== 'awaiting_balance' && order.status !== 'awaiting_shipment') throw new AppError('ORDER_STATE_INVALID', { from: order.status, to: 'closed' });
    if (order.status === 'awaiting_shipment' && input.keepDeposit) {
      throw new AppError('VALIDATION_FAILED', {}, [{ path: 'keepDeposit', message: 'a fully paid order is closed with everything refunded' }]);
    }
    const row = await lifecycle.presaleOf(tx, order);
    const settings = await deps.settings.get(tx);
    const plan = forceClosePlan(input, { depositKind: row.depositKind, depositAmount: row.depositAmount, depositPaid: row.depositPaidAt !== null }, settings.presale.earnestDoubleReturn);
    const actor = `staff:${ctx.actor.username}`;
    const refunded = await money.refundPayments(tx, order, { includeDeposit: plan.refundDeposit, reason: input.reason, actor });
    // The quota goes back before the lines count as refunded (what is held = neither shipped nor refunded).
    await money.releaseHeld(tx, order, row.campaignId, 'cancel', actor);
    if (order.status === 'awaiting_shipment') {
      for (const line of await linesOf(tx, order.id)) {
        if (line.refundedQuantity < line.quantity || line.refundedAmount < line.payAmount) {
          await addLineRefund(tx, line.id, line.quantity - line.refundedQuantity, line.payAmount - line.refundedAmount);
        }
      }
    }
    const now = clock.now();
    const kept = row.depositPaidAt !== null && !plan.refundDeposit ? row.depositAmount : 0;
    const compensationPoints = plan.compensation > 0 ? pointsWorth(plan.compensation, settings.points.pointsPerYuan) : 0;
    if (compensationPoints > 0) await points.compensate(tx, { shopperId: order.shopperId, points: compensationPoints, orderId: order.id, key: 'merchant_default' });
    await updatePresaleOrder(tx, order.id, {
      ...(kept > 0 ? { forfeitedAmount: kept, forfeitedAt: now } : {}),
      ...(plan.compensation > 0 ? { compensationAmount: plan.compensation, compensationKind: 'points' as const } : {}),
      updatedAt: now,
    });
    const data = { refundAmount: refunded.total, refundNos: refunded.refundNos, depositKept: kept, merchantDefault: input.merchantDefault ?? false, compensationPoints };
    const moved = await effects.transition(tx, refunded.order, 'closed', { closedAt: now, closeReason: input.reason }, { type: 'order.closed', actor, note: input.reason, data });
    if (order.status === 'awaiting_balance') await money.giveBackDiscounts(tx, order);
    else if (order.pointsUsed > 0) await points.refundSpent(tx, { shopperId: order.shopperId, orderId: order.id });
    const parts = [`¥${yuan(refunded.total)} 将原路退回`];
    if (kept > 0) parts.push(`定金 ¥${yuan(kept)} 不予退还`);
    if (compensationPoints > 0) parts.push(`另赔付 ${compensationPoints} 积分（相当于 ¥${yuan(plan.compensation)}）`);
    await effects.tellShopper(tx, moved, 'order.closed', '订单已关闭', `订单 ${moved.orderNo} 已关闭（${input.reason}），${parts.join('，')}。`);
    await recordAudit(tx, clock, ctx, { action: 'order.close', entityType: 'order', entityId: order.id, changes: { reason: input.reason, ...data } });
    return moved;
  }

  return { forceClose };
}
