// Checkout of a pre-order (spec §5): a SKU that allows pre-orders and has no sellable stock is
// bought on its own, counted against its cap (apart from stock, nothing reserved), judged by the
// shipping address's country, and paid per the product's payment strategy.
import crypto from 'node:crypto';
import { DEFAULT_COUNTRY, ORDER_LIMITS, type CheckoutPreview, type CheckoutPreviewInput, type CheckoutProblem, type PlaceOrderInput, type PriceBreakdown, type ShopSettings } from '@mall/contract';
import type { Tx } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { skusForSale, type SkuForSale } from '../catalog/index.ts';
import { addOpenUnits, applicableSettings, countersFor, countryAllowed, unitsLeft, type SettingRow } from '../preorders/index.ts';
import { buildOrderLines, checkoutProblemOf, couponUsed, newOrderNo, orderAmountsOf, skuName, type WantedItem } from './orders-checkout.rules.ts';
import { yuan, type OrderDeps, type OrderEffects } from './orders-effects.ts';
import { insertPreorderOrder } from './orders-preorder.repo.ts';
import { preorderAmounts, preorderStartStatus } from './orders-preorder.rules.ts';
import type { PreorderLifecycle } from './orders-preorder-lifecycle.ts';
import { insertLines, insertOrderWithFreshNo, type OrderRow } from './orders.repo.ts';
import { amountsForShipping, templateShipping, withShippingFee, type ShippingFee } from './orders-shipping.ts';
import type { AddressSnapshot } from './orders.tables.ts';

export interface PreorderPlan {
  item: WantedItem;
  setting: SettingRow;
}

const shopDay = (d: Date, timeZone: string) => new Intl.DateTimeFormat('zh-CN', { timeZone, year: 'numeric', month: 'long', day: 'numeric' }).format(d);

export function createPreorderCheckout(deps: OrderDeps, effects: OrderEffects, lifecycle: PreorderLifecycle) {
  const { clock, inventory, pricing, points, cart, addresses, notifications } = deps;

  /**
   * The pre-order being checked out, or null when nothing asked for is pre-orderable now (a SKU
   * allowing pre-orders whose sellable stock is 0). A pre-order is placed on its own.
   */
  async function planFor(tx: Tx, items: readonly WantedItem[]): Promise<PreorderPlan | null> {
    const ids = items.map((i) => i.skuId);
    const settings = await applicableSettings(tx, ids);
    if (settings.size === 0) return null;
    const sellable = await inventory.sellableBySkuIds(tx, ids);
    const pre = items.filter((i) => settings.get(i.skuId)?.setting.enabled && (sellable.get(i.skuId) ?? 0) <= 0);
    if (pre.length === 0) return null;
    if (items.length > 1) throw new AppError('PREORDER_CHECKOUT_ALONE');
    return { item: pre[0]!, setting: settings.get(pre[0]!.skuId)!.setting };
  }

  /**
   * Priced as a normal order, shipping by the templates to the address (a refused region is a 422);
   * a deposit pre-order takes no promotion, coupon or points (the deposit is never reduced).
   */
  async function price(
    tx: Tx,
    shopperId: number,
    plan: PreorderPlan,
    sku: SkuForSale,
    input: { couponId?: number; points?: number },
    address: AddressSnapshot | null,
    settings: ShopSettings,
  ): Promise<{ breakdown: PriceBreakdown; deliveryDays: ShippingFee['deliveryDays'] }> {
    const line = { skuId: sku.skuId, productId: sku.productId, categoryIds: sku.categoryIds, unitPrice: sku.price, quantity: plan.item.quantity };
    const allow = plan.setting.strategy === 'deposit' ? { promotions: false, coupons: false, points: false } : { member: false };
    const goods = await pricing.quote(tx, { shopperId, lines: [line], couponId: input.couponId, points: input.points, allow, settings });
    const amount = amountsForShipping(goods).get(sku.skuId) ?? 0;
    const shipping = await templateShipping(deps.shipping, tx, address, [{ productId: sku.productId, skuId: sku.skuId, quantity: line.quantity, amount }], settings);
    return { breakdown: shipping ? withShippingFee(goods, shipping) : goods, deliveryDays: shipping?.deliveryDays ?? null };
  }

  async function left(tx: Tx, plan: PreorderPlan): Promise<number | null> {
    const open = (await countersFor(tx, [plan.item.skuId])).get(plan.item.skuId) ?? 0;
    return unitsLeft(plan.setting.cap, open);
  }

  const countryOf = (address: AddressSnapshot) => address.country ?? DEFAULT_COUNTRY;

  /** The checkout page of a pre-order: the price, and what stops it (the shelf, the cap, the address's country). */
  async function preview(tx: Tx, shopperId: number, input: CheckoutPreviewInput, plan: PreorderPlan, address: AddressSnapshot | null): Promise<CheckoutPreview> {
    const { item, setting } = plan;
    const sku = (await skusForSale(tx, [item.skuId])).get(item.skuId);
    const room = await left(tx, plan);
    const problems: CheckoutProblem[] = [];
    const shelf = checkoutProblemOf(sku, item.skuId, item.quantity, item.quantity);
    if (shelf) problems.push(shelf);
    const name = skuName(sku, item.skuId);
    if (room !== null && room < item.quantity) {
      problems.push({ skuId: item.skuId, code: 'INSUFFICIENT_STOCK', message: `「${name}」预订名额不足：还可预订 ${room} 件`, messageEn: `${name}: only ${room} more can be pre-ordered`, sellable: room });
    }
    if (address && !countryAllowed(setting.countries, countryOf(address))) {
      const country = countryOf(address);
      problems.push({ skuId: item.skuId, code: 'NOT_PURCHASABLE', message: `「${name}」不接受寄往 ${country} 的预订`, messageEn: `${name} cannot be pre-ordered for delivery to ${country}` });
    }
    if (!sku || shelf) return { lines: [], problems, breakdown: null, address, canPlace: false, presale: null, deliveryDays: null };
    const { breakdown, deliveryDays } = await price(tx, shopperId, plan, sku, input, address, await deps.settings.get(tx));
    const line = {
      skuId: sku.skuId,
      productId: sku.productId,
      title: sku.title,
      imageUrl: sku.imageUrl,
      specValues: sku.specValues,
      skuCode: sku.skuCode,
      afterSalesAllowed: sku.afterSalesAllowed,
      unitPrice: sku.price,
      quantity: item.quantity,
      goodsAmount: sku.price * item.quantity,
      sellable: room ?? ORDER_LIMITS.lineQuantityMax,
    };
    return { lines: [line], problems, breakdown, address, canPlace: problems.length === 0, presale: null, deliveryDays };
  }

  /**
   * Places the pre-order in the caller's transaction: refuses (writing nothing) an address in a
   * country not allowed or a region the shipping templates do not deliver to, a deposit without its terms accepted, a changed price, or the cap passed;
   * counts the units against the cap, reserves no stock, records the strategy's amounts.
   */
  async function place(tx: Tx, shopperId: number, checkoutKey: string, input: PlaceOrderInput, plan: PreorderPlan): Promise<{ order: OrderRow; created: boolean }> {
    const { item, setting } = plan;
    const shop = await deps.settings.get(tx);
    const address = await addresses.getAddressForOrder(tx, shopperId, input.addressId);
    const skus = await skusForSale(tx, [item.skuId]);
    const sku = skus.get(item.skuId);
    const name = skuName(sku, item.skuId);
    const shelf = checkoutProblemOf(sku, item.skuId, item.quantity, item.quantity);
    if (shelf || !sku) throw new AppError('CHECKOUT_ITEM_UNAVAILABLE', { sku: name, skuId: item.skuId, reason: shelf?.code ?? 'SKU_NOT_FOUND' });
    const country = countryOf(address);
    if (!countryAllowed(setting.countries, country)) throw new AppError('PREORDER_COUNTRY_NOT_ALLOWED', { sku: name, country, countries: setting.countries.join(', ') });
    if (setting.strategy === 'deposit') assertTerms(setting, input.depositTerms);
    const { breakdown } = await price(tx, shopperId, plan, sku, input, address, shop);
    if (input.expectedTotal !== undefined && input.expectedTotal !== breakdown.totalAmount) {
      throw new AppError('PRICE_CHANGED', { total: yuan(breakdown.totalAmount), totalAmount: breakdown.totalAmount, breakdown });
    }
    const amounts = preorderAmounts(setting.strategy, breakdown.totalAmount, setting.depositAmount, item.quantity, name);
    const now = clock.now();
    if (!(await addOpenUnits(tx, item.skuId, item.quantity, setting.cap, now))) throw new AppError('PREORDER_CAP_REACHED', { sku: name, left: (await left(tx, plan)) ?? 0 });
    const status = preorderStartStatus(setting.strategy);
    const order = await insertOrderWithFreshNo(
      tx,
      (orderNo) => ({
        orderNo,
        shopperId,
        status,
        kind: 'preorder',
        ...orderAmountsOf(breakdown),
        breakdown,
        couponId: couponUsed(breakdown, input.couponId),
        address: { ...address, country },
        shopperNote: input.note ?? '',
        checkoutKey,
        paymentDueAt: status === 'awaiting_stock' ? null : new Date(now.getTime() + shop.paymentTimeoutMinutes * 60_000),
        createdAt: now,
        updatedAt: now,
      }),
      () => newOrderNo(now, shop.timeZone, crypto.randomInt(0, 1e12).toString().padStart(12, '0')),
    );
    await insertLines(
      tx,
      buildOrderLines([item], skus, breakdown).map((line) => ({ ...line, orderId: order.id, presaleItemId: null, depositAmount: amounts.deposit })),
    );
    await insertPreorderOrder(tx, {
      orderId: order.id,
      skuId: item.skuId,
      productId: sku.productId,
      quantity: item.quantity,
      strategy: setting.strategy,
      availableAt: setting.availableAt,
      country,
      depositAmount: amounts.deposit,
      depositRefundable: setting.depositRefundable,
      balanceAmount: amounts.balance,
      payDays: setting.payDays,
      termsVersion: setting.termsVersion,
      termsAcceptedAt: setting.strategy === 'deposit' ? now : null,
      queuedAt: status === 'awaiting_stock' ? now : null,
      createdAt: now,
      updatedAt: now,
    });
    if (order.couponId !== null) await pricing.useCoupon(tx, { shopperId, couponId: order.couponId, orderId: order.id });
    if (breakdown.pointsUsed > 0) await points.spend(tx, { shopperId, points: breakdown.pointsUsed, orderId: order.id });
    await effects.recordEvent(tx, order.id, { type: 'order.placed', to: order.status, actor: 'shopper', data: { totalAmount: order.totalAmount, preorder: setting.strategy, ...amounts } });
    if (input.fromCart && item.cartItemIds.length > 0) await cart.removeItems(tx, shopperId, item.cartItemIds);
    await confirm(tx, order, setting, amounts, shop.timeZone);
    // Points and coupons covered everything: nothing to pay or authorise, in line for stock at once.
    if (status === 'awaiting_payment' && order.totalAmount === 0) return { order: await lifecycle.queue(tx, order, { paymentId: null, amount: 0, at: now, stage: 'full' }), created: true };
    return { order, created: true };
  }

  function assertTerms(setting: SettingRow, terms: PlaceOrderInput['depositTerms']) {
    if (!terms) throw new AppError('PREORDER_TERMS_REQUIRED', { current: setting.termsVersion });
    if (terms.version !== setting.termsVersion) throw new AppError('PREORDER_TERMS_OUTDATED', { current: setting.termsVersion, accepted: terms.version });
  }

  /** The confirmation: what to pay now and later, per strategy, and the expected date. */
  async function confirm(tx: Tx, order: OrderRow, setting: SettingRow, amounts: { deposit: number; balance: number }, timeZone: string) {
    const when = `预计 ${shopDay(setting.availableAt, timeZone)} 到货，到货后按下单付款先后顺序分配`;
    const now = {
      upfront: `应付 ¥${yuan(order.totalAmount)}，请尽快完成支付`,
      authorize: `请完成 ¥${yuan(order.totalAmount)} 的预授权，发货时才扣款`,
      deposit: `请支付定金 ¥${yuan(amounts.deposit)}（定金${setting.depositRefundable ? '可退' : '不退'}），到货后 ${setting.payDays} 天内支付尾款 ¥${yuan(amounts.balance)}`,
      on_release: `现在无需付款，到货后我们会通知您，请在 ${setting.payDays} 天内支付 ¥${yuan(amounts.balance)}，逾期预订失效`,
    }[setting.strategy];
    await effects.tellShopper(tx, order, 'preorder.placed', '预订订单已提交', `预订订单 ${order.orderNo} 已提交：${now}。${when}。`);
    await notifications.notifyStaff(tx, {
      kind: 'order.placed',
      permission: 'orders.read',
      titleZh: `新预订订单 ${order.orderNo}（¥${yuan(order.totalAmount)}）`,
      titleEn: `New pre-order ${order.orderNo} (¥${yuan(order.totalAmount)})`,
      data: { orderId: order.id, orderNo: order.orderNo, totalAmount: order.totalAmount },
    });
  }

  return { planFor, preview, place };
}

export type PreorderCheckout = ReturnType<typeof createPreorderCheckout>;
