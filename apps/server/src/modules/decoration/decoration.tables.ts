import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, serial, text, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { DecorationPageBody } from '@mall/contract';
import { createdUpdated, utc } from '../../platform/columns.ts';

/**
 * A decorated page (店铺装修页面). The draft lives on the row and is saved with optimistic
 * concurrency (`revision`); publishing copies it into an immutable version and switches
 * `published_version_id` in one statement, so the storefront sees the old page or the new one.
 */
export const decorationPages = pgTable(
  'decoration_pages',
  {
    id: serial('id').primaryKey(),
    kind: text('kind', { enum: ['home', 'custom'] }).notNull(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    draftBody: jsonb('draft_body').$type<DecorationPageBody>().notNull(),
    revision: integer('revision').notNull().default(1),
    draftUpdatedAt: utc('draft_updated_at').notNull(),
    publishedVersionId: integer('published_version_id').references((): AnyPgColumn => decorationVersions.id, { onDelete: 'set null' }),
    /** The draft revision last published (null: never published). */
    publishedRevision: integer('published_revision'),
    ...createdUpdated(),
  },
  (t) => [
    uniqueIndex('decoration_pages_slug_uq').on(t.slug),
    // Exactly one home page: the service creates it when missing, this keeps it single.
    uniqueIndex('decoration_pages_home_uq').on(t.kind).where(sql`kind = 'home'`),
    check('decoration_pages_revision_ck', sql`${t.revision} >= 1`),
  ],
);

/** A published snapshot of a page; never changed once written. */
export const decorationVersions = pgTable(
  'decoration_versions',
  {
    id: serial('id').primaryKey(),
    pageId: integer('page_id')
      .notNull()
      .references((): AnyPgColumn => decorationPages.id, { onDelete: 'cascade' }),
    revision: integer('revision').notNull(),
    body: jsonb('body').$type<DecorationPageBody>().notNull(),
    publishedAt: utc('published_at').notNull(),
    publishedBy: integer('published_by'),
  },
  (t) => [index('decoration_versions_page_idx').on(t.pageId, t.id)],
);
