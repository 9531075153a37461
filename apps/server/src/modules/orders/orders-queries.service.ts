// Reading orders: the shopper's own, and the back office's lists, details and CSV export.
import type { AdminOrderListQuery, OrderListQuery, PaymentView, ShopSettings } from '@mall/contract';
import { ORDER_LIMITS } from '@mall/contract';
import type { DbOrTx } from '../../platform/db.ts';
import { notFound } from '../../platform/errors.ts';
import { shopperActions, staffActions } from './orders.rules.ts';
import { ORDER_REF, refIdOf, type OrderDeps } from './orders-effects.ts';
import { ORDER } from './orders-lifecycle.service.ts';
import { eventsOf, exportForStaff, findOrder, linesOf, linesOfOrders, listForShopper, listForStaff, shopperOf, type OrderEventRow, type OrderLineRow, type OrderRow } from './orders.repo.ts';
import { countsView, lineView, orderCoreView, shopperContactView, shopperTimeline, summaryView } from './orders-views.ts';
import { ordersToCsv } from './orders-csv.ts';
import { presaleDetailOf } from './orders-presale-views.ts';
import { preorderActionsOf } from './orders-preorder-views.ts';
import type { CampaignForOrder } from '../presale/index.ts';
import { parcelsForOrder } from '../tracking/index.ts';

export function createOrderQueries(deps: OrderDeps) {
  const { db, clock, payments } = deps;

  async function detailOf(tx: DbOrTx, order: OrderRow) {
    const [lines, events, shipments, paymentList, settings] = await Promise.all([
      linesOf(tx, order.id),
      eventsOf(tx, order.id),
      parcelsForOrder(tx, order.id),
      payments.listForRef(tx, ORDER_REF, refIdOf(order.id)),
      deps.settings.get(tx),
    ]);
    const presale = order.kind === 'preorder' ? await preorderActionsOf(tx, order) : await presaleDetailOf(tx, deps, order, paymentList);
    return assemble(order, { lines, events, shipments, payments: paymentList, settings }, presale);
  }

  function assemble(
    order: OrderRow,
    parts: { lines: OrderLineRow[]; events: OrderEventRow[]; shipments: Awaited<ReturnType<typeof parcelsForOrder>>; payments: readonly PaymentView[]; settings: ShopSettings },
    presale: Awaited<ReturnType<typeof presaleDetailOf>> | Awaited<ReturnType<typeof preorderActionsOf>>,
  ) {
    const { lines, settings } = parts;
    return {
      ...orderCoreView(order),
      presale: presale?.view ?? null,
      couponId: order.couponId,
      shopperNote: order.shopperNote,
      breakdown: order.breakdown,
      address: order.address,
      lines: lines.map(lineView),
      shipments: parts.shipments,
      payments: [...parts.payments],
      actions: shopperActions(order, lines, clock.now(), settings.afterSalesDays, presale?.actions ?? null),
      events: parts.events,
    };
  }

  /** The shopper's own order in full; another's or an unknown id is NOT_FOUND. Pass `tx` inside a use case. */
  async function getForShopper(shopperId: number, orderId: number, tx: DbOrTx = db) {
    const order = await findOrder(tx, orderId, shopperId);
    if (!order) throw notFound(ORDER, orderId);
    const { events, ...detail } = await detailOf(tx, order);
    return { ...detail, timeline: shopperTimeline(events) };
  }

  /**
   * The shopper's detail of an order just placed (normal or presale kind), from what the checkout
   * wrote instead of reading it back: no shipments nor payments can exist yet. The presale part is
   * still read by its own view, with the campaign the checkout priced the order with.
   */
  async function placedForShopper(tx: DbOrTx, order: OrderRow, known: { lines: OrderLineRow[]; events: OrderEventRow[]; settings: ShopSettings; campaign: CampaignForOrder | null }) {
    const { campaign } = known;
    const presaleDeps = {
      presale: {
        ...deps.presale,
        campaignForOrder: (d: DbOrTx, id: number, batchId?: number | null) =>
          campaign && id === campaign.id && (batchId ?? null) === null ? Promise.resolve(campaign) : deps.presale.campaignForOrder(d, id, batchId),
      },
    };
    const presale = await presaleDetailOf(tx, presaleDeps, order, []);
    const { events, ...detail } = assemble(order, { lines: known.lines, events: known.events, shipments: [], payments: [], settings: known.settings }, presale);
    return { ...detail, timeline: shopperTimeline(events) };
  }

  async function listOwn(shopperId: number, query: OrderListQuery) {
    const { items, total, counts } = await listForShopper(db, shopperId, query);
    const lines = await linesOfOrders(
      db,
      items.map((o) => o.id),
    );
    return { items: items.map((o) => summaryView(o, lines.get(o.id) ?? [])), total, page: query.page, pageSize: query.pageSize, counts: countsView(counts) };
  }

  async function getForStaff(orderId: number) {
    const order = await findOrder(db, orderId);
    if (!order) throw notFound(ORDER, orderId);
    const [{ events, ...detail }, shopper] = await Promise.all([detailOf(db, order), shopperOf(db, order.shopperId)]);
    return { ...detail, timeline: events, shopper: shopperContactView(shopper), staffRemark: order.staffRemark, staffActions: staffActions(order) };
  }

  async function listForBackOffice(query: AdminOrderListQuery) {
    const { items, total, counts } = await listForStaff(db, query);
    const lines = await linesOfOrders(
      db,
      items.map((r) => r.order.id),
    );
    return {
      items: items.map((r) => ({
        ...summaryView(r.order, lines.get(r.order.id) ?? []),
        shopper: shopperContactView({ id: r.order.shopperId, nickname: r.shopperNickname, phone: r.shopperPhone, email: r.shopperEmail }),
        receiver: r.order.address.receiver,
        receiverPhone: r.order.address.phone,
        staffRemark: r.order.staffRemark,
      })),
      total,
      page: query.page,
      pageSize: query.pageSize,
      counts: countsView(counts),
    };
  }

  /** The filtered orders as CSV, one row per order line (at most ORDER_LIMITS.exportRowsMax orders). */
  async function exportCsv(query: AdminOrderListQuery): Promise<string> {
    const rows = await exportForStaff(db, query, ORDER_LIMITS.exportRowsMax);
    const settings = await deps.settings.get(db);
    const lines = await linesOfOrders(
      db,
      rows.map((r) => r.order.id),
    );
    return ordersToCsv(
      rows.map((r) => ({ order: r.order, shopper: { phone: r.shopperPhone, email: r.shopperEmail }, lines: lines.get(r.order.id) ?? [] })),
      settings.timeZone,
    );
  }

  return { getForShopper, placedForShopper, listOwn, getForStaff, listForBackOffice, exportCsv };
}

export type OrderQueries = ReturnType<typeof createOrderQueries>;
