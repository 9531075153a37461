import { decorationPageBody, type DecorationCreateBody, type DecorationPageBody, type DecorationPageSummary, type DecorationSaveBody, type DecorationVersionView } from '@mall/contract';
import type { Clock } from '../../platform/clock.ts';
import { recordAudit, type StaffContext } from '../../platform/audit.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { sanitizeDescription } from '../catalog/index.ts';
import * as repo from './decoration.repo.ts';
import { bodyProblems, forStorefront, referencesOf, resolvePage, sanitiseBody, type PageMeta } from './decoration.rules.ts';
import { readWorld, type WorldDeps } from './decoration-world.ts';

export interface DecorationDeps extends WorldDeps {
  clock: Clock;
}

const PAGE = { zh: '装修页面', en: 'Decorated page' };
/** How many published versions the history shows. */
const VERSIONS_SHOWN = 50;
const emptyHome = (): DecorationPageBody => decorationPageBody.parse({ title: '首页', blocks: [] });

const summaryOf = (page: repo.PageRow, publishedAt: Date | null): DecorationPageSummary => ({
  id: page.id,
  kind: page.kind,
  slug: page.slug,
  title: page.title,
  revision: page.revision,
  draftUpdatedAt: page.draftUpdatedAt,
  publishedAt,
  unpublishedChanges: page.publishedRevision !== page.revision,
});

/** Store decoration: staff edit drafts and publish them; shoppers get the published page, resolved. */
export function createDecorationService(deps: DecorationDeps) {
  const { db, clock } = deps;

  async function resolve(meta: PageMeta, body: DecorationPageBody) {
    return resolvePage(meta, body, await readWorld(deps, referencesOf(body)));
  }

  async function ensureHomePage(): Promise<void> {
    if (await repo.findHomePage(db)) return;
    const now = clock.now();
    const body = emptyHome();
    await repo.insertHomePageIfMissing(db, { kind: 'home', slug: 'home', title: body.title, draftBody: body, draftUpdatedAt: now, createdAt: now, updatedAt: now });
  }

  async function listPages() {
    await ensureHomePage();
    const rows = await repo.listPages(db);
    return { items: rows.map((r) => summaryOf(r.page, r.publishedAt)) };
  }

  async function editorView(id: number) {
    const row = await repo.findPage(db, id);
    if (!row) throw notFound(PAGE, id);
    return { page: summaryOf(row.page, row.publishedAt), body: row.page.draftBody, preview: await resolve(row.page, row.page.draftBody) };
  }

  async function previewDraft(id: number) {
    return (await editorView(id)).preview;
  }

  /** Resolves a body the merchant has not saved yet, for the live preview. */
  async function previewBody(id: number, body: DecorationPageBody) {
    const row = await repo.findPage(db, id);
    if (!row) throw notFound(PAGE, id);
    return resolve(row.page, sanitiseBody(body, sanitizeDescription));
  }

  function checked(body: DecorationPageBody, pageId: number | null): DecorationPageBody {
    const problems = bodyProblems(body, pageId);
    if (problems.length) throw new AppError('DECORATION_BLOCKS_INVALID', {}, problems);
    return sanitiseBody(body, sanitizeDescription);
  }

  async function createPage(ctx: StaffContext, input: DecorationCreateBody, from?: number) {
    const source = from === undefined ? null : await repo.findPage(db, from);
    if (from !== undefined && !source) throw notFound(PAGE, from);
    const body: DecorationPageBody = source ? { ...source.page.draftBody, title: input.title } : decorationPageBody.parse({ title: input.title, blocks: [] });
    const id = await db.transaction(async (tx) => {
      // A slug taken at the same moment still fails on the unique index (409 CONFLICT).
      if (await repo.slugTaken(tx, input.slug)) throw new AppError('DECORATION_SLUG_TAKEN', { slug: input.slug });
      const now = clock.now();
      const page = await repo.insertPage(tx, { kind: 'custom', slug: input.slug, title: input.title, draftBody: body, draftUpdatedAt: now, createdAt: now, updatedAt: now });
      const action = from === undefined ? 'decoration.page.create' : 'decoration.page.duplicate';
      await recordAudit(tx, clock, ctx, { action, entityType: 'decoration_page', entityId: page.id, changes: { ...input, from } });
      return page.id;
    });
    return editorView(id);
  }

  async function saveDraft(ctx: StaffContext, id: number, input: DecorationSaveBody) {
    const body = checked(input.body, id);
    await db.transaction(async (tx) => {
      const now = clock.now();
      const saved = await repo.saveDraftIfCurrent(tx, id, input.revision, { draftBody: body, title: body.title, draftUpdatedAt: now, updatedAt: now });
      if (!saved) {
        const current = await repo.findPage(tx, id);
        if (!current) throw notFound(PAGE, id);
        throw new AppError('DECORATION_DRAFT_STALE', { current: current.page.revision });
      }
      await recordAudit(tx, clock, ctx, { action: 'decoration.draft.save', entityType: 'decoration_page', entityId: id, changes: { revision: saved.revision, blocks: body.blocks.length } });
    });
    return editorView(id);
  }

  /**
   * Publishes the draft the merchant looked at (`revision`): a snapshot row and the page's pointer
   * switch in one transaction under the page's row lock, so concurrent publishes queue and the
   * storefront reads either the old version or the new one.
   */
  async function publish(ctx: StaffContext, id: number, revision: number) {
    await db.transaction(async (tx) => {
      const row = await repo.findPage(tx, id, { lock: true });
      if (!row) throw notFound(PAGE, id);
      if (row.page.revision !== revision) throw new AppError('DECORATION_DRAFT_STALE', { current: row.page.revision });
      const now = clock.now();
      const version = await repo.insertVersion(tx, { pageId: id, revision, body: row.page.draftBody, publishedAt: now, publishedBy: ctx.actor.id });
      await repo.setPublished(tx, id, version.id, revision, now);
      await recordAudit(tx, clock, ctx, { action: 'decoration.page.publish', entityType: 'decoration_page', entityId: id, changes: { revision, versionId: version.id } });
    });
    return editorView(id);
  }

  /** 历史版本: the page's published versions, newest first, the live one marked. */
  async function listVersions(id: number): Promise<{ items: DecorationVersionView[] }> {
    const row = await repo.findPage(db, id);
    if (!row) throw notFound(PAGE, id);
    const rows = await repo.listVersions(db, id, VERSIONS_SHOWN);
    return {
      items: rows.map(({ version, publishedBy }) => ({
        id: version.id,
        revision: version.revision,
        publishedAt: version.publishedAt,
        publishedBy,
        blockCount: version.body.blocks.length,
        live: version.id === row.page.publishedVersionId,
      })),
    };
  }

  /**
   * Puts a published version back into the draft the merchant is looking at (`revision`, else 409),
   * as a new revision; the storefront changes only when that draft is published.
   */
  async function restoreVersion(ctx: StaffContext, id: number, versionId: number, revision: number) {
    await db.transaction(async (tx) => {
      const row = await repo.findPage(tx, id, { lock: true });
      if (!row) throw notFound(PAGE, id);
      const version = await repo.findVersion(tx, id, versionId);
      if (!version) throw new AppError('DECORATION_VERSION_UNKNOWN', { pageId: id, versionId });
      if (row.page.revision !== revision) throw new AppError('DECORATION_DRAFT_STALE', { current: row.page.revision });
      const body = checked(version.body, id);
      const now = clock.now();
      const saved = await repo.saveDraftIfCurrent(tx, id, revision, { draftBody: body, title: body.title, draftUpdatedAt: now, updatedAt: now });
      await recordAudit(tx, clock, ctx, { action: 'decoration.draft.restore', entityType: 'decoration_page', entityId: id, changes: { versionId, fromRevision: version.revision, revision: saved!.revision } });
    });
    return editorView(id);
  }

  async function removePage(ctx: StaffContext, id: number) {
    await db.transaction(async (tx) => {
      const row = await repo.findPage(tx, id, { lock: true });
      if (!row) throw notFound(PAGE, id);
      if (row.page.kind === 'home') throw new AppError('DECORATION_HOME_UNDELETABLE');
      await repo.deletePage(tx, id);
      await recordAudit(tx, clock, ctx, { action: 'decoration.page.delete', entityType: 'decoration_page', entityId: id, changes: { slug: row.page.slug, title: row.page.title } });
    });
    return { ok: true as const };
  }

  /** The published page as a shopper sees it; 404 when it was never published. */
  async function storefront(where: { slug: string } | { home: true }) {
    const row = await repo.publishedBy(db, where);
    if (!row) throw notFound(PAGE, 'home' in where ? 'home' : where.slug);
    return forStorefront(await resolve(row, row.body));
  }

  return { listPages, editorView, previewDraft, previewBody, createPage, saveDraft, publish, listVersions, restoreVersion, removePage, storefront, ensureHomePage };
}

export type DecorationService = ReturnType<typeof createDecorationService>;
