import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import ChatBubble from '../src/views/chat/ChatBubble.vue';
import { i18n } from '../src/i18n.ts';
import type { ChatItem } from '@mall/chat-client';

const stubs = { 'van-image': true, 'router-link': { props: ['to'], template: '<a><slot /></a>' } };

function item(over: Partial<ChatItem>): ChatItem {
  return { id: 1, conversationId: 1, senderType: 'staff', senderId: 2, senderName: '客服小美', kind: 'text', body: '', card: null, clientMsgId: null, createdAt: '2026-11-24T02:00:00.000Z', ...over };
}

describe('ChatBubble', () => {
  it('shows markup in a message as text, never as elements', () => {
    i18n.global.locale.value = 'zh-CN';
    const body = '<b>hi</b><img src=x onerror="alert(1)">';
    const wrapper = mount(ChatBubble, { props: { item: item({ body }), own: false }, global: { plugins: [i18n], stubs } });
    expect(wrapper.find('[data-testid="chat-text"]').text()).toBe(body);
    expect(wrapper.find('b').exists()).toBe(false);
    expect(wrapper.find('img').exists()).toBe(false);
  });

  it('shows how an own message stands', () => {
    const own = (state: 'sending' | 'sent' | 'read' | 'failed') =>
      mount(ChatBubble, { props: { item: item({ senderType: 'shopper', body: '在吗' }), own: true, state }, global: { plugins: [i18n], stubs } });
    expect(own('sent').find('[data-testid="chat-state"]').text()).toBe('已送达');
    expect(own('read').find('[data-testid="chat-state"]').text()).toBe('已读');
    expect(own('failed').find('[data-testid="chat-retry"]').text()).toBe('发送失败，点击重试');
  });

  it('shows a product card with its price in yuan', () => {
    const card = { type: 'product' as const, productId: 7, title: '手办 <i>限定</i>', imageUrl: null, priceAmount: 29_900, currency: 'CNY' };
    const wrapper = mount(ChatBubble, { props: { item: item({ kind: 'product', card }), own: true, state: 'sent' }, global: { plugins: [i18n], stubs } });
    expect(wrapper.find('[data-testid="chat-card-product"]').text()).toContain('手办 <i>限定</i>');
    expect(wrapper.text()).toContain('¥299.00');
    expect(wrapper.find('i').exists()).toBe(false);
  });

  it("shows a system notice in the shopper's language, escaped, falling back to the stored text", () => {
    const card = { type: 'notice' as const, notice: 'transferred' as const, from: '客服小王', to: '<b>小美</b>', reason: '地址问题' };
    const notice = (locale: 'zh-CN' | 'en', over: Partial<ChatItem> = {}) => {
      i18n.global.locale.value = locale;
      return mount(ChatBubble, { props: { item: item({ senderType: 'system', kind: 'system', body: '旧的文字', card, ...over }), own: false }, global: { plugins: [i18n], stubs } });
    };
    expect(notice('zh-CN').find('[data-testid="chat-system"]').text()).toBe('会话已由 客服小王 转接给 <b>小美</b>（地址问题）');
    const english = notice('en');
    expect(english.find('[data-testid="chat-system"]').text()).toBe('客服小王 passed this chat to <b>小美</b> (地址问题)');
    expect(english.find('b').exists()).toBe(false);
    expect(notice('en', { card: null }).find('[data-testid="chat-system"]').text()).toBe('旧的文字');
    i18n.global.locale.value = 'zh-CN';
  });
});
