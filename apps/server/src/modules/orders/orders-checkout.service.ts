// Checkout: the price preview, and placing an order in one transaction.
import crypto from 'node:crypto';
import { TransactionRollbackError } from 'drizzle-orm';
import type { CheckoutPreview, CheckoutPreviewInput, CheckoutProblem, PlaceOrderInput, PriceBreakdown, ShopSettings } from '@mall/contract';
import type { DbOrTx, Tx } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { skusForSale } from '../catalog/index.ts';
import {
  buildOrderLines,
  checkoutProblemOf,
  couponUsed,
  mergeItems,
  newOrderNo,
  orderAmountsOf,
  skuName,
  type SkuNow,
  type WantedItem,
} from './orders-checkout.rules.ts';
import { ORDER_REF, refIdOf, yuan, type OrderDeps, type OrderEffects } from './orders-effects.ts';
import type { LifecycleUseCases } from './orders-lifecycle.service.ts';
import { categoryIdsOfProducts, findByCheckoutKey, insertLines, insertOrderWithFreshNo, type OrderRow } from './orders.repo.ts';
import type { AddressSnapshot } from './orders.tables.ts';
import { assertQuotaLeft, assertTermsAccepted, createPresaleCheckout, presalePlan, presaleProblem, type OpenItems, type PresalePlan } from './orders-presale-checkout.ts';
import type { OrderQueries } from './orders-queries.service.ts';
import { amountsForShipping, templateShipping, withShippingFee } from './orders-shipping.ts';
import type { PreorderCheckout } from './orders-preorder-checkout.ts';

type Source = Pick<CheckoutPreviewInput, 'items' | 'fromCart'>;

/** A placed order (or the one a retry of its checkout key finds) with the shopper's detail of it. */
export interface Placed {
  order: OrderRow;
  created: boolean;
  detail: Awaited<ReturnType<OrderQueries['getForShopper']>>;
}

export function createCheckoutUseCases(deps: OrderDeps, effects: OrderEffects, lifecycle: LifecycleUseCases, queries: OrderQueries, preorder?: PreorderCheckout) {
  const { db, clock, inventory, pricing, points, cart, addresses, notifications, presale } = deps;
  const presaleCheckout = createPresaleCheckout(deps, effects);

  /** What is being bought: the given items, or the cart's selected lines. */
  async function wantedItems(tx: Tx, shopperId: number, source: Source): Promise<WantedItem[]> {
    if (source.items) return mergeItems(source.items);
    const lines = await cart.selectedLinesForCheckout(tx, shopperId);
    return mergeItems(lines.map((l) => ({ id: l.cartItemId, skuId: l.skuId, quantity: l.quantity })));
  }

  /** The SKUs as they are now and what stops buying them; a presale SKU is bought off the shelf and out of stock (its quota counts). */
  async function loadSkus(tx: DbOrTx, items: readonly WantedItem[], open: OpenItems = new Map()) {
    const ids = items.map((i) => i.skuId);
    const stocked = ids.filter((id) => !open.has(id));
    const [skus, sellable] = await Promise.all([
      skusForSale(tx, ids) as Promise<Map<number, SkuNow>>,
      stocked.length > 0 ? inventory.sellableBySkuIds(tx, stocked) : Promise.resolve(new Map<number, number>()),
    ]);
    const problems = items
      .map((i) => checkoutProblemOf(skus.get(i.skuId), i.skuId, i.quantity, sellable.get(i.skuId) ?? 0))
      .filter((p): p is CheckoutProblem => p !== null && presaleProblem(p, open));
    return { skus, sellable, problems };
  }

  /** The price, and the shipping by the lines' templates to the address (a refused region is a 422). */
  async function quote(tx: Tx, shopperId: number, items: readonly WantedItem[], skus: Map<number, SkuNow>, input: { couponId?: number; points?: number }, settings: ShopSettings, address: AddressSnapshot | null) {
    const breakdown = await quoteGoods(tx, shopperId, items, skus, input, settings);
    const amounts = amountsForShipping(breakdown);
    const lines = items.map((i) => ({ productId: skus.get(i.skuId)!.productId, skuId: i.skuId, quantity: i.quantity, amount: amounts.get(i.skuId) ?? 0 }));
    const shipping = await templateShipping(deps.shipping, tx, address, lines, settings);
    return { breakdown: shipping ? withShippingFee(breakdown, shipping) : breakdown, deliveryDays: shipping?.deliveryDays ?? null };
  }

  async function quoteGoods(tx: Tx, shopperId: number, items: readonly WantedItem[], skus: Map<number, SkuNow>, input: { couponId?: number; points?: number }, settings: ShopSettings) {
    const categories = await categoryIdsOfProducts(
      tx,
      items.map((i) => skus.get(i.skuId)!.productId),
    );
    return pricing.quote(tx, {
      shopperId,
      lines: items.map((i) => {
        const sku = skus.get(i.skuId)!;
        return { skuId: i.skuId, productId: sku.productId, categoryIds: categories.get(sku.productId) ?? [], unitPrice: sku.price, quantity: i.quantity };
      }),
      couponId: input.couponId,
      points: input.points,
      settings,
    });
  }

  /** The price breakdown and what cannot be bought. Runs in a transaction that is always rolled back: nothing is written. */
  async function preview(shopperId: number, input: CheckoutPreviewInput): Promise<CheckoutPreview> {
    let result: CheckoutPreview | undefined;
    try {
      await db.transaction(async (tx) => {
        result = await previewIn(tx, shopperId, input);
        tx.rollback();
      });
    } catch (error) {
      if (!(error instanceof TransactionRollbackError) || !result) throw error;
    }
    return result!;
  }

  async function previewIn(tx: Tx, shopperId: number, input: CheckoutPreviewInput): Promise<CheckoutPreview> {
    const items = await wantedItems(tx, shopperId, input);
    const address = input.addressId === undefined ? null : await addresses.getAddressForOrder(tx, shopperId, input.addressId);
    const open = await presale.openItemsForSkus(tx, items.map((i) => i.skuId));
    // An out-of-stock SKU that takes pre-orders (and is in no open presale) is a pre-order checkout.
    const preorderPlan = open.size === 0 && preorder ? await preorder.planFor(tx, items) : null;
    if (preorderPlan) return preorder!.preview(tx, shopperId, input, preorderPlan, address);
    const settings = await deps.settings.get(tx);
    const plan = open.size > 0 ? presalePlan(items, open, settings.presale.cartRule) : null;
    const { skus, sellable, problems } = await loadSkus(tx, items, open);
    const unavailable = new Set(problems.filter((p) => p.code !== 'INSUFFICIENT_STOCK').map((p) => p.skuId));
    const buyable = items.filter((i) => !unavailable.has(i.skuId));
    let breakdown: PriceBreakdown | null = null;
    let presaleQuote: CheckoutPreview['presale'] = null;
    let deliveryDays: CheckoutPreview['deliveryDays'] = null;
    if (buyable.length > 0 && plan) {
      const priced = await presaleCheckout.price(tx, shopperId, plan, buyable, skus, input, settings, address);
      breakdown = priced.breakdown;
      deliveryDays = priced.deliveryDays;
      presaleQuote = presaleCheckout.quoteView(plan.campaign, priced.deposit, priced.balance);
    } else if (buyable.length > 0) ({ breakdown, deliveryDays } = await quote(tx, shopperId, buyable, skus, input, settings, address));
    const lines = buyable.map((i) => {
      const sku = skus.get(i.skuId)!;
      const item = open.get(i.skuId)?.item;
      return {
        skuId: sku.skuId,
        productId: sku.productId,
        title: sku.title,
        imageUrl: sku.imageUrl,
        specValues: sku.specValues,
        skuCode: sku.skuCode,
        afterSalesAllowed: sku.afterSalesAllowed,
        unitPrice: item?.presalePrice ?? sku.price,
        quantity: i.quantity,
        goodsAmount: (item?.presalePrice ?? sku.price) * i.quantity,
        sellable: item ? Math.max(0, item.quota - item.soldUnits) : Math.max(0, sellable.get(i.skuId) ?? 0),
      };
    });
    return { lines, problems, breakdown, address, canPlace: problems.length === 0 && lines.length > 0, presale: presaleQuote, deliveryDays };
  }

  /**
   * Places the order in the caller's transaction. A retry with the same checkout key returns
   * the order placed first and changes nothing. Refuses (writing nothing) when a SKU cannot be
   * bought, the price changed from what the shopper saw, or stock or quota runs short.
   *
   * Contended rows come last: the order is written in full and `answer` given (the idempotent
   * answer is stored there) before the quota, stock, coupon and points are taken, so a flash
   * sale's one quota row stays locked for a statement and the commit, not for the whole order.
   */
  async function place(tx: Tx, shopperId: number, checkoutKey: string, input: PlaceOrderInput, answer: (placed: Placed) => Promise<void> = async () => undefined): Promise<Placed> {
    const existing = await findByCheckoutKey(tx, shopperId, checkoutKey);
    if (existing) return answerWithStored(tx, existing, false, answer);
    const items = await wantedItems(tx, shopperId, input);
    if (items.length === 0) throw new AppError('CHECKOUT_EMPTY');
    const open = await presale.openItemsForSkus(tx, items.map((i) => i.skuId));
    const preorderPlan = open.size === 0 && preorder ? await preorder.planFor(tx, items) : null;
    if (preorderPlan) {
      const { order, created } = await preorder!.place(tx, shopperId, checkoutKey, input, preorderPlan);
      return answerWithStored(tx, order, created, answer);
    }
    // A sold-out flash sale refuses most attempts: they read no more than they must (no settings
    // unless the cart rule matters) before the fast path below.
    let settingsRead: ShopSettings | undefined;
    const shopSettings = async () => (settingsRead ??= await deps.settings.get(tx));
    const plan = open.size > 0 ? presalePlan(items, open, items.every((i) => open.has(i.skuId)) ? null : (await shopSettings()).presale.cartRule) : null;
    if (plan) assertTermsAccepted(plan.campaign, input.depositTerms);
    if (plan) assertQuotaLeft(items, plan);
    const settings = await shopSettings();
    const address = await addresses.getAddressForOrder(tx, shopperId, input.addressId);
    const { skus, problems } = await loadSkus(tx, items, open);
    const blocking = problems.find((p) => p.code !== 'INSUFFICIENT_STOCK');
    if (blocking) throw new AppError('CHECKOUT_ITEM_UNAVAILABLE', { sku: skuName(skus.get(blocking.skuId), blocking.skuId), skuId: blocking.skuId, reason: blocking.code });
    const priced = plan ? await presaleCheckout.price(tx, shopperId, plan, items, skus, input, settings, address) : null;
    const breakdown = priced?.breakdown ?? (await quote(tx, shopperId, items, skus, input, settings, address)).breakdown;
    if (input.expectedTotal !== undefined && input.expectedTotal !== breakdown.totalAmount) {
      throw new AppError('PRICE_CHANGED', { total: yuan(breakdown.totalAmount), totalAmount: breakdown.totalAmount, breakdown });
    }
    const now = clock.now();
    const begin = plan ? presaleCheckout.start(plan.campaign, settings) : { kind: 'normal' as const, status: 'awaiting_payment' as const, paymentDueAt: new Date(now.getTime() + settings.paymentTimeoutMinutes * 60_000) };
    const order = await insertOrderWithFreshNo(tx, (orderNo) => ({
      orderNo,
      shopperId,
      status: begin.status,
      kind: begin.kind,
      ...orderAmountsOf(breakdown),
      breakdown,
      couponId: couponUsed(breakdown, input.couponId),
      address: address satisfies AddressSnapshot,
      shopperNote: input.note ?? '',
      checkoutKey,
      paymentDueAt: begin.paymentDueAt,
      createdAt: now,
      updatedAt: now,
    }), () => newOrderNo(now, settings.timeZone, randomDigits(12)));
    const deposits = plan?.campaign.type === 'deposit' ? new Map(items.map((i) => [i.skuId, plan.items.get(i.skuId)!.depositAmount! * i.quantity])) : new Map<number, number>();
    const lines = await insertLines(
      tx,
      buildOrderLines(items, skus, breakdown).map((line) => ({ ...line, orderId: order.id, presaleItemId: plan?.items.get(line.skuId)?.id ?? null, depositAmount: deposits.get(line.skuId) ?? 0 })),
    );
    if (plan) await presaleCheckout.record(tx, order, plan, priced!, input.depositTerms);
    const placedEvent = await effects.recordEvent(tx, order.id, { type: 'order.placed', to: order.status, actor: 'shopper', data: { totalAmount: order.totalAmount, ...(priced ? { deposit: priced.deposit, balance: priced.balance } : {}) } });
    const cartItemIds = items.flatMap((i) => i.cartItemIds);
    if (input.fromCart && cartItemIds.length > 0) await cart.removeItems(tx, shopperId, cartItemIds);
    if (plan) await presaleCheckout.confirm(tx, order, plan.campaign, priced!, settings);
    await announce(tx, order, plan !== null);
    if (order.totalAmount === 0) {
      // Points and coupons covered everything: nothing to pay at a gateway (paid once all is held).
      await holdLast(tx, order, plan, items, breakdown);
      return answerWithStored(tx, await lifecycle.markPaid(tx, order, { paymentId: null, amount: 0, at: now }), true, answer);
    }
    const detail = await queries.placedForShopper(tx, order, { lines, events: [placedEvent], settings, campaign: plan?.campaign ?? null });
    const placed = { order, created: true, detail };
    await answer(placed);
    await holdLast(tx, order, plan, items, breakdown);
    return placed;
  }

  /** The answer for an order read back as stored (a retry, a pre-order, an order paid at once). */
  async function answerWithStored(tx: Tx, order: OrderRow, created: boolean, answer: (placed: Placed) => Promise<void>): Promise<Placed> {
    const placed = { order, created, detail: await queries.getForShopper(order.shopperId, order.id, tx) };
    await answer(placed);
    return placed;
  }

  /**
   * The order's last writes, on the rows other checkouts contend for: the presale quota, then the
   * stock, the coupon and the points (the order releases take their locks in; one order's lines
   * by ascending id). For a presale-only order the quota hold is the very last statement.
   */
  async function holdLast(tx: Tx, order: OrderRow, plan: PresalePlan | null, items: readonly WantedItem[], breakdown: PriceBreakdown) {
    if (plan) await presaleCheckout.holdBeforeCommit(tx, order, plan, items);
    await holdAndSpend(tx, order, plan ? items.filter((i) => !plan.items.has(i.skuId)) : items, breakdown);
  }

  /** Reserves the stock (all or nothing), marks the coupon used and spends the points. */
  async function holdAndSpend(tx: Tx, order: OrderRow, items: readonly WantedItem[], breakdown: PriceBreakdown) {
    if (items.length > 0) await inventory.reserve(tx, {
      refType: ORDER_REF,
      refId: refIdOf(order.id),
      lines: items.map((i) => ({ skuId: i.skuId, quantity: i.quantity })),
      actor: `shopper:${order.shopperId}`,
      reason: 'order',
    });
    if (order.couponId !== null) await pricing.useCoupon(tx, { shopperId: order.shopperId, couponId: order.couponId, orderId: order.id });
    if (breakdown.pointsUsed > 0) await points.spend(tx, { shopperId: order.shopperId, points: breakdown.pointsUsed, orderId: order.id });
  }

  async function announce(tx: Tx, order: OrderRow, presaleConfirmed: boolean) {
    if (!presaleConfirmed) await effects.tellShopper(tx, order, 'order.placed', '订单已提交', `订单 ${order.orderNo} 已提交，应付 ¥${yuan(order.totalAmount)}，请尽快完成支付。`);
    await notifications.notifyStaff(tx, {
      kind: 'order.placed',
      permission: 'orders.read',
      titleZh: `新订单 ${order.orderNo}（¥${yuan(order.totalAmount)}）`,
      titleEn: `New order ${order.orderNo} (¥${yuan(order.totalAmount)})`,
      data: { orderId: order.id, orderNo: order.orderNo, totalAmount: order.totalAmount },
    });
  }

  return { preview, place };
}

function randomDigits(n: number): string {
  let digits = '';
  while (digits.length < n) digits += crypto.randomInt(0, 1_000_000).toString().padStart(6, '0');
  return digits.slice(0, n);
}
