import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdUpdated } from '../../platform/columns.ts';

/** A shopper's delivery addresses (收货地址), at most one default per shopper. */
export const shopperAddresses = pgTable(
  'shopper_addresses',
  {
    id: serial('id').primaryKey(),
    shopperId: integer('shopper_id').notNull(),
    receiver: text('receiver').notNull(),
    phone: text('phone').notNull(),
    province: text('province').notNull(),
    city: text('city').notNull(),
    district: text('district').notNull(),
    detail: text('detail').notNull(),
    postalCode: text('postal_code'),
    /** 家 / 公司 / 学校 or a short text of the shopper's own. */
    tag: text('tag'),
    /** ISO 3166-1 alpha-2 (CN, US, ...): where the parcel goes, what country-limited sales judge by. */
    country: text('country').notNull().default('CN'),
    isDefault: boolean('is_default').notNull().default(false),
    ...createdUpdated(),
  },
  (t) => [
    index('shopper_addresses_shopper_idx').on(t.shopperId, t.createdAt),
    uniqueIndex('shopper_addresses_default_uq').on(t.shopperId).where(sql`is_default`),
  ],
);
