import { boolean, index, integer, jsonb, pgTable, primaryKey, serial, text } from 'drizzle-orm/pg-core';
import { createdUpdated, utc } from '../../platform/columns.ts';

/** FAQ categories (帮助中心分类); hidden ones stay out of the shop. */
export const faqCategories = pgTable('support_faq_categories', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  sort: integer('sort').notNull().default(0),
  visible: boolean('visible').notNull().default(true),
  ...createdUpdated(),
});

/** FAQ articles. `body` is sanitised HTML; `search_text` is title + body as plain, lower-cased text. */
export const faqArticles = pgTable(
  'support_faq_articles',
  {
    id: serial('id').primaryKey(),
    categoryId: integer('category_id').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    searchText: text('search_text').notNull(),
    published: boolean('published').notNull().default(false),
    sort: integer('sort').notNull().default(0),
    ...createdUpdated(),
  },
  (t) => [index('support_faq_articles_category_idx').on(t.categoryId, t.sort)],
);

/** "Was this helpful": one vote per shopper and article, which the shopper may change. */
export const faqVotes = pgTable(
  'support_faq_votes',
  {
    articleId: integer('article_id').notNull(),
    shopperId: integer('shopper_id').notNull(),
    helpful: boolean('helpful').notNull(),
    ...createdUpdated(),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.shopperId] })],
);

/** Warranty policies (保修政策); `terms` is sanitised HTML, `covers` what the policy covers. */
export const warrantyPolicies = pgTable('support_warranty_policies', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  months: integer('months').notNull(),
  terms: text('terms').notNull(),
  covers: jsonb('covers').$type<string[]>().notNull(),
  ...createdUpdated(),
});

/** Which policy a product carries: at most one per product. */
export const productWarranties = pgTable(
  'support_product_warranties',
  {
    productId: integer('product_id').primaryKey(),
    policyId: integer('policy_id').notNull(),
    createdAt: utc('created_at').notNull(),
  },
  (t) => [index('support_product_warranties_policy_idx').on(t.policyId)],
);

/** The repair network (服务网点): region names as in @vant/area-data; tags are categories and brands served. */
export const servicePoints = pgTable(
  'support_service_points',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    province: text('province').notNull(),
    city: text('city').notNull(),
    district: text('district').notNull(),
    address: text('address').notNull(),
    phone: text('phone').notNull(),
    hours: text('hours').notNull(),
    tags: jsonb('tags').$type<string[]>().notNull(),
    searchText: text('search_text').notNull(),
    active: boolean('active').notNull().default(true),
    ...createdUpdated(),
  },
  (t) => [index('support_service_points_region_idx').on(t.province, t.city, t.district)],
);
