import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHAT_LIMITS, type ChatSender } from '@mall/contract';
import {
  chatText,
  codePoints,
  nextReadMarker,
  offlineNoticeKey,
  onClose,
  onShopperMessage,
  onStaffReply,
  onTake,
  onTransfer,
  staffFollows,
  takeToken,
  unreadCount,
  type ConversationState,
} from './chat.rules.ts';

const amy = { id: 1, isOwner: false };
const ben = { id: 2, isOwner: false };
const boss = { id: 9, isOwner: true };
const waiting: ConversationState = { status: 'open', assignedStaffId: null };
const withAmy: ConversationState = { status: 'open', assignedStaffId: 1 };
const closedWithAmy: ConversationState = { status: 'closed', assignedStaffId: 1 };

describe('chat text', () => {
  it('trims, refuses empty text and counts code points, not UTF-16 units', () => {
    expect(chatText('  你好 \n')).toBe('你好');
    expect(() => chatText(' \n\t　')).toThrow(expect.objectContaining({ code: 'CHAT_MESSAGE_EMPTY' }));
    expect(chatText('😀'.repeat(CHAT_LIMITS.bodyMax))).toHaveLength(CHAT_LIMITS.bodyMax * 2);
    expect(() => chatText('😀'.repeat(CHAT_LIMITS.bodyMax + 1))).toThrow(expect.objectContaining({ code: 'CHAT_MESSAGE_TOO_LONG', params: { max: CHAT_LIMITS.bodyMax } }));
    expect(() => chatText('a\u0000b')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(codePoints('a😀字')).toBe(3);
  });

  it('keeps markup as the literal text typed: escaping is the renderer’s job', () => {
    const markup = '<script>alert(1)</script> &amp; <img src=x onerror=alert(2)>';
    expect(chatText(markup)).toBe(markup);
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200 }), (raw) => {
        fc.pre(raw.trim().length > 0 && !raw.includes('\u0000'));
        expect(chatText(raw)).toBe(raw.trim());
      }),
    );
  });
});

describe('unread and read markers', () => {
  const messages: { id: number; senderType: ChatSender }[] = [
    { id: 1, senderType: 'shopper' },
    { id: 2, senderType: 'staff' },
    { id: 3, senderType: 'system' },
    { id: 4, senderType: 'shopper' },
    { id: 5, senderType: 'staff' },
  ];
  it('counts the other side’s messages (and the system’s, for the shopper) after the marker', () => {
    expect(unreadCount('shopper', 0, messages)).toBe(3);
    expect(unreadCount('shopper', 3, messages)).toBe(1);
    expect(unreadCount('staff', 0, messages)).toBe(2);
    expect(unreadCount('staff', 1, messages)).toBe(1);
    expect(unreadCount('staff', 5, messages)).toBe(0);
  });

  it('moves a marker forward only, and never past the last message', () => {
    expect(nextReadMarker(3, 5, 10)).toBe(5);
    expect(nextReadMarker(5, 3, 10)).toBe(5);
    expect(nextReadMarker(3, 99, 10)).toBe(10);
    expect(nextReadMarker(0, 7, null)).toBe(0);
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(1000), fc.option(fc.nat(1000), { nil: null }), (current, upTo, last) => {
        const next = nextReadMarker(current, upTo, last);
        expect(next).toBeGreaterThanOrEqual(current);
        expect(next === current || next <= (last ?? 0)).toBe(true);
      }),
    );
  });
});

describe('assignment transitions', () => {
  it('a shopper message reopens a closed conversation into the queue', () => {
    expect(onShopperMessage(closedWithAmy)).toEqual({ ok: true, next: waiting, changed: true });
    expect(onShopperMessage(withAmy)).toEqual({ ok: true, next: withAmy, changed: false });
  });

  it('a reply takes a waiting or closed conversation; only the assignee or an owner replies to an assigned one', () => {
    expect(onStaffReply(waiting, amy)).toEqual({ ok: true, next: withAmy, changed: true });
    expect(onStaffReply(closedWithAmy, ben)).toEqual({ ok: true, next: { status: 'open', assignedStaffId: 2 }, changed: true });
    expect(onStaffReply(withAmy, amy)).toMatchObject({ ok: true, changed: false });
    expect(onStaffReply(withAmy, boss)).toEqual({ ok: true, next: withAmy, changed: false });
    expect(onStaffReply(withAmy, ben)).toEqual({ ok: false, error: 'not-assigned', assignedStaffId: 1 });
  });

  it('take, transfer and close', () => {
    expect(onTake(waiting, ben)).toEqual({ ok: true, next: { status: 'open', assignedStaffId: 2 }, changed: true });
    expect(onTake(withAmy, amy)).toMatchObject({ ok: true, changed: false });
    expect(onTake(withAmy, ben)).toMatchObject({ ok: false, error: 'not-assigned' });
    expect(onTake(withAmy, boss)).toMatchObject({ ok: false, error: 'not-assigned' });
    expect(onTake(closedWithAmy, ben)).toMatchObject({ ok: true, next: { status: 'open', assignedStaffId: 2 } });

    expect(onTransfer(withAmy, amy, 2)).toEqual({ ok: true, next: { status: 'open', assignedStaffId: 2 }, changed: true });
    expect(onTransfer(withAmy, amy, 1)).toEqual({ ok: false, error: 'same' });
    expect(onTransfer(withAmy, ben, 2)).toMatchObject({ ok: false, error: 'not-assigned' });
    expect(onTransfer(withAmy, boss, 2)).toMatchObject({ ok: true });
    expect(onTransfer(waiting, ben, 1)).toMatchObject({ ok: true, next: withAmy });
    expect(onTransfer(closedWithAmy, ben, 1)).toMatchObject({ ok: true, next: withAmy });

    expect(onClose(withAmy, amy)).toEqual({ ok: true, next: closedWithAmy, changed: true });
    expect(onClose(withAmy, ben)).toMatchObject({ ok: false, error: 'not-assigned' });
    expect(onClose(withAmy, boss)).toMatchObject({ ok: true, changed: true });
    expect(onClose(closedWithAmy, ben)).toMatchObject({ ok: true, changed: false });
  });

  it('a staff socket follows its own conversations and the waiting ones; an owner follows all', () => {
    expect(staffFollows(amy, 1)).toBe(true);
    expect(staffFollows(amy, null)).toBe(true);
    expect(staffFollows(amy, 2)).toBe(false);
    expect(staffFollows(boss, 2)).toBe(true);
  });

  it('never leaves an open conversation assigned to someone who was refused', () => {
    const state = fc.record({ status: fc.constantFrom('open' as const, 'closed' as const), assignedStaffId: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }) });
    const who = fc.record({ id: fc.integer({ min: 1, max: 3 }), isOwner: fc.boolean() });
    fc.assert(
      fc.property(state, who, (s, w) => {
        const reply = onStaffReply(s, w);
        if (reply.ok) expect(reply.next.status).toBe('open');
        else expect(s.assignedStaffId).not.toBe(w.id);
        if (reply.ok && reply.changed) expect(reply.next.assignedStaffId).toBe(w.id);
      }),
    );
  });
});

describe('socket rate limit and offline notices', () => {
  it('allows a burst, then refills with time', () => {
    let bucket = { tokens: 3, atMs: 0 };
    const rate = { burst: 3, refillPerSecond: 1 };
    const results = [];
    for (let i = 0; i < 4; i++) {
      const taken = takeToken(bucket, 0, rate);
      results.push(taken.allowed);
      bucket = taken.bucket;
    }
    expect(results).toEqual([true, true, true, false]);
    expect(takeToken(bucket, 999, rate).allowed).toBe(false);
    expect(takeToken(bucket, 1000, rate).allowed).toBe(true);
    expect(takeToken({ tokens: 0, atMs: 0 }, 3_600_000, rate).bucket.tokens).toBe(2); // capped at the burst
  });

  it('uses one notice key per conversation per ten-minute window', () => {
    expect(offlineNoticeKey(7, 0)).toBe(offlineNoticeKey(7, 599_999));
    expect(offlineNoticeKey(7, 0)).not.toBe(offlineNoticeKey(7, 600_000));
    expect(offlineNoticeKey(7, 0)).not.toBe(offlineNoticeKey(8, 0));
  });
});
