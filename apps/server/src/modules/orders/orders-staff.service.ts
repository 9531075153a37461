// Staff work on an order: ship (in parts), close with a refund, remarks. Each writes an audit row.
import type { CloseOrderInput, ShipOrderInput } from '@mall/contract';
import { recordAudit, type StaffContext } from '../../platform/audit.ts';
import type { Tx } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { everythingShipped, planShipment } from './orders.rules.ts';
import { ORDER_REF, refIdOf, yuan, type OrderDeps, type OrderEffects } from './orders-effects.ts';
import { ORDER } from './orders-lifecycle.service.ts';
import { addLineRefund, addShipped, insertShipment, linesOf, lockOrder, updateOrder, type OrderRow } from './orders.repo.ts';
import type { PresaleMoney } from './orders-presale-money.ts';
import type { PresaleLifecycle } from './orders-presale-lifecycle.service.ts';
import { createPresaleClose } from './orders-presale-close.service.ts';
import type { PreorderStaffHooks } from './orders-preorder-payment.ts';
import { createDeliveryUseCases } from './orders-delivery.service.ts';
import { findActiveCarrier, firstPollAt } from '../tracking/index.ts';

const staffName = (ctx: StaffContext) => `staff:${ctx.actor.username}`;

export function createStaffUseCases(deps: OrderDeps, effects: OrderEffects, money: PresaleMoney, presaleLifecycle: PresaleLifecycle, preorder?: PreorderStaffHooks) {
  const { db, clock, inventory, payments, points } = deps;
  const presaleClose = createPresaleClose(deps, effects, money, presaleLifecycle);
  const delivery = createDeliveryUseCases(deps, effects);

  /** The carrier as stored: a listed, active carrier by its code (its name stored), or the free text given. */
  async function carrierOf(tx: Tx, input: ShipOrderInput): Promise<{ carrier: string; carrierCode: string | null }> {
    if (input.carrierCode === undefined) return { carrier: input.carrier!, carrierCode: null };
    const listed = await findActiveCarrier(tx, input.carrierCode);
    if (!listed) throw new AppError('TRACKING_CARRIER_UNKNOWN', { code: input.carrierCode }, [{ path: 'carrierCode', message: `unknown or inactive carrier ${input.carrierCode}` }]);
    return { carrier: listed.name, carrierCode: listed.code };
  }

  async function lockForStaff(tx: Tx, orderId: number, to: 'shipped' | 'closed'): Promise<OrderRow> {
    const order = await lockOrder(tx, orderId);
    if (!order) throw notFound(ORDER, orderId);
    if (order.status !== 'awaiting_shipment') throw new AppError('ORDER_STATE_INVALID', { from: order.status, to });
    return order;
  }

  /**
   * Ships the given units (all not yet shipped when none are given) under one tracking number.
   * The shipped units leave stock; when nothing is left to ship the order becomes shipped and
   * its auto-complete clock starts.
   */
  async function ship(ctx: StaffContext, orderId: number, input: ShipOrderInput): Promise<OrderRow> {
    return db.transaction(async (tx) => {
      const order = await lockForStaff(tx, orderId, 'shipped');
      const plan = planShipment(await linesOf(tx, order.id), input.lines);
      const now = clock.now();
      const { carrier, carrierCode } = await carrierOf(tx, input);
      const parts = plan.map((p) => ({ orderLineId: p.line.id, quantity: p.quantity }));
      const shipment = await insertShipment(
        tx,
        { orderId: order.id, carrier, carrierCode, trackingNo: input.trackingNo, shippedAt: now, actor: staffName(ctx), nextPollAt: firstPollAt(now) },
        parts,
      );
      if (!shipment) throw new AppError('SHIPMENT_TRACKING_TAKEN', { carrier, trackingNo: input.trackingNo });
      for (const p of plan) {
        await addShipped(tx, p.line.id, p.quantity);
        // A presale line holds campaign quota, not stock: the goods were made for the order.
        if (p.line.presaleItemId !== null) continue;
        await inventory.commitPart(tx, { refType: ORDER_REF, refId: refIdOf(order.id), skuId: p.line.skuId, quantity: p.quantity, actor: ctx, reason: 'shipment' });
      }
      // An authorised pre-order's payment is captured as its goods leave.
      if (order.kind === 'preorder' && preorder) await preorder.onShipped(tx, order, staffName(ctx));
      const data = { shipmentId: shipment.id, carrier, carrierCode, trackingNo: input.trackingNo, lines: parts };
      let result = order;
      if (everythingShipped(await linesOf(tx, order.id))) {
        const settings = await deps.settings.get(tx);
        const autoCompleteAt = new Date(now.getTime() + settings.autoCompleteDays * 86_400_000);
        result = await effects.transition(tx, order, 'shipped', { shippedAt: now, autoCompleteAt }, { type: 'order.shipped', actor: staffName(ctx), data });
      } else {
        await effects.recordEvent(tx, order.id, { type: 'order.partially_shipped', actor: staffName(ctx), data });
        result = (await updateOrder(tx, order.id, { updatedAt: now }))!;
      }
      const partly = result.status === 'shipped' ? '' : '部分商品';
      await effects.tellShopper(tx, order, 'order.shipped', `订单${partly}已发货`, `订单 ${order.orderNo} ${partly}已由 ${carrier} 发出，运单号 ${input.trackingNo}。`, String(shipment.id));
      await recordAudit(tx, clock, ctx, { action: 'order.ship', entityType: 'order', entityId: order.id, changes: data });
      return result;
    });
  }

  /**
   * Closes a paid order that has not shipped: stock back on sale, the money refunded through
   * the payment that paid it, the points spent given back.
   */
  async function close(ctx: StaffContext, orderId: number, input: CloseOrderInput): Promise<OrderRow> {
    return db.transaction(async (tx) => {
      const locked = await lockOrder(tx, orderId);
      if (locked?.kind === 'preorder' && preorder) return preorder.close(tx, ctx, locked, input);
      if (locked && locked.kind !== 'normal') return presaleClose.forceClose(tx, ctx, locked, input);
      if (input.keepDeposit || input.merchantDefault) throw new AppError('VALIDATION_FAILED', {}, [{ path: 'keepDeposit', message: 'only for presale orders' }]);
      const order = await lockForStaff(tx, orderId, 'closed');
      const refundable = order.paidAmount - order.refundedAmount;
      let refundNo: string | null = null;
      if (refundable > 0 && order.paidPaymentId !== null) {
        const refund = await payments.refund(tx, { paymentId: order.paidPaymentId, amount: refundable, reason: input.reason, refType: ORDER_REF, refId: refIdOf(order.id), requestedBy: staffName(ctx) });
        refundNo = refund.refundNo;
      }
      for (const line of await linesOf(tx, order.id)) {
        if (line.refundedQuantity < line.quantity || line.refundedAmount < line.payAmount) {
          await addLineRefund(tx, line.id, line.quantity - line.refundedQuantity, line.payAmount - line.refundedAmount);
        }
      }
      const now = clock.now();
      const data = { refundAmount: refundable, refundNo };
      const moved = await effects.transition(
        tx,
        order,
        'closed',
        { closedAt: now, closeReason: input.reason, refundedAmount: order.paidAmount },
        { type: 'order.closed', actor: staffName(ctx), note: input.reason, data },
      );
      await inventory.release(tx, { refType: ORDER_REF, refId: refIdOf(order.id), actor: ctx, reason: 'cancel' });
      if (order.pointsUsed > 0) await points.refundSpent(tx, { shopperId: order.shopperId, orderId: order.id });
      await effects.tellShopper(tx, order, 'order.closed', '订单已关闭', `订单 ${order.orderNo} 已关闭（${input.reason}），¥${yuan(refundable)} 将原路退回。`);
      await recordAudit(tx, clock, ctx, { action: 'order.close', entityType: 'order', entityId: order.id, changes: { reason: input.reason, ...data } });
      return moved;
    });
  }

  async function remark(ctx: StaffContext, orderId: number, text: string): Promise<OrderRow> {
    return db.transaction(async (tx) => {
      const order = await lockOrder(tx, orderId);
      if (!order) throw notFound(ORDER, orderId);
      const updated = await updateOrder(tx, order.id, { staffRemark: text, updatedAt: clock.now() });
      await effects.recordEvent(tx, order.id, { type: 'order.remarked', actor: staffName(ctx), note: text });
      await recordAudit(tx, clock, ctx, { action: 'order.remark', entityType: 'order', entityId: order.id, changes: { staffRemark: [order.staffRemark, text] } });
      return updated!;
    });
  }

  return { ship, close, remark, onParcelDelivered: delivery.onParcelDelivered };
}
