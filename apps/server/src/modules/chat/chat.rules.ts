import { CHAT_LIMITS, type ChatSender } from '@mall/contract';
import { AppError } from '../../platform/errors.ts';

/**
 * Text as it will be stored: trimmed, never empty, at most CHAT_LIMITS.bodyMax characters counted
 * as code points (an emoji is one). It is stored exactly as typed — no HTML escaping here: whoever
 * shows it interpolates it as text.
 */
export function chatText(raw: string): string {
  const text = raw.trim();
  if (text.length === 0) throw new AppError('CHAT_MESSAGE_EMPTY');
  if (text.includes('\u0000')) throw new AppError('VALIDATION_FAILED', { detail: 'Text may not contain NUL characters' });
  if (codePoints(text) > CHAT_LIMITS.bodyMax) throw new AppError('CHAT_MESSAGE_TOO_LONG', { max: CHAT_LIMITS.bodyMax });
  return text;
}

export function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** Messages one side has not read: the other side's (and, for the shopper, the system's) after its marker. */
export function isUnreadFor(side: 'shopper' | 'staff', readId: number, message: { id: number; senderType: ChatSender }): boolean {
  if (message.id <= readId) return false;
  return side === 'shopper' ? message.senderType !== 'shopper' : message.senderType === 'shopper';
}

export function unreadCount(side: 'shopper' | 'staff', readId: number, messages: readonly { id: number; senderType: ChatSender }[]): number {
  return messages.filter((m) => isUnreadFor(side, readId, m)).length;
}

/** A read marker only moves forward, and never past the conversation's last message. */
export function nextReadMarker(current: number, upToId: number, lastMessageId: number | null): number {
  return Math.max(current, Math.min(upToId, lastMessageId ?? 0));
}

// ---------- assignment ----------

export interface ConversationState {
  status: 'open' | 'closed';
  assignedStaffId: number | null;
}
export interface StaffWho {
  id: number;
  isOwner: boolean;
}
export type Transition =
  | { ok: true; next: ConversationState; changed: boolean }
  /** The conversation is with someone else (their id): CHAT_NOT_ASSIGNED_TO_YOU. */
  | { ok: false; error: 'not-assigned'; assignedStaffId: number }
  | { ok: false; error: 'same' };

const stay = (state: ConversationState): Transition => ({ ok: true, next: state, changed: false });
const move = (next: ConversationState): Transition => ({ ok: true, next, changed: true });
const notYours = (state: ConversationState): Transition => ({ ok: false, error: 'not-assigned', assignedStaffId: state.assignedStaffId! });
const heldByOther = (state: ConversationState, who: StaffWho) => state.assignedStaffId !== null && state.assignedStaffId !== who.id;

/** A shopper writes: a closed conversation reopens and waits, unassigned, in the queue. */
export function onShopperMessage(state: ConversationState): Transition {
  return state.status === 'closed' ? move({ status: 'open', assignedStaffId: null }) : stay(state);
}

/**
 * Staff reply. Replying to a waiting (or closed) conversation takes it. Only the assigned member
 * may reply to an assigned one — except an owner, who may step in without taking it over.
 */
export function onStaffReply(state: ConversationState, who: StaffWho): Transition {
  if (state.status === 'closed') return move({ status: 'open', assignedStaffId: who.id });
  if (state.assignedStaffId === null) return move({ status: 'open', assignedStaffId: who.id });
  if (state.assignedStaffId === who.id || who.isOwner) return stay(state);
  return notYours(state);
}

/** Take a waiting (or closed) conversation; taking one's own again changes nothing. An owner transfers instead. */
export function onTake(state: ConversationState, who: StaffWho): Transition {
  if (state.assignedStaffId === who.id && state.status === 'open') return stay(state);
  if (state.status === 'closed' || state.assignedStaffId === null) return move({ status: 'open', assignedStaffId: who.id });
  return notYours(state);
}

/** Transfer: by the assigned member, an owner, or anyone while it waits. */
export function onTransfer(state: ConversationState, who: StaffWho, toStaffId: number): Transition {
  if (state.status === 'open' && state.assignedStaffId === toStaffId) return { ok: false, error: 'same' };
  if (state.status === 'open' && heldByOther(state, who) && !who.isOwner) return notYours(state);
  return move({ status: 'open', assignedStaffId: toStaffId });
}

/** Close: by the assigned member, an owner, or anyone while it waits. The assignee is kept for the record. */
export function onClose(state: ConversationState, who: StaffWho): Transition {
  if (state.status === 'closed') return stay(state);
  if (heldByOther(state, who) && !who.isOwner) return notYours(state);
  return move({ status: 'closed', assignedStaffId: state.assignedStaffId });
}

/** Whether a staff socket follows a conversation: owners all, others their own and the waiting ones. */
export function staffFollows(who: StaffWho, assignedStaffId: number | null): boolean {
  return who.isOwner || assignedStaffId === null || assignedStaffId === who.id;
}

// ---------- per-socket rate limit ----------

export const CHAT_SOCKET_RATE = { burst: 20, refillPerSecond: 2 } as const;
export interface Bucket {
  tokens: number;
  atMs: number;
}

/** Token bucket: a frame costs one token; tokens refill over time up to the burst. */
export function takeToken(bucket: Bucket, nowMs: number, rate: { burst: number; refillPerSecond: number } = CHAT_SOCKET_RATE): { allowed: boolean; bucket: Bucket } {
  const elapsed = Math.max(0, nowMs - bucket.atMs);
  const tokens = Math.min(rate.burst, bucket.tokens + (elapsed / 1000) * rate.refillPerSecond);
  if (tokens < 1) return { allowed: false, bucket: { tokens, atMs: nowMs } };
  return { allowed: true, bucket: { tokens: tokens - 1, atMs: nowMs } };
}

/** Staff replies tell an offline shopper through the message centre at most once per window per conversation. */
export const CHAT_OFFLINE_NOTICE_MINUTES = 10;
export function offlineNoticeKey(conversationId: number, nowMs: number): string {
  return `chat.reply:${conversationId}:${Math.floor(nowMs / (CHAT_OFFLINE_NOTICE_MINUTES * 60_000))}`;
}
