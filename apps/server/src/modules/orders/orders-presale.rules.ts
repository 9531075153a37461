// Pure rules of presale orders: which stage is due, what a payment does, what the buyer may do,
// and the amounts and breakdown of a deposit order.
import { allocateMinor, type PriceBreakdown, type PricedOrderLine } from '@mall/contract';
import { AppError } from '../../platform/errors.ts';
import type { OrderKind, OrderStatus } from './orders.tables.ts';

export type PayStage = 'full' | 'deposit' | 'balance';

/** The payment the order waits for now, or null when none is due. */
export function stageDue(status: OrderStatus): PayStage | null {
  if (status === 'awaiting_payment') return 'full';
  if (status === 'awaiting_deposit') return 'deposit';
  if (status === 'awaiting_balance') return 'balance';
  return null;
}

/** Orders whose first payment is still open (they hold quota or stock until it is paid or times out). */
export const FIRST_PAYMENT_STATUSES: readonly OrderStatus[] = ['awaiting_payment', 'awaiting_deposit'];

export interface BalanceWindow {
  balanceStartsAt: Date | null;
  balanceEndsAt: Date | null;
  /** The campaign settled (minimum target and tiers decided): balances are final. */
  settled: boolean;
}

/**
 * Whether the balance can be paid now: only inside its window [start, end), and only once the
 * campaign has settled its balances (tiers); otherwise the error to answer.
 */
export function balancePayable(w: BalanceWindow, now: Date): AppError | null {
  if (!w.balanceStartsAt || !w.balanceEndsAt) return new AppError('PRESALE_BALANCE_CLOSED');
  if (now < w.balanceStartsAt) return new AppError('PRESALE_BALANCE_NOT_OPEN', { opensAt: w.balanceStartsAt.toISOString() });
  if (now >= w.balanceEndsAt) return new AppError('PRESALE_BALANCE_CLOSED');
  if (!w.settled) return new AppError('PRESALE_BALANCE_NOT_READY');
  return null;
}

export type StageOutcome = 'mark_paid' | 'deposit_paid' | 'refund_late' | 'refund_duplicate' | 'refund_mismatch';

/**
 * What a succeeded payment of a stage does: pays the stage the order waits for when the stage and
 * amount match; money for a cancelled or closed order, for a stage already paid, or of a wrong
 * amount or stage goes back.
 */
export function stagePaymentOutcome(
  order: { status: OrderStatus; totalAmount: number },
  presale: { depositAmount: number; balanceAmount: number } | null,
  stage: PayStage,
  amount: number,
): StageOutcome {
  if (order.status === 'cancelled' || order.status === 'closed') return 'refund_late';
  const due = stageDue(order.status);
  if (due === null) return 'refund_duplicate';
  if (due !== stage) return stageRank(stage) < stageRank(due) ? 'refund_duplicate' : 'refund_mismatch';
  if (stage === 'full') return amount === order.totalAmount ? 'mark_paid' : 'refund_mismatch';
  if (!presale) return 'refund_mismatch';
  if (stage === 'deposit') return amount === presale.depositAmount ? 'deposit_paid' : 'refund_mismatch';
  return amount === presale.balanceAmount ? 'mark_paid' : 'refund_mismatch';
}

const stageRank = (stage: PayStage) => (stage === 'deposit' ? 0 : 1);

export type BuyerCancel = 'release' | 'refund_all' | 'refused';

/**
 * What a buyer's cancel does: an unpaid order is simply cancelled; after the deposit it is
 * refused, except when the merchant delayed the order (full refund, deposit included) or the
 * deposit is a 订金 (prepayment) and the balance is not paid yet (the prepayment comes back).
 * A fully paid presale order the merchant delayed may be cancelled with a full refund too.
 */
export function buyerCancel(
  order: { status: OrderStatus; kind: OrderKind },
  presale: { depositKind: 'earnest' | 'prepayment' | null; delayedAt: Date | null } | null,
  partlyShipped = false,
): BuyerCancel {
  if (FIRST_PAYMENT_STATUSES.includes(order.status)) return 'release';
  if (!presale) return 'refused';
  if (order.status === 'awaiting_balance') return presale.delayedAt !== null || presale.depositKind === 'prepayment' ? 'refund_all' : 'refused';
  // A parcel already on its way is not taken back by a cancel: what is left goes through after-sales.
  if (order.status === 'awaiting_shipment' && presale.delayedAt !== null && !partlyShipped) return 'refund_all';
  return 'refused';
}

/**
 * The deposit on a force-close of an order awaiting its balance: refunded unless the merchant
 * keeps it; on the merchant's default it is always refunded, and an earnest deposit (定金) is
 * matched by a compensation of the same amount when the shop pays double (PRC Civil Code art. 587).
 */
export function forceClosePlan(
  input: { keepDeposit?: boolean; merchantDefault?: boolean },
  presale: { depositKind: 'earnest' | 'prepayment' | null; depositAmount: number; depositPaid: boolean },
  earnestDoubleReturn: boolean,
): { refundDeposit: boolean; compensation: number } {
  if (input.keepDeposit && input.merchantDefault) throw new AppError('PRESALE_CLOSE_CHOICE_INVALID');
  if (!presale.depositPaid) return { refundDeposit: false, compensation: 0 };
  const refundDeposit = !input.keepDeposit;
  const compensation = input.merchantDefault && presale.depositKind === 'earnest' && earnestDoubleReturn ? presale.depositAmount : 0;
  return { refundDeposit, compensation };
}

/** The payment deadline of a presale order's first payment: the usual timeout, but never after the order window closes. */
export function firstPaymentDue(now: Date, timeoutMinutes: number, windowEnd: Date): Date {
  return new Date(Math.min(now.getTime() + timeoutMinutes * 60_000, windowEnd.getTime()));
}

// ---------- a deposit order's amounts ----------

export interface DepositLine {
  skuId: number;
  quantity: number;
  presalePrice: number;
  deposit: number;
  depositValue: number;
}

/**
 * The breakdown of a deposit order, built from the quote of its balance part (each unit priced
 * at presale price − deposit value, where coupons and points apply, so they never touch the
 * deposit and never exceed the balance). Goods are shown at the presale price; what the deposit
 * is worth above itself (定金膨胀) is a promotion line; shipping is in the balance.
 * total = deposit + balance.
 */
export function depositOrderBreakdown(lines: readonly DepositLine[], balanceQuote: PriceBreakdown): { breakdown: PriceBreakdown; deposit: number; balance: number } {
  const quoted = new Map(balanceQuote.perLine.map((p) => [p.skuId, p]));
  const perLine: PricedOrderLine[] = lines.map((l) => {
    const q = quoted.get(l.skuId);
    if (!q || q.quantity !== l.quantity || q.unitPrice !== l.presalePrice - l.depositValue) {
      throw new AppError('CONFLICT', { detail: `the balance quote does not match SKU ${l.skuId}` });
    }
    const goodsAmount = l.presalePrice * l.quantity;
    const inflation = (l.depositValue - l.deposit) * l.quantity;
    return {
      skuId: l.skuId,
      quantity: l.quantity,
      unitPrice: l.presalePrice,
      goodsAmount,
      promotionDiscount: inflation,
      couponDiscount: q.couponDiscount,
      pointsDiscount: q.pointsDiscount,
      payAmount: goodsAmount - inflation - q.couponDiscount - q.pointsDiscount,
    };
  });
  const sum = (f: (p: PricedOrderLine) => number) => perLine.reduce((s, p) => s + f(p), 0);
  const goodsAmount = sum((p) => p.goodsAmount);
  const promotionDiscount = sum((p) => p.promotionDiscount);
  const deposit = lines.reduce((s, l) => s + l.deposit * l.quantity, 0);
  const totalAmount = sum((p) => p.payAmount) + balanceQuote.shippingFee;
  const inflationLine =
    promotionDiscount > 0 ? [{ step: 'promotion' as const, label: '定金膨胀', labelEn: 'Deposit worth more than paid', amount: -promotionDiscount }] : [];
  const breakdown: PriceBreakdown = {
    currency: 'CNY',
    goodsAmount,
    promotionDiscount,
    couponDiscount: balanceQuote.couponDiscount,
    pointsDiscount: balanceQuote.pointsDiscount,
    pointsUsed: balanceQuote.pointsUsed,
    shippingFee: balanceQuote.shippingFee,
    totalAmount,
    lines: [
      { step: 'goods', label: '商品金额（预售价）', labelEn: 'Goods (presale price)', amount: goodsAmount },
      ...inflationLine,
      ...balanceQuote.lines.filter((l) => l.step !== 'goods'),
    ],
    perLine,
    notices: balanceQuote.notices,
  };
  return { breakdown, deposit, balance: totalAmount - deposit };
}

/** The shipping fee of a presale order: the flat fee unless the goods at presale price reach the free threshold. */
export function presaleShippingFee(goodsAmount: number, shipping: { flatFee: number; freeThreshold: number }): number {
  if (shipping.flatFee === 0) return 0;
  return shipping.freeThreshold > 0 && goodsAmount >= shipping.freeThreshold ? 0 : shipping.flatFee;
}

/**
 * The tier discount of an order: `tierOff` per unit, at most what the goods part of the balance
 * still is after coupon and points (the discount never pays for shipping, never turns negative).
 */
export function tierDiscountOf(tierOff: number, units: number, balance: number, shippingFee: number): number {
  return Math.max(0, Math.min(tierOff * units, balance - shippingFee));
}

/**
 * The order after a tier discount of `discount` fen off its balance: split over the presale
 * lines by what each still costs (parts sum exactly), added to the promotion discount and shown
 * as a 阶梯优惠 line.
 */
export function withTierDiscount(
  breakdown: PriceBreakdown,
  lines: readonly { id: number; skuId: number; payAmount: number; depositAmount: number; presaleItemId: number | null }[],
  discount: number,
): { breakdown: PriceBreakdown; lineDiscounts: Map<number, number> } {
  const presaleLines = lines.filter((l) => l.presaleItemId !== null);
  if (discount <= 0 || presaleLines.length === 0) return { breakdown, lineDiscounts: new Map() };
  const parts = allocateMinor(
    discount,
    presaleLines.map((l) => l.payAmount - l.depositAmount),
  );
  const lineDiscounts = new Map(presaleLines.map((l, i) => [l.id, parts[i]!]));
  const bySku = new Map(presaleLines.map((l, i) => [l.skuId, parts[i]!]));
  const tierLine = { step: 'promotion' as const, label: '阶梯优惠', labelEn: 'Tier discount', amount: -discount };
  const at = breakdown.lines.findIndex((l) => l.step !== 'goods' && l.step !== 'promotion');
  const shown = at < 0 ? [...breakdown.lines, tierLine] : [...breakdown.lines.slice(0, at), tierLine, ...breakdown.lines.slice(at)];
  return {
    breakdown: {
      ...breakdown,
      promotionDiscount: breakdown.promotionDiscount + discount,
      totalAmount: breakdown.totalAmount - discount,
      lines: shown,
      perLine: breakdown.perLine.map((p) => {
        const d = bySku.get(p.skuId) ?? 0;
        return { ...p, promotionDiscount: p.promotionDiscount + d, payAmount: p.payAmount - d };
      }),
    },
    lineDiscounts,
  };
}
