import {
  shopDay,
  type InstallationAdminItem,
  type InstallationAppointment,
  type InstallationPeriod,
  type InstallationSettings,
  type InstallationSlots,
  type InstallationStatus,
  type OrderInstallation,
  type ProductInstallation,
  type ShopSettings,
} from '@mall/contract';
import type { Clock } from '../../platform/clock.ts';
import type { Db, DbOrTx, Tx } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { recordAudit, type StaffContext } from '../../platform/audit.ts';
import type { NotificationService } from '../notifications/index.ts';
import * as repo from './installation.repo.ts';
import {
  assertBookable,
  assertOffered,
  assertRoom,
  BOOKABLE_ORDER_STATUSES,
  COMPLETABLE_ORDER_STATUSES,
  CONFIRMABLE_ORDER_STATUSES,
  offeredDays,
  slotGrid,
  slotKey,
  slotText,
  statusAfter,
  type InstallationAction,
} from './installation.rules.ts';

export interface InstallationDeps {
  db: Db;
  clock: Clock;
  settings: { get(tx?: DbOrTx): Promise<ShopSettings> };
  notifications: Pick<NotificationService, 'notifyShopper' | 'notifyStaff'>;
}

const ORDER = { zh: '订单', en: 'Order' };
const APPOINTMENT = { zh: '安装预约', en: 'Installation appointment' };
const PRODUCT = { zh: '商品', en: 'Product' };

type Slot = { slotDate: string; slotPeriod: InstallationPeriod };

function view(row: repo.AppointmentRow, orderNo: string): InstallationAppointment {
  return {
    id: row.id,
    orderId: row.orderId,
    orderNo,
    status: row.status as InstallationStatus,
    slotDate: row.slotDate,
    slotPeriod: row.slotPeriod as InstallationPeriod,
    contactName: row.contactName,
    contactPhone: row.contactPhone,
    note: row.note,
    staffNote: row.staffNote,
    technician: row.technician,
    confirmedAt: row.confirmedAt,
    completedAt: row.completedAt,
    cancelledAt: row.cancelledAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

const addressLine = (a: repo.OrderForInstallation['address']) => `${a.receiver} ${a.phone} ${a.province}${a.city}${a.district} ${a.detail}`;

/** Delivery-and-installation appointments (送装一体) for orders with large appliances. */
export function createInstallationService(deps: InstallationDeps) {
  const { db, clock, settings, notifications } = deps;

  async function window(tx: DbOrTx): Promise<{ today: string; rules: InstallationSettings }> {
    const s = await settings.get(tx);
    return { today: shopDay(clock.now(), s.timeZone), rules: s.installation };
  }

  /** Takes a place in the slot for `appointmentId` (or a new one): the slot lock makes count-then-write safe. */
  async function claimPlace(tx: Tx, slot: Slot, capacity: number, appointmentId?: number) {
    await repo.lockSlot(tx, slot.slotDate, slot.slotPeriod);
    assertRoom(slot.slotDate, slot.slotPeriod, capacity, await repo.countTaken(tx, slot.slotDate, slot.slotPeriod, appointmentId));
  }

  async function shopperOrder(tx: DbOrTx, shopperId: number, orderId: number) {
    const order = await repo.orderFor(tx, orderId);
    if (!order || order.shopperId !== shopperId) throw notFound(ORDER, orderId);
    return order;
  }

  // ---------- products ----------

  async function ofProduct(productId: number): Promise<ProductInstallation> {
    const row = await repo.findProduct(db, productId);
    if (!row && !(await repo.productExists(db, productId))) throw notFound(PRODUCT, productId);
    return { productId, offered: row !== undefined, note: row?.note ?? '' };
  }

  async function listProducts() {
    return { items: await repo.listProducts(db) };
  }

  async function markProduct(ctx: StaffContext, productId: number, note: string) {
    return db.transaction(async (tx) => {
      if (!(await repo.productExists(tx, productId))) throw new AppError('INSTALLATION_PRODUCT_UNKNOWN', { id: productId });
      const before = await repo.findProduct(tx, productId);
      const row = await repo.upsertProduct(tx, productId, note, clock.now());
      await recordAudit(tx, clock, ctx, { action: 'installation.product_mark', entityType: 'product', entityId: productId, changes: { note: [before?.note ?? null, row.note] } });
      return { productId, offered: true, note: row.note };
    });
  }

  async function unmarkProduct(ctx: StaffContext, productId: number) {
    return db.transaction(async (tx) => {
      const row = await repo.deleteProduct(tx, productId);
      if (!row) throw notFound({ zh: '可安装商品', en: 'Installable product' }, productId);
      await recordAudit(tx, clock, ctx, { action: 'installation.product_unmark', entityType: 'product', entityId: productId, changes: { note: row.note } });
      return { ok: true as const };
    });
  }

  // ---------- slots ----------

  async function slots(shopperId: number, orderId?: number): Promise<InstallationSlots> {
    let mine: string | null = null;
    if (orderId !== undefined) {
      await shopperOrder(db, shopperId, orderId);
      const current = await repo.latestOf(db, orderId);
      if (current && (current.status === 'requested' || current.status === 'confirmed')) mine = slotKey(current.slotDate, current.slotPeriod as InstallationPeriod);
    }
    const { today, rules } = await window(db);
    const days = offeredDays(today, rules);
    const taken = await repo.takenBetween(db, days[0]!, days[days.length - 1]!);
    return { from: days[0]!, to: days[days.length - 1]!, items: slotGrid(days, rules.capacityPerPeriod, taken, mine) };
  }

  // ---------- shopper ----------

  async function ofOrder(shopperId: number, orderId: number): Promise<OrderInstallation> {
    const order = await shopperOrder(db, shopperId, orderId);
    const row = await repo.latestOf(db, orderId);
    const offered = order.installable.length > 0;
    const live = row !== undefined && row.status !== 'cancelled';
    return {
      offered,
      canBook: offered && !live && BOOKABLE_ORDER_STATUSES.includes(order.status),
      canChange: row?.status === 'requested',
      appointment: row ? view(row, order.orderNo) : null,
    };
  }

  async function book(shopperId: number, orderId: number, body: Slot & { contactName: string; contactPhone: string; note: string }) {
    return db.transaction(async (tx) => {
      await repo.lockOrder(tx, orderId);
      const order = await shopperOrder(tx, shopperId, orderId);
      if (order.installable.length === 0) throw new AppError('INSTALLATION_NOT_OFFERED');
      assertBookable(order.status);
      const current = await repo.latestOf(tx, orderId);
      if (current && current.status !== 'cancelled') throw new AppError('INSTALLATION_ALREADY_BOOKED');
      const { today, rules } = await window(tx);
      assertOffered(body.slotDate, today, rules);
      await claimPlace(tx, body, rules.capacityPerPeriod);
      const now = clock.now();
      const row = await repo.insertAppointment(tx, { orderId, shopperId, status: 'requested', ...body, createdAt: now, updatedAt: now });
      await notifications.notifyStaff(tx, {
        kind: 'installation.requested',
        permission: 'installation.manage',
        titleZh: `订单 ${order.orderNo} 预约安装：${slotText(row.slotDate, body.slotPeriod)}，待确认`,
        titleEn: `Order ${order.orderNo} asks for installation on ${row.slotDate} (${body.slotPeriod}); please confirm`,
        data: { orderId, orderNo: order.orderNo, appointmentId: row.id },
      });
      return view(row, order.orderNo);
    });
  }

  /** The shopper's own change or cancellation, while the appointment is still only requested. */
  async function shopperAct(shopperId: number, orderId: number, action: 'shopper_change' | 'shopper_cancel', patch: Partial<Slot & { contactName: string; contactPhone: string; note: string }>) {
    return db.transaction(async (tx) => {
      await repo.lockOrder(tx, orderId);
      const order = await shopperOrder(tx, shopperId, orderId);
      const row = await repo.latestOf(tx, orderId);
      if (!row || row.status === 'cancelled') throw notFound(APPOINTMENT, orderId);
      const to = statusAfter(row.status as InstallationStatus, action);
      const now = clock.now();
      if (action === 'shopper_change' && patch.slotDate && patch.slotPeriod) {
        const { today, rules } = await window(tx);
        assertOffered(patch.slotDate, today, rules);
        await claimPlace(tx, { slotDate: patch.slotDate, slotPeriod: patch.slotPeriod }, rules.capacityPerPeriod, row.id);
      }
      const values = action === 'shopper_cancel' ? { status: to, cancelledAt: now, updatedAt: now } : { ...patch, updatedAt: now };
      const moved = await repo.updateAppointment(tx, row.id, row.status as InstallationStatus, values);
      if (!moved) throw new AppError('CONFLICT');
      return view(moved, order.orderNo);
    });
  }

  const change = (shopperId: number, orderId: number, body: Slot & { contactName?: string; contactPhone?: string; note?: string }) =>
    shopperAct(shopperId, orderId, 'shopper_change', Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)));
  const cancelByShopper = (shopperId: number, orderId: number) => shopperAct(shopperId, orderId, 'shopper_cancel', {});

  // ---------- staff ----------

  async function list(query: repo.AdminFilter) {
    const { rows, total } = await repo.listForStaff(db, query);
    const items: InstallationAdminItem[] = rows.map((r) => ({
      ...view(r.appointment, r.orderNo),
      shopperId: r.appointment.shopperId,
      orderStatus: r.orderStatus,
      confirmedBy: r.appointment.confirmedBy,
      products: r.products,
      address: addressLine(r.address),
    }));
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  interface StaffChange {
    slot?: Slot;
    set: Partial<repo.NewAppointment>;
    /** What the shopper is told, if anything. */
    tell?: (row: repo.AppointmentRow) => { kind: string; title: string; body: string };
  }

  /** One staff action: order lock, state rule, slot capacity on a move, compare-and-set, audit, message. */
  async function staffAct(ctx: StaffContext, id: number, action: InstallationAction, plan: (row: repo.AppointmentRow, order: repo.OrderForInstallation) => StaffChange) {
    return db.transaction(async (tx) => {
      const found = await repo.findAppointment(tx, id);
      if (!found) throw notFound(APPOINTMENT, id);
      await repo.lockOrder(tx, found.orderId);
      const row = (await repo.findAppointment(tx, id))!;
      const order = (await repo.orderFor(tx, row.orderId))!;
      const to = statusAfter(row.status as InstallationStatus, action);
      const { slot, set, tell } = plan(row, order);
      if (slot && slotKey(slot.slotDate, slot.slotPeriod) !== slotKey(row.slotDate, row.slotPeriod as InstallationPeriod)) {
        const { today, rules } = await window(tx);
        // Staff may also use the days before the shopper's lead time, from today on.
        assertOffered(slot.slotDate, today, { leadDays: 0, daysAhead: rules.leadDays + rules.daysAhead });
        await claimPlace(tx, slot, rules.capacityPerPeriod, row.id);
      }
      const now = clock.now();
      const moved = await repo.updateAppointment(tx, row.id, row.status as InstallationStatus, { ...set, ...(slot ?? {}), status: to, updatedAt: now });
      if (!moved) throw new AppError('CONFLICT');
      const changes = Object.fromEntries(
        Object.entries({ status: [row.status, moved.status], slotDate: [row.slotDate, moved.slotDate], slotPeriod: [row.slotPeriod, moved.slotPeriod], technician: [row.technician, moved.technician], staffNote: [row.staffNote, moved.staffNote] }).filter(
          ([, [a, b]]) => a !== b,
        ),
      );
      await recordAudit(tx, clock, ctx, { action: `installation.${action}`, entityType: 'installation_appointment', entityId: row.id, changes: { orderNo: order.orderNo, ...changes } });
      if (tell) {
        const message = tell(moved);
        await notifications.notifyShopper(tx, {
          shopperId: moved.shopperId,
          ...message,
          data: { orderId: order.id, orderNo: order.orderNo, appointmentId: moved.id },
          dedupeKey: `${message.kind}:${moved.id}:${moved.updatedAt.getTime()}:${slotKey(moved.slotDate, moved.slotPeriod as InstallationPeriod)}`,
        });
      }
      return view(moved, order.orderNo);
    });
  }

  const slotOf = (row: repo.AppointmentRow) => slotText(row.slotDate, row.slotPeriod as InstallationPeriod);
  const by = (row: repo.AppointmentRow) => (row.technician ? `，安装师傅：${row.technician}` : '');

  const confirm = (ctx: StaffContext, id: number, body: { slotDate?: string; slotPeriod?: InstallationPeriod; technician: string; staffNote: string }) =>
    staffAct(ctx, id, 'confirm', (_row, order) => {
      if (!CONFIRMABLE_ORDER_STATUSES.includes(order.status)) throw new AppError('INSTALLATION_ORDER_UNPAID');
      return {
        slot: body.slotDate && body.slotPeriod ? { slotDate: body.slotDate, slotPeriod: body.slotPeriod } : undefined,
        set: { technician: body.technician, staffNote: body.staffNote, confirmedAt: clock.now(), confirmedBy: ctx.actor.username },
        tell: (row) => ({ kind: 'installation.confirmed', title: `安装预约已确认：${slotOf(row)}`, body: `订单 ${order.orderNo} 的送装服务已确认：${slotOf(row)}${by(row)}。请保持电话畅通。` }),
      };
    });

  const reschedule = (ctx: StaffContext, id: number, body: Slot & { technician?: string; staffNote?: string }) =>
    staffAct(ctx, id, 'reschedule', (_row, order) => ({
      slot: { slotDate: body.slotDate, slotPeriod: body.slotPeriod },
      set: { ...(body.technician !== undefined ? { technician: body.technician } : {}), ...(body.staffNote !== undefined ? { staffNote: body.staffNote } : {}) },
      tell: (row) => ({ kind: 'installation.rescheduled', title: `安装预约已改期：${slotOf(row)}`, body: `订单 ${order.orderNo} 的送装服务改为 ${slotOf(row)}${by(row)}。` }),
    }));

  const complete = (ctx: StaffContext, id: number, body: { staffNote?: string }) =>
    staffAct(ctx, id, 'complete', (_row, order) => {
      if (!COMPLETABLE_ORDER_STATUSES.includes(order.status)) throw new AppError('INSTALLATION_NOT_SHIPPED');
      return {
        set: { completedAt: clock.now(), ...(body.staffNote !== undefined ? { staffNote: body.staffNote } : {}) },
        tell: () => ({ kind: 'installation.completed', title: '安装已完成', body: `订单 ${order.orderNo} 的商品已安装完成，感谢您的耐心等待。` }),
      };
    });

  const cancel = (ctx: StaffContext, id: number, reason: string) =>
    staffAct(ctx, id, 'staff_cancel', (_row, order) => ({
      set: { cancelledAt: clock.now(), staffNote: reason },
      tell: (row) => ({ kind: 'installation.cancelled', title: '安装预约已取消', body: `订单 ${order.orderNo} 在 ${slotOf(row)} 的安装预约已取消：${reason}。如需重新预约，可在订单详情中操作。` }),
    }));

  /** Releases the places held by orders that were cancelled or closed. Safe on several instances. */
  async function sweepOrphans(): Promise<number> {
    return db.transaction(async (tx) => (await repo.cancelOrphans(tx, clock.now(), 200)).length);
  }

  return { ofProduct, listProducts, markProduct, unmarkProduct, slots, ofOrder, book, change, cancelByShopper, list, confirm, reschedule, complete, cancel, sweepOrphans };
}

export type InstallationService = ReturnType<typeof createInstallationService>;
