// Message builders for the shopper's message centre (and its e-mail/SMS copies). Pure: the
// caller passes everything, including the shop's time zone, and gets { title, body } back.
import { formatMinorUnits, shopTime, type Locale } from '@mall/contract';

export interface MessageText {
  title: string;
  body: string;
}

export interface MessageOptions {
  /** zh-CN unless the shopper's language is known to be English. */
  locale?: Locale;
  /** IANA zone of the shop (settings.timeZone); times are shown there. */
  timeZone?: string;
}

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** 19990 → "¥199.90". */
export function formatMoney(minor: number): string {
  return `¥${formatMinorUnits(minor)}`;
}

function zoneOrDefault(timeZone: string | undefined): string {
  if (!timeZone) return DEFAULT_TIME_ZONE;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    return DEFAULT_TIME_ZONE;
  }
}

/** A point in time as the shop's clock shows it: "2026-11-23 10:30" (same shape in both languages). */
export function formatShopTime(at: Date, timeZone?: string): string {
  return shopTime(at, zoneOrDefault(timeZone));
}

const pick = (options: MessageOptions | undefined, zh: MessageText, en: () => MessageText): MessageText =>
  options?.locale === 'en' ? en() : zh;

const PAYMENT_METHODS: Record<string, { zh: string; en: string }> = {
  alipay: { zh: '支付宝', en: 'Alipay' },
  wechat: { zh: '微信支付', en: 'WeChat Pay' },
  sandbox: { zh: '沙箱支付', en: 'Sandbox Pay' },
};

function methodName(method: string, locale: Locale | undefined): string {
  const known = PAYMENT_METHODS[method];
  return known ? (locale === 'en' ? known.en : known.zh) : method;
}

export interface OrderItemSummary {
  title: string;
  quantity: number;
}

const ITEMS_SHOWN = 3;

/** "A ×2、B ×1" — at most three lines named, then "等 N 件商品". */
export function summariseItems(items: readonly OrderItemSummary[], locale?: Locale): string {
  const shown = items.slice(0, ITEMS_SHOWN);
  const units = items.reduce((sum, item) => sum + item.quantity, 0);
  if (locale === 'en') {
    const list = shown.map((i) => `${i.title} × ${i.quantity}`).join(', ');
    return items.length > ITEMS_SHOWN ? `${list} and more (${units} items)` : list;
  }
  const list = shown.map((i) => `${i.title} ×${i.quantity}`).join('、');
  return items.length > ITEMS_SHOWN ? `${list} 等 ${units} 件商品` : list;
}

export function orderPlaced(
  input: { orderNo: string; items: readonly OrderItemSummary[]; total: number; payBy?: Date | null },
  options?: MessageOptions,
): MessageText {
  const total = formatMoney(input.total);
  const payBy = input.payBy ? formatShopTime(input.payBy, options?.timeZone) : null;
  return pick(
    options,
    {
      title: '订单已提交',
      body:
        `您的订单 ${input.orderNo} 已提交：${summariseItems(input.items)}，合计 ${total}。` +
        (payBy ? `请在 ${payBy} 前完成支付，逾期订单将自动取消。` : ''),
    },
    () => ({
      title: 'Order placed',
      body:
        `Your order ${input.orderNo} has been placed: ${summariseItems(input.items, 'en')}; total ${total}.` +
        (payBy ? ` Please pay by ${payBy}, or the order will be cancelled automatically.` : ''),
    }),
  );
}

export function paymentReceived(input: { orderNo: string; amount: number; method?: string }, options?: MessageOptions): MessageText {
  const amount = formatMoney(input.amount);
  return pick(
    options,
    {
      title: '支付成功',
      body: `您已成功支付订单 ${input.orderNo}，金额 ${amount}${input.method ? `（${methodName(input.method, 'zh-CN')}）` : ''}。我们将尽快为您发货。`,
    },
    () => ({
      title: 'Payment received',
      body: `We have received ${amount} for order ${input.orderNo}${input.method ? ` (${methodName(input.method, 'en')})` : ''}. We will ship it soon.`,
    }),
  );
}

export function orderShipped(input: { orderNo: string; carrier: string; trackingNo: string }, options?: MessageOptions): MessageText {
  return pick(
    options,
    { title: '订单已发货', body: `您的订单 ${input.orderNo} 已由${input.carrier}发出，运单号 ${input.trackingNo}。` },
    () => ({
      title: 'Order shipped',
      body: `Your order ${input.orderNo} has been shipped with ${input.carrier}, tracking number ${input.trackingNo}.`,
    }),
  );
}

export function orderCompleted(input: { orderNo: string }, options?: MessageOptions): MessageText {
  return pick(
    options,
    { title: '订单已完成', body: `您的订单 ${input.orderNo} 已完成，感谢您的购买！如有问题，可在售后期内申请售后。` },
    () => ({
      title: 'Order completed',
      body: `Your order ${input.orderNo} is complete. Thank you for shopping with us! If anything is wrong, you can request after-sales service within the after-sales period.`,
    }),
  );
}

const CANCEL_REASONS: Record<string, { zh: string; en: string }> = {
  payment_timeout: { zh: '超时未支付', en: 'it was not paid in time' },
  shopper: { zh: '您已主动取消', en: 'you cancelled it' },
  staff: { zh: '商家取消', en: 'the shop cancelled it' },
  out_of_stock: { zh: '商品库存不足', en: 'an item is out of stock' },
};

/** `reason` is one of payment_timeout, shopper, staff, out_of_stock, or words shown as given. */
export function orderCancelled(input: { orderNo: string; reason?: string | null }, options?: MessageOptions): MessageText {
  const known = input.reason ? CANCEL_REASONS[input.reason] : undefined;
  const zhReason = known?.zh ?? input.reason;
  const enReason = known?.en ?? input.reason;
  return pick(
    options,
    { title: '订单已取消', body: `您的订单 ${input.orderNo} 已取消${zhReason ? `，原因：${zhReason}` : ''}。` },
    () => ({
      title: 'Order cancelled',
      body: `Your order ${input.orderNo} has been cancelled${enReason ? ` because ${enReason}` : ''}.`,
    }),
  );
}

const AFTERSALES_STATES: Record<string, { zh: string; en: string }> = {
  pending_review: { zh: '已提交，等待商家审核', en: 'has been submitted and is awaiting review' },
  awaiting_return: { zh: '已通过审核，请按说明寄回商品', en: 'has been approved; please send the goods back as instructed' },
  received: { zh: '商家已收到退回的商品', en: 'the shop has received the returned goods' },
  refunding: { zh: '正在退款', en: 'is being refunded' },
  refund_failed: { zh: '退款未能完成，商家正在处理，无需您操作', en: 'the refund did not go through; the shop is handling it, nothing is needed from you' },
  refunded: { zh: '已退款', en: 'has been refunded' },
  exchanged: { zh: '换货商品已发出', en: 'the replacement has been sent' },
  rejected: { zh: '未通过审核', en: 'was not approved' },
  withdrawn: { zh: '已撤销', en: 'has been withdrawn' },
};

/** The ticket's state in words; an unknown state is shown as it is. */
export function afterSalesStateWords(status: string, locale?: Locale): string {
  const known = AFTERSALES_STATES[status];
  if (!known) return locale === 'en' ? `is now "${status}"` : `状态变为「${status}」`;
  return locale === 'en' ? known.en : known.zh;
}

export function afterSalesUpdated(
  input: { ticketNo: string; orderNo?: string; status: string; note?: string | null },
  options?: MessageOptions,
): MessageText {
  const zhOrder = input.orderNo ? `（订单 ${input.orderNo}）` : '';
  const enOrder = input.orderNo ? ` for order ${input.orderNo}` : '';
  const words = afterSalesStateWords(input.status, options?.locale);
  return pick(
    options,
    {
      title: '售后进度更新',
      body: `您的售后申请 ${input.ticketNo}${zhOrder}：${words}。` + (input.note ? `说明：${input.note}` : ''),
    },
    () => ({
      title: 'After-sales update',
      body: `Your after-sales request ${input.ticketNo}${enOrder}: ${words}.` + (input.note ? ` Note: ${input.note}` : ''),
    }),
  );
}

export function refundPaid(input: { orderNo: string; amount: number; method?: string }, options?: MessageOptions): MessageText {
  const amount = formatMoney(input.amount);
  return pick(
    options,
    {
      title: '退款成功',
      body: `订单 ${input.orderNo} 的退款 ${amount} 已原路退回${input.method ? `至${methodName(input.method, 'zh-CN')}` : ''}，请注意查收。`,
    },
    () => ({
      title: 'Refund paid',
      body: `A refund of ${amount} for order ${input.orderNo} has been paid back to ${input.method ? methodName(input.method, 'en') : 'the original payment method'}.`,
    }),
  );
}

/** The builders, as the notifications index exports them: `messages.orderShipped({...})`. */
export const messages = {
  orderPlaced,
  paymentReceived,
  orderShipped,
  orderCompleted,
  orderCancelled,
  afterSalesUpdated,
  refundPaid,
};
