// Queries of balance reminders: which (order, reminder) pairs are due and the claim of one send.
// Decides nothing.
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.ts';
import { orders, presaleReminderSends } from './orders.tables.ts';

const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;
const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

export interface DueReminder {
  orderId: number;
  orderNo: string;
  shopperId: number;
  shippingFee: number;
  campaignId: number;
  balanceAmount: number;
  tierDiscount: number;
  depositKind: 'earnest' | 'prepayment' | null;
  tierOff: number;
  balanceEndsAt: Date;
  reminderKey: string;
  /** Units of the order's presale lines (for a tier discount not yet taken off the balance). */
  units: number;
}

/**
 * Orders awaiting their balance, after `afterOrderId`, each with the one reminder due now and not
 * sent yet: of the campaign's reminders whose moment has come (window_open at the window's start,
 * before_close h at its end − h hours), only the latest counts — an earlier one whose moment was
 * missed is skipped, never sent late. Only inside the balance window of a campaign that settled
 * successfully. Ordered by order id, `limit` at most.
 */
export async function dueReminders(db: DbOrTx, now: Date, afterOrderId: number, limit: number): Promise<DueReminder[]> {
  const result = await db.execute(sql`
    WITH latest AS (
      SELECT DISTINCT ON (o.id)
        o.id AS order_id, o.order_no, o.shopper_id, o.shipping_fee,
        po.campaign_id, po.balance_amount, po.tier_discount, po.deposit_kind,
        c.tier_off, w.balance_ends_at, r.reminder_key
      FROM orders o
      JOIN presale_orders po ON po.order_id = o.id
      JOIN presale_campaigns c ON c.id = po.campaign_id
      LEFT JOIN presale_batches b ON b.id = po.batch_id
      -- 分批发货: an order placed in a batch follows its batch's balance window.
      CROSS JOIN LATERAL (
        SELECT coalesce(b.balance_starts_at, c.balance_starts_at) AS balance_starts_at,
               coalesce(b.balance_ends_at, c.balance_ends_at) AS balance_ends_at
      ) w
      CROSS JOIN LATERAL (
        SELECT
          CASE WHEN e->>'kind' = 'window_open' THEN 'window_open' ELSE 'before_close:' || (e->>'hours') END AS reminder_key,
          CASE WHEN e->>'kind' = 'window_open' THEN w.balance_starts_at
               ELSE w.balance_ends_at - ((e->>'hours')::int * interval '1 hour') END AS moment
        FROM jsonb_array_elements(c.reminders) AS e
      ) r
      WHERE o.status = 'awaiting_balance'
        AND o.id > ${afterOrderId}
        AND c.settled_at IS NOT NULL AND c.settlement_outcome = 'succeeded'
        AND w.balance_starts_at <= ${at(now)} AND ${at(now)} < w.balance_ends_at
        AND r.moment <= ${at(now)}
      ORDER BY o.id, r.moment DESC, r.reminder_key
    )
    SELECT latest.*,
      (SELECT coalesce(sum(l.quantity), 0) FROM order_lines l WHERE l.order_id = latest.order_id AND l.presale_item_id IS NOT NULL) AS units
    FROM latest
    WHERE NOT EXISTS (SELECT 1 FROM presale_reminder_sends s WHERE s.order_id = latest.order_id AND s.reminder_key = latest.reminder_key)
    ORDER BY latest.order_id
    LIMIT ${limit}`);
  return rowsOf<Record<string, unknown>>(result).map((r) => ({
    orderId: Number(r.order_id),
    orderNo: String(r.order_no),
    shopperId: Number(r.shopper_id),
    shippingFee: Number(r.shipping_fee),
    campaignId: Number(r.campaign_id),
    balanceAmount: Number(r.balance_amount),
    tierDiscount: Number(r.tier_discount),
    depositKind: (r.deposit_kind as DueReminder['depositKind']) ?? null,
    tierOff: Number(r.tier_off),
    balanceEndsAt: new Date(r.balance_ends_at as string | Date),
    reminderKey: String(r.reminder_key),
    units: Number(r.units),
  }));
}

/** Locks the order if it still awaits its balance; skips it when another transaction holds it (a payment, another instance). */
export async function lockAwaitingBalance(tx: DbOrTx, orderId: number): Promise<boolean> {
  const rows = await tx
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.id, orderId), eq(orders.status, 'awaiting_balance')))
    .for('update', { skipLocked: true });
  return rows.length > 0;
}

/** Records the send of a reminder to an order; false when it was already sent (by this or another instance). */
export async function claimReminder(tx: DbOrTx, values: { orderId: number; reminderKey: string; campaignId: number; sentAt: Date }): Promise<boolean> {
  const rows = await tx.insert(presaleReminderSends).values(values).onConflictDoNothing().returning({ orderId: presaleReminderSends.orderId });
  return rows.length > 0;
}

/** The reminders sent to an order, oldest first. */
export async function remindersSentTo(db: DbOrTx, orderId: number) {
  return db.select().from(presaleReminderSends).where(eq(presaleReminderSends.orderId, orderId)).orderBy(presaleReminderSends.sentAt, presaleReminderSends.reminderKey);
}
