// The merchant's default by lateness (spec §3 beyond, PRC Civil Code art. 587): a fully paid
// presale order still unshipped when its estimated ship date passed by more than the shop's grace
// days is marked overdue; its buyer may cancel with a full refund, and an earnest deposit (定金)
// is then matched by a compensation of the same amount when the shop pays double.
import type { Tx } from '../../platform/db.ts';
import { yuan, type OrderDeps, type OrderEffects } from './orders-effects.ts';
import { overdueAfter, shopDate } from './orders-presale-delay.rules.ts';
import { claimOverdue, lockAwaitingShipment, overdueCandidateIds } from './orders-presale-delay.repo.ts';
import type { PresaleLifecycle } from './orders-presale-lifecycle.service.ts';
import { linesOf } from './orders.repo.ts';
import { moveEach } from './orders-sweep.ts';

const BATCH = 200;
const MAX_BATCHES = 50;

export function createPresaleDefault(deps: OrderDeps, effects: OrderEffects, lifecycle: PresaleLifecycle) {
  const { db, clock, presale, notifications } = deps;

  /** Marks one order overdue, once: false when it shipped (even in part), is no longer late (the date moved), or was marked already. */
  async function markOne(tx: Tx, orderId: number): Promise<boolean> {
    const order = await lockAwaitingShipment(tx, orderId);
    if (!order || (await linesOf(tx, order.id)).some((l) => l.shippedQuantity > 0)) return false;
    const row = await lifecycle.presaleOf(tx, order);
    const campaign = await presale.campaignForOrder(tx, row.campaignId, row.batchId);
    const settings = await deps.settings.get(tx);
    const after = campaign ? overdueAfter(campaign.ship, order.paidAt, settings.presale.shipGraceDays) : null;
    const now = clock.now();
    if (!after || now <= after) return false;
    const claimed = await claimOverdue(tx, order.id, now);
    if (!claimed) return false;
    const double = claimed.depositKind === 'earnest' && claimed.depositPaidAt !== null && settings.presale.earnestDoubleReturn;
    const estimated = new Date(after.getTime() - settings.presale.shipGraceDays * 86_400_000);
    await effects.recordEvent(tx, order.id, {
      type: 'presale.ship_overdue',
      actor: 'system',
      note: '超过预计发货时间仍未发货（商家违约）',
      data: { estimatedShipDate: estimated.toISOString(), graceDays: settings.presale.shipGraceDays, earnestDoubleReturn: double },
    });
    const extra = double ? `，并另获与定金等值（¥${yuan(claimed.depositAmount)}）的积分补偿` : '';
    await effects.tellShopper(
      tx,
      order,
      'presale.ship_overdue',
      '订单发货逾期',
      `很抱歉，订单 ${order.orderNo} 已超过预计发货时间（${shopDate(estimated, settings.timeZone)}）${settings.presale.shipGraceDays} 天仍未发货。您可以在订单页取消订单，已付款项（含定金）将全额原路退回${extra}。`,
    );
    await notifications.notifyStaff(tx, {
      kind: 'presale.ship_overdue',
      permission: 'orders.ship',
      titleZh: `预售订单 ${order.orderNo} 发货已逾期，买家可全额退款取消`,
      titleEn: `Presale order ${order.orderNo} is overdue for shipment; the buyer may cancel with a full refund`,
      data: { orderId: order.id, orderNo: order.orderNo, estimatedShipDate: estimated.toISOString() },
    });
    return true;
  }

  /** Sweeper: marks every overdue presale order, each in its own transaction, once even with several instances. */
  async function markOverdue(): Promise<number> {
    const { presale: rules } = await deps.settings.get();
    let marked = 0;
    let after = 0;
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const ids = await overdueCandidateIds(db, clock.now(), rules.shipGraceDays, after, BATCH);
      marked += await moveEach(db, deps.log, 'presale-ship-overdue', ids, markOne);
      if (ids.length < BATCH) break;
      after = ids[ids.length - 1]!;
    }
    return marked;
  }

  return { markOverdue };
}
