import { chatNoticeText, type ChatCard, type ChatSendBody } from '@mall/contract';
import type { WireChatMessage } from './chat-socket.ts';

// Message-list helpers both web apps' chat pages use.

/** A message on screen: stored (id > 0), or own and not yet stored (id < 0, `local` says how it goes). */
export type ChatItem = WireChatMessage & { local?: 'sending' | 'failed'; failure?: string; draft?: ChatSendBody };

let localSeq = 0;

export function newClientMsgId(): string {
  const random = typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : Math.random().toString(36).slice(2);
  return `c-${random}`;
}

/** A placeholder for an own message until the server stores it. */
export function localItem(draft: ChatSendBody, base: Pick<WireChatMessage, 'conversationId' | 'senderType' | 'senderName' | 'createdAt'>): ChatItem {
  localSeq += 1;
  return {
    ...base,
    id: -localSeq,
    senderId: null,
    kind: draft.kind,
    body: draft.kind === 'text' ? draft.body : '',
    card: null,
    clientMsgId: draft.clientMsgId,
    local: 'sending',
    draft,
  };
}

/**
 * Adds stored messages to the list: each id once, a stored message replaces the local one with
 * its clientMsgId, stored ones in id order with local ones after them.
 */
export function mergeMessages(list: readonly ChatItem[], incoming: readonly WireChatMessage[]): ChatItem[] {
  const stored = new Map<number, ChatItem>();
  for (const item of list) if (item.id > 0) stored.set(item.id, item);
  for (const message of incoming) stored.set(message.id, { ...message });
  const storedIds = new Set([...stored.values()].map((m) => m.clientMsgId).filter((id): id is string => !!id));
  const locals = list.filter((item) => item.id < 0 && !(item.clientMsgId && storedIds.has(item.clientMsgId)));
  return [...[...stored.values()].sort((a, b) => a.id - b.id), ...locals];
}

/** Marks a local message (by clientMsgId) as failed, with the reason. */
export function failLocal(list: readonly ChatItem[], clientMsgId: string, failure: string): ChatItem[] {
  return list.map((item) => (item.id < 0 && item.clientMsgId === clientMsgId ? { ...item, local: 'failed' as const, failure } : item));
}

export function lastStoredId(list: readonly ChatItem[]): number {
  let last = 0;
  for (const item of list) if (item.id > last) last = item.id;
  return last;
}

export function firstStoredId(list: readonly ChatItem[]): number | undefined {
  for (const item of list) if (item.id > 0) return item.id;
  return undefined;
}

export interface HistoryPage {
  messages: WireChatMessage[];
  hasMore: boolean;
}

/** Everything stored after `afterId` (what arrived while the socket was down), page by page, at most `maxPages`. */
export async function fetchSince(afterId: number, page: (after: number) => Promise<HistoryPage>, maxPages = 20): Promise<WireChatMessage[]> {
  const found: WireChatMessage[] = [];
  let after = afterId;
  for (let i = 0; i < maxPages; i++) {
    const { messages, hasMore } = await page(after);
    found.push(...messages.filter((m) => m.id > after));
    const newest = messages.reduce((max, m) => Math.max(max, m.id), after);
    if (!hasMore || newest <= after) break;
    after = newest;
  }
  return found;
}

/** Characters the server counts: after trimming, by code point (an emoji is one). */
export function textLength(text: string): number {
  return [...text.trim()].length;
}

/** A system message in the reader's language when it carries its notice as data; its stored text otherwise. */
export function systemText(message: { body: string; card: ChatCard | null }, locale: string): string {
  return message.card?.type === 'notice' ? chatNoticeText(message.card, locale) : message.body;
}
