// Checkout of presale items: which campaign, the deposit terms, the amounts per stage, the quota
// held, and the confirmation. Called by checkout when a SKU being bought is in an open campaign.
import { DEPOSIT_KIND_LABELS, type CheckoutProblem, type PlaceOrderInput, type PresaleQuoteView, type PriceBreakdown, type ShopSettings } from '@mall/contract';
import type { Tx } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { effectiveEnd, estimatedShipDate, type CampaignForOrder, type ItemForOrder } from '../presale/index.ts';
import { ORDER_REF, refIdOf, yuan, type OrderDeps, type OrderEffects } from './orders-effects.ts';
import { depositOrderBreakdown, firstPaymentDue, presaleShippingFee } from './orders-presale.rules.ts';
import { insertPresaleOrder } from './orders-presale.repo.ts';
import type { SkuNow, WantedItem } from './orders-checkout.rules.ts';
import { categoryIdsOfProducts, type OrderRow } from './orders.repo.ts';
import { amountsForShipping, templateShipping, withShippingFee, type ShippingFee } from './orders-shipping.ts';
import type { AddressSnapshot } from './orders.tables.ts';

export type OpenItems = Map<number, { item: ItemForOrder; campaign: CampaignForOrder }>;

export interface PresalePlan {
  campaign: CampaignForOrder;
  /** Presale lines, by SKU; the item gives price, deposit and quota. */
  items: Map<number, ItemForOrder>;
  /** Items bought at their regular price in the same order (full type, cart rule 'together'). */
  normalSkuIds: number[];
}

/**
 * One campaign per order; a deposit presale only on its own; a full-payment presale with normal
 * items only when the shop's cart rule allows it (`cartRule` may be null when every item is in the
 * campaign: the rule is then not needed, and the settings not read).
 */
export function presalePlan(items: readonly WantedItem[], open: OpenItems, cartRule: ShopSettings['presale']['cartRule'] | null): PresalePlan {
  const campaigns = new Map([...open.values()].map((o) => [o.campaign.id, o.campaign]));
  if (campaigns.size > 1) throw new AppError('PRESALE_MIXED_CAMPAIGNS');
  const campaign = [...campaigns.values()][0]!;
  const normalSkuIds = items.filter((i) => !open.has(i.skuId)).map((i) => i.skuId);
  if (normalSkuIds.length > 0 && campaign.type === 'deposit') throw new AppError('PRESALE_DEPOSIT_NOT_MIXED');
  if (normalSkuIds.length > 0 && cartRule === 'alone') throw new AppError('PRESALE_CHECKOUT_ALONE');
  return { campaign, items: new Map([...open].map(([skuId, o]) => [skuId, o.item])), normalSkuIds };
}

/**
 * A sold-out item is refused before any work is done (a flash sale sends far more orders than
 * units). Only a fast path: the guarded hold in the order's transaction stays the real limit.
 */
export function assertQuotaLeft(items: readonly WantedItem[], plan: PresalePlan): void {
  for (const want of items) {
    const item = plan.items.get(want.skuId);
    if (item && item.quota - item.soldUnits < want.quantity) {
      throw new AppError('PRESALE_SOLD_OUT', { left: Math.max(0, item.quota - item.soldUnits), requested: want.quantity, itemId: item.id });
    }
  }
}

/** A deposit presale needs the deposit terms accepted, in their current version. */
export function assertTermsAccepted(campaign: CampaignForOrder, terms: PlaceOrderInput['depositTerms']): void {
  if (campaign.type !== 'deposit') return;
  const label = DEPOSIT_KIND_LABELS[campaign.depositKind ?? 'earnest'];
  if (!terms) throw new AppError('PRESALE_TERMS_REQUIRED', { kind: label.zh, kindEn: label.en });
  if (terms.version !== campaign.termsVersion) throw new AppError('PRESALE_TERMS_OUTDATED', { current: campaign.termsVersion, accepted: terms.version });
}

/** Problems that still count for presale SKUs: off the shelf and out of stock do not (the quota counts). */
export const presaleProblem = (p: CheckoutProblem, open: OpenItems) => !open.has(p.skuId) || (p.code !== 'OFF_SHELF' && p.code !== 'INSUFFICIENT_STOCK');

// The confirmation's date formats, built once per time zone (building one costs far more than using it).
const confirmationFormats = new Map<string, { day: (d: Date | null) => string; time: (d: Date | null) => string }>();
function formatsIn(timeZone: string) {
  let formats = confirmationFormats.get(timeZone);
  if (!formats) {
    const day = new Intl.DateTimeFormat('zh-CN', { timeZone, year: 'numeric', month: 'long', day: 'numeric' });
    const time = new Intl.DateTimeFormat('zh-CN', { timeZone, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
    formats = { day: (d) => (d ? day.format(d) : ''), time: (d) => (d ? time.format(d) : '') };
    confirmationFormats.set(timeZone, formats);
  }
  return formats;
}

export function createPresaleCheckout(deps: OrderDeps, effects: OrderEffects) {
  const { pricing, presale, clock } = deps;

  /**
   * Prices a presale order. Deposit type: coupons and points apply to the balance part only
   * (each unit at presale price − deposit value), shipping is in the balance, promotions do not
   * apply. Full type: one amount at the presale price (normal items at theirs), coupons and
   * points if the campaign allows them.
   */
  async function price(
    tx: Tx,
    shopperId: number,
    plan: PresalePlan,
    items: readonly WantedItem[],
    skus: Map<number, SkuNow>,
    input: { couponId?: number; points?: number },
    settings: ShopSettings,
    address: AddressSnapshot | null = null,
  ): Promise<{ breakdown: PriceBreakdown; deposit: number; balance: number; deliveryDays: ShippingFee['deliveryDays'] }> {
    const { campaign } = plan;
    const allow = { promotions: false, coupons: campaign.allowCoupons, points: campaign.allowPoints };
    // Categories only scope coupons here (promotions do not apply to presales).
    const categories =
      input.couponId !== undefined && allow.coupons
        ? await categoryIdsOfProducts(
            tx,
            items.map((i) => skus.get(i.skuId)!.productId),
          )
        : new Map<number, number[]>();
    const quoteLine = (i: WantedItem, unitPrice: number) => {
      const sku = skus.get(i.skuId)!;
      return { skuId: i.skuId, productId: sku.productId, categoryIds: categories.get(sku.productId) ?? [], unitPrice, quantity: i.quantity };
    };
    if (campaign.type === 'full') {
      const lines = items.map((i) => quoteLine(i, plan.items.get(i.skuId)?.presalePrice ?? skus.get(i.skuId)!.price));
      const goodsQuote = await pricing.quote(tx, { shopperId, lines, couponId: input.couponId, points: input.points, allow, settings });
      const amounts = amountsForShipping(goodsQuote);
      const shipping = await templateShipping(deps.shipping, tx, address, lines.map((l) => ({ ...l, amount: amounts.get(l.skuId) ?? 0 })), settings);
      const breakdown = shipping ? withShippingFee(goodsQuote, shipping) : goodsQuote;
      return { breakdown, deposit: 0, balance: breakdown.totalAmount, deliveryDays: shipping?.deliveryDays ?? null };
    }
    const depositLines = items.map((i) => {
      const item = plan.items.get(i.skuId)!;
      return { skuId: i.skuId, quantity: i.quantity, presalePrice: item.presalePrice, deposit: item.depositAmount!, depositValue: item.depositValue ?? item.depositAmount! };
    });
    const goods = depositLines.reduce((s, l) => s + l.presalePrice * l.quantity, 0);
    // Shipping stays in the balance: by the templates on the goods at presale price, as the flat fee was.
    const shippingLines = items.map((i, n) => ({ productId: skus.get(i.skuId)!.productId, skuId: i.skuId, quantity: i.quantity, amount: depositLines[n]!.presalePrice * i.quantity }));
    const shipping = await templateShipping(deps.shipping, tx, address, shippingLines, settings);
    const balanceQuote = await pricing.quote(tx, {
      shopperId,
      lines: items.map((i, n) => quoteLine(i, depositLines[n]!.presalePrice - depositLines[n]!.depositValue)),
      couponId: input.couponId,
      points: input.points,
      allow,
      shippingFee: shipping ? shipping.fee : presaleShippingFee(goods, settings.shipping),
      settings,
    });
    return { ...depositOrderBreakdown(depositLines, balanceQuote), deliveryDays: shipping?.deliveryDays ?? null };
  }

  /** What the checkout page shows of a presale: the amount now and later, the balance window, the terms. */
  function quoteView(campaign: CampaignForOrder, deposit: number, balance: number): PresaleQuoteView {
    return {
      campaignId: campaign.id,
      campaignName: campaign.name,
      type: campaign.type,
      depositKind: campaign.depositKind,
      depositKindLabel: campaign.depositKind ? DEPOSIT_KIND_LABELS[campaign.depositKind] : null,
      deposit,
      balance,
      balanceStartsAt: campaign.balanceStartsAt,
      balanceEndsAt: campaign.balanceEndsAt,
      termsText: campaign.termsText,
      termsVersion: campaign.termsVersion,
      ship: campaign.ship.kind === 'date' ? { kind: 'date', shipDate: campaign.ship.shipDate } : { kind: 'days_after_paid', shipDays: campaign.ship.shipDays },
      allowCoupons: campaign.allowCoupons,
      allowPoints: campaign.allowPoints,
    };
  }

  /** The status and deadline a new presale order starts with: its first payment is due by the timeout, never after the window closes. */
  function start(campaign: CampaignForOrder, settings: ShopSettings) {
    const now = clock.now();
    return {
      kind: campaign.type === 'deposit' ? ('presale_deposit' as const) : ('presale_full' as const),
      status: campaign.type === 'deposit' ? ('awaiting_deposit' as const) : ('awaiting_payment' as const),
      paymentDueAt: firstPaymentDue(now, settings.paymentTimeoutMinutes, effectiveEnd(campaign)),
    };
  }

  /** Records the presale part of the order (its quota is held last, by holdBeforeCommit). */
  async function record(tx: Tx, order: OrderRow, plan: PresalePlan, amounts: { deposit: number; balance: number }, terms: PlaceOrderInput['depositTerms']) {
    const { campaign } = plan;
    const now = clock.now();
    await insertPresaleOrder(tx, {
      orderId: order.id,
      campaignId: campaign.id,
      type: campaign.type,
      depositKind: campaign.depositKind,
      depositAmount: amounts.deposit,
      balanceAmount: amounts.balance,
      termsVersion: campaign.type === 'deposit' ? terms!.version : null,
      termsAcceptedAt: campaign.type === 'deposit' ? now : null,
      distribution: campaign.distribution,
      agentDividend: campaign.agentDividend,
      regionalRebate: campaign.regionalRebate,
      createdAt: now,
      updatedAt: now,
    });
  }

  /**
   * Holds the quota of every presale line, ascending item id (concurrent orders never wait on each
   * other in a cycle), one statement each. Called as the order transaction's last writes: the
   * item row stays locked only until the commit, and a refusal rolls the whole order back.
   */
  async function holdBeforeCommit(tx: Tx, order: OrderRow, plan: PresalePlan, items: readonly WantedItem[]) {
    const holds = items
      .filter((i) => plan.items.has(i.skuId))
      .map((i) => ({ itemId: plan.items.get(i.skuId)!.id, quantity: i.quantity }))
      .sort((a, b) => a.itemId - b.itemId);
    for (const h of holds) {
      await presale.holdUnitsBeforeCommit(tx, { itemId: h.itemId, shopperId: order.shopperId, quantity: h.quantity, refType: ORDER_REF, refId: refIdOf(order.id), reason: 'order' });
    }
  }

  /** The confirmation: what was ordered, the deposit, the balance and its window, the estimated ship date. */
  async function confirm(tx: Tx, order: OrderRow, campaign: CampaignForOrder, amounts: { deposit: number; balance: number }, settings: ShopSettings) {
    const { day, time } = formatsIn(settings.timeZone);
    const ship = estimatedShipDate(campaign.ship, null);
    const shipText = ship ? `预计 ${day(ship)} 发货` : `付清全款后 ${campaign.ship.kind === 'days_after_paid' ? campaign.ship.shipDays : ''} 天内发货`;
    const body =
      campaign.type === 'deposit'
        ? `预售订单 ${order.orderNo} 已提交（${campaign.name}）：${DEPOSIT_KIND_LABELS[campaign.depositKind ?? 'earnest'].zh} ¥${yuan(amounts.deposit)}，` +
          `尾款 ¥${yuan(amounts.balance)}（${time(campaign.balanceStartsAt)} 至 ${time(campaign.balanceEndsAt)} 支付），${shipText}。请尽快支付${DEPOSIT_KIND_LABELS[campaign.depositKind ?? 'earnest'].zh}。`
        : `预售订单 ${order.orderNo} 已提交（${campaign.name}）：应付 ¥${yuan(order.totalAmount)}，${shipText}。请尽快完成支付。`;
    await effects.tellShopper(tx, order, 'presale.order_placed', '预售订单已提交', body);
  }

  return { price, quoteView, start, record, holdBeforeCommit, confirm };
}

export type PresaleCheckout = ReturnType<typeof createPresaleCheckout>;
