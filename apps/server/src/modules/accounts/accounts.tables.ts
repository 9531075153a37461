import { sql } from 'drizzle-orm';
import { boolean, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdUpdated } from '../../platform/columns.ts';

export const shoppers = pgTable(
  'shoppers',
  {
    id: serial('id').primaryKey(),
    email: text('email'),
    phone: text('phone'),
    passwordHash: text('password_hash'),
    nickname: text('nickname').notNull(),
    status: text('status', { enum: ['active', 'disabled'] }).notNull().default('active'),
    ...createdUpdated(),
  },
  (t) => [
    uniqueIndex('shoppers_email_uq').on(sql`lower(${t.email})`),
    uniqueIndex('shoppers_phone_uq').on(t.phone),
  ],
);

export const staff = pgTable(
  'staff',
  {
    id: serial('id').primaryKey(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ['owner', 'operator', 'customer_service', 'warehouse'] }).notNull(),
    active: boolean('active').notNull().default(true),
    createdBy: integer('created_by'),
    ...createdUpdated(),
  },
  (t) => [uniqueIndex('staff_username_uq').on(sql`lower(${t.username})`)],
);
