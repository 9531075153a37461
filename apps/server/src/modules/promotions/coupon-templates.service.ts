// Staff use cases of coupon templates: create, edit, list, delete, issue to shoppers.
import {
  couponTermsProblems,
  type CouponTemplateInput,
  type CouponTemplateListQuery,
  type CouponTemplatePatch,
  type CouponTemplateView,
} from '@mall/contract';
import type { Clock } from '../../platform/clock.ts';
import type { Db, DbOrTx } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { diffFields, recordAudit, type StaffContext } from '../../platform/audit.ts';
import { loadShopperForAuth } from '../accounts/index.ts';
import * as repo from './coupons.repo.ts';
import { TERM_FIELDS, validityFor } from './coupons.rules.ts';
import { templateView, validityOf } from './promotions.views.ts';
import { assertScopeExists } from './scope-check.ts';

export const COUPON_TEMPLATE = { zh: '优惠券', en: 'Coupon template' };
const SHOPPER = { zh: '顾客', en: 'Shopper' };

type Validity = CouponTemplateInput['validity'];

export interface IssueCouponsInput {
  templateId: number;
  shopperIds: number[];
  note: string;
  /** The staff member issuing now, or null for the system acting on an earlier staff decision. */
  actor: StaffContext | null;
  /** Who the coupons are recorded as issued by when `actor` is null. */
  issuedBy?: string;
}

function validityColumns(v: Validity) {
  return v.kind === 'days' ? { validDays: v.days, validFrom: null, validUntil: null } : { validDays: null, validFrom: v.from, validUntil: v.until };
}

function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function createCouponTemplateUseCases(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function get(id: number): Promise<CouponTemplateView> {
    const row = await repo.findTemplate(db, id);
    if (!row) throw notFound(COUPON_TEMPLATE, id);
    return templateView(row, await repo.usedCountOf(db, id));
  }

  async function list(query: CouponTemplateListQuery) {
    const { items, total } = await repo.listTemplates(db, query);
    return { items: items.map((r) => templateView(r.template, r.usedCount)), total, page: query.page, pageSize: query.pageSize };
  }

  async function create(ctx: StaffContext, input: CouponTemplateInput): Promise<CouponTemplateView> {
    return db.transaction(async (tx) => {
      await assertScopeExists(tx, input);
      const now = clock.now();
      const { validity, ...rest } = input;
      const row = await repo.insertTemplate(tx, {
        ...rest,
        amount: input.kind === 'fixed' ? (input.amount ?? null) : null,
        payPercent: input.kind === 'percent' ? (input.payPercent ?? null) : null,
        maxDiscount: input.kind === 'percent' ? (input.maxDiscount ?? null) : null,
        ...validityColumns(validity),
        claimedCount: 0,
        createdAt: now,
        updatedAt: now,
      });
      await recordAudit(tx, clock, ctx, { action: 'coupon_template.create', entityType: 'coupon_template', entityId: row.id, changes: input });
      return templateView(row, 0);
    });
  }

  /** Edits a template. Once any coupon was claimed its terms are fixed; name, quantity, limits, validity and switches stay editable. */
  async function update(ctx: StaffContext, id: number, patch: CouponTemplatePatch): Promise<CouponTemplateView> {
    return db.transaction(async (tx) => {
      const current = await repo.findTemplate(tx, id, true);
      if (!current) throw notFound(COUPON_TEMPLATE, id);
      const given = defined(patch);
      const currentTerms = { ...current, validity: validityOf(current) };
      // Switching kind drops the other kind's fields unless they are given again.
      const reset = given.kind && given.kind !== current.kind ? { amount: null, payPercent: null, maxDiscount: null } : {};
      const merged = { ...currentTerms, ...reset, ...given };
      const problems = couponTermsProblems(merged);
      if (merged.totalQuantity < current.claimedCount) {
        problems.push({ path: 'totalQuantity', message: `must be at least the ${current.claimedCount} already claimed` });
      }
      if (problems.length > 0) throw new AppError('VALIDATION_FAILED', {}, problems);
      const termsChanged = TERM_FIELDS.some((f) => f in given && JSON.stringify(given[f]) !== JSON.stringify(current[f]));
      if (termsChanged && current.claimedCount > 0) {
        throw new AppError('COUPON_TERMS_LOCKED', { name: current.name, claimed: current.claimedCount });
      }
      await assertScopeExists(tx, given);
      const { validity, ...rest } = given;
      const row = await repo.updateTemplate(tx, id, { ...reset, ...rest, ...(validity ? validityColumns(validity) : {}), updatedAt: clock.now() });
      const changes = diffFields(currentTerms as unknown as Record<string, unknown>, given as Record<string, unknown>);
      if (Object.keys(changes).length > 0) await recordAudit(tx, clock, ctx, { action: 'coupon_template.update', entityType: 'coupon_template', entityId: id, changes });
      return templateView(row, await repo.usedCountOf(tx, id));
    });
  }

  /** Deletes a template nobody holds; one with claimed coupons can only be switched off. */
  async function remove(ctx: StaffContext, id: number): Promise<void> {
    await db.transaction(async (tx) => {
      const current = await repo.findTemplate(tx, id, true);
      if (!current) throw notFound(COUPON_TEMPLATE, id);
      if (!(await repo.deleteUnclaimedTemplate(tx, id))) {
        throw new AppError('COUPON_TEMPLATE_IN_USE', { name: current.name, claimed: current.claimedCount });
      }
      await recordAudit(tx, clock, ctx, { action: 'coupon_template.delete', entityType: 'coupon_template', entityId: id, changes: { name: current.name } });
    });
  }

  /**
   * Gives one coupon of the template to each shopper (compensation, ...). Counts towards the
   * total quantity; ignores the per-shopper limit and whether shoppers may claim it themselves.
   * All or nothing.
   */
  async function issue(ctx: StaffContext, id: number, input: { shopperIds: number[]; note: string }) {
    return db.transaction(async (tx) => issueInTx(tx, { templateId: id, shopperIds: input.shopperIds, note: input.note, actor: ctx }));
  }

  /**
   * `issue` in the caller's transaction. `actor` is the staff member issuing, or null when the
   * system issues on a staff member's earlier decision (then `issuedBy` names them); the audit
   * row is written either way. Refusals (inactive, ended, sold out) are AppErrors thrown before
   * anything is written.
   */
  async function issueInTx(tx: DbOrTx, input: IssueCouponsInput): Promise<{ issued: number; couponIds: number[] }> {
    const id = input.templateId;
    const template = await repo.findTemplate(tx, id, true);
    if (!template) throw notFound(COUPON_TEMPLATE, id);
    const now = clock.now();
    if (!template.active) throw new AppError('COUPON_INACTIVE', { name: template.name });
    if (template.validDays == null && template.validUntil! <= now) throw new AppError('COUPON_CLAIM_ENDED', { name: template.name });
    for (const shopperId of input.shopperIds) {
      if (!(await loadShopperForAuth(tx, shopperId))) throw notFound(SHOPPER, shopperId);
    }
    if (!(await repo.addClaimed(tx, id, input.shopperIds.length, now))) {
      throw new AppError('COUPON_SOLD_OUT', { name: template.name, remaining: template.totalQuantity - template.claimedCount });
    }
    const window = validityFor(template, now);
    const issuedBy = input.actor?.actor.username ?? input.issuedBy ?? 'system';
    const rows = await repo.insertShopperCoupons(
      tx,
      input.shopperIds.map((shopperId) => ({ templateId: id, shopperId, ...window, source: 'issue' as const, issuedBy, note: input.note || null, claimedAt: now })),
    );
    await recordAudit(tx, clock, input.actor, {
      action: 'coupon_template.issue',
      entityType: 'coupon_template',
      entityId: id,
      changes: { shopperIds: input.shopperIds, note: input.note, ...(input.actor ? {} : { issuedBy }) },
    });
    return { issued: rows.length, couponIds: rows.map((r) => r.id) };
  }

  return { get, list, create, update, remove, issue, issueInTx };
}
