// Growth follows orders through the orders event feed: a completed order adds what was paid and
// not refunded; a refund after completion takes its amount back. Refunds before completion are
// already left out of the completion's amount, so nothing is counted twice.
import { and, eq } from 'drizzle-orm';
import type { JobRunner } from '../../platform/jobs.ts';
import type { Tx } from '../../platform/db.ts';
import { orderEvents, orders, type OrderEventFeed, type OrderEventMessage } from '../orders/index.ts';
import * as repo from './members.repo.ts';
import { growthBack } from './members.rules.ts';
import type { MembersService } from './members.service.ts';

const amountOf = (data: Record<string, unknown> | null) => (typeof data?.amount === 'number' && Number.isSafeInteger(data.amount) ? data.amount : 0);

/** What the order brought at completion: paid, minus refunds recorded before the completion event. */
async function completionGrowth(tx: Tx, orderId: number, completedEventId: number): Promise<number> {
  const [order] = await tx.select({ paidAmount: orders.paidAmount, refundedAmount: orders.refundedAmount }).from(orders).where(eq(orders.id, orderId));
  if (!order) return 0;
  const refundsAfter = await tx.select({ id: orderEvents.id, data: orderEvents.data }).from(orderEvents).where(and(eq(orderEvents.orderId, orderId), eq(orderEvents.type, 'order.refunded')));
  const laterRefunded = refundsAfter.filter((e) => e.id > completedEventId).reduce((s, e) => s + amountOf(e.data as Record<string, unknown> | null), 0);
  return Math.max(0, order.paidAmount - order.refundedAmount + laterRefunded);
}

async function shopperOf(tx: Tx, orderId: number): Promise<number | null> {
  const [row] = await tx.select({ shopperId: orders.shopperId }).from(orders).where(eq(orders.id, orderId));
  return row?.shopperId ?? null;
}

export function followOrdersForGrowth(feed: OrderEventFeed, jobs: Pick<JobRunner, 'handle'>, members: MembersService) {
  async function onCompleted(tx: Tx, event: OrderEventMessage) {
    const shopperId = await shopperOf(tx, event.orderId);
    if (shopperId === null) return;
    if ((await repo.orderGrowth(tx, event.orderId, ['order_completed'])).length > 0) return;
    const amount = await completionGrowth(tx, event.orderId, event.eventId);
    if (amount === 0) return;
    await members.applyGrowth(tx, { shopperId, delta: amount, reason: 'order_completed', orderId: event.orderId, actor: 'system', changeReason: 'growth' });
  }

  async function onRefunded(tx: Tx, event: OrderEventMessage) {
    const [completed] = await tx.select({ id: orderEvents.id }).from(orderEvents).where(and(eq(orderEvents.orderId, event.orderId), eq(orderEvents.type, 'order.completed')));
    if (!completed || completed.id > event.eventId) return; // refunded before completion: the completion counts it
    const rows = await repo.orderGrowth(tx, event.orderId, ['order_completed', 'order_refunded']);
    const done = rows.find((r) => r.reason === 'order_completed');
    // The completion's growth is on its way through the outbox: try again later, it comes first.
    if (!done) {
      if ((await completionGrowth(tx, event.orderId, completed.id)) > 0) throw new Error(`order ${event.orderId}: completion growth not recorded yet`);
      return;
    }
    if (rows.some((r) => r.reason === 'order_refunded' && r.refKey === String(event.eventId))) return;
    const alreadyBack = rows.filter((r) => r.reason === 'order_refunded').reduce((s, r) => s - r.delta, 0);
    const account = await repo.getAccount(tx, done.shopperId);
    const back = growthBack({ refunded: amountOf(event.data), orderGrowth: done.delta, alreadyBack, growth: account?.growth ?? 0 });
    if (back === 0) return;
    await members.applyGrowth(tx, { shopperId: done.shopperId, delta: -back, reason: 'order_refunded', orderId: event.orderId, refKey: String(event.eventId), actor: 'system', changeReason: 'refund' });
  }

  feed.subscribe(jobs, 'members-growth', ['order.completed', 'order.refunded'], async (tx, event) => {
    if (event.type === 'order.completed') await onCompleted(tx, event);
    else await onRefunded(tx, event);
  });
}
