// Money and quota of presale orders: refunds per stage (balance first, then deposit), the quota
// given back (and offered to the waitlist), the coupon and points given back.
import type { Tx } from '../../platform/db.ts';
import { ORDER_REF, refIdOf, type OrderDeps } from './orders-effects.ts';
import { shippableOf } from './orders.rules.ts';
import { linesOf, updateOrder, type OrderLineRow, type OrderRow } from './orders.repo.ts';
import { findPresaleOrder, itemsOfCampaign } from './orders-presale.repo.ts';

const STAGE_ORDER = { balance: 0, full: 1, deposit: 2 } as const;

export function createPresaleMoney(deps: OrderDeps) {
  const { clock, payments, presale, demand, pricing, points, inventory } = deps;

  /**
   * Refunds what the order's payments still hold, each through its own original transaction:
   * the balance (or full) payment first, then the deposit unless `includeDeposit` is false.
   * Returns what was refunded in all and of the deposit; the order's refunded amount follows.
   */
  async function refundPayments(tx: Tx, order: OrderRow, input: { includeDeposit: boolean; reason: string; actor: string }) {
    const list = await payments.listForRef(tx, ORDER_REF, refIdOf(order.id));
    const refundable = list
      .filter((p) => p.status === 'succeeded')
      .filter((p) => input.includeDeposit || p.stage !== 'deposit')
      .map((p) => ({ p, left: p.paidAmount - p.refundedAmount - p.refundPendingAmount }))
      .filter((r) => r.left > 0)
      .sort((a, b) => STAGE_ORDER[a.p.stage] - STAGE_ORDER[b.p.stage] || b.p.id - a.p.id);
    let total = 0;
    let deposit = 0;
    const refundNos: string[] = [];
    for (const { p, left } of refundable) {
      const refund = await payments.refund(tx, { paymentId: p.id, amount: left, reason: input.reason, refType: ORDER_REF, refId: refIdOf(order.id), requestedBy: input.actor });
      refundNos.push(refund.refundNo);
      total += left;
      if (p.stage === 'deposit') deposit += left;
    }
    // Payments the order knows of but the gateway list misses cannot be refunded: never claim more than paid.
    const refundedAmount = Math.min(order.paidAmount, order.refundedAmount + total);
    const updated = total > 0 ? (await updateOrder(tx, order.id, { refundedAmount, updatedAt: clock.now() }))! : order;
    return { order: updated, total, deposit, refundNos };
  }

  /**
   * Gives the quota of the order's presale lines back (units neither shipped nor refunded), and
   * the stock held for its other lines. Units freed in a sold-out campaign that still takes
   * orders are offered to the waitlist.
   */
  async function releaseHeld(tx: Tx, order: OrderRow, campaignId: number | null, reason: string, actor: string) {
    const lines = await linesOf(tx, order.id);
    await releaseQuota(tx, order, campaignId, lines, reason);
    if (lines.some((l) => l.presaleItemId === null)) await inventory.release(tx, { refType: ORDER_REF, refId: refIdOf(order.id), actor, reason });
  }

  async function releaseQuota(tx: Tx, order: OrderRow, campaignId: number | null, lines: readonly OrderLineRow[], reason: string, only?: Map<number, number>) {
    if (campaignId === null) return 0;
    const held = lines
      .filter((l) => l.presaleItemId !== null)
      .map((l) => ({ itemId: l.presaleItemId!, units: only ? (only.get(l.id) ?? 0) : shippableOf(l) }))
      .filter((h) => h.units > 0)
      .sort((a, b) => a.itemId - b.itemId);
    if (held.length === 0) return 0;
    const before = new Map((await itemsOfCampaign(tx, campaignId)).map((i) => [i.id, i]));
    let offered = 0;
    let releasedAll = 0;
    for (const h of held) {
      const released = await presale.releaseUnits(tx, { itemId: h.itemId, shopperId: order.shopperId, quantity: h.units, refType: ORDER_REF, refId: refIdOf(order.id), reason });
      releasedAll += released;
      const item = before.get(h.itemId);
      if (item && released > 0 && item.soldUnits >= item.quota) offered += released;
    }
    // 分批发货: units that will not ship leave the order's batch, making room for the next deposit paid.
    const batchId = releasedAll > 0 ? (await findPresaleOrder(tx, order.id))?.batchId : null;
    if (batchId) await presale.takeOutOfBatch(tx, campaignId, batchId, releasedAll);
    const campaign = offered > 0 ? await presale.campaignForOrder(tx, campaignId) : undefined;
    const open = campaign && campaign.startsAt <= clock.now() && clock.now() < (campaign.endedEarlyAt && campaign.endedEarlyAt < campaign.endsAt ? campaign.endedEarlyAt : campaign.endsAt);
    if (open) await demand.offerFreedUnits(tx, { campaignId, units: offered });
    return offered;
  }

  /** The coupon and the points the order locked for its balance go back to the buyer (the balance was never paid). */
  async function giveBackDiscounts(tx: Tx, order: OrderRow) {
    if (order.couponId !== null) await pricing.restoreCoupon(tx, { couponId: order.couponId, orderId: order.id });
    if (order.pointsUsed > 0) await points.refundSpent(tx, { shopperId: order.shopperId, orderId: order.id });
  }

  return { refundPayments, releaseHeld, releaseQuota, giveBackDiscounts };
}

export type PresaleMoney = ReturnType<typeof createPresaleMoney>;
