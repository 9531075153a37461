// The moves of presale orders: deposit paid, balance window lapsed (deposit forfeited), the buyer's
// cancel after the deposit (delay, 订金), the campaign's settlement (minimum target, tier), and the
// tier discount applied to each balance.
import { DEPOSIT_KIND_LABELS } from '@mall/contract';
import type { Tx } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { enqueue, type JobRunner } from '../../platform/jobs.ts';
import { depositsPaidUnits, tierReached } from '../presale/index.ts';
import { yuan, type OrderDeps, type OrderEffects } from './orders-effects.ts';
import { ORDER } from './orders-lifecycle.service.ts';
import type { PresaleMoney } from './orders-presale-money.ts';
import { buyerCancel, tierDiscountOf, withTierDiscount } from './orders-presale.rules.ts';
import * as presaleRepo from './orders-presale.repo.ts';
import type { PresaleOrderRow } from './orders-presale.repo.ts';
import { addLineRefund, linesOf, lockOrder, updateOrder, type OrderRow } from './orders.repo.ts';
import { pointsWorth } from './orders-presale-close.service.ts';
import { moveEach } from './orders-sweep.ts';

export const MOQ_REFUND_TOPIC = 'presale.moq_failed_refund';
const SWEEP_BATCH = 200;
const shortTime = (d: Date | null, timeZone: string) =>
  d ? new Intl.DateTimeFormat('zh-CN', { timeZone, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).format(d) : '';

export function createPresaleLifecycle(deps: OrderDeps, effects: OrderEffects, money: PresaleMoney) {
  const { db, clock, presale, points } = deps;

  async function presaleOf(tx: Tx, order: OrderRow): Promise<PresaleOrderRow> {
    const row = await presaleRepo.findPresaleOrder(tx, order.id);
    if (!row) throw new AppError('CONFLICT', { detail: `order ${order.orderNo} has no presale record` });
    return row;
  }

  /**
   * awaiting_deposit → awaiting_balance: the deposit is paid. In a campaign released in batches
   * (分批发货) the order takes its place now, ranked by payment time. The buyer is told when the
   * balance opens, and the batch.
   */
  async function markDepositPaid(tx: Tx, order: OrderRow, paid: { paymentId: number; amount: number; at: Date; paymentNo: string; provider: string }) {
    const moved = await effects.transition(
      tx,
      order,
      'awaiting_balance',
      { paidAmount: order.paidAmount + paid.amount },
      { type: 'order.deposit_paid', actor: 'system', data: { paymentNo: paid.paymentNo, provider: paid.provider, amount: paid.amount } },
    );
    const before = await presaleOf(tx, order);
    const units = (await linesOf(tx, order.id)).reduce((sum, l) => sum + l.quantity, 0);
    const batch = await presale.placeInBatch(tx, before.campaignId, units);
    const row = await presaleRepo.updatePresaleOrder(tx, order.id, { depositPaymentId: paid.paymentId, depositPaidAt: paid.at, batchId: batch?.id ?? null, updatedAt: clock.now() });
    if (batch) await effects.recordEvent(tx, order.id, { type: 'presale.batch_placed', actor: 'system', note: `第 ${batch.seq} 批（共 ${batch.of} 批）`, data: { seq: batch.seq, of: batch.of } });
    const campaign = await presale.campaignForOrder(tx, row.campaignId, row.batchId);
    const { timeZone } = await deps.settings.get(tx);
    const placed = batch ? `您排在第 ${batch.seq} 批（共 ${batch.of} 批）。` : '';
    const opens = campaign ? `尾款 ¥${yuan(row.balanceAmount)} 请于 ${shortTime(campaign.balanceStartsAt, timeZone)} 至 ${shortTime(campaign.balanceEndsAt, timeZone)} 支付` : '';
    const lapse = row.depositKind === 'prepayment' ? '逾期未付，订金将原路退回。' : '逾期未付，定金不退。';
    await effects.tellShopper(tx, moved, 'presale.deposit_paid', '定金已支付', `订单 ${moved.orderNo} ${DEPOSIT_KIND_LABELS[row.depositKind ?? 'earnest'].zh} ¥${yuan(paid.amount)} 已支付。${placed}${opens}，${lapse}`);
    return moved;
  }

  /**
   * The buyer cancels: before the first payment as any order; after the deposit only when the
   * merchant delayed the order or the deposit is a 订金 (then every payment comes back, balance
   * first). When the order was overdue (the merchant's default), an earnest deposit is matched by
   * points worth as much, once, if the shop pays double (PRC Civil Code art. 587).
   */
  async function cancelPresaleByBuyer(tx: Tx, order: OrderRow, reason: string, cancelUnpaid: (tx: Tx, order: OrderRow) => Promise<OrderRow>) {
    const row = await presaleOf(tx, order);
    const decision = buyerCancel(order, row, await presaleRepo.partlyShipped(tx, order));
    if (decision === 'release') return cancelUnpaid(tx, order);
    if (decision === 'refused') {
      const label = DEPOSIT_KIND_LABELS[row.depositKind ?? 'earnest'];
      if (order.status === 'awaiting_balance') throw new AppError('ORDER_CANCEL_AFTER_DEPOSIT', { kind: label.zh, kindEn: label.en });
      throw new AppError('ORDER_STATE_INVALID', { from: order.status, to: 'cancelled' });
    }
    const why = row.overdueAt
      ? '超过预计发货时间未发货（商家违约），买家取消并全额退款'
      : row.delayedAt
        ? '发货延期，买家取消并全额退款'
        : '买家在支付尾款前取消，订金退还';
    const settings = await deps.settings.get(tx);
    const compensation = row.overdueAt && row.depositKind === 'earnest' && row.depositPaidAt && settings.presale.earnestDoubleReturn ? row.depositAmount : 0;
    const refunded = await money.refundPayments(tx, order, { includeDeposit: true, reason: why, actor: 'shopper' });
    const compensationPoints = compensation > 0 ? pointsWorth(compensation, settings.points.pointsPerYuan) : 0;
    if (compensationPoints > 0) {
      await points.compensate(tx, { shopperId: order.shopperId, points: compensationPoints, orderId: order.id, key: 'merchant_default' });
      await presaleRepo.updatePresaleOrder(tx, order.id, { compensationAmount: compensation, compensationKind: 'points', updatedAt: clock.now() });
    }
    const moved = await effects.transition(tx, refunded.order, 'cancelled', { cancelledAt: clock.now(), cancelReason: reason || why }, {
      type: 'order.cancelled',
      actor: 'shopper',
      note: why,
      data: { by: 'shopper', refunded: refunded.total, refundNos: refunded.refundNos, merchantDefault: row.overdueAt !== null, compensationPoints },
    });
    await money.releaseHeld(tx, order, row.campaignId, 'cancel', 'shopper');
    if (order.status === 'awaiting_balance') await money.giveBackDiscounts(tx, order);
    else {
      // Fully paid: every line is refunded in full (after the quota went back, which counts unrefunded units), and the points spent come back.
      for (const line of await linesOf(tx, order.id)) {
        if (line.refundedQuantity < line.quantity || line.refundedAmount < line.payAmount) {
          await addLineRefund(tx, line.id, line.quantity - line.refundedQuantity, line.payAmount - line.refundedAmount);
        }
      }
      if (order.pointsUsed > 0) await points.refundSpent(tx, { shopperId: order.shopperId, orderId: order.id });
    }
    const extra = compensationPoints > 0 ? `，另赔付 ${compensationPoints} 积分（相当于 ¥${yuan(compensation)}）` : '';
    await effects.tellShopper(tx, moved, 'order.cancelled', '订单已取消', `订单 ${moved.orderNo} 已取消，¥${yuan(refunded.total)} 将原路退回${extra}。`);
    return moved;
  }

  /** The balance window closed unpaid: cancelled, an earnest deposit (定金) kept, a 订金 refunded, the quota freed, the buyer told. */
  async function forfeitLocked(tx: Tx, order: OrderRow) {
    const row = await presaleOf(tx, order);
    const keep = row.depositKind !== 'prepayment';
    const refunded = keep ? null : await money.refundPayments(tx, order, { includeDeposit: true, reason: 'balance not paid: prepayment returned', actor: 'system' });
    const now = clock.now();
    const reason = keep ? '尾款未在规定时间内支付，订单已取消，定金不退' : '尾款未在规定时间内支付，订单已取消，订金原路退回';
    const moved = await effects.transition(tx, refunded?.order ?? order, 'cancelled', { cancelledAt: now, cancelReason: reason }, {
      type: 'order.balance_lapsed',
      actor: 'system',
      note: reason,
      data: { forfeited: keep ? row.depositAmount : 0, refunded: refunded?.total ?? 0 },
    });
    if (keep) await presaleRepo.updatePresaleOrder(tx, order.id, { forfeitedAmount: row.depositAmount, forfeitedAt: now, updatedAt: now });
    await money.releaseHeld(tx, order, row.campaignId, 'forfeit', 'system');
    await money.giveBackDiscounts(tx, order);
    await effects.tellShopper(tx, moved, 'presale.balance_lapsed', '订单已取消（尾款未付）', `订单 ${moved.orderNo}：${reason}。`);
    return moved;
  }

  /** Cancels every order whose balance window closed unpaid, each in its own transaction. */
  async function forfeitLapsedBalances(): Promise<number> {
    const ids = await presaleRepo.forfeitDueOrderIds(db, clock.now(), SWEEP_BATCH);
    return moveEach(db, deps.log, 'presale-balance-lapse', ids, async (tx, id) => {
      const order = await presaleRepo.claimForfeit(tx, id, clock.now());
      if (order) await forfeitLocked(tx, order);
      return order !== undefined;
    });
  }

  /**
   * Settles every campaign whose order window closed and whose first payments are all settled:
   * the units paid decide the minimum target (failed: every live order is refunded in full, one
   * outbox job each) and the price tier reached (fen off each unit's balance, applied per order
   * before its balance is paid). Once per campaign, even with several instances.
   */
  async function settleCampaigns(): Promise<number> {
    const ids = await presaleRepo.settlementDueCampaignIds(db, clock.now(), 50);
    let settled = 0;
    for (const id of ids) {
      const done = await db.transaction(async (tx) => {
        const campaign = await presaleRepo.claimSettlement(tx, id);
        if (!campaign) return false;
        const units = (await depositsPaidUnits(tx, [id])).get(id) ?? 0;
        const failed = campaign.minTarget !== null && units < campaign.minTarget;
        const tierOff = failed ? 0 : (tierReached(campaign.tiers, units)?.balanceOff ?? 0);
        await presaleRepo.markSettled(tx, id, { settledAt: clock.now(), settlementOutcome: failed ? 'failed' : 'succeeded', settledUnits: units, tierOff });
        if (failed) {
          const live = await presaleRepo.campaignOrderIds(tx, id, ['awaiting_balance', 'awaiting_shipment']);
          for (const orderId of live) await enqueue(tx, clock, { topic: MOQ_REFUND_TOPIC, payload: { orderId }, dedupeKey: `${MOQ_REFUND_TOPIC}:${orderId}` });
        }
        return true;
      });
      if (done) settled++;
    }
    return settled;
  }

  /** The campaign missed its minimum target: the order is closed and everything paid comes back. */
  async function refundFailedCampaignOrder(tx: Tx, orderId: number) {
    const order = await lockOrder(tx, orderId);
    if (!order || (order.status !== 'awaiting_balance' && order.status !== 'awaiting_shipment')) return;
    const row = await presaleOf(tx, order);
    const reason = '预售未达到成团数量，订单关闭并全额退款';
    const refunded = await money.refundPayments(tx, order, { includeDeposit: true, reason: 'presale minimum target not reached', actor: 'system' });
    const moved = await effects.transition(tx, refunded.order, 'closed', { closedAt: clock.now(), closeReason: reason }, {
      type: 'order.closed',
      actor: 'system',
      note: reason,
      data: { minimumTargetMissed: true, refunded: refunded.total, refundNos: refunded.refundNos },
    });
    await money.releaseHeld(tx, order, row.campaignId, 'campaign failed', 'system');
    if (order.status === 'awaiting_balance') await money.giveBackDiscounts(tx, order);
    await effects.tellShopper(tx, moved, 'presale.campaign_failed', '预售未成团，已全额退款', `订单 ${moved.orderNo}：${reason}，¥${yuan(refunded.total)} 将原路退回。`);
  }

  function registerJobs(jobs: Pick<JobRunner, 'handle'>) {
    jobs.handle(MOQ_REFUND_TOPIC, async (tx, payload) => refundFailedCampaignOrder(tx, Number((payload as { orderId: number }).orderId)));
  }

  /**
   * Takes the campaign's tier discount off the order's balance once, in its own transaction,
   * before the balance is paid. Returns the order and its presale record as they are now.
   */
  async function applyTierIfDue(orderId: number, shopperId: number): Promise<void> {
    await db.transaction(async (tx) => {
      const order = await lockOrder(tx, orderId, shopperId);
      if (!order) throw notFound(ORDER, orderId);
      if (order.status !== 'awaiting_balance' || order.kind === 'preorder') return;
      const row = await presaleOf(tx, order);
      const campaign = await presale.campaignForOrder(tx, row.campaignId, row.batchId);
      if (!campaign || campaign.settledAt === null || campaign.tierOff === 0 || row.tierDiscount > 0) return;
      const lines = await linesOf(tx, order.id);
      const units = lines.filter((l) => l.presaleItemId !== null).reduce((n, l) => n + l.quantity, 0);
      const discount = tierDiscountOf(campaign.tierOff, units, row.balanceAmount, order.shippingFee);
      if (discount === 0) return;
      const { breakdown, lineDiscounts } = withTierDiscount(order.breakdown, lines, discount);
      for (const [lineId, d] of lineDiscounts) await presaleRepo.addLineDiscount(tx, lineId, d);
      const now = clock.now();
      await updateOrder(tx, order.id, { breakdown, promotionDiscount: breakdown.promotionDiscount, totalAmount: breakdown.totalAmount, updatedAt: now });
      await presaleRepo.updatePresaleOrder(tx, order.id, { tierDiscount: discount, balanceAmount: row.balanceAmount - discount, updatedAt: now });
      await effects.recordEvent(tx, order.id, { type: 'presale.tier_applied', actor: 'system', data: { tierOff: campaign.tierOff, discount } });
    });
  }

  return { presaleOf, markDepositPaid, cancelPresaleByBuyer, forfeitLocked, forfeitLapsedBalances, settleCampaigns, refundFailedCampaignOrder, registerJobs, applyTierIfDue };
}

export type PresaleLifecycle = ReturnType<typeof createPresaleLifecycle>;
