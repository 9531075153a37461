import { sql } from 'drizzle-orm';
import { index, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdUpdated, utc } from '../../platform/columns.ts';

/** Products that come with a delivery-and-installation appointment (送装一体), e.g. large appliances. */
export const installationProducts = pgTable('installation_products', {
  productId: integer('product_id').primaryKey(),
  /** What the shopper is told about the service, e.g. 免费上门安装，含标准安装材料. */
  note: text('note').notNull().default(''),
  createdAt: utc('created_at').notNull(),
});

/**
 * A delivery-and-installation appointment for an order: the shopper asks for a date and a period
 * of the day, staff confirm (or propose another slot), the technician completes it.
 * At most one live appointment per order.
 */
export const installationAppointments = pgTable(
  'installation_appointments',
  {
    id: serial('id').primaryKey(),
    orderId: integer('order_id').notNull(),
    shopperId: integer('shopper_id').notNull(),
    /** requested, confirmed, completed, cancelled */
    status: text('status').notNull(),
    /** The shop's calendar day, YYYY-MM-DD. */
    slotDate: text('slot_date').notNull(),
    /** morning, afternoon, evening */
    slotPeriod: text('slot_period').notNull(),
    contactName: text('contact_name').notNull(),
    contactPhone: text('contact_phone').notNull(),
    note: text('note').notNull().default(''),
    staffNote: text('staff_note').notNull().default(''),
    technician: text('technician').notNull().default(''),
    confirmedAt: utc('confirmed_at'),
    confirmedBy: text('confirmed_by'),
    completedAt: utc('completed_at'),
    cancelledAt: utc('cancelled_at'),
    ...createdUpdated(),
  },
  (t) => [
    uniqueIndex('installation_appointments_live_uq').on(t.orderId).where(sql`status <> 'cancelled'`),
    index('installation_appointments_slot_idx').on(t.slotDate, t.slotPeriod).where(sql`status IN ('requested', 'confirmed')`),
    index('installation_appointments_shopper_idx').on(t.shopperId),
  ],
);
