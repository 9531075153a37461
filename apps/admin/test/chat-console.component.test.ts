import { describe, expect, it } from 'vitest';
import { mount, RouterLinkStub } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createAppI18n } from '../src/i18n.ts';
import ChatMessageItem from '../src/views/support/chat/ChatMessageItem.vue';
import ConversationList from '../src/views/support/chat/ConversationList.vue';
import { byActivity, inScope } from '../src/views/support/chat/useStaffChat.ts';
import type { ChatItem } from '@mall/chat-client';
import type { ChatSummary } from '../src/api/chat.ts';

const global = { plugins: [ElementPlus, createAppI18n('zh-CN')], stubs: { RouterLink: RouterLinkStub } };

function message(over: Partial<ChatItem> = {}): ChatItem {
  return { id: 5, conversationId: 1, senderType: 'shopper', senderId: 9, senderName: '小王', kind: 'text', body: '', card: null, clientMsgId: 'c-1', createdAt: '2026-11-24T02:00:00.000Z', ...over };
}

function summary(id: number, over: Partial<ChatSummary> = {}): ChatSummary {
  return { id, shopperId: id, shopperName: `顾客${id}`, assignedStaffId: null, assignedStaffName: null, status: 'open', lastMessage: message({ id: id * 10 }), unread: 0, shopperReadId: 0, ...over };
}

describe('ChatMessageItem', () => {
  it('shows what the shopper typed as text, markup included', () => {
    const body = '<b>hi</b><script>alert(1)</script>';
    const wrapper = mount(ChatMessageItem, { props: { item: message({ body }), own: false }, global });
    expect(wrapper.get('[data-testid=chat-text]').text()).toBe(body);
    expect(wrapper.find('b').exists()).toBe(false);
    expect(wrapper.find('script').exists()).toBe(false);
  });

  it('shows an order card with its status, total in yuan and a link to the order in the back office', () => {
    const card = { type: 'order' as const, orderId: 42, orderNo: 'P20261124000042', status: 'awaiting_shipment', totalAmount: 129_900, currency: 'CNY', itemCount: 2, title: '洗碗机', imageUrl: null };
    const wrapper = mount(ChatMessageItem, { props: { item: message({ kind: 'order', card }), own: false }, global });
    const text = wrapper.get('[data-testid=chat-card-order]').text();
    expect(text).toContain('P20261124000042');
    expect(text).toContain('待发货');
    expect(text).toContain('¥1299.00');
    expect(wrapper.getComponent(RouterLinkStub).props('to')).toBe('/orders/42');
  });

  it('shows 已读 on a staff message the shopper has read', () => {
    const wrapper = mount(ChatMessageItem, { props: { item: message({ senderType: 'staff', body: '您好' }), own: true, state: 'read' }, global });
    expect(wrapper.get('[data-testid=chat-state]').text()).toBe('已读');
  });
});

describe('ConversationList', () => {
  it('lists the shopper, the last message and the unread count', () => {
    const items = [summary(1, { unread: 3, lastMessage: message({ body: '<i>在吗</i>' }) }), summary(2, { assignedStaffId: 7, assignedStaffName: '客服小美' })];
    const wrapper = mount(ConversationList, { props: { items }, global });
    const rows = wrapper.findAll('[data-testid=chat-conversation]');
    expect(rows[0]!.text()).toContain('顾客1');
    expect(rows[0]!.text()).toContain('<i>在吗</i>');
    expect(rows[0]!.get('[data-testid=chat-conversation-unread]').text()).toBe('3');
    expect(rows[1]!.text()).toContain('客服小美 接待中');
    expect(rows[1]!.find('[data-testid=chat-conversation-unread]').exists()).toBe(false);
  });
});

describe('tabs', () => {
  it('mine: open and mine; waiting: open and unassigned; all: everything', () => {
    const mine = summary(1, { assignedStaffId: 7 });
    const waiting = summary(2);
    const closed = summary(3, { assignedStaffId: 7, status: 'closed' });
    const others = summary(4, { assignedStaffId: 8 });
    const all = [mine, waiting, closed, others];
    expect(all.filter((c) => inScope(c, 'mine', 7)).map((c) => c.id)).toEqual([1]);
    expect(all.filter((c) => inScope(c, 'waiting', 7)).map((c) => c.id)).toEqual([2]);
    expect(all.filter((c) => inScope(c, 'all', 7)).map((c) => c.id)).toEqual([1, 2, 3, 4]);
    expect([...all].sort(byActivity).map((c) => c.id)).toEqual([4, 3, 2, 1]);
  });
});
