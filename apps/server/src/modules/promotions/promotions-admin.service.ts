// Staff use cases of full-reduction and discount promotions, and the shopper's list of running ones.
import { promotionProblems, type PromotionInput, type PromotionListQuery, type PromotionPatch, type PromotionView } from '@mall/contract';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { diffFields, recordAudit, type StaffContext } from '../../platform/audit.ts';
import * as repo from './promotions.repo.ts';
import { promotionLabel } from './promotions.rules.ts';
import { promotionView, publicPromotionView } from './promotions.views.ts';
import { assertScopeExists } from './scope-check.ts';

const PROMOTION = { zh: '促销活动', en: 'Promotion' };

function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Only the fields of its kind: tiers for full reductions, a percent for discounts. */
function kindColumns(p: { kind: 'full_reduction' | 'discount'; tiers?: { threshold: number; amount: number }[] | null; payPercent?: number | null }) {
  return p.kind === 'full_reduction' ? { tiers: p.tiers ?? [], payPercent: null } : { tiers: [], payPercent: p.payPercent ?? null };
}

export function createPromotionAdminUseCases(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function get(id: number): Promise<PromotionView> {
    const row = await repo.findPromotion(db, id);
    if (!row) throw notFound(PROMOTION, id);
    return promotionView(row, clock.now());
  }

  async function list(query: PromotionListQuery) {
    const now = clock.now();
    const { items, total } = await repo.listPromotions(db, query, now);
    return { items: items.map((p) => promotionView(p, now)), total, page: query.page, pageSize: query.pageSize };
  }

  async function create(ctx: StaffContext, input: PromotionInput): Promise<PromotionView> {
    return db.transaction(async (tx) => {
      await assertScopeExists(tx, input);
      const now = clock.now();
      const row = await repo.insertPromotion(tx, { ...input, ...kindColumns(input), createdAt: now, updatedAt: now });
      await recordAudit(tx, clock, ctx, { action: 'promotion.create', entityType: 'promotion', entityId: row.id, changes: input });
      return promotionView(row, now);
    });
  }

  async function update(ctx: StaffContext, id: number, patch: PromotionPatch): Promise<PromotionView> {
    return db.transaction(async (tx) => {
      const current = await repo.findPromotion(tx, id, true);
      if (!current) throw notFound(PROMOTION, id);
      const given = defined(patch);
      // Switching kind drops the other kind's fields unless they are given again.
      const reset = given.kind && given.kind !== current.kind ? { tiers: null, payPercent: null } : {};
      const merged = { ...current, ...reset, ...given };
      const problems = promotionProblems(merged);
      if (problems.length > 0) throw new AppError('VALIDATION_FAILED', {}, problems);
      await assertScopeExists(tx, given);
      const now = clock.now();
      const row = await repo.updatePromotion(tx, id, { ...given, ...kindColumns(merged), updatedAt: now });
      const changes = diffFields(current as unknown as Record<string, unknown>, given as Record<string, unknown>);
      if (Object.keys(changes).length > 0) await recordAudit(tx, clock, ctx, { action: 'promotion.update', entityType: 'promotion', entityId: id, changes });
      return promotionView(row, now);
    });
  }

  async function remove(ctx: StaffContext, id: number): Promise<void> {
    await db.transaction(async (tx) => {
      const row = await repo.deletePromotion(tx, id);
      if (!row) throw notFound(PROMOTION, id);
      await recordAudit(tx, clock, ctx, { action: 'promotion.delete', entityType: 'promotion', entityId: id, changes: { name: row.name, ...promotionLabel(row) } });
    });
  }

  /** What runs now, for the storefront. */
  async function listActive() {
    const now = clock.now();
    const rows = await repo.listRunningPromotions(db, now);
    return { items: rows.map(publicPromotionView) };
  }

  return { get, list, create, update, remove, listActive };
}
