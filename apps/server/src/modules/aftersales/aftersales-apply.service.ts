import crypto from 'node:crypto';
import {
  AFTERSALES_LIMITS,
  AFTERSALES_REASONS,
  AFTERSALES_TYPES,
  type AfterSalesApplyInput,
  type AfterSalesEligibility,
  type AfterSalesType,
} from '@mall/contract';
import type { DbOrTx, Tx } from '../../platform/db.ts';
import { PG_UNIQUE_VIOLATION, pgConstraint, pgErrorCode } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { detectImageType, IMAGE_CONTENT_TYPES, randomKey } from '../../platform/storage.ts';
import type { AfterSalesOrder, AfterSalesOrderLine } from './aftersales.ports.ts';
import { lineAllowance, lineRefundCap, orderBlockers, refundCap, shippingRefundCap } from './aftersales.rules.ts';
import * as repo from './aftersales.repo.ts';
import { ORDER, yuan } from './aftersales.views.ts';
import type { AfterSalesDeps, TicketMoves } from './aftersales-moves.ts';

/** Content types a client may declare for a photo; the bytes decide which it is. */
const DECLARABLE = [...Object.values(IMAGE_CONTENT_TYPES), 'image/jpg', 'application/octet-stream'];

interface OrderContext {
  order: AfterSalesOrder;
  openByLine: Map<number, number>;
  returned: Map<number, number>;
  windowEndsAt: Date | null;
  blockers: ReturnType<typeof orderBlockers>['blockers'];
}

export function createApplyUseCases(deps: AfterSalesDeps, moves: TicketMoves) {
  const { db, clock } = deps;

  async function loadOrder(tx: DbOrTx, shopperId: number, orderId: number): Promise<OrderContext> {
    const order = await deps.orders.getOrderForAfterSales(tx, shopperId, orderId);
    if (!order || order.shopperId !== shopperId) throw notFound(ORDER, orderId);
    const settings = await deps.settings.get(tx);
    const { blockers, windowEndsAt } = orderBlockers(order, clock.now(), settings.afterSalesDays);
    if (blockers.includes('window_expired')) blockers.splice(0, blockers.length, 'window_expired');
    const [openByLine, returned] = await Promise.all([repo.openTicketsByLine(tx, orderId), repo.returnedQuantities(tx, orderId)]);
    return { order, openByLine, returned, windowEndsAt, blockers };
  }

  const allowanceOf = (context: OrderContext, line: AfterSalesOrderLine) =>
    lineAllowance(line, { returnedQuantity: context.returned.get(line.id) ?? 0, hasOpenTicket: context.openByLine.has(line.id) });

  /** Which lines and quantities of the shopper's order may be applied for, and why not. */
  async function eligibility(shopperId: number, orderId: number): Promise<AfterSalesEligibility> {
    return db.transaction(async (tx) => {
      const context = await loadOrder(tx, shopperId, orderId);
      const { order } = context;
      const orderOk = context.blockers.length === 0;
      const lines = order.lines.map((line) => {
        const allowance = allowanceOf(context, line);
        const maxQuantity = orderOk ? allowance.maxQuantity : { refund_only: 0, return_refund: 0, exchange: 0 };
        return {
          orderLineId: line.id,
          title: line.title,
          imageUrl: line.imageUrl,
          specValues: line.specValues,
          quantity: line.quantity,
          payAmount: line.payAmount,
          refundedQuantity: line.refundedQuantity,
          refundedAmount: line.refundedAmount,
          maxQuantity,
          maxRefundAmount: maxQuantity.refund_only > 0 ? lineRefundCap(line, maxQuantity.refund_only) : 0,
          blockers: allowance.blockers,
          openTicketId: context.openByLine.get(line.id) ?? null,
        };
      });
      const everything = new Map(order.lines.map((line) => [line.id, line.quantity - line.refundedQuantity]));
      const types = AFTERSALES_TYPES.filter((type) => lines.some((line) => line.maxQuantity[type] > 0));
      return {
        orderId: order.id,
        orderNo: order.orderNo,
        eligible: types.length > 0,
        blockers: context.blockers,
        windowEndsAt: context.windowEndsAt,
        shippingFeeRefundable: lines.every((l) => l.maxQuantity.refund_only === l.quantity - l.refundedQuantity) ? shippingRefundCap(order, 'refund_only', everything) : 0,
        types,
        reasons: [...AFTERSALES_REASONS],
        lines,
      };
    });
  }

  function assertOrderOpen(context: OrderContext, afterSalesDays: number) {
    if (context.blockers.includes('window_expired')) throw new AppError('AFTERSALES_WINDOW_EXPIRED', { days: afterSalesDays });
    if (context.blockers.length > 0) throw new AppError('AFTERSALES_ORDER_NOT_ELIGIBLE', { status: context.order.status });
  }

  /** Checks each requested line against what may be applied for; returns the order lines in request order. */
  function checkLines(context: OrderContext, type: AfterSalesType, requested: AfterSalesApplyInput['lines']): AfterSalesOrderLine[] {
    const byId = new Map(context.order.lines.map((line) => [line.id, line]));
    return requested.map((wanted, i) => {
      const line = byId.get(wanted.orderLineId);
      if (!line) throw new AppError('VALIDATION_FAILED', {}, [{ path: `lines.${i}.orderLineId`, message: 'not a line of this order' }]);
      const allowance = allowanceOf(context, line);
      const title = line.title;
      if (allowance.blockers.includes('after_sales_not_allowed')) throw new AppError('AFTERSALES_NOT_ALLOWED', { title });
      if (allowance.blockers.includes('open_ticket')) throw new AppError('AFTERSALES_LINE_HAS_OPEN_TICKET', { title });
      const max = allowance.maxQuantity[type];
      if (type !== 'refund_only' && max === 0 && allowance.maxQuantity.refund_only > 0) throw new AppError('AFTERSALES_NOT_SHIPPED', { title });
      if (wanted.quantity > max) throw new AppError('AFTERSALES_QUANTITY_EXCEEDED', { title, max });
      return line;
    });
  }

  function ticketNo(): string {
    const day = clock.now().toISOString().slice(0, 10).replace(/-/g, '');
    return `AS${day}${crypto.randomInt(0, 1e10).toString().padStart(10, '0')}`;
  }

  /** A shopper's application on lines of one of their paid orders; one transaction (the caller's). */
  async function apply(tx: Tx, shopperId: number, input: AfterSalesApplyInput) {
    const settings = await deps.settings.get(tx);
    const context = await loadOrder(tx, shopperId, input.orderId);
    assertOrderOpen(context, settings.afterSalesDays);
    const orderLines = checkLines(context, input.type, input.lines);
    const cap = refundCap(context.order, input.type, input.lines);
    const requestedAmount = input.refundAmount ?? cap.total;
    if (requestedAmount > cap.total) throw new AppError('AFTERSALES_AMOUNT_EXCEEDS_CAP', { max: yuan(cap.total) });
    const now = clock.now();
    const ticket = await repo.insertTicket(tx, {
      ticketNo: ticketNo(),
      shopperId,
      orderId: context.order.id,
      orderNo: context.order.orderNo,
      type: input.type,
      status: 'pending_review',
      reason: input.reason,
      description: input.description,
      photos: input.photos,
      requestedAmount,
      createdAt: now,
      updatedAt: now,
    });
    try {
      await repo.insertLines(
        tx,
        orderLines.map((line, i) => ({
          ticketId: ticket.id,
          orderLineId: line.id,
          title: line.title,
          imageUrl: line.imageUrl,
          specValues: line.specValues,
          quantity: input.lines[i]!.quantity,
        })),
      );
    } catch (error) {
      // Another application took one of the lines meanwhile.
      if (pgErrorCode(error) === PG_UNIQUE_VIOLATION && pgConstraint(error) === 'aftersales_ticket_lines_open_uq') {
        throw new AppError('AFTERSALES_LINE_HAS_OPEN_TICKET', { title: orderLines.map((l) => l.title).join('、') });
      }
      throw error;
    }
    if ((await repo.claimPhotos(tx, shopperId, input.photos, ticket.id)) !== input.photos.length) throw new AppError('AFTERSALES_PHOTO_INVALID');
    await moves.history(tx, ticket, null, { action: 'apply', by: { kind: 'shopper' }, note: input.description || null, data: { requestedAmount } });
    await moves.notifyShopper(tx, ticket);
    await deps.notifications.notifyStaff(tx, {
      kind: 'aftersales.created',
      permission: 'aftersales.handle',
      titleZh: `新售后申请 ${ticket.ticketNo}（订单 ${ticket.orderNo}）`,
      titleEn: `New after-sales application ${ticket.ticketNo} (order ${ticket.orderNo})`,
      data: { ticketId: ticket.id, orderId: ticket.orderId, type: ticket.type },
    });
    return moves.detail(tx, ticket, 'shopper');
  }

  /** Stores a photo for a later application; the type comes from the file's own bytes. */
  async function uploadPhoto(shopperId: number, file: { data: Buffer; declaredType: string }): Promise<{ url: string }> {
    const type = detectImageType(file.data);
    if (!type || !DECLARABLE.includes(file.declaredType.toLowerCase())) throw new AppError('IMAGE_TYPE_UNSUPPORTED');
    if ((await repo.countUnusedPhotos(db, shopperId)) >= AFTERSALES_LIMITS.pendingPhotosMax) {
      throw new AppError('AFTERSALES_PHOTO_LIMIT', { max: AFTERSALES_LIMITS.pendingPhotosMax });
    }
    const stored = await deps.storage.put(randomKey(`aftersales/${shopperId}`, type === 'jpeg' ? 'jpg' : type), file.data, IMAGE_CONTENT_TYPES[type]);
    try {
      await repo.insertPhoto(db, { shopperId, storageKey: stored.key, url: stored.url, createdAt: clock.now() });
    } catch (error) {
      await deps.storage.delete(stored.key).catch(() => undefined);
      throw error;
    }
    return { url: stored.url };
  }

  return { eligibility, apply, uploadPhoto };
}
