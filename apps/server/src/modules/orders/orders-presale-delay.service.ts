// A campaign's ship date moved (spec §4): every open order of the campaign is told, a paid one
// that is now later is marked delayed (its buyer may cancel with a full refund, deposit included)
// and gets the compensation staff attached, once.
import type { PresaleCompensation } from '@mall/contract';
import type { Tx } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { enqueue, type JobRunner } from '../../platform/jobs.ts';
import { SHIP_DATE_CHANGED_TOPIC, type ShipDateChangedPayload } from '../presale/index.ts';
import type { OrderDeps, OrderEffects } from './orders-effects.ts';
import { describeShip, hasPaid, isDelay, SHIP_CHANGE_STATUSES } from './orders-presale-delay.rules.ts';
import { compensationFailedBefore, findShipChange, lockShipChange, ordersReachedByChange, type ShipChangeRow } from './orders-presale-delay.repo.ts';
import type { PresaleLifecycle } from './orders-presale-lifecycle.service.ts';
import { updatePresaleOrder } from './orders-presale.repo.ts';
import { linesOf, lockOrder, type OrderRow } from './orders.repo.ts';

/** One outbox job per order a ship-date change reaches. */
export const SHIP_CHANGE_ORDER_TOPIC = 'presale.ship_date_changed.order';
export interface ShipChangeOrderPayload {
  changeId: number;
  orderId: number;
}

type Granted = { kind: 'points'; points: number } | { kind: 'coupon'; templateId: number; couponId: number } | { kind: 'coupon'; templateId: number; failed: string };

const idOf = (value: unknown) => {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : null;
};

export function createPresaleDelay(deps: OrderDeps, effects: OrderEffects, lifecycle: PresaleLifecycle) {
  const { clock, points, pricing, notifications } = deps;

  /** Fans a change out: one job per open order of the campaign placed before it, keyed by (change, order). */
  async function fanOut(tx: Tx, payload: ShipDateChangedPayload) {
    const changeId = idOf(payload.changeId);
    const change = changeId === null ? undefined : await findShipChange(tx, changeId);
    if (!change) {
      deps.log?.warn({ payload }, 'ship-date change not found; nothing to tell');
      return;
    }
    for (const orderId of await ordersReachedByChange(tx, change, SHIP_CHANGE_STATUSES)) {
      const job: ShipChangeOrderPayload = { changeId: change.id, orderId };
      await enqueue(tx, clock, { topic: SHIP_CHANGE_ORDER_TOPIC, payload: job, dedupeKey: `${SHIP_CHANGE_ORDER_TOPIC}:${change.id}:${orderId}` });
    }
  }

  /**
   * The compensation of one order, once (the job runs once; points are also keyed by the change).
   * A coupon the template can no longer give (sold out, switched off, claim period over) is
   * recorded on the timeline and staff are told (once per change); the job does not fail for it.
   */
  async function grant(tx: Tx, order: OrderRow, change: ShipChangeRow, compensation: PresaleCompensation): Promise<Granted> {
    if (compensation.kind === 'points') {
      await points.compensate(tx, { shopperId: order.shopperId, points: compensation.points, orderId: order.id, key: `ship_change:${change.id}` });
      return { kind: 'points', points: compensation.points };
    }
    const { templateId } = compensation;
    try {
      // A savepoint: a refused issue leaves nothing behind and the rest of the job goes on.
      const issued = await tx.transaction((sp) =>
        pricing.issueCouponsInTx(sp, { templateId, shopperIds: [order.shopperId], note: `预售延期补偿（订单 ${order.orderNo}）`, actor: null, issuedBy: change.actor }),
      );
      return { kind: 'coupon', templateId, couponId: issued.couponIds[0]! };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      await lockShipChange(tx, change.id);
      const firstFailure = !(await compensationFailedBefore(tx, change.id));
      await effects.recordEvent(tx, order.id, {
        type: 'presale.compensation_failed',
        actor: 'system',
        note: `补偿优惠券未能发放：${error.code}`,
        data: { changeId: change.id, templateId, code: error.code },
      });
      if (firstFailure) {
        await notifications.notifyStaff(tx, {
          kind: 'presale.compensation_failed',
          permission: 'orders.manage',
          titleZh: `预售延期补偿券（模板 ${templateId}）无法发放（${error.code}），请另行补偿受影响的订单`,
          titleEn: `The delay compensation coupon (template ${templateId}) could not be issued (${error.code}); compensate the affected orders another way`,
          data: { campaignId: change.campaignId, changeId: change.id, templateId, code: error.code, firstOrderId: order.id, firstOrderNo: order.orderNo },
        });
      }
      return { kind: 'coupon', templateId, failed: error.code };
    }
  }

  function grantedText(granted: Granted | null): string {
    if (!granted) return '';
    if (granted.kind === 'points') return `作为补偿，${granted.points} 积分已发放到您的账户。`;
    if ('couponId' in granted) return '作为补偿，一张优惠券已发放到您的账户。';
    return '补偿优惠券暂未能发放，商家将另行为您补偿。';
  }

  /** Tells one order's buyer of the change; marks a paid order delayed when it is later, and compensates it. */
  async function applyToOrder(tx: Tx, payload: ShipChangeOrderPayload) {
    const orderId = idOf(payload.orderId);
    const changeId = idOf(payload.changeId);
    const order = orderId === null ? undefined : await lockOrder(tx, orderId);
    const change = changeId === null ? undefined : await findShipChange(tx, changeId);
    if (!order || !change || !SHIP_CHANGE_STATUSES.includes(order.status)) return;
    const row = await lifecycle.presaleOf(tx, order);
    if (row.campaignId !== change.campaignId) return;
    const now = clock.now();
    const paid = hasPaid(order.status);
    // A part already shipped is not taken back by a cancel: such an order is told and compensated, not delayed.
    const nothingShipped = !(await linesOf(tx, order.id)).some((l) => l.shippedQuantity > 0);
    const delayed = paid && nothingShipped && isDelay(change.from, change.to, order.paidAt, now);
    if (delayed && row.delayedAt === null) await updatePresaleOrder(tx, order.id, { delayedAt: now, updatedAt: now });
    const granted = paid && change.compensation ? await grant(tx, order, change, change.compensation) : null;
    await effects.recordEvent(tx, order.id, {
      type: 'presale.ship_date_changed',
      actor: `staff:${change.actor}`,
      note: change.reason,
      data: { changeId: change.id, from: change.from, to: change.to, reason: change.reason, delayed, compensation: granted },
    });
    const { timeZone } = await deps.settings.get(tx);
    const from = describeShip(change.from, order.paidAt, timeZone);
    const to = describeShip(change.to, order.paidAt, timeZone);
    const rights = delayed
      ? '如不接受，您可以在订单页取消订单，已付款项（含定金）将全额原路退回。'
      : paid
        ? ''
        : '如不接受新的发货时间，您可以直接取消订单，或不付款（超时后自动取消）。';
    await effects.tellShopper(
      tx,
      order,
      'presale.ship_date_changed',
      '预计发货时间变更',
      `订单 ${order.orderNo} 的预计发货时间由 ${from} 改为 ${to}，原因：${change.reason}。${grantedText(granted)}${rights}`,
      String(change.id),
    );
  }

  function registerJobs(jobs: Pick<JobRunner, 'handle'>) {
    jobs.handle(SHIP_DATE_CHANGED_TOPIC, (tx, payload) => fanOut(tx, payload as ShipDateChangedPayload));
    jobs.handle(SHIP_CHANGE_ORDER_TOPIC, (tx, payload) => applyToOrder(tx, payload as ShipChangeOrderPayload));
  }

  return { fanOut, applyToOrder, registerJobs };
}
