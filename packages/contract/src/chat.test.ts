import { describe, expect, it } from 'vitest';
import { chatCard, chatNoticeText } from './chat.ts';

describe('chat notices', () => {
  it('say the same thing in Chinese and English, with the reason when there is one', () => {
    const moved = chatCard.parse({ type: 'notice', notice: 'transferred', from: '客服小王', to: '客服小美', reason: '地址问题' });
    expect(moved.type).toBe('notice');
    if (moved.type !== 'notice') return;
    expect(chatNoticeText(moved, 'zh-CN')).toBe('会话已由 客服小王 转接给 客服小美（地址问题）');
    expect(chatNoticeText(moved, 'en')).toBe('客服小王 passed this chat to 客服小美 (地址问题)');
    expect(chatNoticeText({ ...moved, reason: undefined }, 'zh-CN')).toBe('会话已由 客服小王 转接给 客服小美');
    expect(chatNoticeText({ type: 'notice', notice: 'closed' }, 'en')).toBe('This chat has ended. Get in touch again any time.');
    expect(chatNoticeText({ type: 'notice', notice: 'closed' }, 'zh-CN')).toBe('本次会话已结束，如有问题可随时再联系我们。');
  });

  it('refuses an unknown notice', () => {
    expect(chatCard.safeParse({ type: 'notice', notice: 'deleted' }).success).toBe(false);
  });
});
