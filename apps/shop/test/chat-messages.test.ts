import { describe, expect, it } from 'vitest';
import { failLocal, fetchSince, lastStoredId, localItem, mergeMessages, textLength } from '@mall/chat-client';
import type { WireChatMessage } from '@mall/chat-client';

function message(id: number, clientMsgId: string | null = null): WireChatMessage {
  return { id, conversationId: 1, senderType: 'staff', senderId: 2, senderName: '客服小美', kind: 'text', body: `m${id}`, card: null, clientMsgId, createdAt: '2026-11-24T02:00:00.000Z' };
}
const base = { conversationId: 1, senderType: 'shopper' as const, senderName: '小王', createdAt: '2026-11-24T02:00:00.000Z' };

describe('mergeMessages', () => {
  it('keeps each stored message once, in id order, with unsent ones last', () => {
    const local = localItem({ kind: 'text', body: '在吗', clientMsgId: 'c-1' }, base);
    const list = mergeMessages([message(3), local], [message(1), message(3), message(2)]);
    expect(list.map((m) => m.id)).toEqual([1, 2, 3, local.id]);
    expect(list.at(-1)).toMatchObject({ local: 'sending', body: '在吗' });
  });

  it('replaces the local message when the stored one with its clientMsgId arrives', () => {
    const local = localItem({ kind: 'text', body: '在吗', clientMsgId: 'c-9' }, base);
    const list = mergeMessages([message(1), local], [message(4, 'c-9')]);
    expect(list.map((m) => m.id)).toEqual([1, 4]);
    expect(list.some((m) => m.local)).toBe(false);
    expect(lastStoredId(list)).toBe(4);
  });

  it('marks a local message failed with the reason', () => {
    const local = localItem({ kind: 'text', body: 'x', clientMsgId: 'c-2' }, base);
    expect(failLocal([local], 'c-2', '发送太快了')[0]).toMatchObject({ local: 'failed', failure: '发送太快了' });
  });
});

describe('fetchSince', () => {
  it('pages forward from the last known id until there is no more', async () => {
    const store = Array.from({ length: 7 }, (_, i) => message(i + 1));
    const calls: number[] = [];
    const found = await fetchSince(2, async (after) => {
      calls.push(after);
      const newer = store.filter((m) => m.id > after);
      return { messages: newer.slice(0, 2), hasMore: newer.length > 2 };
    });
    expect(found.map((m) => m.id)).toEqual([3, 4, 5, 6, 7]);
    expect(calls).toEqual([2, 4, 6]);
  });
});

describe('textLength', () => {
  it('counts characters after trimming, an emoji as one', () => {
    expect(textLength('  你好👍 ')).toBe(3);
  });
});
