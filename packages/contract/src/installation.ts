import { z } from 'zod';
import type { ErrorSpec } from './errors-common.ts';
import { pageOf, pageQuery, timestamp } from './common.ts';
import { addressPhone, addressText } from './addresses.ts';

export const installationErrors = {
  INSTALLATION_NOT_OFFERED: { status: 409, zh: '该订单中没有提供送装服务的商品', en: 'Nothing in this order comes with delivery and installation' },
  INSTALLATION_ORDER_STATE: {
    status: 409,
    zh: '订单当前状态（{status}）不能预约安装',
    en: 'An installation cannot be booked for an order in status {status}',
  },
  INSTALLATION_ALREADY_BOOKED: { status: 409, zh: '该订单已有安装预约，可修改或取消原预约', en: 'This order already has an installation appointment; change or cancel it instead' },
  INSTALLATION_SLOT_FULL: { status: 409, zh: '{date} {hours} 的安装名额已满，请选择其他时段', en: 'The installation slot {date} {hours} is full; please pick another' },
  INSTALLATION_SLOT_OUT_OF_RANGE: { status: 422, zh: '只能预约 {from} 至 {to} 的安装时段', en: 'Installation slots can only be booked from {from} to {to}' },
  INSTALLATION_STATE_INVALID: { status: 409, zh: '安装预约当前状态（{status}）不能执行此操作（{action}）', en: 'Cannot {action} an installation appointment that is {status}' },
  INSTALLATION_ASK_STAFF: {
    status: 409,
    zh: '安装预约已确认，如需改期或取消请联系客服',
    en: 'The installation appointment is confirmed; please ask customer service to change or cancel it',
  },
  INSTALLATION_ORDER_UNPAID: { status: 409, zh: '订单付款后才能确认安装预约', en: 'The order must be paid before its installation is confirmed' },
  INSTALLATION_NOT_SHIPPED: { status: 409, zh: '订单发货后才能完成安装', en: 'The installation can only be completed once the order has shipped' },
  INSTALLATION_PRODUCT_UNKNOWN: { status: 404, zh: '商品 {id} 不存在', en: 'No product {id}' },
} as const satisfies Record<string, ErrorSpec>;

export const INSTALLATION_STATUSES = ['requested', 'confirmed', 'completed', 'cancelled'] as const;
export type InstallationStatus = (typeof INSTALLATION_STATUSES)[number];
export const INSTALLATION_PERIODS = ['morning', 'afternoon', 'evening'] as const;
export type InstallationPeriod = (typeof INSTALLATION_PERIODS)[number];

export const INSTALLATION_LIMITS = { noteMax: 200, technicianMax: 30, contactNameMax: 30, productNoteMax: 200 } as const;

const installationSettingsDefaults = { capacityPerPeriod: 5, daysAhead: 14, leadDays: 1 };

/** How many appointments each period of a day takes, and which days are offered. */
export const installationSettingsSchema = z
  .object({
    /** Appointments each period (morning / afternoon / evening) of a day can take. */
    capacityPerPeriod: z.number().int().min(1).max(500).default(5),
    /** How many days are offered. */
    daysAhead: z.number().int().min(1).max(60).default(14),
    /** The first offered day is this many days after today (1 = tomorrow). */
    leadDays: z.number().int().min(0).max(30).default(1),
  })
  .default(installationSettingsDefaults);
export type InstallationSettings = z.infer<typeof installationSettingsSchema>;
export const installationSettingsPatch = z.object({
  capacityPerPeriod: z.number().int().min(1).max(500).optional(),
  daysAhead: z.number().int().min(1).max(60).optional(),
  leadDays: z.number().int().min(0).max(30).optional(),
});

/** A real calendar day written YYYY-MM-DD. */
export const slotDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'A date is YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'Not a calendar day');
export const slotPeriod = z.enum(INSTALLATION_PERIODS);

const noteText = z.string().max(INSTALLATION_LIMITS.noteMax).transform((s) => s.trim());

// ---------- product ----------

/** Whether a product comes with delivery and installation (送装一体), for the product page and checkout. */
export const productInstallation = z.object({ productId: z.number().int(), offered: z.boolean(), note: z.string() });
export type ProductInstallation = z.infer<typeof productInstallation>;

export const installationProduct = z.object({ productId: z.number().int(), title: z.string(), note: z.string(), createdAt: timestamp });
export type InstallationProduct = z.infer<typeof installationProduct>;
export const installationProductList = z.object({ items: z.array(installationProduct) });
export const installationProductBody = z.object({ note: z.string().max(INSTALLATION_LIMITS.productNoteMax).transform((s) => s.trim()).default('') });

// ---------- slots ----------

export const installationSlotsQuery = z.object({ orderId: z.coerce.number().int().positive().max(2_147_483_647).optional() });
export const installationSlot = z.object({
  date: z.string(),
  period: slotPeriod,
  capacity: z.number().int(),
  remaining: z.number().int(),
  /** The order's own live appointment holds this slot. */
  mine: z.boolean(),
});
export type InstallationSlot = z.infer<typeof installationSlot>;
export const installationSlots = z.object({ from: z.string(), to: z.string(), items: z.array(installationSlot) });
export type InstallationSlots = z.infer<typeof installationSlots>;

// ---------- shopper ----------

const slotChoice = { slotDate, slotPeriod };
export const installationBookBody = z.object({
  ...slotChoice,
  contactName: addressText(INSTALLATION_LIMITS.contactNameMax),
  contactPhone: addressPhone,
  note: noteText.default(''),
});
export type InstallationBookBody = z.input<typeof installationBookBody>;
export const installationChangeBody = z.object({
  ...slotChoice,
  contactName: addressText(INSTALLATION_LIMITS.contactNameMax).optional(),
  contactPhone: addressPhone.optional(),
  note: noteText.optional(),
});
export type InstallationChangeBody = z.input<typeof installationChangeBody>;

export const installationAppointment = z.object({
  id: z.number().int(),
  orderId: z.number().int(),
  orderNo: z.string(),
  status: z.enum(INSTALLATION_STATUSES),
  slotDate: z.string(),
  slotPeriod: slotPeriod,
  contactName: z.string(),
  contactPhone: z.string(),
  note: z.string(),
  staffNote: z.string(),
  technician: z.string(),
  confirmedAt: timestamp.nullable(),
  completedAt: timestamp.nullable(),
  cancelledAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type InstallationAppointment = z.infer<typeof installationAppointment>;

/** The installation part of a shopper's order: whether it may be booked, and the live (or last) appointment. */
export const orderInstallation = z.object({
  /** The order contains a product that comes with installation. */
  offered: z.boolean(),
  /** A new appointment may be booked now (offered, order status allows, none live). */
  canBook: z.boolean(),
  /** The shopper may still change or cancel it (it is only requested). */
  canChange: z.boolean(),
  appointment: installationAppointment.nullable(),
});
export type OrderInstallation = z.infer<typeof orderInstallation>;

// ---------- staff ----------

export const installationAdminQuery = pageQuery.extend({
  from: slotDate.optional(),
  to: slotDate.optional(),
  status: z.enum(INSTALLATION_STATUSES).optional(),
  orderNo: z.string().trim().max(40).optional(),
});
export type InstallationAdminQuery = z.input<typeof installationAdminQuery>;
export const installationAdminItem = installationAppointment.extend({
  shopperId: z.number().int(),
  orderStatus: z.string(),
  confirmedBy: z.string().nullable(),
  /** Titles of the order's installable lines. */
  products: z.array(z.string()),
  address: z.string(),
});
export type InstallationAdminItem = z.infer<typeof installationAdminItem>;
export const installationAdminPage = pageOf(installationAdminItem);

const technician = addressText(INSTALLATION_LIMITS.technicianMax);
export const installationConfirmBody = z
  .object({ slotDate: slotDate.optional(), slotPeriod: slotPeriod.optional(), technician, staffNote: noteText.default('') })
  .refine((b) => (b.slotDate === undefined) === (b.slotPeriod === undefined), { message: 'Give both slotDate and slotPeriod, or neither', path: ['slotPeriod'] });
export type InstallationConfirmBody = z.input<typeof installationConfirmBody>;
export const installationRescheduleBody = z.object({ ...slotChoice, technician: technician.optional(), staffNote: noteText.optional() });
export type InstallationRescheduleBody = z.input<typeof installationRescheduleBody>;
export const installationCompleteBody = z.object({ staffNote: noteText.optional() });
export const installationCancelBody = z.object({ reason: addressText(INSTALLATION_LIMITS.noteMax) });
export const installationShopperCancelBody = z.object({ reason: noteText.optional() });
