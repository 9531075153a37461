// Bulk actions in the back office on a campaign's orders (spec §4): ship, close, message. Each
// order is its own transaction; one that cannot move is reported with its error and the rest go on.
import crypto from 'node:crypto';
import { formatErrorMessage, roleAllows, type Permission, type PresaleBulkInput, type PresaleBulkResult } from '@mall/contract';
import { recordAudit, type StaffContext } from '../../platform/audit.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { OrderDeps, OrderEffects } from './orders-effects.ts';
import { campaignOrderIds } from './orders-presale.repo.ts';
import { findOrder } from './orders.repo.ts';
import type { OrderStatus } from './orders.tables.ts';

const CAMPAIGN = { zh: '预售活动', en: 'Presale campaign' };
const ALL: OrderStatus[] = ['awaiting_deposit', 'awaiting_balance', 'awaiting_payment', 'awaiting_shipment', 'shipped', 'completed', 'cancelled', 'closed'];
const OPEN: OrderStatus[] = ['awaiting_deposit', 'awaiting_balance', 'awaiting_payment', 'awaiting_shipment', 'shipped'];
const PERMISSION: Record<PresaleBulkInput['action'], Permission> = { ship: 'orders.ship', close: 'orders.manage', message: 'marketing.manage' };

type Row = PresaleBulkResult['results'][number];

export function createPresaleBulk(
  deps: OrderDeps,
  effects: OrderEffects,
  staff: {
    ship(ctx: StaffContext, orderId: number, input: { carrier?: string; carrierCode?: string; trackingNo: string }): Promise<unknown>;
    close(ctx: StaffContext, orderId: number, input: { reason: string; refund: true; keepDeposit?: boolean; merchantDefault?: boolean }): Promise<unknown>;
  },
) {
  const { db, clock } = deps;

  async function each(ids: readonly number[], inCampaign: ReadonlySet<number>, work: (orderId: number) => Promise<unknown>): Promise<Row[]> {
    const rows: Row[] = [];
    for (const orderId of ids) {
      try {
        if (!inCampaign.has(orderId)) throw notFound({ zh: '活动订单', en: 'Order of this campaign' }, orderId);
        await work(orderId);
        rows.push({ orderId, ok: true, code: null, message: null });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        rows.push({ orderId, ok: false, code: error.code, message: formatErrorMessage(error.code, 'zh-CN', error.params) });
      }
    }
    return rows;
  }

  async function run(ctx: StaffContext, campaignId: number, input: PresaleBulkInput): Promise<PresaleBulkResult> {
    if (!roleAllows(ctx.actor.role, PERMISSION[input.action])) throw new AppError('FORBIDDEN', { permission: PERMISSION[input.action] });
    if (!(await deps.presale.campaignForOrder(db, campaignId))) throw notFound(CAMPAIGN, campaignId);
    const inCampaign = new Set(await campaignOrderIds(db, campaignId, ALL));
    let results: Row[];
    if (input.action === 'ship') {
      const byOrder = new Map(input.shipments.map((s) => [s.orderId, s]));
      results = await each([...byOrder.keys()], inCampaign, (id) => {
        const { carrier, carrierCode, trackingNo } = byOrder.get(id)!;
        return staff.ship(ctx, id, { carrier, carrierCode, trackingNo });
      });
    } else if (input.action === 'close') {
      results = await each([...new Set(input.orderIds)], inCampaign, (id) =>
        staff.close(ctx, id, { reason: input.reason, refund: true, keepDeposit: input.keepDeposit, merchantDefault: input.merchantDefault }),
      );
    } else {
      const ids = input.orderIds ? [...new Set(input.orderIds)] : await campaignOrderIds(db, campaignId, OPEN);
      // The same text is never sent twice to one order, even when staff press "send" again.
      const key = crypto.createHash('sha256').update(`${input.title}\n${input.body}`).digest('hex').slice(0, 16);
      results = await each(ids, inCampaign, (id) =>
        db.transaction(async (tx) => {
          const order = await findOrder(tx, id);
          if (!order) throw notFound({ zh: '订单', en: 'Order' }, id);
          await effects.tellShopper(tx, order, 'presale.campaign_message', input.title, input.body, key);
        }),
      );
    }
    const succeeded = results.filter((r) => r.ok).length;
    await db.transaction((tx) =>
      recordAudit(tx, clock, ctx, {
        action: `presale.bulk_${input.action}`,
        entityType: 'presale_campaign',
        entityId: campaignId,
        changes: { orderIds: results.map((r) => r.orderId), succeeded, failed: results.length - succeeded },
      }),
    );
    return { action: input.action, succeeded, failed: results.length - succeeded, results };
  }

  return { run };
}
