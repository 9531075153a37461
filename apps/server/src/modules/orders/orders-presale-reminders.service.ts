// Balance reminders (spec §3 beyond): each of a campaign's reminders goes once to every order
// awaiting its balance, through every channel configured, with a one-tap link to pay.
import type { Tx } from '../../platform/db.ts';
import { formatShopTime } from '../notifications/index.ts';
import { yuan, type OrderDeps } from './orders-effects.ts';
import { reminderKindOf } from './orders-presale-delay.rules.ts';
import { tierDiscountOf } from './orders-presale.rules.ts';
import { claimReminder, dueReminders, lockAwaitingBalance, type DueReminder } from './orders-presale-reminders.repo.ts';

const BATCH = 200;
/** Batches per sweep at most (the rest waits for the next sweep, a minute later). */
const MAX_BATCHES = 50;

/** The link the message opens: the order with its balance payment started. */
export const balancePayUrl = (orderId: number) => `/orders/${orderId}?pay=balance`;

/** What the buyer pays now: the stored balance, less the campaign's tier discount when it was not taken off yet. */
export function balanceToPay(due: Pick<DueReminder, 'balanceAmount' | 'tierDiscount' | 'tierOff' | 'units' | 'shippingFee'>): number {
  if (due.tierDiscount > 0 || due.tierOff === 0) return due.balanceAmount;
  return due.balanceAmount - tierDiscountOf(due.tierOff, due.units, due.balanceAmount, due.shippingFee);
}

/** The message: amount, deadline in the shop's time zone, and the one-tap link (absolute, so it works from e-mail and SMS too). */
export function reminderText(due: DueReminder, amount: number, timeZone: string, link: string): { title: string; body: string } {
  const deadline = formatShopTime(due.balanceEndsAt, timeZone);
  const lapse = due.depositKind === 'prepayment' ? '逾期未付订单将自动取消，订金原路退回' : '逾期未付订单将自动取消，定金不退';
  const pay = `一键支付尾款：${link}`;
  if (due.reminderKey === 'window_open') {
    return { title: '尾款开始支付', body: `订单 ${due.orderNo} 的尾款 ¥${yuan(amount)} 现在可以支付了，请在 ${deadline} 前完成支付（${lapse}）。${pay}` };
  }
  const hours = due.reminderKey.slice('before_close:'.length);
  return { title: `尾款支付将在 ${hours} 小时后截止`, body: `订单 ${due.orderNo} 的尾款 ¥${yuan(amount)} 请在 ${deadline} 前支付（${lapse}）。${pay}` };
}

export function createPresaleReminders(deps: OrderDeps) {
  const { db, clock, notifications } = deps;
  const base = (deps.publicBaseUrl ?? '').replace(/\/+$/, '');

  /** Sends one due reminder in its own transaction; false when it is no longer due or someone else sent it. */
  async function sendOne(tx: Tx, due: DueReminder, timeZone: string): Promise<boolean> {
    if (!(await lockAwaitingBalance(tx, due.orderId))) return false;
    const now = clock.now();
    if (!(await claimReminder(tx, { orderId: due.orderId, reminderKey: due.reminderKey, campaignId: due.campaignId, sentAt: now }))) return false;
    const amount = balanceToPay(due);
    const payUrl = balancePayUrl(due.orderId);
    await notifications.notifyShopper(tx, {
      shopperId: due.shopperId,
      kind: reminderKindOf(due.reminderKey),
      ...reminderText(due, amount, timeZone, `${base}${payUrl}`),
      data: { orderId: due.orderId, orderNo: due.orderNo, payUrl, reminder: due.reminderKey, amount, deadline: due.balanceEndsAt.toISOString() },
      dedupeKey: `presale.balance_reminder:${due.orderId}:${due.reminderKey}`,
    });
    return true;
  }

  /**
   * Sweeper: sends every balance reminder due now, once per order and reminder even with several
   * instances (the send is claimed by its primary key in the message's transaction). Returns how
   * many were sent by this call.
   */
  async function sendDue(): Promise<number> {
    const { timeZone } = await deps.settings.get();
    let sent = 0;
    let after = 0;
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const due = await dueReminders(db, clock.now(), after, BATCH);
      for (const d of due) {
        try {
          if (await db.transaction((tx) => sendOne(tx, d, timeZone))) sent++;
        } catch (error) {
          deps.log?.error({ err: error, orderId: d.orderId, reminder: d.reminderKey, sweeper: 'presale-balance-reminders' }, 'could not send a balance reminder');
        }
      }
      if (due.length < BATCH) break;
      after = due[due.length - 1]!.orderId;
    }
    return sent;
  }

  return { sendDue };
}
