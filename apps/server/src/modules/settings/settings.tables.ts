import { integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { utc } from '../../platform/columns.ts';

/** The shop's settings document (one row, id 1), validated by the contract's schema on read and write. */
export const shopSettings = pgTable('shop_settings', {
  id: integer('id').primaryKey(),
  document: jsonb('document').$type<Record<string, unknown>>().notNull(),
  updatedAt: utc('updated_at').notNull(),
  updatedBy: text('updated_by'),
});
