// Delivery (签收) of a shipped order's parcels: once every parcel is delivered, the order completes
// by itself N days after the last delivery (instead of N days after shipping), and the shopper is told.
// Parcels delivered while the order still had units to ship count when its last parcel is delivered.
import type { Tx } from '../../platform/db.ts';
import { formatShopTime } from '../notifications/index.ts';
import { deliveryAutoCompleteAt } from '../tracking/index.ts';
import type { OrderDeps, OrderEffects } from './orders-effects.ts';
import { eventsOf, lockOrder, shipmentsOf, updateOrder, type OrderRow } from './orders.repo.ts';

export function createDeliveryUseCases(deps: OrderDeps, effects: OrderEffects) {
  const { clock } = deps;

  /** Moves the auto-complete time of a shipped order whose parcels are all delivered; once per order. */
  async function settleDelivery(tx: Tx, order: OrderRow): Promise<OrderRow> {
    if (order.status !== 'shipped') return order;
    const settings = await deps.settings.get(tx);
    const parcels = await shipmentsOf(tx, order.id);
    const autoCompleteAt = deliveryAutoCompleteAt(parcels, settings.autoCompleteAfterDeliveryDays);
    if (!autoCompleteAt) return order;
    if ((await eventsOf(tx, order.id)).some((e) => e.type === 'order.delivered')) return order;
    const updated = (await updateOrder(tx, order.id, { autoCompleteAt, updatedAt: clock.now() }))!;
    const lastDeliveredAt = new Date(autoCompleteAt.getTime() - settings.autoCompleteAfterDeliveryDays * 86_400_000);
    await effects.recordEvent(tx, order.id, { type: 'order.delivered', actor: 'system', data: { parcels: parcels.length, lastDeliveredAt, autoCompleteAt } });
    const parcelsText = parcels.length > 1 ? `的 ${parcels.length} 个包裹已全部签收` : '已签收';
    await effects.tellShopper(
      tx,
      order,
      'order.delivered',
      '订单已签收',
      `订单 ${order.orderNo} ${parcelsText}，如无问题将于 ${formatShopTime(autoCompleteAt, settings.timeZone)} 自动确认收货。`,
    );
    return updated;
  }

  /** Tracking reports a parcel of the order delivered (inside its transaction). */
  async function onParcelDelivered(tx: Tx, orderId: number): Promise<void> {
    const order = await lockOrder(tx, orderId);
    if (order) await settleDelivery(tx, order);
  }

  return { settleDelivery, onParcelDelivered };
}
