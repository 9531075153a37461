import type {
  FaqArticle,
  FaqArticleBody,
  FaqArticlePatch,
  FaqCategory,
  FaqCategoryBody,
  FaqCategoryPatch,
  FaqShopArticle,
  HelpfulVote,
} from '@mall/contract';
import type { Clock } from '../../platform/clock.ts';
import type { Db, DbOrTx } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { diffFields, recordAudit, type StaffContext } from '../../platform/audit.ts';
import * as repo from './support.repo.ts';
import { faqSearchTerms, faqSearchText, sanitizeRichText } from './support.rules.ts';

const CATEGORY = { zh: '帮助分类', en: 'FAQ category' };
const ARTICLE = { zh: '帮助文章', en: 'FAQ article' };

const categoryView = (row: repo.FaqCategoryRow, articleCount: number): FaqCategory => ({ ...row, articleCount });
const articleView = (row: repo.FaqArticleWithVotes): FaqArticle => ({
  id: row.id,
  categoryId: row.categoryId,
  title: row.title,
  body: row.body,
  published: row.published,
  sort: row.sort,
  helpfulYes: row.helpfulYes,
  helpfulNo: row.helpfulNo,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});
const summaryView = (row: repo.FaqArticleWithVotes) => ({ id: row.id, categoryId: row.categoryId, title: row.title, helpfulYes: row.helpfulYes, helpfulNo: row.helpfulNo });

/** FAQ self-service: staff keep categories and articles; shoppers browse, search and vote. */
export function createFaqService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function listCategories(onlyVisible: boolean) {
    const rows = await repo.listFaqCategories(db, onlyVisible);
    return { items: rows.map((r) => categoryView(r.category, r.articleCount)) };
  }

  async function createCategory(ctx: StaffContext, body: FaqCategoryBody): Promise<FaqCategory> {
    return db.transaction(async (tx) => {
      const now = clock.now();
      const row = await repo.insertFaqCategory(tx, { ...body, createdAt: now, updatedAt: now });
      await recordAudit(tx, clock, ctx, { action: 'faq_category.create', entityType: 'faq_category', entityId: row.id, changes: body });
      return categoryView(row, 0);
    });
  }

  async function updateCategory(ctx: StaffContext, id: number, patch: FaqCategoryPatch): Promise<FaqCategory> {
    return db.transaction(async (tx) => {
      const before = await repo.findFaqCategory(tx, id);
      if (!before) throw notFound(CATEGORY, id);
      const row = await repo.updateFaqCategory(tx, id, { ...patch, updatedAt: clock.now() });
      await recordAudit(tx, clock, ctx, { action: 'faq_category.update', entityType: 'faq_category', entityId: id, changes: diffFields(before, patch) });
      return categoryView(row!, await repo.countArticlesIn(tx, id));
    });
  }

  async function removeCategory(ctx: StaffContext, id: number) {
    return db.transaction(async (tx) => {
      const count = await repo.countArticlesIn(tx, id);
      if (count > 0) throw new AppError('FAQ_CATEGORY_NOT_EMPTY', { count });
      const row = await repo.deleteFaqCategory(tx, id);
      if (!row) throw notFound(CATEGORY, id);
      await recordAudit(tx, clock, ctx, { action: 'faq_category.delete', entityType: 'faq_category', entityId: id, changes: { name: row.name } });
      return { ok: true as const };
    });
  }

  async function requireCategory(tx: DbOrTx, categoryId: number) {
    if (!(await repo.findFaqCategory(tx, categoryId))) {
      const params = { id: categoryId };
      throw new AppError('FAQ_CATEGORY_UNKNOWN', params, [{ path: 'categoryId', message: `No FAQ category ${categoryId}`, code: 'FAQ_CATEGORY_UNKNOWN', params }]);
    }
  }

  async function listArticles(categoryId: number | undefined) {
    const rows = await repo.listFaqArticles(db, { categoryId, shopOnly: false });
    return { items: rows.map(articleView) };
  }

  async function getArticle(id: number): Promise<FaqArticle> {
    const row = await repo.findFaqArticle(db, id);
    if (!row) throw notFound(ARTICLE, id);
    return articleView(row);
  }

  async function createArticle(ctx: StaffContext, body: FaqArticleBody): Promise<FaqArticle> {
    return db.transaction(async (tx) => {
      await requireCategory(tx, body.categoryId);
      const now = clock.now();
      const html = sanitizeRichText(body.body);
      const row = await repo.insertFaqArticle(tx, { ...body, body: html, searchText: faqSearchText(body.title, html), createdAt: now, updatedAt: now });
      await recordAudit(tx, clock, ctx, { action: 'faq_article.create', entityType: 'faq_article', entityId: row.id, changes: { title: row.title, categoryId: row.categoryId, published: row.published } });
      return articleView({ ...row, helpfulYes: 0, helpfulNo: 0 });
    });
  }

  async function updateArticle(ctx: StaffContext, id: number, patch: FaqArticlePatch): Promise<FaqArticle> {
    return db.transaction(async (tx) => {
      const before = await repo.findFaqArticle(tx, id);
      if (!before) throw notFound(ARTICLE, id);
      if (patch.categoryId !== undefined) await requireCategory(tx, patch.categoryId);
      const html = patch.body === undefined ? before.body : sanitizeRichText(patch.body);
      const title = patch.title ?? before.title;
      const values = { ...patch, body: html, searchText: faqSearchText(title, html), updatedAt: clock.now() };
      await repo.updateFaqArticle(tx, id, values);
      const { body: _body, ...plain } = patch;
      const changes = { ...diffFields(before, plain), ...(html !== before.body ? { body: 'changed' } : {}) };
      await recordAudit(tx, clock, ctx, { action: 'faq_article.update', entityType: 'faq_article', entityId: id, changes });
      return articleView((await repo.findFaqArticle(tx, id))!);
    });
  }

  async function removeArticle(ctx: StaffContext, id: number) {
    return db.transaction(async (tx) => {
      const row = await repo.deleteFaqArticle(tx, id);
      if (!row) throw notFound(ARTICLE, id);
      await recordAudit(tx, clock, ctx, { action: 'faq_article.delete', entityType: 'faq_article', entityId: id, changes: { title: row.title } });
      return { ok: true as const };
    });
  }

  // ---------- shop ----------

  async function shopCategories() {
    const { items } = await listCategories(true);
    return { items: items.map((c) => ({ id: c.id, name: c.name, articleCount: c.articleCount })) };
  }

  async function shopArticles(categoryId: number | undefined) {
    const rows = await repo.listFaqArticles(db, { categoryId, shopOnly: true });
    return { items: rows.map(summaryView) };
  }

  async function shopArticle(id: number, shopperId: number | null): Promise<FaqShopArticle> {
    const row = await repo.findFaqArticle(db, id, true);
    if (!row) throw notFound(ARTICLE, id);
    const vote = shopperId === null ? undefined : await repo.findVote(db, id, shopperId);
    return {
      id: row.id,
      categoryId: row.categoryId,
      categoryName: row.categoryName,
      title: row.title,
      body: row.body,
      helpfulYes: row.helpfulYes,
      helpfulNo: row.helpfulNo,
      updatedAt: row.updatedAt,
      myVote: vote === undefined ? null : vote ? 'yes' : 'no',
    };
  }

  async function search(q: string) {
    const terms = faqSearchTerms(q);
    const rows = await repo.searchFaqArticles(db, terms);
    return { terms, items: rows.map((r) => ({ ...summaryView(r), categoryName: r.categoryName, titleHits: r.titleHits })) };
  }

  /** One vote per shopper and article; voting again changes the vote. */
  async function vote(shopperId: number, articleId: number, choice: HelpfulVote): Promise<FaqShopArticle> {
    await db.transaction(async (tx) => {
      if (!(await repo.findFaqArticle(tx, articleId, true))) throw notFound(ARTICLE, articleId);
      await repo.upsertVote(tx, articleId, shopperId, choice === 'yes', clock.now());
    });
    return shopArticle(articleId, shopperId);
  }

  return {
    listCategories,
    createCategory,
    updateCategory,
    removeCategory,
    listArticles,
    getArticle,
    createArticle,
    updateArticle,
    removeArticle,
    shopCategories,
    shopArticles,
    shopArticle,
    search,
    vote,
  };
}

export type FaqService = ReturnType<typeof createFaqService>;
