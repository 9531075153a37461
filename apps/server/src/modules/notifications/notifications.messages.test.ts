import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatMinorUnits } from '@mall/contract';
import { afterSalesStateWords, formatMoney, formatShopTime, messages, summariseItems } from './notifications.messages.ts';

const at = new Date('2026-11-23T02:30:00.000Z'); // 10:30 in Shanghai

describe('notification message helpers', () => {
  it('formats money with the yuan sign from minor units', () => {
    expect(formatMoney(19990)).toBe('¥199.90');
    expect(formatMoney(5)).toBe('¥0.05');
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (n) => formatMoney(n) === `¥${formatMinorUnits(n)}`));
  });

  it('shows times in the shop time zone, Asia/Shanghai by default', () => {
    expect(formatShopTime(at)).toBe('2026-11-23 10:30');
    expect(formatShopTime(at, 'Asia/Shanghai')).toBe('2026-11-23 10:30');
    expect(formatShopTime(at, 'Europe/London')).toBe('2026-11-23 02:30');
    expect(formatShopTime(new Date('2026-11-23T17:05:00Z'), 'Asia/Shanghai')).toBe('2026-11-24 01:05');
    expect(formatShopTime(at, 'Not/AZone')).toBe('2026-11-23 10:30');
  });

  it('summarises order lines, naming at most three', () => {
    expect(summariseItems([{ title: '手办A', quantity: 2 }])).toBe('手办A ×2');
    const many = [1, 2, 3, 4].map((n) => ({ title: `商品${n}`, quantity: n }));
    expect(summariseItems(many)).toBe('商品1 ×1、商品2 ×2、商品3 ×3 等 10 件商品');
    expect(summariseItems(many, 'en')).toBe('商品1 × 1, 商品2 × 2, 商品3 × 3 and more (10 items)');
  });
});

describe('notification templates', () => {
  it('order placed: number, items, total and pay-by time in the shop zone', () => {
    const m = messages.orderPlaced({ orderNo: 'O202611230001', items: [{ title: '初音未来手办', quantity: 1 }], total: 39900, payBy: at });
    expect(m.title).toBe('订单已提交');
    expect(m.body).toBe('您的订单 O202611230001 已提交：初音未来手办 ×1，合计 ¥399.00。请在 2026-11-23 10:30 前完成支付，逾期订单将自动取消。');
    const tokyo = messages.orderPlaced({ orderNo: 'O1', items: [{ title: 'X', quantity: 1 }], total: 100, payBy: at }, { timeZone: 'Asia/Tokyo' });
    expect(tokyo.body).toContain('2026-11-23 11:30');
    const en = messages.orderPlaced({ orderNo: 'O1', items: [{ title: 'Fridge', quantity: 2 }], total: 100, payBy: at }, { locale: 'en' });
    expect(en).toEqual({
      title: 'Order placed',
      body: 'Your order O1 has been placed: Fridge × 2; total ¥1.00. Please pay by 2026-11-23 10:30, or the order will be cancelled automatically.',
    });
    expect(messages.orderPlaced({ orderNo: 'O1', items: [], total: 0, payBy: null }).body).not.toContain('支付');
  });

  it('payment received, with the method in words', () => {
    expect(messages.paymentReceived({ orderNo: 'O1', amount: 1000, method: 'alipay' })).toEqual({
      title: '支付成功',
      body: '您已成功支付订单 O1，金额 ¥10.00（支付宝）。我们将尽快为您发货。',
    });
    expect(messages.paymentReceived({ orderNo: 'O1', amount: 1000, method: 'wechat' }, { locale: 'en' }).body).toBe(
      'We have received ¥10.00 for order O1 (WeChat Pay). We will ship it soon.',
    );
    expect(messages.paymentReceived({ orderNo: 'O1', amount: 1000 }).body).toBe('您已成功支付订单 O1，金额 ¥10.00。我们将尽快为您发货。');
  });

  it('order shipped names the carrier and tracking number', () => {
    expect(messages.orderShipped({ orderNo: 'O1', carrier: '顺丰速运', trackingNo: 'SF1234567890' })).toEqual({
      title: '订单已发货',
      body: '您的订单 O1 已由顺丰速运发出，运单号 SF1234567890。',
    });
    expect(messages.orderShipped({ orderNo: 'O1', carrier: 'SF Express', trackingNo: 'SF1' }, { locale: 'en' }).title).toBe('Order shipped');
  });

  it('order completed', () => {
    const m = messages.orderCompleted({ orderNo: 'O9' });
    expect(m.title).toBe('订单已完成');
    expect(m.body).toContain('O9');
    expect(messages.orderCompleted({ orderNo: 'O9' }, { locale: 'en' }).title).toBe('Order completed');
  });

  it('order cancelled says why: known reasons in words, others as given', () => {
    expect(messages.orderCancelled({ orderNo: 'O1', reason: 'payment_timeout' }).body).toBe('您的订单 O1 已取消，原因：超时未支付。');
    expect(messages.orderCancelled({ orderNo: 'O1', reason: 'staff' }).body).toBe('您的订单 O1 已取消，原因：商家取消。');
    expect(messages.orderCancelled({ orderNo: 'O1', reason: '地址无法送达' }).body).toBe('您的订单 O1 已取消，原因：地址无法送达。');
    expect(messages.orderCancelled({ orderNo: 'O1' }).body).toBe('您的订单 O1 已取消。');
    expect(messages.orderCancelled({ orderNo: 'O1', reason: 'payment_timeout' }, { locale: 'en' }).body).toBe(
      'Your order O1 has been cancelled because it was not paid in time.',
    );
  });

  it('after-sales updated puts the ticket state in words', () => {
    expect(messages.afterSalesUpdated({ ticketNo: 'AS1', orderNo: 'O1', status: 'awaiting_return' })).toEqual({
      title: '售后进度更新',
      body: '您的售后申请 AS1（订单 O1）：已通过审核，请按说明寄回商品。',
    });
    expect(messages.afterSalesUpdated({ ticketNo: 'AS1', status: 'rejected', note: '商品已超过保修期' }).body).toBe(
      '您的售后申请 AS1：未通过审核。说明：商品已超过保修期',
    );
    expect(messages.afterSalesUpdated({ ticketNo: 'AS1', status: 'refunded' }, { locale: 'en' }).body).toBe(
      'Your after-sales request AS1: has been refunded.',
    );
    for (const status of ['pending_review', 'awaiting_return', 'received', 'refunding', 'refunded', 'exchanged', 'rejected', 'withdrawn']) {
      expect(afterSalesStateWords(status)).not.toContain(status);
    }
    expect(afterSalesStateWords('mystery')).toBe('状态变为「mystery」');
  });

  it('refund paid names the amount and where it went', () => {
    expect(messages.refundPaid({ orderNo: 'O1', amount: 12345, method: 'wechat' })).toEqual({
      title: '退款成功',
      body: '订单 O1 的退款 ¥123.45 已原路退回至微信支付，请注意查收。',
    });
    expect(messages.refundPaid({ orderNo: 'O1', amount: 100 }, { locale: 'en' }).body).toBe(
      'A refund of ¥1.00 for order O1 has been paid back to the original payment method.',
    );
  });

  it('every template is zh-CN by default and English only when asked', () => {
    const cases = [
      (o?: { locale: 'en' }) => messages.orderShipped({ orderNo: 'O', carrier: 'c', trackingNo: 't' }, o),
      (o?: { locale: 'en' }) => messages.orderCompleted({ orderNo: 'O' }, o),
      (o?: { locale: 'en' }) => messages.refundPaid({ orderNo: 'O', amount: 1 }, o),
      (o?: { locale: 'en' }) => messages.paymentReceived({ orderNo: 'O', amount: 1 }, o),
    ];
    for (const make of cases) {
      expect(make().title).toMatch(/[\u4e00-\u9fff]/);
      expect(make({ locale: 'en' }).title).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
