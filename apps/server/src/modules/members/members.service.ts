import { formatMinorUnits } from '@mall/contract';
// Members: levels by growth value (fen spent on completed orders), their benefits, the growth
// ledger and level changes. Levels follow growth both ways: a refund after completion takes the
// growth back and may take the level down; the shopper is told either way.
//
// Staff editing the levels does not rewrite accounts in bulk: benefits (member price, free
// shipping, points multiplier) are always read from the current levels and the growth, and the
// stored level is brought in line lazily (recorded as 'levels_changed') when growth changes or
// the membership is read.
import type { GrowthAdjustInput, MemberLevel, MemberLevelChange, MemberLevelInput, MemberListQuery, MemberPage, MembershipView, MemberStaffView } from '@mall/contract';
import type { Clock } from '../../platform/clock.ts';
import type { Db, DbOrTx } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { recordAudit, type StaffContext } from '../../platform/audit.ts';
import type { NotificationService } from '../notifications/index.ts';
import { loadShopperForAuth } from '../accounts/index.ts';
import type { MemberPricing } from '../promotions/index.ts';
import * as repo from './members.repo.ts';
import { clampGrowth, growthRangeOf, isLevelUp, levelFor, levelsValid, nextLevelOf } from './members.rules.ts';

const LEVEL = { zh: '会员等级', en: 'Member level' };
const SHOPPER = { zh: '顾客', en: 'Shopper' };
const HISTORY_LIMIT = 50;

export const levelView = (row: repo.MemberLevelRow): MemberLevel => ({
  id: row.id,
  name: row.name,
  nameEn: row.nameEn,
  growthThreshold: row.growthThreshold,
  discountPermille: row.discountPermille,
  freeShipping: row.freeShipping,
  pointsMultiplierPercent: row.pointsMultiplierPercent,
});

const yuanText = formatMinorUnits;

export interface GrowthMove {
  shopperId: number;
  delta: number;
  /** order_completed, order_refunded, admin_adjust */
  reason: string;
  orderId?: number | null;
  refKey?: string;
  note?: string;
  actor: string;
  /** The level change's reason when the level moves: growth, refund, admin_adjust. */
  changeReason: string;
}

export function createMembersService(deps: { db: Db; clock: Clock; notifications: Pick<NotificationService, 'notifyShopper'> }) {
  const { db, clock } = deps;

  /** Records a level change and tells the shopper (once per change). */
  async function changeLevel(tx: DbOrTx, shopperId: number, from: repo.MemberLevelRow | null, to: repo.MemberLevelRow | null, growth: number, reason: string) {
    const change = await repo.insertLevelChange(tx, { shopperId, fromLevelId: from?.id ?? null, toLevelId: to?.id ?? null, growth, reason, createdAt: clock.now() });
    if (!to) return;
    const up = isLevelUp(from, to);
    await deps.notifications.notifyShopper(tx, {
      shopperId,
      kind: 'member.level_changed',
      title: up ? `恭喜升级为 ${to.name}` : `会员等级调整为 ${to.name}`,
      body: up
        ? `您的成长值已达 ${yuanText(growth)}，恭喜升级为 ${to.name}，快去会员中心看看新权益吧。`
        : `因订单退款，您的成长值为 ${yuanText(growth)}，会员等级调整为 ${to.name}。`,
      data: { levelId: to.id, fromLevelId: from?.id ?? null, up },
      dedupeKey: `member.level:${change.id}`,
    });
  }

  /** Brings the stored level in line with the growth and the current levels, in the caller's transaction. */
  async function settleLevel(tx: DbOrTx, account: repo.MemberAccountRow, growth: number, reason: string, levels: repo.MemberLevelRow[]) {
    const to = levelFor(levels, growth);
    // An account never settled yet was at the level its growth gave.
    const from = account.levelId === null ? levelFor(levels, account.growth) : (levels.find((l) => l.id === account.levelId) ?? null);
    await repo.updateAccount(tx, account.shopperId, { growth, levelId: to?.id ?? null, updatedAt: clock.now() });
    // Reaching the base level is no news.
    if ((to?.id ?? null) === account.levelId || (account.levelId === null && (from?.id === to?.id || to?.growthThreshold === 0))) return;
    await changeLevel(tx, account.shopperId, from, to, growth, account.levelId !== null && !from ? 'levels_changed' : reason);
  }

  /** One growth ledger row and the account moved by it (never below zero), the level following. Returns the row, or null when the delta came to nothing. */
  async function applyGrowth(tx: DbOrTx, m: GrowthMove): Promise<repo.GrowthRow | null> {
    const account = await repo.lockAccount(tx, m.shopperId, clock.now());
    const growth = clampGrowth(account.growth, m.delta);
    const delta = growth - account.growth;
    if (delta === 0) return null;
    const row = await repo.insertGrowth(tx, {
      shopperId: m.shopperId,
      delta,
      growthAfter: growth,
      reason: m.reason,
      orderId: m.orderId ?? null,
      refKey: m.refKey ?? '',
      note: m.note ?? '',
      actor: m.actor,
      createdAt: clock.now(),
    });
    await settleLevel(tx, account, growth, m.changeReason, await repo.listLevels(tx));
    return row;
  }

  async function levelOf(tx: DbOrTx, shopperId: number): Promise<repo.MemberLevelRow | null> {
    const [levels, account] = await Promise.all([repo.listLevels(tx), repo.getAccount(tx, shopperId)]);
    return levelFor(levels, account?.growth ?? 0);
  }

  /** For pricing: the level's member price and free shipping (null: no levels). */
  async function pricingFor(tx: DbOrTx, shopperId: number): Promise<MemberPricing | null> {
    const level = await levelOf(tx, shopperId);
    return level ? { levelId: level.id, name: level.name, nameEn: level.nameEn, discountPermille: level.discountPermille, freeShipping: level.freeShipping } : null;
  }

  /** For points: the level's multiplier in percent (100 without levels). */
  async function multiplierFor(tx: DbOrTx, shopperId: number): Promise<number> {
    return (await levelOf(tx, shopperId))?.pointsMultiplierPercent ?? 100;
  }

  /** 会员列表 for staff: the level shown is the one the growth reaches under today's levels; a level filter is its growth range. */
  async function listMembers(query: MemberListQuery): Promise<MemberPage> {
    const levels = await repo.listLevels(db);
    const growth = query.levelId === undefined ? undefined : growthRangeOf(levels, query.levelId);
    if (growth === null) return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
    const { rows, total } = await repo.listMembers(db, { q: query.q || undefined, growth, sort: query.sort, offset: (query.page - 1) * query.pageSize, limit: query.pageSize });
    const items = rows.map((r) => {
      const level = levelFor(levels, r.growth);
      return { ...r, level: level ? { id: level.id, name: level.name } : null };
    });
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  async function listLevels(): Promise<MemberLevel[]> {
    return (await repo.listLevels(db)).map(levelView);
  }

  /** Staff edit levels: the set must keep a base level (threshold 0) once any exists; thresholds unique (409). */
  async function saveLevel(ctx: StaffContext, id: number | null, input: MemberLevelInput): Promise<MemberLevel> {
    return db.transaction(async (tx) => {
      const levels = await repo.lockLevels(tx);
      const before = id === null ? null : levels.find((l) => l.id === id);
      if (id !== null && !before) throw notFound(LEVEL, id);
      const after = [...levels.filter((l) => l.id !== id), { id: id ?? 0, growthThreshold: input.growthThreshold }];
      if (!levelsValid(after)) throw new AppError('MEMBER_BASE_LEVEL_REQUIRED', {});
      const values = { ...input, updatedAt: clock.now() };
      const row = id === null ? await repo.insertLevel(tx, { ...values, createdAt: clock.now() }) : (await repo.updateLevel(tx, id, values))!;
      await recordAudit(tx, clock, ctx, { action: id === null ? 'member_level.create' : 'member_level.update', entityType: 'member_level', entityId: row.id, changes: { before: before ? levelView(before) : null, after: levelView(row) } });
      return levelView(row);
    });
  }

  async function deleteLevel(ctx: StaffContext, id: number): Promise<void> {
    await db.transaction(async (tx) => {
      const levels = await repo.lockLevels(tx);
      const level = levels.find((l) => l.id === id);
      if (!level) throw notFound(LEVEL, id);
      if (!levelsValid(levels.filter((l) => l.id !== id))) throw new AppError('MEMBER_BASE_LEVEL_REQUIRED', {});
      await repo.deleteLevel(tx, id);
      await recordAudit(tx, clock, ctx, { action: 'member_level.delete', entityType: 'member_level', entityId: id, changes: { before: levelView(level) } });
    });
  }

  /** The membership with the stored level brought in line with the current levels first. */
  async function membershipIn(tx: DbOrTx, shopperId: number): Promise<MembershipView> {
    const levels = await repo.listLevels(tx);
    const account = await repo.lockAccount(tx, shopperId, clock.now());
    if ((levelFor(levels, account.growth)?.id ?? null) !== account.levelId) await settleLevel(tx, account, account.growth, 'levels_changed', levels);
    const level = levelFor(levels, account.growth);
    const next = nextLevelOf(levels, account.growth);
    const names = new Map(levels.map((l) => [l.id, l.name]));
    const nameOf = (id: number | null) => (id === null ? null : (names.get(id) ?? null));
    const history: MemberLevelChange[] = (await repo.listLevelChanges(tx, shopperId, HISTORY_LIMIT)).map((c) => ({
      id: c.id,
      fromLevelId: c.fromLevelId,
      toLevelId: c.toLevelId,
      fromLevelName: nameOf(c.fromLevelId),
      toLevelName: nameOf(c.toLevelId),
      growth: c.growth,
      reason: c.reason,
      createdAt: c.createdAt,
    }));
    return { growth: account.growth, level: level ? levelView(level) : null, nextLevel: next.level ? levelView(next.level) : null, growthToNext: next.missing, history };
  }

  async function membership(shopperId: number): Promise<MembershipView> {
    return db.transaction((tx) => membershipIn(tx, shopperId));
  }

  async function memberForStaff(shopperId: number): Promise<MemberStaffView> {
    return db.transaction(async (tx) => {
      if (!(await loadShopperForAuth(tx, shopperId))) throw notFound(SHOPPER, shopperId);
      const view = await membershipIn(tx, shopperId);
      const ledger = (await repo.listGrowth(tx, shopperId, HISTORY_LIMIT)).map((g) => ({
        id: g.id,
        delta: g.delta,
        growthAfter: g.growthAfter,
        reason: g.reason,
        orderId: g.orderId,
        refKey: g.refKey,
        note: g.note,
        actor: g.actor,
        createdAt: g.createdAt,
      }));
      return { ...view, shopperId, ledger };
    });
  }

  /** Staff add or remove growth with a reason (never below zero); audited. */
  async function adjustGrowth(ctx: StaffContext, shopperId: number, input: GrowthAdjustInput): Promise<MemberStaffView> {
    await db.transaction(async (tx) => {
      if (!(await loadShopperForAuth(tx, shopperId))) throw notFound(SHOPPER, shopperId);
      const row = await applyGrowth(tx, { shopperId, delta: input.delta, reason: 'admin_adjust', note: input.note, actor: `staff:${ctx.actor.username}`, changeReason: 'admin_adjust' });
      await recordAudit(tx, clock, ctx, { action: 'member.growth_adjust', entityType: 'shopper', entityId: shopperId, changes: { delta: row?.delta ?? 0, note: input.note, growth: row?.growthAfter ?? null } });
    });
    return memberForStaff(shopperId);
  }

  return { applyGrowth, pricingFor, multiplierFor, listMembers, listLevels, saveLevel, deleteLevel, membership, memberForStaff, adjustGrowth };
}

export type MembersService = ReturnType<typeof createMembersService>;
