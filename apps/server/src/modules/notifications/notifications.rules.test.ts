import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SMS_KINDS, SMS_MAX_CHARS, STAFF_EMAIL_KINDS, shopperCopyKey, shopperEmail, smsText, staffCopyKey, staffEmail } from './notifications.rules.ts';

describe('notification channel rules', () => {
  it('texts only the short list of kinds', () => {
    expect([...SMS_KINDS].sort()).toEqual(['aftersales.refunded', 'order.paid', 'order.shipped', 'presale.balance_due', 'presale.balance_open']);
    expect(SMS_KINDS.has('order.placed')).toBe(false);
    expect([...STAFF_EMAIL_KINDS].sort()).toEqual(['low_stock', 'order.placed']);
  });

  it('derives one outbox key per channel from the message key, or from the row without one', () => {
    const keyed = { id: 7, shopperId: 3, dedupeKey: 'order:12:shipped' };
    expect(shopperCopyKey(keyed, 'email')).toBe('notify:shopper:3:order:12:shipped:email');
    expect(shopperCopyKey(keyed, 'sms')).toBe('notify:shopper:3:order:12:shipped:sms');
    // Same key for another shopper is another message.
    expect(shopperCopyKey({ ...keyed, shopperId: 4 }, 'email')).not.toBe(shopperCopyKey(keyed, 'email'));
    // Another row with the same key (the same message again) maps to the same copy.
    expect(shopperCopyKey({ ...keyed, id: 8 }, 'email')).toBe(shopperCopyKey(keyed, 'email'));
    expect(shopperCopyKey({ id: 7, shopperId: 3, dedupeKey: null }, 'email')).toBe('notify:message:7:email');
    expect(staffCopyKey(5, 'email')).toBe('notify:staff:5:email');
  });

  it('signs a text message with the shop name and keeps it short and on one line', () => {
    expect(smsText('潮玩商城', { title: '订单已发货', body: '您的订单 O1 已由顺丰速运发出，运单号 SF1。' })).toBe(
      '【潮玩商城】订单已发货：您的订单 O1 已由顺丰速运发出，运单号 SF1。',
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 50 }), fc.string({ maxLength: 60 }), fc.string({ maxLength: 600 }), (shop, title, body) => {
        const text = smsText(shop, { title, body });
        return Array.from(text).length <= SMS_MAX_CHARS && !/[\r\n]/.test(text);
      }),
    );
    const long = smsText('店', { title: 't', body: '😀'.repeat(500) });
    expect(Array.from(long)).toHaveLength(SMS_MAX_CHARS);
    expect(long.endsWith('😀…')).toBe(true);
  });

  it('builds e-mails whose subject is one line', () => {
    const mail = shopperEmail('潮玩商城', { title: '退款\r\n成功', body: '正文' });
    expect(mail.subject).toBe('【潮玩商城】退款 成功');
    expect(mail.text.startsWith('正文\n')).toBe(true);
    const staff = staffEmail('潮玩商城', { titleZh: '新订单 O1', titleEn: 'New order O1', data: { orderNo: 'O1', total: 100, nested: { a: 1 } } });
    expect(staff.subject).toBe('【潮玩商城】新订单 O1');
    expect(staff.text).toContain('New order O1');
    expect(staff.text).toContain('orderNo: O1');
    expect(staff.text).not.toContain('nested');
  });
});
