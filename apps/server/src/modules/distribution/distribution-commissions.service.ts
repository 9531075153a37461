// Commission lifecycle, driven by the order event feed: created pending when the order is paid in
// full, given a settle time by the shop's setting, settled by a sweeper, clawed back by refunds.
// Settled commission is never clawed back (the money may already be withdrawn; the shop recovers
// it outside the system) — the rights-protection mode exists to avoid that case.
import { and, eq, inArray, type SQL } from 'drizzle-orm';
import { yuan, type CommissionKind, type CommissionView, type SettingsService, type ShopperNotifier } from './distribution-deps.ts';
import type { Clock } from '../../platform/clock.ts';
import { DAY } from '../../platform/clock.ts';
import type { Db, Tx } from '../../platform/db.ts';
import type { OrderEventMessage } from '../orders/index.ts';
import { ALL_KINDS_ALLOWED, bindingValidAt, maskName, pickRegionalAgent, planCommissions, shrunkAmount, type ChainMember } from './distribution-commissions.rules.ts';
import { moveMoney } from './distribution-ledger.ts';
import * as repo from './distribution.repo.ts';
import { commissions } from './distribution.tables.ts';

/** How far up the chain an agent is looked for. */
const AGENT_SEARCH_DEPTH = 10;
/** An order with an open after-sales is looked at again this much later. */
const POSTPONE_MS = DAY;
export const COMMISSION_EVENT_TYPES = ['order.paid', 'order.completed', 'order.refunded', 'refund.succeeded', 'order.cancelled', 'order.closed'] as const;

export function createCommissionService(deps: { db: Db; clock: Clock; settings: SettingsService; notifications: ShopperNotifier }) {
  const { db, clock, settings, notifications } = deps;

  async function onOrderEvent(tx: Tx, event: OrderEventMessage) {
    if (event.type === 'order.paid') return createForOrder(tx, event.orderId, new Date(event.at));
    if (event.type === 'order.completed') return scheduleAfterCompletion(tx, event.orderId, new Date(event.at));
    if (event.type === 'order.cancelled' || event.type === 'order.closed') return clawBack(tx, event.orderId, true);
    return clawBack(tx, event.orderId, false);
  }

  async function chainOf(tx: Tx, buyerId: number, orderedAt: Date): Promise<ChainMember[]> {
    const ids: number[] = [];
    let current = buyerId;
    for (let depth = 0; depth < AGENT_SEARCH_DEPTH; depth++) {
      const binding = await repo.bindingOf(tx, current);
      if (!binding || !bindingValidAt(binding, orderedAt) || ids.includes(binding.referrerId)) break;
      ids.push(binding.referrerId);
      current = binding.referrerId;
    }
    const rows = await repo.distributorsByIds(tx, ids);
    return ids.map((id) => {
      const row = rows.get(id);
      return { shopperId: id, status: (row?.status as ChainMember['status']) ?? null, isAgent: row?.isAgent ?? false, agentPermille: row?.agentPermille ?? 0 };
    });
  }

  async function createForOrder(tx: Tx, orderId: number, paidAt: Date) {
    const found = await repo.orderForCommission(tx, orderId);
    if (!found || ['cancelled', 'closed'].includes(found.order.status)) return;
    const { order, lines, presale } = found;
    const shop = await settings.get(tx);
    const flags = presale ? { distribution: presale.distribution, agentDividend: presale.agentDividend, regionalRebate: presale.regionalRebate } : ALL_KINDS_ALLOWED;
    const bases = repo.lineBases(lines);
    const regional = flags.regionalRebate
      ? pickRegionalAgent(
          (await repo.regionalAgentsOf(tx, order.address.province)).map((d) => ({ shopperId: d.shopperId, regionProvince: d.regionProvince!, regionCity: d.regionCity, regionPermille: d.regionPermille })),
          order.address,
        )
      : null;
    const planned = planCommissions({
      buyerId: order.shopperId,
      lines: bases,
      chain: await chainOf(tx, order.shopperId, order.createdAt),
      productRates: await repo.productRatesOf(tx, [...new Set(lines.map((l) => l.productId))]),
      defaults: shop.distributors,
      regional,
      flags,
    });
    // A completion delivered before this (an outbox retry) has already passed: take its time here.
    const settleAt =
      shop.commission.settleOn === 'paid'
        ? (order.paidAt ?? paidAt)
        : order.completedAt
          ? new Date(order.completedAt.getTime() + shop.commission.protectionDays * DAY)
          : null;
    const now = clock.now();
    for (const p of planned) {
      const [inserted] = await tx
        .insert(commissions)
        .values({ orderId, ...p, status: 'pending', settleAt, createdAt: now, updatedAt: now })
        .onConflictDoNothing()
        .returning();
      if (!inserted) continue;
      await moveMoney(tx, clock, p.beneficiaryId, { pending: p.amount }, { reason: 'commission_earned', commissionId: inserted.id, actor: 'system' });
      await notifications.notifyShopper(tx, {
        shopperId: p.beneficiaryId,
        kind: 'distribution.commission',
        title: '您有一笔新佣金',
        body: `订单 ${order.orderNo} 为您带来 ¥${yuan(p.amount)} 佣金（待结算）。`,
        data: { commissionId: inserted.id, orderNo: order.orderNo },
        dedupeKey: `distribution.commission:${inserted.id}`,
      });
    }
  }

  async function scheduleAfterCompletion(tx: Tx, orderId: number, completedAt: Date) {
    const shop = await settings.get(tx);
    if (shop.commission.settleOn !== 'after_protection') return;
    await repo.setSettleAtWhereUnset(tx, orderId, new Date(completedAt.getTime() + shop.commission.protectionDays * DAY), clock.now());
  }

  /** Lowers pending commissions to what is left of the order's base (all of it when `entirely`). */
  async function clawBack(tx: Tx, orderId: number, entirely: boolean) {
    const pending = await repo.pendingCommissionsOfOrder(tx, orderId);
    if (pending.length === 0) return;
    const found = await repo.orderForCommission(tx, orderId);
    const remainingBase = entirely || !found ? 0 : repo.lineBases(found.lines).reduce((sum, l) => sum + l.base, 0);
    const now = clock.now();
    for (const c of pending) {
      const amount = shrunkAmount(c.amount, c.baseAmount, remainingBase);
      if (amount === c.amount && remainingBase >= c.baseAmount) continue;
      const gone = amount === 0;
      const status = gone ? (found && found.order.status === 'cancelled' ? 'cancelled' : 'clawed_back') : 'pending';
      await tx
        .update(commissions)
        .set({ amount, baseAmount: Math.min(c.baseAmount, remainingBase), status, updatedAt: now })
        .where(eq(commissions.id, c.id));
      if (c.amount - amount > 0) {
        await moveMoney(tx, clock, c.beneficiaryId, { pending: amount - c.amount }, { reason: 'commission_clawed_back', commissionId: c.id, actor: 'system' });
      }
    }
  }

  /** Settles due commissions (pending → available); postpones those whose order has an open after-sales. Safe on several instances. */
  async function settleDue(limit = 100): Promise<number> {
    return db.transaction(async (tx) => {
      const now = clock.now();
      const due = await repo.claimDueCommissions(tx, now, limit);
      const shop = await settings.get(tx);
      let settled = 0;
      const openByOrder = new Map<number, boolean>();
      for (const c of due) {
        if (shop.commission.settleOn === 'after_protection') {
          if (!openByOrder.has(c.orderId)) openByOrder.set(c.orderId, await repo.hasOpenAfterSales(tx, c.orderId));
          if (openByOrder.get(c.orderId)) {
            await tx.update(commissions).set({ settleAt: new Date(now.getTime() + POSTPONE_MS), updatedAt: now }).where(eq(commissions.id, c.id));
            continue;
          }
        }
        await tx.update(commissions).set({ status: 'settled', settledAt: now, updatedAt: now }).where(eq(commissions.id, c.id));
        await moveMoney(tx, clock, c.beneficiaryId, { pending: -c.amount, available: c.amount }, { reason: 'commission_settled', commissionId: c.id, actor: 'system' });
        settled++;
      }
      return settled;
    });
  }

  async function list(filter: { beneficiaryId?: number; status?: string; page: number; pageSize: number }) {
    const conditions: SQL[] = [];
    if (filter.beneficiaryId) conditions.push(eq(commissions.beneficiaryId, filter.beneficiaryId));
    if (filter.status) conditions.push(eq(commissions.status, filter.status));
    const { rows, total } = await repo.listCommissions(db, conditions.length ? and(...conditions) : undefined, filter.page, filter.pageSize);
    const items: CommissionView[] = rows.map(({ c, orderNo, buyer, realName, nickname }) => ({
      id: c.id,
      orderId: c.orderId,
      orderNo,
      buyer: maskName(buyer ?? ''),
      beneficiaryId: c.beneficiaryId,
      beneficiaryName: realName ?? nickname ?? '',
      kind: c.kind as CommissionKind,
      baseAmount: c.baseAmount,
      permille: c.permille,
      amount: c.amount,
      status: c.status as CommissionView['status'],
      settleAt: c.settleAt?.toISOString() ?? null,
      settledAt: c.settledAt?.toISOString() ?? null,
      createdAt: c.createdAt.toISOString(),
    }));
    return { items, total, page: filter.page, pageSize: filter.pageSize };
  }

  /** The back office's list: the page, and the totals of the same distributor (or of all). */
  async function listForStaff(filter: { beneficiaryId?: number; status?: string; page: number; pageSize: number }) {
    const page = await list(filter);
    return { ...page, totals: await repo.commissionTotals(db, filter.beneficiaryId) };
  }

  async function ofOrder(orderId: number) {
    return db.select().from(commissions).where(inArray(commissions.orderId, [orderId])).orderBy(commissions.id);
  }

  return { onOrderEvent, settleDue, list, listForStaff, ofOrder };
}

export type CommissionService = ReturnType<typeof createCommissionService>;
