// The admin report of one presale campaign (spec §6): numbers and a daily series for charts.
import { z } from 'zod';
import { timestamp } from './common.ts';
import { PRESALE_STATUSES, PRESALE_TYPES, presaleTier } from './presale.ts';

const count = z.number().int().min(0);
const fen = z.number().int();

/** One day in the shop's time zone. Full-payment campaigns count their single payment as the balance. */
export const presaleReportDay = z.object({
  /** YYYY-MM-DD in the shop's time zone. */
  date: z.string(),
  ordersPlaced: count,
  unitsOrdered: count,
  depositsPaid: count,
  depositAmount: fen,
  balancesPaid: count,
  balanceAmount: fen,
  forfeits: count,
  forfeitedAmount: fen,
  /** Units in every order placed up to the end of this day. */
  cumulativeUnits: count,
});
export type PresaleReportDay = z.infer<typeof presaleReportDay>;

export const MIN_TARGET_STATUSES = ['pending', 'reached', 'succeeded', 'failed'] as const;
export type MinTargetStatus = (typeof MIN_TARGET_STATUSES)[number];

/** The reminder key of balance payments no reminder preceded. */
export const NO_REMINDER_KEY = 'none';

export const presaleCampaignReport = z.object({
  campaignId: z.number().int(),
  name: z.string(),
  type: z.enum(PRESALE_TYPES),
  status: z.enum(PRESALE_STATUSES),
  /** The zone the series' days are counted in (the shop's). */
  timeZone: z.string(),
  generatedAt: timestamp,
  /** "Notify me" subscribers of the campaign. */
  subscribers: z.object({ count, waiting: count, notified: count }),
  /** Every order placed in the campaign, whatever became of it. */
  orders: z.object({ placed: count, units: count, cancelled: count, closed: count }),
  /** Deposit type: orders whose deposit was paid (later cancelled or closed ones included). */
  deposits: z.object({ orders: count, units: count, amount: fen }),
  /** Orders paid in full (the balance; for the full type, the one payment). */
  balances: z.object({ orders: count, amount: fen }),
  /** Balances paid ÷ deposits paid, deposit type only: in basis points (rounded down) and as text ("66.66%"). */
  conversion: z.object({ basisPoints: z.number().int().nullable(), percent: z.string().nullable() }),
  /** Deposits kept because the balance was not paid (or kept on a force-close). */
  forfeited: z.object({ orders: count, amount: fen }),
  /** From the payments of the campaign's orders: money received, refunds confirmed, and the difference. */
  revenue: z.object({ received: fen, refunded: fen, collected: fen }),
  /** Units in live orders whose first payment is paid, less units refunded. */
  quantityToProduce: count,
  /** Price tiers: counted over units with a paid first payment (fixed when the campaign settled). */
  tier: z.object({
    units: count,
    settled: z.boolean(),
    reached: presaleTier.nullable(),
    next: z.object({ tier: presaleTier, depositsNeeded: count }).nullable(),
  }),
  /** 成团: null when the campaign has no minimum target. */
  minTarget: z
    .object({ target: count, units: count, unitsNeeded: count, status: z.enum(MIN_TARGET_STATUSES) })
    .nullable(),
  /** Per reminder key ('window_open', 'before_close:24', …, 'none'): balance payments whose latest earlier reminder had it. */
  reminders: z.array(z.object({ key: z.string(), balancePayments: count })),
  /** 分批发货: per batch, units planned and placed now, orders ever placed in it (lapsed ones too) and those whose balance is paid (empty without batches). */
  batches: z.array(
    z.object({
      seq: z.number().int(),
      units: z.number().int(),
      assignedUnits: z.number().int(),
      orders: z.number().int(),
      balancesPaid: z.number().int(),
      balanceStartsAt: timestamp,
      balanceEndsAt: timestamp,
      shipDate: timestamp,
    }),
  ),
  series: z.array(presaleReportDay),
});
export type PresaleCampaignReport = z.infer<typeof presaleCampaignReport>;
