// Distributors: a shopper applies, staff review; agents and regional agents are roles set by staff.
import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import type { DistributorStatus } from '@mall/contract';
import { recordAudit, type StaffContext } from '../../platform/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { regionProblems } from '../../platform/regions.ts';
import { products } from '../catalog/catalog.tables.ts';
import { canMove, DISTRIBUTOR_TRANSITIONS } from './distribution-commissions.rules.ts';
import type { DistributorView, SettingsService, ShopperNotifier } from './distribution-deps.ts';
import { balancesOf } from './distribution-ledger.ts';
import * as repo from './distribution.repo.ts';
import { distributors, productCommissionRates } from './distribution.tables.ts';

const REVIEW_WORDS: Record<DistributorStatus, { title: string; body: (note: string) => string }> = {
  approved: { title: '分销员申请已通过', body: () => '您已成为分销员，快去推广中心分享商品赚取佣金吧。' },
  rejected: { title: '分销员申请未通过', body: (note) => `很抱歉，您的分销员申请未通过${note ? `：${note}` : '。'}` },
  disabled: { title: '分销员资格已停用', body: (note) => `您的分销员资格已被停用${note ? `：${note}` : '。'}` },
  pending: { title: '分销员申请审核中', body: () => '您的分销员申请正在审核。' },
};

export function toDistributorView(row: repo.DistributorRow): DistributorView {
  return {
    shopperId: row.shopperId,
    status: row.status as DistributorStatus,
    realName: row.realName,
    phone: row.phone,
    reason: row.reason,
    isAgent: row.isAgent,
    agentPermille: row.agentPermille,
    regionProvince: row.regionProvince,
    regionCity: row.regionCity,
    regionPermille: row.regionPermille,
    reviewedBy: row.reviewedBy,
    reviewedAt: row.reviewedAt?.toISOString() ?? null,
    reviewNote: row.reviewNote,
    createdAt: row.createdAt.toISOString(),
  };
}

export function createDistributorService(deps: { db: Db; clock: Clock; settings: SettingsService; notifications: ShopperNotifier }) {
  const { db, clock, settings, notifications } = deps;

  /** A shopper applies (again after a rejection); approved at once when the shop needs no review. */
  async function apply(shopperId: number, input: { realName: string; phone: string; reason?: string }) {
    return db.transaction(async (tx) => {
      const now = clock.now();
      const auto = (await settings.get(tx)).distributors.autoApprove;
      const status: DistributorStatus = auto ? 'approved' : 'pending';
      const review = auto ? { reviewedBy: 'system', reviewedAt: now, reviewNote: 'auto' } : { reviewedBy: null, reviewedAt: null, reviewNote: '' };
      const existing = await repo.findDistributor(tx, shopperId, true);
      if (existing && existing.status !== 'rejected') throw new AppError('DISTRIBUTOR_ALREADY_APPLIED');
      const values = { realName: input.realName, phone: input.phone, reason: input.reason ?? '', status, ...review, updatedAt: now };
      const [row] = existing
        ? await tx.update(distributors).set(values).where(eq(distributors.shopperId, shopperId)).returning()
        : await tx.insert(distributors).values({ shopperId, ...values, createdAt: now }).returning();
      return toDistributorView(row!);
    });
  }

  async function review(ctx: StaffContext, shopperId: number, to: DistributorStatus, note = '') {
    return db.transaction(async (tx) => {
      const row = await repo.findDistributor(tx, shopperId, true);
      if (!row) throw new AppError('DISTRIBUTOR_NOT_FOUND', { id: shopperId });
      const from = row.status as DistributorStatus;
      if (!canMove(DISTRIBUTOR_TRANSITIONS, from, to)) throw new AppError('DISTRIBUTOR_STATUS_INVALID', { from, to });
      const now = clock.now();
      const [updated] = await tx
        .update(distributors)
        .set({ status: to, reviewedBy: ctx.actor.username, reviewedAt: now, reviewNote: note, updatedAt: now })
        .where(eq(distributors.shopperId, shopperId))
        .returning();
      await recordAudit(tx, clock, ctx, { action: `distributor.${to}`, entityType: 'distributor', entityId: shopperId, changes: { status: [from, to], note } });
      const words = REVIEW_WORDS[to];
      await notifications.notifyShopper(tx, { shopperId, kind: 'distribution.reviewed', title: words.title, body: words.body(note), data: { status: to } });
      return toDistributorView(updated!);
    });
  }

  async function setRoles(
    ctx: StaffContext,
    shopperId: number,
    input: { isAgent: boolean; agentPermille: number; regionProvince: string | null; regionCity: string | null; regionPermille: number },
  ) {
    if (input.regionProvince) {
      const problems = regionProblems({ province: input.regionProvince, city: input.regionCity });
      if (problems.length > 0) throw new AppError('REGION_INVALID', {}, problems.map((p) => ({ path: p.path === 'province' ? 'regionProvince' : 'regionCity', message: p.message })));
    } else if (input.regionCity) {
      throw new AppError('REGION_INVALID', {}, [{ path: 'regionProvince', message: 'A city needs its province' }]);
    }
    return db.transaction(async (tx) => {
      const row = await repo.findDistributor(tx, shopperId, true);
      if (!row) throw new AppError('DISTRIBUTOR_NOT_FOUND', { id: shopperId });
      const next = {
        isAgent: input.isAgent,
        agentPermille: input.isAgent ? input.agentPermille : 0,
        regionProvince: input.regionProvince,
        regionCity: input.regionProvince ? input.regionCity : null,
        regionPermille: input.regionProvince ? input.regionPermille : 0,
      };
      const [updated] = await tx.update(distributors).set({ ...next, updatedAt: clock.now() }).where(eq(distributors.shopperId, shopperId)).returning();
      const before = { isAgent: row.isAgent, agentPermille: row.agentPermille, regionProvince: row.regionProvince, regionCity: row.regionCity, regionPermille: row.regionPermille };
      await recordAudit(tx, clock, ctx, { action: 'distributor.roles', entityType: 'distributor', entityId: shopperId, changes: { before, after: next } });
      return toDistributorView(updated!);
    });
  }

  async function list(filter: { status?: DistributorStatus; page: number; pageSize: number }) {
    const where: SQL | undefined = filter.status ? eq(distributors.status, filter.status) : undefined;
    const rows = await db.select().from(distributors).where(where).orderBy(desc(distributors.createdAt), desc(distributors.shopperId)).limit(filter.pageSize).offset((filter.page - 1) * filter.pageSize);
    const [total] = await db.select({ n: count() }).from(distributors).where(where);
    return { items: rows.map(toDistributorView), total: Number(total?.n ?? 0), page: filter.page, pageSize: filter.pageSize };
  }

  async function me(shopperId: number) {
    const row = await repo.findDistributor(db, shopperId);
    return {
      distributor: row ? toDistributorView(row) : null,
      balances: await balancesOf(db, shopperId),
      team: await repo.teamCounts(db, shopperId),
      minWithdrawal: (await settings.get()).distributors.minWithdrawal,
    };
  }

  async function setProductRate(ctx: StaffContext, productId: number, rate: { level1Permille: number; level2Permille: number }) {
    return db.transaction(async (tx) => {
      const [product] = await tx.select({ id: products.id }).from(products).where(eq(products.id, productId));
      if (!product) throw new AppError('NOT_FOUND', { resource: 'product', resourceZh: '商品', id: productId });
      const now = clock.now();
      await tx
        .insert(productCommissionRates)
        .values({ productId, ...rate, updatedAt: now })
        .onConflictDoUpdate({ target: productCommissionRates.productId, set: { ...rate, updatedAt: now } });
      await recordAudit(tx, clock, ctx, { action: 'distribution.product_rate', entityType: 'product', entityId: productId, changes: rate });
      return { productId, ...rate };
    });
  }

  async function isApproved(shopperId: number) {
    const [row] = await db.select({ n: count() }).from(distributors).where(and(eq(distributors.shopperId, shopperId), eq(distributors.status, 'approved')));
    return Number(row?.n ?? 0) > 0;
  }

  return { apply, review, setRoles, list, me, setProductRate, isApproved };
}

export type DistributorService = ReturnType<typeof createDistributorService>;
