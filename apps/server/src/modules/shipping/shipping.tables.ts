import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import type { ShippingTemplate } from '@mall/contract';
import { createdUpdated, utc } from '../../platform/columns.ts';

/** Carriers (物流公司) staff ship with; `trackingUrl` holds {trackingNo} where the number goes. */
export const carriers = pgTable(
  'shipping_carriers',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    code: text('code').notNull(),
    trackingUrl: text('tracking_url').notNull(),
    active: boolean('active').notNull().default(true),
    ...createdUpdated(),
  },
  (t) => [uniqueIndex('shipping_carriers_code_uq').on(t.code)],
);

/** The part of a template kept as JSON: everything the fee rules read except the name. */
export type TemplateRules = Omit<ShippingTemplate, 'name' | 'chargeBy'>;

/**
 * Shipping fee templates (运费模板). At most one is the default (partial unique index); while none
 * is, the shop settings' flat fee is the default (see shipping.service.ts).
 */
export const shippingTemplates = pgTable(
  'shipping_templates',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    chargeBy: text('charge_by').$type<'piece' | 'weight'>().notNull(),
    rules: jsonb('rules').$type<TemplateRules>().notNull(),
    isDefault: boolean('is_default').notNull().default(false),
    ...createdUpdated(),
  },
  (t) => [uniqueIndex('shipping_templates_default_uq').on(t.isDefault).where(sql`is_default`)],
);

/** Which template a product ships by: at most one; products without one use the default. */
export const productTemplates = pgTable(
  'shipping_product_templates',
  {
    productId: integer('product_id').primaryKey(),
    templateId: integer('template_id').notNull(),
    createdAt: utc('created_at').notNull(),
  },
  (t) => [index('shipping_product_templates_template_idx').on(t.templateId)],
);
